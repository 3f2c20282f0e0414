"""impact: the hourly values an admin set for the social value estimate

``impact_rate`` overrides, per need category (or ``default``, ``skills``), the indicative
hourly values shipped in ``storage/data/impact/hour_values.json``, with the source and year
the admin gave. Empty at first: the shipped values apply.

Revision ID: 0023
Revises: 0024
Create Date: 2026-12-07 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = "0023"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "impact_rate",
        sa.Column("category", sa.String(40), primary_key=True),
        sa.Column("eur_per_hour", sa.Numeric(8, 2), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("updated_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("impact_rate")
