"""territorial tables: the next occurrence of a recurring table links back to the one it follows

``follows_id`` is unique: a table has at most one next occurrence, so the scheduler's sweep that
creates it is idempotent even if two runs overlap.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('territorial_table', schema=None) as batch_op:
        batch_op.add_column(sa.Column('follows_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_territorial_table_follows_id', 'territorial_table',
                                    ['follows_id'], ['id'], ondelete='SET NULL')
        batch_op.create_index('ix_table_follows', ['follows_id'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('territorial_table', schema=None) as batch_op:
        batch_op.drop_index('ix_table_follows')
        batch_op.drop_constraint('fk_territorial_table_follows_id', type_='foreignkey')
        batch_op.drop_column('follows_id')
