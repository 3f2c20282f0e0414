"""nudge_mute: a member's "not for me" on a suggested need's category, for 30 days; how an
expert meets (expert_profile.meeting, meeting_detail)

One row per member and category, until when suggestions of that category are not sent to them;
the member column refers to member.telegram_id with ON DELETE CASCADE, so erasing a member
erases their mutes. expert_profile.meeting is "place", "video" or "chat" (NULL: not said yet),
meeting_detail the place or the http(s) link the expert typed; erased with the profile.

Revision ID: 0019
Revises: 0014
Create Date: 2026-12-07 13:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "nudge_mute",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["member_telegram_id"], ["member.telegram_id"],
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("member_telegram_id", "category", name="uq_nudge_mute"),
    )
    with op.batch_alter_table("nudge_mute", schema=None) as batch_op:
        batch_op.create_index("ix_nudge_mute_until", ["until"], unique=False)
    with op.batch_alter_table("expert_profile", schema=None) as batch_op:
        batch_op.add_column(sa.Column("meeting", sa.String(length=8),
                                      nullable=True))
        batch_op.add_column(sa.Column("meeting_detail",
                                      sa.String(length=300),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("expert_profile", schema=None) as batch_op:
        batch_op.drop_column("meeting_detail")
        batch_op.drop_column("meeting")
    with op.batch_alter_table("nudge_mute", schema=None) as batch_op:
        batch_op.drop_index("ix_nudge_mute_until")
    op.drop_table("nudge_mute")
