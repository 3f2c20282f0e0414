"""After the booking: the one-tap feedback once the hour is over, and what the scheduler
reads back when a reminder or the feedback request falls due — the booking, if it still
stands as it did when the notice was scheduled (a cancel or a move bumps it past)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.services.expert.views import BookingView, ExpertProblem, booking_view
from storage.models import BookingStatus
from storage.uow import UnitOfWork

FEEDBACK_SCORES = (1, 2, 3, 4, 5)


async def rate(uow: UnitOfWork, *, now: datetime, telegram_id: int, booking_id: int,
               score: int) -> BookingView:
    """The one-tap feedback after the hour: once, by the member who held it."""
    if score not in FEEDBACK_SCORES:
        raise ExpertProblem("bad_score")
    booking = await uow.experts.booking(booking_id)
    if booking is None or booking.member_telegram_id != telegram_id \
            or booking.status != BookingStatus.ACTIVE.value:
        raise ExpertProblem("no_booking")
    slot = await uow.experts.slot(booking.slot_id)
    if slot is None or slot.ends_at > now:
        raise ExpertProblem("not_over")
    if booking.feedback is not None:
        raise ExpertProblem("already_rated")
    booking.feedback, booking.feedback_at = score, now
    await uow.session.flush()
    return await booking_view(uow, booking)


async def _current(uow: UnitOfWork, params: dict[str, Any]) -> BookingView | None:
    try:
        booking_id, revision = int(params["booking_id"]), int(params["revision"])
    except (KeyError, TypeError, ValueError):
        return None
    booking = await uow.experts.booking(booking_id)
    if booking is None or booking.status != BookingStatus.ACTIVE.value \
            or booking.revision != revision or booking.member_telegram_id is None:
        return None
    return await booking_view(uow, booking)


async def reminder_for(uow: UnitOfWork, params: dict[str, Any]) -> tuple[BookingView, int] | None:
    """A reminder's booking and minutes, if it still stands as it was when scheduled."""
    view = await _current(uow, params)
    if view is None:
        return None
    return view, int(params.get("minutes", 0))


async def feedback_for(uow: UnitOfWork, params: dict[str, Any]) -> BookingView | None:
    view = await _current(uow, params)
    return view if view is not None and view.feedback is None else None
