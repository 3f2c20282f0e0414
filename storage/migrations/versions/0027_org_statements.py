"""statements: ``org_statement``

A company's CSR statement as issued: its figures (canonical JSON), the organisation, the
period, and the verification code anyone can check with /verify.

Revision ID: 0027
Revises: 0028
Create Date: 2026-12-07 19:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = "0027"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "org_statement",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(length=20), nullable=False, unique=True),
        sa.Column("organisation_id", sa.Integer(),
                  sa.ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("issued_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.BigInteger(), nullable=True),
    )
    op.create_index("ix_org_statement_organisation_id", "org_statement", ["organisation_id"])
    op.create_index("ix_org_statement_issued_by", "org_statement", ["issued_by"])


def downgrade() -> None:
    op.drop_index("ix_org_statement_issued_by", "org_statement")
    op.drop_index("ix_org_statement_organisation_id", "org_statement")
    op.drop_table("org_statement")
