"""A member's one free hour: what /expert shows (the booking in place, the hour held, or the
experts, best match first), the experts' free hours, booking, cancelling and moving, with the
reminders and the feedback request each booking schedules.

No slot is booked twice and no member gets a second hour, whatever the timing: the database
holds one active booking per slot and one per member (partial unique indexes), so of two people
pressing at once on two workers, the second insert fails and is told the slot was just taken.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from bot.services import reminders
from bot.services.assessment import competences_to_grow, weakest_competences
from bot.services.expert.events import HourBooked, HourCancelledByMember, HourMoved
from bot.services.expert.views import (
    BookingView,
    ExpertProblem,
    ExpertView,
    Overview,
    Rescheduled,
    SlotView,
    booking_view,
    expert_person,
    expert_view,
    slot_view,
)
from domain.expert import can_change, rank_experts
from storage.models import BookingStatus, ExpertBooking, ExpertProfile, ExpertSlot
from storage.repositories.expert import booking_key_prefix
from storage.uow import UnitOfWork

REMINDER_KIND = "expert_reminder"
FEEDBACK_KIND = "expert_feedback"
REMINDERS = (1440, 60)  # minutes before: a day, an hour


async def registered(uow: UnitOfWork, telegram_id: int) -> str:
    """The member's language; refused for someone not registered."""
    member = await uow.members.by_telegram_id(telegram_id)
    if member is None or member.onboarded_at is None:
        raise ExpertProblem("not_member")
    return member.language


async def _bookable(uow: UnitOfWork, *, now: datetime, slot_id: int, language: str
                    ) -> tuple[ExpertSlot, ExpertProfile]:
    """A slot a member of this language may book now: there, not removed, ahead, free, of an
    active expert who speaks the language."""
    slot = await uow.experts.slot(slot_id)
    if slot is None or slot.removed_at is not None:
        raise ExpertProblem("no_slot")
    if slot.starts_at <= now:
        raise ExpertProblem("past")
    profile = None if slot.expert_id is None else await uow.experts.profile(slot.expert_id)
    if profile is None or not profile.active:
        raise ExpertProblem("no_expert")
    if language not in profile.language_codes:
        raise ExpertProblem("language")
    if await uow.experts.active_booking_on(slot_id) is not None:
        raise ExpertProblem("taken")
    return slot, profile


async def _schedule_notices(uow: UnitOfWork, booking: ExpertBooking, slot: ExpertSlot,
                            now: datetime) -> None:
    assert booking.id is not None
    prefix = booking_key_prefix(booking.id)
    await reminders.schedule(uow, now=now, prefix=prefix, revision=booking.revision,
                             kind=REMINDER_KIND, params={"booking_id": booking.id},
                             starts_at=slot.starts_at, minutes_before=REMINDERS)
    await uow.notices.schedule(
        key=f"{prefix}r{booking.revision}:feedback", kind=FEEDBACK_KIND,
        params={"booking_id": booking.id, "revision": booking.revision},
        due_at=slot.ends_at, expires_at=slot.ends_at + timedelta(days=7))


def _refusal(error: IntegrityError) -> ExpertProblem:
    """Which promise the database kept: the member's one hour, or the slot's one booking."""
    text = str(error.orig if error.orig is not None else error)
    return ExpertProblem("has_booking" if "member" in text else "taken")


# --- choosing ---------------------------------------------------------------------------------


async def overview(uow: UnitOfWork, *, now: datetime, telegram_id: int) -> Overview:
    """The member's booking if they hold one (ahead, or already held); otherwise the experts
    who speak their language and have free slots, those matching what they most want to grow
    (the weakest competences of their latest assessment) first."""
    language = await registered(uow, telegram_id)
    booking = await uow.experts.active_booking_of(telegram_id)
    if booking is not None:
        view = await booking_view(uow, booking)
        if view.slot.ends_at <= now:
            return Overview(held=view)
        return Overview(booking=view, changeable=can_change(view.starts_at, now))
    return Overview(experts=tuple(await _experts_for(uow, now=now, telegram_id=telegram_id,
                                                     language=language)),
                    assessed=bool(await weakest_competences(uow, telegram_id=telegram_id)))


async def _experts_for(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                       language: str) -> list[ExpertView]:
    profiles = {p.id: p for p in await uow.experts.profiles()
                if p.id is not None and language in p.language_codes}
    free: dict[int, int] = {}
    for slot in await uow.experts.free_slots(list(profiles), starting_after=now):
        if slot.expert_id is not None:  # always: these are the profiles' own
            free[slot.expert_id] = free.get(slot.expert_id, 0) + 1
    to_grow = await competences_to_grow(uow, telegram_id=telegram_id)
    ranked = rank_experts([(expert_id, p.competence_ids) for expert_id, p in profiles.items()
                           if expert_id is not None and free.get(expert_id)], to_grow)
    found = []
    for match in ranked:
        profile = profiles[match.expert_id]
        found.append(expert_view(profile, (await expert_person(uow, profile)).name,
                                 match.matched, free[match.expert_id]))
    return found


async def experts_for(uow: UnitOfWork, *, now: datetime, telegram_id: int) -> list[ExpertView]:
    """The experts a member may book now (for a reschedule too), best match first."""
    language = await registered(uow, telegram_id)
    return await _experts_for(uow, now=now, telegram_id=telegram_id, language=language)


