"""The free expert hour: experts and their slots (CLI and /slots), a member's one free hour
(/expert: book, cancel, reschedule, feedback), its reminders, and erasure.

Every use case checks the role and the state again (buttons can be forged) and raises
``NotAllowed`` or ``ExpertProblem(code)``; none speaks to people: they return views, for the
bot to word in each person's language.

No slot is booked twice and no member gets a second hour, whatever the timing: the database
holds one active booking per slot and one per member (partial unique indexes), so of two people
pressing at once on two workers, the second insert fails and is told the slot was just taken.

Reminders are scheduled notices (kind ``expert_reminder``, a day and an hour before, and
``expert_feedback`` when the hour is over; keys ``expert:<booking>:r<revision>:…``): moving or
cancelling a booking drops the pending ones, and the release checks status and revision again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError

from bot import personal
from bot.personal import Shown
from bot.services import reminders
from bot.services.assessment import weakest_competences
from bot.services.roles import NotAllowed, require
from domain.assessment import load_framework
from domain.expert import CHANGE_CUTOFF, SLOT_LENGTH, can_change, overlaps, rank_experts
from storage.models import BookingStatus, ExpertBooking, ExpertProfile, ExpertSlot, RoleName
from storage.repositories.expert import booking_key_prefix
from storage.uow import UnitOfWork

REMINDER_KIND = "expert_reminder"
FEEDBACK_KIND = "expert_feedback"
REMINDERS = (1440, 60)  # minutes before: a day, an hour
LANGUAGES = ("it", "en")
FEEDBACK_SCORES = (1, 2, 3, 4, 5)
MAX_NAME = 64
__all__ = ["CHANGE_CUTOFF", "ExpertProblem", "NotAllowed"]


class ExpertProblem(Exception):
    """A use case refused for a reason the person should know: ``code`` says which
    ("not_expert", "not_member", "no_expert", "no_slot", "past", "overlap", "booked", "taken",
    "has_booking", "used", "language", "no_booking", "cutoff", "not_over", "bad_score",
    "already_rated", "bad_competence", "bad_language", "same_slot")."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class Person:
    telegram_id: int | None
    name: str
    language: str


@dataclass(frozen=True, slots=True)
class ExpertView:
    id: int
    telegram_id: int
    name: str
    competences: tuple[str, ...]
    languages: tuple[str, ...]
    active: bool
    matched: tuple[str, ...] = ()  # the member's weakest competences it covers
    free_slots: int = 0


@dataclass(frozen=True, slots=True)
class SlotView:
    id: int
    expert_id: int
    starts_at: datetime
    ends_at: datetime
    booking_id: int | None = None
    booked_by: str | None = None


@dataclass(frozen=True, slots=True)
class BookingView:
    id: int
    revision: int
    status: str
    slot: SlotView
    expert: Person
    member: Person
    feedback: int | None = None

    @property
    def starts_at(self) -> datetime:
        return self.slot.starts_at


@dataclass(frozen=True, slots=True)
class Overview:
    """What /expert shows: the booking in place, the hour already held, or the experts."""

    booking: BookingView | None = None
    held: BookingView | None = None
    experts: tuple[ExpertView, ...] = ()
    assessed: bool = False
    changeable: bool = False


@dataclass(frozen=True, slots=True)
class Rescheduled:
    before: BookingView
    after: BookingView


# --- helpers ------------------------------------------------------------------------------------


async def _person(uow: UnitOfWork, telegram_id: int | None, fallback_name: str,
                  fallback_language: str) -> Person:
    if telegram_id is None:
        return Person(None, fallback_name, fallback_language)
    member = await uow.members.by_telegram_id(telegram_id)
    if member is None:
        return Person(telegram_id, fallback_name, fallback_language)
    return Person(telegram_id, member.display_name or fallback_name, member.language)


async def _expert_person(uow: UnitOfWork, profile: ExpertProfile) -> Person:
    member = await uow.members.by_telegram_id(profile.telegram_id)
    name = profile.display_name or (member.display_name if member else None) or "Expert"
    language = member.language if member else (profile.language_codes or ["it"])[0]
    return Person(profile.telegram_id, name, language)


def _expert_view(profile: ExpertProfile, name: str, matched: Sequence[str] = (),
                 free: int = 0) -> ExpertView:
    assert profile.id is not None
    return ExpertView(profile.id, profile.telegram_id, name, tuple(profile.competence_ids),
                      tuple(profile.language_codes), profile.active, tuple(matched), free)


def _slot_view(slot: ExpertSlot, booking: ExpertBooking | None = None,
               booked_by: str | None = None) -> SlotView:
    assert slot.id is not None
    return SlotView(slot.id, slot.expert_id, slot.starts_at, slot.ends_at,
                    booking.id if booking else None, booked_by)


