"""Experts and their hours: the profile granted with the role from the CLI (competences,
languages, a name), listed and removed; the hours an expert publishes (/slots or the CLI),
listed with who booked them, and removed while free."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.services.expert.booking import cancel_booking
from bot.services.expert.events import ExpertGone, SlotPublished, SlotWithdrawn
from bot.services.expert.views import (
    GONE,
    BookingView,
    ExpertProblem,
    ExpertView,
    SlotView,
    expert_person,
    expert_view,
    member_person,
    slot_view,
)
from bot.services.roles import grant, require, revoke
from domain.assessment import load_framework
from domain.expert import SLOT_LENGTH, Meeting, MeetingError, check_meeting, meeting_of, overlaps
from storage.models import ExpertProfile, ExpertSlot, RoleName
from storage.uow import UnitOfWork

LANGUAGES = ("it", "en")
MAX_NAME = 64


async def active_expert(uow: UnitOfWork, telegram_id: int) -> ExpertProfile:
    await require(uow, telegram_id=telegram_id, role=RoleName.EXPERT)
    profile = await uow.experts.profile_of(telegram_id)
    if profile is None or not profile.active or profile.id is None:
        raise ExpertProblem("not_expert")
    return profile


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
                     name: str | None = None, by: int | None = None,
                     menu: bool = True) -> tuple[ExpertView, bool]:
    """Grant the expert role with a profile (or update the profile); True if it is new.
    `by`: the admin doing it, for the audit trail. `menu`: the person's menu follows
    (`RolesChanged`); the demo data, loaded before anyone's chat exists, leaves it to the
    refresh at start."""
    found = check_competences(competences)
    spoken = check_languages(languages)
    await grant(uow, telegram_id=telegram_id, role=RoleName.EXPERT.value, team_id=None,
                territory_code=None, now=now, by=by, menu=menu)
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
    return expert_view(profile, (await expert_person(uow, profile)).name), new


async def list_experts(uow: UnitOfWork, *, now: datetime) -> list[tuple[ExpertView, int, int]]:
    """Every expert (removed ones too) with their free and booked future slots."""
    found = []
    for profile in await uow.experts.profiles(active_only=False):
        assert profile.id is not None
        slots = await uow.experts.slots_of(profile.id, ending_after=now)
        booked = sum(1 for _slot, booking in slots if booking is not None)
        found.append((expert_view(profile, (await expert_person(uow, profile)).name),
                      len(slots) - booked, booked))
    return found


async def remove_expert(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                        by: int | None = None) -> list[BookingView]:
    """The role is revoked and the profile kept inactive; free future slots are removed and
    future bookings cancelled, their members told (`ExpertGone`); the cancelled bookings are
    returned (the CLI counts them)."""
    profile = await uow.experts.profile_of(telegram_id)
    if profile is None or not profile.active or profile.id is None:
        raise ExpertProblem("not_expert")
    await revoke(uow, telegram_id=telegram_id, role=RoleName.EXPERT.value, team_id=None,
                 territory_code=None, now=now, by=by)
    profile.active = False
    cancelled = []
    for slot, booking in await uow.experts.slots_of(profile.id, ending_after=now):
        if booking is not None and slot.starts_at > now:
            view = await cancel_booking(uow, booking, now, note="expert removed")
            uow.emit(ExpertGone(view, now))
            cancelled.append(view)
        if slot.starts_at > now:
            slot.removed_at = now
    await uow.session.flush()
    return cancelled


# --- experts: slots ----------------------------------------------------------------------------


async def add_slot(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                   starts_at: datetime) -> SlotView:
    """An hour from `starts_at`: ahead, and not overlapping the expert's own slots."""
    profile = await active_expert(uow, telegram_id)
    assert profile.id is not None
    if starts_at <= now:
        raise ExpertProblem("past")
    ends_at = starts_at + SLOT_LENGTH
    own = await uow.experts.slots_of(profile.id, ending_after=now)
    if overlaps(starts_at, ends_at, [(s.starts_at, s.ends_at) for s, _b in own]):
        raise ExpertProblem("overlap")
    slot = await uow.experts.add_slot(ExpertSlot(expert_id=profile.id, starts_at=starts_at,
                                                 ends_at=ends_at, created_at=now))
    assert slot.id is not None
    uow.emit(SlotPublished(slot.id, starts_at, now, by=telegram_id))
    return slot_view(slot)


async def my_slots(uow: UnitOfWork, *, now: datetime, telegram_id: int) -> list[SlotView]:
    """The expert's slots not yet over, each with who booked it."""
    profile = await active_expert(uow, telegram_id)
    assert profile.id is not None
    found = []
    for slot, booking in await uow.experts.slots_of(profile.id, ending_after=now):
        who = None
        if booking is not None:
            who = (await member_person(uow, booking.member_telegram_id, GONE, "it")).name
        found.append(slot_view(slot, booking, who))
    return found


async def remove_slot(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                      slot_id: int) -> SlotView:
    """A free slot of the expert's own, not yet begun, is removed."""
    profile = await active_expert(uow, telegram_id)
    slot = await uow.experts.slot(slot_id)
    if slot is None or slot.expert_id != profile.id or slot.removed_at is not None:
        raise ExpertProblem("no_slot")
    if slot.starts_at <= now:
        raise ExpertProblem("past")
    if await uow.experts.active_booking_on(slot_id) is not None:
        raise ExpertProblem("booked")
    slot.removed_at = now
    await uow.session.flush()
    uow.emit(SlotWithdrawn(slot_id, slot.starts_at, now, by=telegram_id))
    return slot_view(slot)


# --- experts: how they meet ------------------------------------------------------------------


async def my_meeting(uow: UnitOfWork, *, telegram_id: int) -> Meeting | None:
    """How the expert said they meet (None: not yet)."""
    profile = await active_expert(uow, telegram_id)
    return meeting_of(profile.meeting, profile.meeting_detail)


async def set_meeting(uow: UnitOfWork, *, telegram_id: int, kind: str,
                      detail: str | None = None) -> Meeting:
    """The expert says how their hours happen (a place, a video link, a call in the chat),
    checked by ``domain.expert.check_meeting``; ``ExpertProblem`` with its code otherwise.
    Bookings show it from then on (confirmations, reminders, the calendar file)."""
    profile = await active_expert(uow, telegram_id)
    try:
        meeting = check_meeting(kind, detail)
    except MeetingError as problem:
        raise ExpertProblem(problem.code) from None
    profile.meeting, profile.meeting_detail = meeting.kind, meeting.detail
    uow.session.add(profile)
    await uow.session.flush()
    return meeting
