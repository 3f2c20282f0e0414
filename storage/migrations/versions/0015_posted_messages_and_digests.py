"""announcements kept up to date, and how a designer hears of pledges

``posted_message``: the message id Telegram returned for a need's or a table's announcement
(and a table's private invitations), with a fingerprint of what it shows, so the outbox can
edit it in place (``editMessageText``) and skip an edit that would change nothing.

``role_grant.pledge_digest``: a designer hears of pledges and withdrawals grouped by need
once an hour at most (``hourly``, the default) or in one summary a day (``daily``).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 13:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "posted_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=60), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("shown", sa.String(length=64), nullable=False),
        sa.Column("markup", sa.Text(), nullable=True),
        sa.Column("updated_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_posted_message_subject_chat", "posted_message",
                    ["subject", "chat_id"], unique=True)
    op.create_index("ix_posted_message_chat", "posted_message", ["chat_id"])
    with op.batch_alter_table("rolegrant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pledge_digest", sa.String(length=8), nullable=False,
                                      server_default="hourly"))


def downgrade() -> None:
    with op.batch_alter_table("rolegrant", schema=None) as batch_op:
        batch_op.drop_column("pledge_digest")
    op.drop_index("ix_posted_message_chat", table_name="posted_message")
    op.drop_index("ix_posted_message_subject_chat", table_name="posted_message")
    op.drop_table("posted_message")
