"""role holders' language: ``rolegrant.language``

An observer, expert or admin need not be a member, so no member row holds the language they
choose with /language; their grants do (NULL: their Telegram language, as before).

Revision ID: 0025
Revises: 0023
Create Date: 2026-12-07 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("rolegrant") as batch:
        batch.add_column(sa.Column("language", sa.String(length=5), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("rolegrant") as batch:
        batch.drop_column("language")
