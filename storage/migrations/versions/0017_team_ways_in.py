"""teams: a group's invite link, and the day a member was last seen

``groupchat.invite_link`` is the link the bot created in a team's group (with join requests,
which it approves for the team's members), kept so /team shows the same link every time.
``member.last_seen_on`` is the last day (Europe/Rome) the member wrote to the bot, written at
most once a day: the "last active" of /members, coarse on purpose.

Revision ID: 0017
Revises: 0014
Create Date: 2026-12-07 13:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("groupchat", schema=None) as batch_op:
        batch_op.add_column(sa.Column("invite_link", sa.String(length=200), nullable=True))
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_seen_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.drop_column("last_seen_on")
    with op.batch_alter_table("groupchat", schema=None) as batch_op:
        batch_op.drop_column("invite_link")