async def _booking_view(uow: UnitOfWork, booking: ExpertBooking) -> BookingView:
    assert booking.id is not None
    slot = await uow.experts.slot(booking.slot_id)
    assert slot is not None
    profile = await uow.experts.profile(slot.expert_id)
    assert profile is not None
    expert = await _expert_person(uow, profile)
    member = await _person(uow, booking.member_telegram_id, "—", "it")
    return BookingView(booking.id, booking.revision, booking.status,
                       _slot_view(slot, booking, member.name), expert, member, booking.feedback)


async def _active_expert(uow: UnitOfWork, telegram_id: int) -> ExpertProfile:
    await require(uow, telegram_id=telegram_id, role=RoleName.EXPERT)
    profile = await uow.experts.profile_of(telegram_id)
    if profile is None or not profile.active or profile.id is None:
        raise ExpertProblem("not_expert")
    return profile


async def _registered(uow: UnitOfWork, telegram_id: int) -> str:
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
    profile = await uow.experts.profile(slot.expert_id)
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


# --- admin (CLI) -------------------------------------------------------------------------------


def check_competences(competences: Sequence[str]) -> tuple[str, ...]:
    known = {c.id for c in load_framework().competences}
    cleaned = tuple(dict.fromkeys(c.strip() for c in competences if c.strip()))
    if not cleaned or any(c not in known for c in cleaned):
        raise ExpertProblem("bad_competence")
    return cleaned


def check_languages(languages: Sequence[str]) -> tuple[str, ...]:
    cleaned = tuple(dict.fromkeys(c.strip().lower() for c in languages if c.strip()))
    if not cleaned or any(c not in LANGUAGES for c in cleaned):
        raise ExpertProblem("bad_language")
    return cleaned


async def add_expert(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                     competences: Sequence[str], languages: Sequence[str],
                     name: str | None = None) -> tuple[ExpertView, bool]:
    """Grant the expert role with a profile (or update the profile); True if it is new."""
    found = check_competences(competences)
    spoken = check_languages(languages)
    await uow.roles.grant(telegram_id=telegram_id, role=RoleName.EXPERT.value, now=now)
    profile = await uow.experts.profile_of(telegram_id)
    new = profile is None
    if profile is None:
        profile = await uow.experts.add_profile(ExpertProfile(
            telegram_id=telegram_id, created_at=now))
    profile.competences = ",".join(found)
    profile.languages = ",".join(spoken)
    profile.active = True
    if name is not None:
        profile.display_name = " ".join(name.split())[:MAX_NAME] or None
    await uow.session.flush()
    return _expert_view(profile, (await _expert_person(uow, profile)).name), new


async def list_experts(uow: UnitOfWork, *, now: datetime) -> list[tuple[ExpertView, int, int]]:
    """Every expert (removed ones too) with their free and booked future slots."""
    found = []
    for profile in await uow.experts.profiles(active_only=False):
        assert profile.id is not None
        slots = await uow.experts.slots_of(profile.id, ending_after=now)
        booked = sum(1 for _slot, booking in slots if booking is not None)
        found.append((_expert_view(profile, (await _expert_person(uow, profile)).name),
                      len(slots) - booked, booked))
    return found


async def remove_expert(uow: UnitOfWork, *, now: datetime, telegram_id: int
                        ) -> list[BookingView]:
    """The role is revoked and the profile kept inactive; free future slots are removed and
    future bookings cancelled (returned, for their members to be told)."""
    profile = await uow.experts.profile_of(telegram_id)
    if profile is None or not profile.active or profile.id is None:
        raise ExpertProblem("not_expert")
    await uow.roles.revoke(telegram_id=telegram_id, role=RoleName.EXPERT.value)
    profile.active = False
    cancelled = []
    for slot, booking in await uow.experts.slots_of(profile.id, ending_after=now):
        if booking is not None and slot.starts_at > now:
            cancelled.append(await _cancel(uow, booking, now, note="expert removed"))
        if slot.starts_at > now:
            slot.removed_at = now
    await uow.session.flush()
    return cancelled


# --- experts: slots ----------------------------------------------------------------------------


async def add_slot(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                   starts_at: datetime) -> SlotView:
    """An hour from `starts_at`: ahead, and not overlapping the expert's own slots."""
    profile = await _active_expert(uow, telegram_id)
    assert profile.id is not None
    if starts_at <= now:
        raise ExpertProblem("past")
    ends_at = starts_at + SLOT_LENGTH
    own = await uow.experts.slots_of(profile.id, ending_after=now)
    if overlaps(starts_at, ends_at, [(s.starts_at, s.ends_at) for s, _b in own]):
        raise ExpertProblem("overlap")
    slot = await uow.experts.add_slot(ExpertSlot(expert_id=profile.id, starts_at=starts_at,
                                                 ends_at=ends_at, created_at=now))
    return _slot_view(slot)


