"""local services: ``local_service`` (what NPOs and institutions offer, for /near)

Revision ID: 0030
Revises: 0026
Create Date: 2026-12-07 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = "0030"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "local_service",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("organisation_id", sa.Integer(),
                  sa.ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False),
        sa.Column("submitted_by", sa.BigInteger(), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("what", sa.String(length=500), nullable=False),
        sa.Column("when_text", sa.String(length=200), nullable=False),
        sa.Column("reach", sa.String(length=300), nullable=False),
        sa.Column("territory_code", sa.String(length=8), sa.ForeignKey("territory.code"),
                  nullable=False),
        sa.Column("province_code", sa.String(length=8), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("decline_reason", sa.String(length=300), nullable=True),
        sa.Column("reviewed_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reviewed_at", storage.models.base.UTCDateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_local_service_organisation_id", "local_service", ["organisation_id"])
    op.create_index("ix_local_service_territory_code", "local_service", ["territory_code"])
    op.create_index("ix_local_service_submitted_by", "local_service", ["submitted_by"])
    op.create_index("ix_local_service_status_lat", "local_service", ["status", "lat"])
    op.create_index("ix_local_service_status_province", "local_service",
                    ["status", "province_code"])


def downgrade() -> None:
    op.drop_table("local_service")
