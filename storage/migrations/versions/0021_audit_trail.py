"""the audit trail: ``audit_entry``, and who granted each role (``rolegrant.granted_by``)

Every action a designer, observer, expert or admin takes on shared data is one row of
``audit_entry``, written in the action's transaction; a revoked role's grant is deleted as
before, and its audit rows keep who granted and revoked it, and when. Grants made before this
have no ``granted_by`` (NULL: not recorded).

Revision ID: 0021
Revises: 0014
Create Date: 2026-12-07 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = "0021"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_telegram_id", sa.BigInteger(), nullable=True),
        sa.Column("actor_role", sa.String(length=12), nullable=False),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("object_kind", sa.String(length=12), nullable=False),
        sa.Column("object_id", sa.BigInteger(), nullable=True),
        sa.Column("subject_telegram_id", sa.BigInteger(), nullable=True),
        sa.Column("summary", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_entry_at", "audit_entry", ["at"])
    op.create_index("ix_audit_entry_actor_telegram_id", "audit_entry", ["actor_telegram_id"])
    op.create_index("ix_audit_entry_action", "audit_entry", ["action"])
    op.create_index("ix_audit_entry_subject_telegram_id", "audit_entry",
                    ["subject_telegram_id"])
    op.create_index("ix_audit_entry_team_at", "audit_entry", ["team_id", "at"])
    with op.batch_alter_table("rolegrant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("granted_by", sa.BigInteger(), nullable=True))
        batch_op.create_index("ix_rolegrant_granted_by", ["granted_by"])


def downgrade() -> None:
    with op.batch_alter_table("rolegrant", schema=None) as batch_op:
        batch_op.drop_index("ix_rolegrant_granted_by")
        batch_op.drop_column("granted_by")
    op.drop_table("audit_entry")
