"""role grants keyed by Telegram id (no member row before consent); indexes on team foreign keys

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("rolegrant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("telegram_id", sa.BigInteger(), nullable=True))
    op.execute("UPDATE rolegrant SET telegram_id = "
               "(SELECT member.telegram_id FROM member WHERE member.id = rolegrant.member_id)")
    with op.batch_alter_table("rolegrant", schema=None) as batch_op:
        batch_op.alter_column("telegram_id", existing_type=sa.BigInteger(), nullable=False)
        batch_op.drop_index("ix_rolegrant_member_id")
        batch_op.drop_column("member_id")
        batch_op.create_index("ix_rolegrant_telegram_id", ["telegram_id"], unique=False)
        batch_op.create_index("ix_rolegrant_team_id", ["team_id"], unique=False)
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.create_index("ix_membership_team_id", ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_index("ix_membership_team_id")
    # A grant to someone with no member row cannot go back to the old shape: it is dropped.
    op.execute("DELETE FROM rolegrant WHERE telegram_id NOT IN (SELECT telegram_id FROM member)")
    with op.batch_alter_table("rolegrant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("member_id", sa.Integer(), nullable=True))
    op.execute("UPDATE rolegrant SET member_id = "
               "(SELECT member.id FROM member WHERE member.telegram_id = rolegrant.telegram_id)")
    with op.batch_alter_table("rolegrant", schema=None) as batch_op:
        batch_op.alter_column("member_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_index("ix_rolegrant_team_id")
        batch_op.drop_index("ix_rolegrant_telegram_id")
        batch_op.drop_column("telegram_id")
        batch_op.create_index("ix_rolegrant_member_id", ["member_id"], unique=False)
        batch_op.create_foreign_key("fk_rolegrant_member_id", "member", ["member_id"], ["id"],
                                    ondelete="CASCADE")
