"""needs: the declared value of one unit of goods, and the table a need came from

``need.unit_value`` (euro per unit, goods only, optional) lets the social value estimate count
delivered goods; ``need.from_table_id`` links a need posted from a decision in a table's
minutes to that table (reports count decisions turned into needs). Both NULL for the needs
posted before.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("need") as batch:
        batch.add_column(sa.Column("unit_value", sa.Numeric(12, 2), nullable=True))
        batch.add_column(sa.Column("from_table_id", sa.Integer(), nullable=True))
        batch.create_index("ix_need_from_table_id", ["from_table_id"])
        batch.create_foreign_key("fk_need_from_table_id", "territorial_table",
                                 ["from_table_id"], ["id"], ondelete="SET NULL")


def downgrade() -> None:
    with op.batch_alter_table("need") as batch:
        batch.drop_constraint("fk_need_from_table_id", type_="foreignkey")
        batch.drop_index("ix_need_from_table_id")
        batch.drop_column("from_table_id")
        batch.drop_column("unit_value")
