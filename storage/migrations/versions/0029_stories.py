"""stories: ``story``, ``story_useful``, ``story_sweep``

Members share practices (/share), designers publish them, a weekly digest takes them to the
region's other teams, members browse them (/stories) and mark them useful.

Revision ID: 0029
Revises: 0027
Create Date: 2026-12-07 19:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = "0029"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = storage.models.base.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "story",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("team.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("author_telegram_id", sa.BigInteger(), nullable=True),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("done", sa.String(length=1000), nullable=False),
        sa.Column("worked", sa.String(length=1000), nullable=False),
        sa.Column("photo_file_id", sa.String(length=200), nullable=True),
        sa.Column("link", sa.String(length=300), nullable=True),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("origin_need_id", sa.Integer(), sa.ForeignKey("need.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("origin_table_id", sa.Integer(),
                  sa.ForeignKey("territorial_table.id", ondelete="SET NULL"), nullable=True),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("decline_reason", sa.String(length=300), nullable=True),
        sa.Column("created_at", UTC(timezone=True), nullable=False),
        sa.Column("reviewed_at", UTC(timezone=True), nullable=True),
        sa.Column("published_at", UTC(timezone=True), nullable=True),
        sa.Column("useful", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_index("ix_story_status_published_at", "story", ["status", "published_at"])
    op.create_index("ix_story_team_status", "story", ["team_id", "status"])
    op.create_index("ix_story_author", "story", ["author_telegram_id"])
    op.create_index("ix_story_origin_need", "story", ["origin_need_id"])
    op.create_index("ix_story_origin_table", "story", ["origin_table_id"])
    op.create_table(
        "story_useful",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("story_id", sa.Integer(), sa.ForeignKey("story.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("member_telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("at", UTC(timezone=True), nullable=False),
        sa.UniqueConstraint("story_id", "member_telegram_id", name="uq_story_useful"),
    )
    op.create_index("ix_story_useful_member", "story_useful", ["member_telegram_id"])
    op.create_table(
        "story_sweep",
        sa.Column("week", sa.String(length=8), primary_key=True),
        sa.Column("done_at", UTC(timezone=True), nullable=False),
        sa.Column("groups", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("story_sweep")
    op.drop_index("ix_story_useful_member", table_name="story_useful")
    op.drop_table("story_useful")
    op.drop_index("ix_story_origin_table", table_name="story")
    op.drop_index("ix_story_origin_need", table_name="story")
    op.drop_index("ix_story_author", table_name="story")
    op.drop_index("ix_story_team_status", table_name="story")
    op.drop_index("ix_story_status_published_at", table_name="story")
    op.drop_table("story")
