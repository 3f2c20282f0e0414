"""What the expert hour's use cases return, and how they are read from the rows: views of an
expert, a slot and a booking (each person with the name and language the bot words them in),
and the refusal a person should hear (``ExpertProblem``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from domain.expert import Meeting, meeting_of
from storage.models import ExpertBooking, ExpertProfile, ExpertSlot
from storage.uow import UnitOfWork


class ExpertProblem(Exception):
    """A use case refused for a reason the person should know: ``code`` says which
    ("not_expert", "not_member", "no_expert", "no_slot", "past", "overlap", "booked", "taken",
    "has_booking", "used", "language", "no_booking", "cutoff", "not_over", "bad_score",
    "already_rated", "bad_competence", "bad_language", "same_slot"; and a meeting's
    "bad_kind", "no_place", "long_place", "bad_link")."""

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
    expert_id: int | None  # None: a booked hour of an expert who erased their data
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
    meeting: Meeting | None = None  # how the expert meets (None: not said)

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


GONE = "—"
"""The name in a view of someone who erased their data (the member of a held hour, its expert)."""


async def member_person(uow: UnitOfWork, telegram_id: int | None, fallback_name: str,
                        fallback_language: str) -> Person:
    if telegram_id is None:
        return Person(None, fallback_name, fallback_language)
    member = await uow.members.by_telegram_id(telegram_id)
    if member is None:
        return Person(telegram_id, fallback_name, fallback_language)
    return Person(telegram_id, member.display_name or fallback_name, member.language)


async def expert_person(uow: UnitOfWork, profile: ExpertProfile) -> Person:
    member = await uow.members.by_telegram_id(profile.telegram_id)
    name = profile.display_name or (member.display_name if member else None) or "Expert"
    language = member.language if member else (profile.language_codes or ["it"])[0]
    return Person(profile.telegram_id, name, language)


def expert_view(profile: ExpertProfile, name: str, matched: Sequence[str] = (),
                free: int = 0) -> ExpertView:
    assert profile.id is not None
    return ExpertView(profile.id, profile.telegram_id, name, tuple(profile.competence_ids),
                      tuple(profile.language_codes), profile.active, tuple(matched), free)


def slot_view(slot: ExpertSlot, booking: ExpertBooking | None = None,
              booked_by: str | None = None) -> SlotView:
    assert slot.id is not None
    return SlotView(slot.id, slot.expert_id, slot.starts_at, slot.ends_at,
                    booking.id if booking else None, booked_by)


async def booking_view(uow: UnitOfWork, booking: ExpertBooking) -> BookingView:
    assert booking.id is not None
    slot = await uow.experts.slot(booking.slot_id)
    assert slot is not None
    profile = None if slot.expert_id is None else await uow.experts.profile(slot.expert_id)
    expert = Person(None, GONE, "it") if profile is None else await expert_person(uow, profile)
    member = await member_person(uow, booking.member_telegram_id, GONE, "it")
    meeting = None if profile is None else meeting_of(profile.meeting, profile.meeting_detail)
    return BookingView(booking.id, booking.revision, booking.status,
                       slot_view(slot, booking, member.name), expert, member, booking.feedback,
                       meeting)