async def free_slots_of(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                        expert_id: int) -> tuple[ExpertView, list[SlotView]]:
    """An expert's free slots ahead, for a member who speaks one of their languages."""
    language = await registered(uow, telegram_id)
    profile = await uow.experts.profile(expert_id)
    if profile is None or not profile.active:
        raise ExpertProblem("no_expert")
    if language not in profile.language_codes:
        raise ExpertProblem("language")
    slots = await uow.experts.free_slots([expert_id], starting_after=now)
    return (expert_view(profile, (await expert_person(uow, profile)).name, (), len(slots)),
            [slot_view(s) for s in slots])


async def offer(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                slot_id: int) -> tuple[ExpertView, SlotView]:
    """What the confirm screen shows, checked as the booking will be."""
    language = await registered(uow, telegram_id)
    slot, profile = await _bookable(uow, now=now, slot_id=slot_id, language=language)
    return expert_view(profile, (await expert_person(uow, profile)).name), slot_view(slot)


async def _hour_in_use(uow: UnitOfWork, telegram_id: int, now: datetime) -> None:
    booking = await uow.experts.active_booking_of(telegram_id)
    if booking is not None:
        slot = await uow.experts.slot(booking.slot_id)
        raise ExpertProblem("used" if slot is not None and slot.ends_at <= now
                            else "has_booking")


async def ensure_free_hour(uow: UnitOfWork, *, now: datetime, telegram_id: int) -> None:
    """Refused if the member is not registered or holds (or has held) their free hour."""
    await registered(uow, telegram_id)
    await _hour_in_use(uow, telegram_id, now)


# --- booking and changing it -------------------------------------------------------------------


async def own_booking(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                      booking_id: int) -> BookingView:
    """The member's own active booking, still before the cut-off (to cancel or move it)."""
    booking, _slot = await _own_active(uow, telegram_id, booking_id, now)
    return await booking_view(uow, booking)


async def book(uow: UnitOfWork, *, now: datetime, telegram_id: int,
               slot_id: int) -> BookingView:
    """The member's one free hour on the slot, its reminders and feedback scheduled; both
    sides are told (`HourBooked`)."""
    language = await registered(uow, telegram_id)
    await _hour_in_use(uow, telegram_id, now)
    slot, _profile = await _bookable(uow, now=now, slot_id=slot_id, language=language)
    try:
        booking = await uow.experts.add_booking(ExpertBooking(
            slot_id=slot_id, member_telegram_id=telegram_id, created_at=now, updated_at=now))
    except IntegrityError as error:  # someone else, at the same moment, on another worker
        await uow.rollback()
        raise _refusal(error) from error
    await _schedule_notices(uow, booking, slot, now)
    view = await booking_view(uow, booking)
    uow.emit(HourBooked(view, now))
    return view


async def _own_active(uow: UnitOfWork, telegram_id: int, booking_id: int, now: datetime
                      ) -> tuple[ExpertBooking, ExpertSlot]:
    booking = await uow.experts.booking(booking_id)
    if booking is None or booking.member_telegram_id != telegram_id \
            or booking.status != BookingStatus.ACTIVE.value:
        raise ExpertProblem("no_booking")
    slot = await uow.experts.slot(booking.slot_id)
    assert slot is not None
    if not can_change(slot.starts_at, now):
        raise ExpertProblem("cutoff")
    return booking, slot


async def cancel_booking(uow: UnitOfWork, booking: ExpertBooking, now: datetime, *,
                         note: str) -> BookingView:
    """Any cancellation (the member's, the expert's end, an erasure): the slot is free again,
    the free hour given back, the pending reminders dropped."""
    assert booking.id is not None
    await reminders.drop(uow, now=now, prefix=booking_key_prefix(booking.id), note=note)
    booking.status = BookingStatus.CANCELLED.value
    booking.cancelled_at = booking.updated_at = now
    await uow.session.flush()
    return await booking_view(uow, booking)


async def cancel(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                 booking_id: int) -> BookingView:
    """Up to the cut-off: the slot is free again and the free hour given back; the expert is
    told (`HourCancelledByMember`)."""
    booking, _slot = await _own_active(uow, telegram_id, booking_id, now)
    view = await cancel_booking(uow, booking, now, note="booking cancelled")
    uow.emit(HourCancelledByMember(view, now))
    return view


async def reschedule(uow: UnitOfWork, *, now: datetime, telegram_id: int, booking_id: int,
                     slot_id: int) -> Rescheduled:
    """Up to the cut-off, to another free slot (of the same expert or another); the member
    and both experts are told (`HourMoved`)."""
    language = await registered(uow, telegram_id)
    booking, _old = await _own_active(uow, telegram_id, booking_id, now)
    if booking.slot_id == slot_id:
        raise ExpertProblem("same_slot")
    slot, _profile = await _bookable(uow, now=now, slot_id=slot_id, language=language)
    before = await booking_view(uow, booking)
    assert booking.id is not None
    await reminders.drop(uow, now=now, prefix=booking_key_prefix(booking.id), note="booking moved")
    booking.slot_id = slot_id
    booking.revision += 1
    booking.updated_at = now
    try:
        await uow.session.flush()
    except IntegrityError as error:
        await uow.rollback()
        raise ExpertProblem("taken") from error
    await _schedule_notices(uow, booking, slot, now)
    change = Rescheduled(before, await booking_view(uow, booking))
    uow.emit(HourMoved(change.before, change.after, now))
    return change
