"""an erased expert's hours: expert_slot.expert_id may be NULL, so an hour a member booked stays
(the member's record, a held hour still counted) once its expert's profile is deleted

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('expert_slot', schema=None) as batch_op:
        batch_op.alter_column('expert_id', existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    # An hour of an erased expert has nobody to belong to in the old shape: it goes, and the
    # bookings on it with it.
    op.execute("DELETE FROM expert_booking WHERE slot_id IN "
               "(SELECT id FROM expert_slot WHERE expert_id IS NULL)")
    op.execute("DELETE FROM expert_slot WHERE expert_id IS NULL")
    with op.batch_alter_table('expert_slot', schema=None) as batch_op:
        batch_op.alter_column('expert_id', existing_type=sa.Integer(), nullable=False)
