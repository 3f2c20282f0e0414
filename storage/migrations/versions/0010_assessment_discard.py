"""self-assessment: a run started again is marked discarded, not deleted

Deleting it let SQLite give its id to the next run, so a button of the discarded run would
have been taken for one of the new run. The row stays (its answers are deleted); its id is
never reused.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 07:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("assessment_run", sa.Column(
        "discarded_at", storage.models.base.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assessment_run") as batch:
        batch.drop_column("discarded_at")
