"""organisations: ``organisation``, ``organisation_member``, ``pledge.organisation_id``

Non-profits, companies and institutions become records of their own with confirmed members,
and a pledge keeps the organisation its pledger acted for.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_key", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("territory_code", sa.String(length=8), sa.ForeignKey("territory.code"),
                  nullable=True),
        sa.Column("description", sa.String(length=280), nullable=True),
        sa.Column("website", sa.String(length=200), nullable=True),
        sa.Column("created_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_organisation_name_key", "organisation", ["name_key"])
    op.create_index("ix_organisation_territory_code", "organisation", ["territory_code"])
    op.create_table(
        "organisation_member",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("organisation_id", sa.Integer(),
                  sa.ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False),
        sa.Column("member_telegram_id", sa.BigInteger(), nullable=False, unique=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("requested_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", storage.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("confirmed_by", sa.BigInteger(), nullable=True),
    )
    op.create_index("ix_organisation_member_org_status", "organisation_member",
                    ["organisation_id", "status"])
    with op.batch_alter_table("pledge") as batch:
        batch.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_pledge_organisation_id", "organisation",
                                 ["organisation_id"], ["id"], ondelete="SET NULL")
        batch.create_index("ix_pledge_organisation_id", ["organisation_id"])


def downgrade() -> None:
    with op.batch_alter_table("pledge") as batch:
        batch.drop_index("ix_pledge_organisation_id")
        batch.drop_constraint("fk_pledge_organisation_id", type_="foreignkey")
        batch.drop_column("organisation_id")
    op.drop_index("ix_organisation_member_org_status", "organisation_member")
    op.drop_table("organisation_member")
    op.drop_index("ix_organisation_territory_code", "organisation")
    op.drop_index("ix_organisation_name_key", "organisation")
    op.drop_table("organisation")