async def my_slots(uow: UnitOfWork, *, now: datetime, telegram_id: int) -> list[SlotView]:
    """The expert's slots not yet over, each with who booked it."""
    profile = await _active_expert(uow, telegram_id)
    assert profile.id is not None
    found = []
    for slot, booking in await uow.experts.slots_of(profile.id, ending_after=now):
        who = None
        if booking is not None:
            who = (await _person(uow, booking.member_telegram_id, "—", "it")).name
        found.append(_slot_view(slot, booking, who))
    return found


async def remove_slot(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                      slot_id: int) -> SlotView:
    """A free slot of the expert's own, not yet begun, is removed."""
    profile = await _active_expert(uow, telegram_id)
    slot = await uow.experts.slot(slot_id)
    if slot is None or slot.expert_id != profile.id or slot.removed_at is not None:
        raise ExpertProblem("no_slot")
    if slot.starts_at <= now:
        raise ExpertProblem("past")
    if await uow.experts.active_booking_on(slot_id) is not None:
        raise ExpertProblem("booked")
    slot.removed_at = now
    await uow.session.flush()
    return _slot_view(slot)


# --- members: the free hour --------------------------------------------------------------------


async def overview(uow: UnitOfWork, *, now: datetime, telegram_id: int) -> Overview:
    """The member's booking if they hold one (ahead, or already held); otherwise the experts
    who speak their language and have free slots, those matching their weakest competences
    (latest assessment) first."""
    language = await _registered(uow, telegram_id)
    booking = await uow.experts.active_booking_of(telegram_id)
    if booking is not None:
        view = await _booking_view(uow, booking)
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
        free[slot.expert_id] = free.get(slot.expert_id, 0) + 1
    weakest = await weakest_competences(uow, telegram_id=telegram_id)
    ranked = rank_experts([(expert_id, p.competence_ids) for expert_id, p in profiles.items()
                           if expert_id is not None and free.get(expert_id)], weakest)
    found = []
    for match in ranked:
        profile = profiles[match.expert_id]
        found.append(_expert_view(profile, (await _expert_person(uow, profile)).name,
                                  match.matched, free[match.expert_id]))
    return found


async def experts_for(uow: UnitOfWork, *, now: datetime, telegram_id: int) -> list[ExpertView]:
    """The experts a member may book now (for a reschedule too), best match first."""
    language = await _registered(uow, telegram_id)
    return await _experts_for(uow, now=now, telegram_id=telegram_id, language=language)


async def free_slots_of(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                        expert_id: int) -> tuple[ExpertView, list[SlotView]]:
    """An expert's free slots ahead, for a member who speaks one of their languages."""
    language = await _registered(uow, telegram_id)
    profile = await uow.experts.profile(expert_id)
    if profile is None or not profile.active:
        raise ExpertProblem("no_expert")
    if language not in profile.language_codes:
        raise ExpertProblem("language")
    slots = await uow.experts.free_slots([expert_id], starting_after=now)
    return (_expert_view(profile, (await _expert_person(uow, profile)).name, (), len(slots)),
            [_slot_view(s) for s in slots])


async def offer(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                slot_id: int) -> tuple[ExpertView, SlotView]:
    """What the confirm screen shows, checked as the booking will be."""
    language = await _registered(uow, telegram_id)
    slot, profile = await _bookable(uow, now=now, slot_id=slot_id, language=language)
    return _expert_view(profile, (await _expert_person(uow, profile)).name), _slot_view(slot)


async def _hour_in_use(uow: UnitOfWork, telegram_id: int, now: datetime) -> None:
    booking = await uow.experts.active_booking_of(telegram_id)
    if booking is not None:
        slot = await uow.experts.slot(booking.slot_id)
        raise ExpertProblem("used" if slot is not None and slot.ends_at <= now
                            else "has_booking")


async def ensure_free_hour(uow: UnitOfWork, *, now: datetime, telegram_id: int) -> None:
    """Refused if the member is not registered or holds (or has held) their free hour."""
    await _registered(uow, telegram_id)
    await _hour_in_use(uow, telegram_id, now)


async def own_booking(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                      booking_id: int) -> BookingView:
    """The member's own active booking, still before the cut-off (to cancel or move it)."""
    booking, _slot = await _own_active(uow, telegram_id, booking_id, now)
    return await _booking_view(uow, booking)


