"""territorial tables: the meetings of a team, the members' answers (RSVP) and the minutes

Every foreign key and every column the repository filters or sorts by leads an index.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('territorial_table',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('recurrence', sa.String(length=10), nullable=False),
    sa.Column('reminders', sa.String(length=60), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.BigInteger(), nullable=True),
    sa.Column('group_chat_id', sa.BigInteger(), nullable=True),
    sa.Column('group_message_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('territorial_table', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_territorial_table_created_by'), ['created_by'],
                              unique=False)
        batch_op.create_index('ix_table_team_starts', ['team_id', 'starts_at'], unique=False)
        batch_op.create_index('ix_table_status_starts', ['status', 'starts_at'], unique=False)

    op.create_table('table_rsvp',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('table_id', sa.Integer(), nullable=False),
    sa.Column('member_telegram_id', sa.BigInteger(), nullable=True),
    sa.Column('answer', sa.String(length=8), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['table_id'], ['territorial_table.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('table_rsvp', schema=None) as batch_op:
        batch_op.create_index('ix_table_rsvp_table_member', ['table_id', 'member_telegram_id'],
                              unique=True)
        batch_op.create_index('ix_table_rsvp_table_answer_seq', ['table_id', 'answer', 'seq'],
                              unique=False)
        batch_op.create_index('ix_table_rsvp_member', ['member_telegram_id'], unique=False)

    op.create_table('table_minutes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('table_id', sa.Integer(), nullable=False),
    sa.Column('attendance', sa.Text(), nullable=False),
    sa.Column('decisions', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('written_by', sa.BigInteger(), nullable=True),
    sa.Column('written_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['table_id'], ['territorial_table.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('table_minutes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_table_minutes_table_id'), ['table_id'], unique=True)
        batch_op.create_index(batch_op.f('ix_table_minutes_written_by'), ['written_by'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('table_minutes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_table_minutes_written_by'))
        batch_op.drop_index(batch_op.f('ix_table_minutes_table_id'))
    op.drop_table('table_minutes')
    with op.batch_alter_table('table_rsvp', schema=None) as batch_op:
        batch_op.drop_index('ix_table_rsvp_member')
        batch_op.drop_index('ix_table_rsvp_table_answer_seq')
        batch_op.drop_index('ix_table_rsvp_table_member')
    op.drop_table('table_rsvp')
    with op.batch_alter_table('territorial_table', schema=None) as batch_op:
        batch_op.drop_index('ix_table_status_starts')
        batch_op.drop_index('ix_table_team_starts')
        batch_op.drop_index(batch_op.f('ix_territorial_table_created_by'))
    op.drop_table('territorial_table')
