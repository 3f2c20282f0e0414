"""What the expert hour keeps about a person, for /mydata and /deleteme: a member's bookings
(an hour booked ahead is cancelled on erasure, its expert told; a held hour stays counted
without the member)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot import personal
from bot.personal import Shown
from bot.services.expert.booking import cancel_booking
from bot.services.expert.events import HourFreedByErasure
from bot.services.expert.views import BookingView, expert_person
from storage.models import BookingStatus
from storage.uow import UnitOfWork


async def export_of(uow: UnitOfWork, telegram_id: int) -> list[dict[str, Any]]:
    """The member's bookings, for /mydata."""
    return [{"booking_id": booking.id, "expert": (await expert_person(uow, profile)).name,
             "starts_at": slot.starts_at.isoformat(), "status": booking.status,
             "feedback": booking.feedback, "booked_at": booking.created_at.isoformat()}
            for booking, slot, profile in await uow.experts.bookings_of(telegram_id)]


async def forget_member(uow: UnitOfWork, *, now: datetime | None, telegram_id: int
                        ) -> list[BookingView]:
    """Erasure: a booking ahead is cancelled (returned, for its expert to be told); every
    booking loses the member's id (a held hour stays counted, without them)."""
    cancelled = []
    for booking, slot, _profile in await uow.experts.bookings_of(telegram_id):
        if now is not None and booking.status == BookingStatus.ACTIVE.value \
                and slot.starts_at > now:
            cancelled.append(await cancel_booking(uow, booking, now, note="member erased"))
        booking.member_telegram_id = None
    await uow.session.flush()
    return cancelled


async def show_person(uow: UnitOfWork, person: personal.Person) -> Shown:
    return {"expert_hour_bookings": await export_of(uow, person.telegram_id)}


async def erase_person(uow: UnitOfWork, person: personal.Person, now: datetime) -> None:
    for booking in await forget_member(uow, now=now, telegram_id=person.telegram_id):
        uow.emit(HourFreedByErasure(booking, now))