async def book(uow: UnitOfWork, *, now: datetime, telegram_id: int,
               slot_id: int) -> BookingView:
    """The member's one free hour on the slot, its reminders and feedback scheduled."""
    language = await _registered(uow, telegram_id)
    await _hour_in_use(uow, telegram_id, now)
    slot, _profile = await _bookable(uow, now=now, slot_id=slot_id, language=language)
    try:
        booking = await uow.experts.add_booking(ExpertBooking(
            slot_id=slot_id, member_telegram_id=telegram_id, created_at=now, updated_at=now))
    except IntegrityError as error:  # someone else, at the same moment, on another worker
        await uow.rollback()
        raise _refusal(error) from error
    await _schedule_notices(uow, booking, slot, now)
    return await _booking_view(uow, booking)


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


async def _cancel(uow: UnitOfWork, booking: ExpertBooking, now: datetime, *,
                  note: str) -> BookingView:
    assert booking.id is not None
    await uow.experts.drop_pending_notices(booking.id, now=now, note=note)
    booking.status = BookingStatus.CANCELLED.value
    booking.cancelled_at = booking.updated_at = now
    await uow.session.flush()
    return await _booking_view(uow, booking)


async def cancel(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                 booking_id: int) -> BookingView:
    """Up to the cut-off: the slot is free again and the free hour given back."""
    booking, _slot = await _own_active(uow, telegram_id, booking_id, now)
    return await _cancel(uow, booking, now, note="booking cancelled")


async def reschedule(uow: UnitOfWork, *, now: datetime, telegram_id: int, booking_id: int,
                     slot_id: int) -> Rescheduled:
    """Up to the cut-off, to another free slot (of the same expert or another)."""
    language = await _registered(uow, telegram_id)
    booking, _old = await _own_active(uow, telegram_id, booking_id, now)
    if booking.slot_id == slot_id:
        raise ExpertProblem("same_slot")
    slot, _profile = await _bookable(uow, now=now, slot_id=slot_id, language=language)
    before = await _booking_view(uow, booking)
    assert booking.id is not None
    await uow.experts.drop_pending_notices(booking.id, now=now, note="booking moved")
    booking.slot_id = slot_id
    booking.revision += 1
    booking.updated_at = now
    try:
        await uow.session.flush()
    except IntegrityError as error:
        await uow.rollback()
        raise ExpertProblem("taken") from error
    await _schedule_notices(uow, booking, slot, now)
    return Rescheduled(before, await _booking_view(uow, booking))


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
    return await _booking_view(uow, booking)


# --- the scheduler -----------------------------------------------------------------------------


async def _current(uow: UnitOfWork, params: dict[str, Any]) -> BookingView | None:
    try:
        booking_id, revision = int(params["booking_id"]), int(params["revision"])
    except (KeyError, TypeError, ValueError):
        return None
    booking = await uow.experts.booking(booking_id)
    if booking is None or booking.status != BookingStatus.ACTIVE.value \
            or booking.revision != revision or booking.member_telegram_id is None:
        return None
    return await _booking_view(uow, booking)


async def reminder_for(uow: UnitOfWork, params: dict[str, Any]) -> tuple[BookingView, int] | None:
    """A reminder's booking and minutes, if it still stands as it was when scheduled."""
    view = await _current(uow, params)
    if view is None:
        return None
    return view, int(params.get("minutes", 0))


async def feedback_for(uow: UnitOfWork, params: dict[str, Any]) -> BookingView | None:
    view = await _current(uow, params)
    return view if view is not None and view.feedback is None else None


# --- privacy -----------------------------------------------------------------------------------


async def export_of(uow: UnitOfWork, telegram_id: int) -> list[dict[str, Any]]:
    """The member's bookings, for /mydata."""
    return [{"booking_id": booking.id, "expert": (await _expert_person(uow, profile)).name,
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
            cancelled.append(await _cancel(uow, booking, now, note="member erased"))
        booking.member_telegram_id = None
    await uow.session.flush()
    return cancelled


@dataclass(frozen=True, slots=True)
class HourFreedByErasure:
    """A member erased themselves with an hour booked ahead: its expert is to be told."""

    booking: BookingView
    now: datetime


async def show_person(uow: UnitOfWork, person: personal.Person) -> Shown:
    return {"expert_hour_bookings": await export_of(uow, person.telegram_id)}


async def erase_person(uow: UnitOfWork, person: personal.Person, now: datetime) -> None:
    for booking in await forget_member(uow, now=now, telegram_id=person.telegram_id):
        uow.emit(HourFreedByErasure(booking, now))
