"""territorial tables: the minutes record who each attendance entry was, and their language

``attendee_ids`` (a JSON list, in the order of ``attendance``: a Telegram id or null) lets
/deleteme replace an erased person's own name in the minutes, not everyone who shares it;
``language`` is the language the minutes were written in, which the "a former member" mark
is worded in. Minutes written before this have no ``attendee_ids`` (NULL: not recorded) and
take their team's language.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("table_minutes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attendee_ids", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("language", sa.String(length=5), nullable=False,
                                      server_default="it"))
    op.execute(
        "UPDATE table_minutes SET language = (SELECT team.language FROM territorial_table "
        "JOIN team ON team.id = territorial_table.team_id "
        "WHERE territorial_table.id = table_minutes.table_id)")


def downgrade() -> None:
    with op.batch_alter_table("table_minutes", schema=None) as batch_op:
        batch_op.drop_column("language")
        batch_op.drop_column("attendee_ids")
