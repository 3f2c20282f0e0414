"""needs, pledges and the history of every change to them (need_event)

A need keeps its running totals (pledged, delivered) in its own row: the conditional UPDATE of
need.pledged is what keeps concurrent pledges within the limit, and coverage needs no SUM.
Every foreign key and every column the repository filters or sorts by leads an index.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

def upgrade() -> None:
    op.create_table('need',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('territory_code', sa.String(length=8), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('resource', sa.String(length=8), nullable=True),
    sa.Column('unit', sa.String(length=40), nullable=True),
    sa.Column('skill', sa.String(length=100), nullable=True),
    sa.Column('target', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('urgency', sa.String(length=8), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('beneficiary', sa.String(length=120), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('posted_by', sa.BigInteger(), nullable=True),
    sa.Column('proposed_by', sa.BigInteger(), nullable=True),
    sa.Column('pledged', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('delivered', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('first_pledge_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('covered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('proposed', 'declined') OR (target IS NOT NULL AND target > 0"
                       " AND unit IS NOT NULL AND resource IS NOT NULL)", name='ck_need_target'),
    sa.CheckConstraint('pledged >= 0 AND delivered >= 0', name='ck_need_totals'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['territory_code'], ['territory.code'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('need', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_need_posted_by'), ['posted_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_need_proposed_by'), ['proposed_by'], unique=False)
        batch_op.create_index('ix_need_status_deadline', ['status', 'deadline'], unique=False)
        batch_op.create_index('ix_need_team_status', ['team_id', 'status'], unique=False)
        batch_op.create_index('ix_need_territory_status', ['territory_code', 'status'], unique=False)

    op.create_table('need_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('by', sa.BigInteger(), nullable=True),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('details', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['need_id'], ['need.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('need_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_need_event_by'), ['by'], unique=False)
        batch_op.create_index('ix_need_event_need_kind', ['need_id', 'kind', 'at'], unique=False)

    op.create_table('pledge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('member_telegram_id', sa.BigInteger(), nullable=True),
    sa.Column('quantity', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('delivered', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('quantity > 0 AND delivered >= 0 AND delivered <= quantity',
                       name='ck_pledge_quantities'),
    sa.ForeignKeyConstraint(['need_id'], ['need.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pledge', schema=None) as batch_op:
        batch_op.create_index('ix_pledge_member_status', ['member_telegram_id', 'status'], unique=False)
        batch_op.create_index('ix_pledge_need_status', ['need_id', 'status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('pledge', schema=None) as batch_op:
        batch_op.drop_index('ix_pledge_need_status')
        batch_op.drop_index('ix_pledge_member_status')

    op.drop_table('pledge')
    with op.batch_alter_table('need_event', schema=None) as batch_op:
        batch_op.drop_index('ix_need_event_need_kind')
        batch_op.drop_index(batch_op.f('ix_need_event_by'))

    op.drop_table('need_event')
    with op.batch_alter_table('need', schema=None) as batch_op:
        batch_op.drop_index('ix_need_territory_status')
        batch_op.drop_index('ix_need_team_status')
        batch_op.drop_index('ix_need_status_deadline')
        batch_op.drop_index(batch_op.f('ix_need_proposed_by'))
        batch_op.drop_index(batch_op.f('ix_need_posted_by'))

    op.drop_table('need')
