"""needs: where to give for a fundraising need, and the non-profit a need is for

``need.link`` (an http(s) address, fundraising only: the bot never handles money) and
``need.organisation_id`` (the non-profit a fundraising or capacity-building need is for).
Both NULL for the needs posted before.

Revision ID: 0028
Revises: 0030
Create Date: 2026-12-07 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("need") as batch:
        batch.add_column(sa.Column("link", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
        batch.create_index("ix_need_organisation_id", ["organisation_id"])
        batch.create_foreign_key("fk_need_organisation_id", "organisation",
                                 ["organisation_id"], ["id"], ondelete="SET NULL")


def downgrade() -> None:
    with op.batch_alter_table("need") as batch:
        batch.drop_constraint("fk_need_organisation_id", type_="foreignkey")
        batch.drop_index("ix_need_organisation_id")
        batch.drop_column("organisation_id")
        batch.drop_column("link")
