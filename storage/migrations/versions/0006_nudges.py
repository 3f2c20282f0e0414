"""nudges (the balance's suggestions of needs to members) and the member's opt-out

The nudge table is both the weekly cap (when was each member last nudged) and the idempotency
(one row per member, need and kind). Its member column refers to member.telegram_id with ON
DELETE CASCADE, so erasing a member erases their nudges. member.nudges_off is the /profile
toggle, false for everyone already registered.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.add_column(sa.Column("nudges_off", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    op.create_table(
        "nudge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["member_telegram_id"], ["member.telegram_id"],
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["need_id"], ["need.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("member_telegram_id", "need_id", "kind", name="uq_nudge"),
    )
    with op.batch_alter_table("nudge", schema=None) as batch_op:
        batch_op.create_index("ix_nudge_at", ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_nudge_need_id"), ["need_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("nudge", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nudge_need_id"))
        batch_op.drop_index("ix_nudge_at")
    op.drop_table("nudge")
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.drop_column("nudges_off")
