"""The free expert hour's plain rules: reading a slot's day and time as an expert types it
(Europe/Rome), slots that overlap, which experts suit a member first, and the change cut-off."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from domain.calendar import ROME

SLOT_LENGTH = timedelta(hours=1)
CHANGE_CUTOFF = timedelta(hours=12)  # cancel or reschedule up to this long before the start
MAX_AHEAD = timedelta(days=366)

# "10/12 15:00", "10/12/2026 15:00", "10.12.26 15.30", "2026-12-10 15:00", "2026-12-10T15:00"
_DAY_FIRST = re.compile(
    r"^\s*(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?\s*(?:,|\s)\s*(?:ore\s+|at\s+)?"
    r"(\d{1,2})(?:[:.](\d{2}))?\s*$", re.IGNORECASE)
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})[T\s](\d{1,2}):(\d{2})\s*$")


class SlotTimeError(ValueError):
    """A typed time refused: ``code`` is "format", "date", "past" or "too_far"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _local(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    try:
        return datetime(year, month, day, hour, minute, tzinfo=ROME)
    except ValueError as error:
        raise SlotTimeError("date") from error


def parse_slot_time(text: str, *, now: datetime) -> datetime:
    """The start of a slot typed in Rome time, as aware UTC. Without a year, the first such day
    not yet past. Refused: unreadable, no such day or hour, past, more than a year ahead."""
    iso = _ISO.match(text)
    if iso:
        year, month, day, hour, minute = (int(g) for g in iso.groups())
        moment = _local(year, month, day, hour, minute)
    else:
        found = _DAY_FIRST.match(text)
        if not found:
            raise SlotTimeError("format")
        day, month = int(found[1]), int(found[2])
        hour, minute = int(found[4]), int(found[5] or 0)
        if found[3]:
            year = int(found[3]) + (2000 if len(found[3]) == 2 else 0)
            moment = _local(year, month, day, hour, minute)
        else:
            this_year = now.astimezone(ROME).year
            moment = _local(this_year, month, day, hour, minute)
            if moment <= now:
                moment = _local(this_year + 1, month, day, hour, minute)
    if moment.astimezone(UTC).astimezone(ROME).replace(tzinfo=None) != moment.replace(tzinfo=None):
        raise SlotTimeError("date")  # an hour skipped by the change to summer time
    start = moment.astimezone(UTC)
    if start <= now:
        raise SlotTimeError("past")
    if start - now > MAX_AHEAD:
        raise SlotTimeError("too_far")
    return start


def overlaps(start: datetime, end: datetime, others: Sequence[tuple[datetime, datetime]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in others)


def can_change(starts_at: datetime, now: datetime, cutoff: timedelta = CHANGE_CUTOFF) -> bool:
    """A booking can be cancelled or moved until `cutoff` before its start."""
    return now < starts_at - cutoff


@dataclass(frozen=True, slots=True)
class Match:
    expert_id: int
    matched: tuple[str, ...]  # the member's weakest competences this expert covers, weakest first


def rank_experts(experts: Sequence[tuple[int, Sequence[str]]], weakest: Sequence[str]
                 ) -> list[Match]:
    """Experts (id, competences) in the order a member should see them: those covering the
    member's weakest competence first, then the next weakest, and so on (more matches first on a
    tie); the others after, in the order given."""
    position = {competence: index for index, competence in enumerate(weakest)}
    ranked = []
    for order, (expert_id, competences) in enumerate(experts):
        matched = tuple(sorted((c for c in competences if c in position), key=position.__getitem__))
        key = (position[matched[0]] if matched else len(weakest), -len(matched), order)
        ranked.append((key, Match(expert_id, matched)))
    return [match for _key, match in sorted(ranked, key=lambda item: item[0])]


# --- how an expert meets: a place, a video link, or a call in the chat ---------------------------

MEETING_KINDS = ("place", "video", "chat")
MAX_PLACE = 200
MAX_LINK = 300


@dataclass(frozen=True, slots=True)
class Meeting:
    """How the hour happens: ``kind`` "place" (``detail``: the address as typed), "video"
    (``detail``: an http(s) link) or "chat" (the expert calls in the Telegram chat)."""

    kind: str
    detail: str | None = None

    @property
    def place(self) -> str | None:
        return self.detail if self.kind == "place" else None

    @property
    def link(self) -> str | None:
        return self.detail if self.kind == "video" else None


class MeetingError(ValueError):
    """Why a typed meeting is refused: "bad_kind", "no_place", "long_place", "bad_link"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


_LINK = re.compile(r"https?://[^\s/?#<>\"']+\.[^\s/?#<>\"']+(?:[/?#][^\s<>\"]*)?", re.IGNORECASE)


def check_meeting(kind: str, detail: str | None = None) -> Meeting:
    """The meeting as it will be stored, or ``MeetingError``: a place of some letters (spaces
    folded), a link only with http or https and a host (no other scheme can hide in a button
    or a calendar), nothing for a call in the chat."""
    if kind not in MEETING_KINDS:
        raise MeetingError("bad_kind")
    if kind == "chat":
        return Meeting("chat")
    text = " ".join((detail or "").split())
    if kind == "place":
        if sum(c.isalnum() for c in text) < 3:
            raise MeetingError("no_place")
        if len(text) > MAX_PLACE:
            raise MeetingError("long_place")
        return Meeting("place", text)
    if len(text) > MAX_LINK or not _LINK.fullmatch(text):
        raise MeetingError("bad_link")
    return Meeting("video", text)


def meeting_of(kind: str | None, detail: str | None) -> Meeting | None:
    """The stored meeting (None: the expert has not said yet)."""
    return Meeting(kind, detail) if kind in MEETING_KINDS else None
