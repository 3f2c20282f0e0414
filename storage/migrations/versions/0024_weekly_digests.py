"""digests: a group's weekly digest switch, and the weeks whose digests went out

``groupchat.digest_off`` (default false: every linked group gets the weekly digest until one
of its administrators says ``/weekly off``); ``digest_sweep`` holds one row per ISO week whose
digests were released, so the sweeps later that week stop at once.

Revision ID: 0024
Revises: 0022
Create Date: 2026-12-07 17:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models.base import UTCDateTime

revision: str = "0024"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("groupchat") as batch:
        batch.add_column(sa.Column("digest_off", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.create_table(
        "digest_sweep",
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("done_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("groups", sa.Integer(), nullable=False),
        sa.Column("observers", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("week"),
    )


def downgrade() -> None:
    op.drop_table("digest_sweep")
    with op.batch_alter_table("groupchat") as batch:
        batch.drop_column("digest_off")
