"""The free expert hour's queries: experts' profiles, slots (free, booked, removed), bookings,
and the booking's reminders dropped when it is cancelled or moved."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, literal_column
from sqlalchemy.sql.elements import ColumnClause
from sqlmodel import col, select

from storage.models.expert import BookingStatus, ExpertBooking, ExpertProfile, ExpertSlot
from storage.repositories.base import _Repository

# Written into the SQL, not bound, so the partial unique indexes (WHERE status = 'active')
# serve these queries on SQLite and in PostgreSQL's generic plans too.
ACTIVE: ColumnClause[str] = literal_column(f"'{BookingStatus.ACTIVE.value}'")


def booking_key_prefix(booking_id: int) -> str:
    """Every scheduled notice of a booking has a key starting with this."""
    return f"expert:{booking_id}:"


class ExpertRepository(_Repository):
    # --- profiles ---------------------------------------------------------------------------

    async def profile_of(self, telegram_id: int) -> ExpertProfile | None:
        query = select(ExpertProfile).where(ExpertProfile.telegram_id == telegram_id)
        return (await self.session.exec(query)).one_or_none()

    async def profile(self, expert_id: int) -> ExpertProfile | None:
        return await self.session.get(ExpertProfile, expert_id)

    async def add_profile(self, profile: ExpertProfile) -> ExpertProfile:
        self.session.add(profile)
        await self.session.flush()
        return profile

    async def delete_profile(self, profile: ExpertProfile) -> None:
        await self.session.delete(profile)

    async def profiles(self, *, active_only: bool = True) -> list[ExpertProfile]:
        query = select(ExpertProfile).order_by(col(ExpertProfile.id))
        if active_only:
            query = query.where(col(ExpertProfile.active).is_(True))
        return list((await self.session.exec(query)).all())

    # --- slots -------------------------------------------------------------------------------

    async def add_slot(self, slot: ExpertSlot) -> ExpertSlot:
        self.session.add(slot)
        await self.session.flush()
        return slot

    async def slot(self, slot_id: int) -> ExpertSlot | None:
        return await self.session.get(ExpertSlot, slot_id)

    async def slots_of(self, expert_id: int, *, ending_after: datetime
                       ) -> list[tuple[ExpertSlot, ExpertBooking | None]]:
        """The expert's slots not removed and not over, each with its active booking."""
        query = (select(ExpertSlot, ExpertBooking)
                 .join(ExpertBooking, and_(col(ExpertBooking.slot_id) == ExpertSlot.id,
                                           col(ExpertBooking.status) == ACTIVE), isouter=True)
                 .where(ExpertSlot.expert_id == expert_id, col(ExpertSlot.removed_at).is_(None),
                        ExpertSlot.ends_at > ending_after)
                 .order_by(col(ExpertSlot.starts_at)))
        return [(slot, booking) for slot, booking in (await self.session.exec(query)).all()]

    async def every_slot_of(self, expert_id: int
                            ) -> list[tuple[ExpertSlot, ExpertBooking | None]]:
        """All the expert's slots, removed and past ones too, each with its active booking;
        earliest first."""
        query = (select(ExpertSlot, ExpertBooking)
                 .join(ExpertBooking, and_(col(ExpertBooking.slot_id) == ExpertSlot.id,
                                           col(ExpertBooking.status) == ACTIVE), isouter=True)
                 .where(ExpertSlot.expert_id == expert_id)
                 .order_by(col(ExpertSlot.starts_at), col(ExpertSlot.id)))
        return [(slot, booking) for slot, booking in (await self.session.exec(query)).all()]

    async def ever_booked(self, expert_id: int) -> set[int]:
        """The ids of the expert's slots some booking (of any status) refers to."""
        query = (select(ExpertBooking.slot_id)
                 .join(ExpertSlot, col(ExpertSlot.id) == ExpertBooking.slot_id)
                 .where(ExpertSlot.expert_id == expert_id))
        return set((await self.session.exec(query)).all())

    async def delete_slot(self, slot: ExpertSlot) -> None:
        await self.session.delete(slot)

    async def free_slots(self, expert_ids: Sequence[int], *, starting_after: datetime
                         ) -> list[ExpertSlot]:
        """Slots of these experts not removed, starting after the time given, with no active
        booking; earliest first."""
        if not expert_ids:
            return []
        booked = select(ExpertBooking.slot_id).where(col(ExpertBooking.status) == ACTIVE)
        query = (select(ExpertSlot)
                 .where(col(ExpertSlot.expert_id).in_(list(expert_ids)),
                        col(ExpertSlot.removed_at).is_(None),
                        ExpertSlot.starts_at > starting_after,
                        col(ExpertSlot.id).not_in(booked))
                 .order_by(col(ExpertSlot.starts_at), col(ExpertSlot.id)))
        return list((await self.session.exec(query)).all())

    # --- bookings ----------------------------------------------------------------------------

    async def add_booking(self, booking: ExpertBooking) -> ExpertBooking:
        """Flushed at once: a second active booking of the slot or of the member raises
        IntegrityError here (the partial unique indexes)."""
        self.session.add(booking)
        await self.session.flush()
        return booking

    async def booking(self, booking_id: int) -> ExpertBooking | None:
        return await self.session.get(ExpertBooking, booking_id)

    async def active_booking_of(self, telegram_id: int) -> ExpertBooking | None:
        query = select(ExpertBooking).where(ExpertBooking.member_telegram_id == telegram_id,
                                            col(ExpertBooking.status) == ACTIVE)
        return (await self.session.exec(query)).one_or_none()

    async def active_booking_on(self, slot_id: int) -> ExpertBooking | None:
        query = select(ExpertBooking).where(ExpertBooking.slot_id == slot_id,
                                            col(ExpertBooking.status) == ACTIVE)
        return (await self.session.exec(query)).one_or_none()

    async def bookings_of(self, telegram_id: int
                          ) -> list[tuple[ExpertBooking, ExpertSlot, ExpertProfile | None]]:
        """Every booking the member made (cancelled too), oldest first, with its expert (None:
        the expert erased their data)."""
        query = (select(ExpertBooking, ExpertSlot, ExpertProfile)
                 .join(ExpertSlot, col(ExpertSlot.id) == ExpertBooking.slot_id)
                 .join(ExpertProfile, col(ExpertProfile.id) == ExpertSlot.expert_id, isouter=True)
                 .where(ExpertBooking.member_telegram_id == telegram_id)
                 .order_by(col(ExpertBooking.id)))
        return [tuple(row) for row in (await self.session.exec(query)).all()]  # type: ignore[misc]

    async def all_bookings(self) -> list[ExpertBooking]:
        return list((await self.session.exec(select(ExpertBooking)
                                             .order_by(col(ExpertBooking.id)))).all())



# The filters and orders its queries lean on — (table, leading columns, predicate of a partial
# index or None) — each led by an index (tests/schema/test_indexes.py checks, from every
# repository module's FILTERED).
FILTERED: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("expert_profile", ("telegram_id",), None),  # profile_of
    ("expert_profile", ("active",), None),  # profiles
    ("expert_slot", ("expert_id", "starts_at"), None),  # slots_of, free_slots
    ("expert_slot", ("starts_at",), None),  # free_slots' order
    ("expert_booking", ("slot_id",), "status = 'active'"),  # active_booking_on, the one-per-slot
    ("expert_booking", ("member_telegram_id",), "status = 'active'"),  # active_booking_of
    ("expert_booking", ("member_telegram_id",), None),  # bookings_of
)
