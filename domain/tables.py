"""Territorial tables: when a team meets, read from what a designer types, and how it recurs.

Why this module exists: a designer writes the date of a meeting the way people talk — "giovedì
18:00", "3/12 ore 18", "domani alle 17", "next Thursday 6pm" — and general-purpose parsers read
these wrongly ("3/12 ore 18" as the year 2118, "domani alle 17" as 10:00). This is a small
parser of its own: the day is read by ``domain.days`` (shared with a need's deadline), the time
of day here, and it never guesses — a date without a time, or a time without a date, is asked again
(with the part that was understood kept, so the next answer can complete it).

Plain Python: no aiogram, no SQL. Times are Europe/Rome wall-clock; ``now`` is passed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from holidays.countries.italy import Italy

from domain.calendar import ROME
from domain.days import BAD_DAY, Reader, normalize_text, read_day

__all__ = [
    "AskAgain", "AskCode", "Recurrence", "RecurrenceKind", "When", "WarningCode",
    "holiday_name", "next_dates", "parse_when", "warnings_for",
]

AskCode = Literal["unreadable", "no_time", "no_date", "bad_date", "bad_time", "past"]
WarningCode = Literal["holiday", "unlikely_hour"]
RecurrenceKind = Literal["none", "weekly", "monthly"]

UNLIKELY_BEFORE = 7  # 00:00–06:59 is an unlikely hour for a meeting


@dataclass(frozen=True, slots=True)
class When:
    """A moment read in full: ``at`` is aware (Europe/Rome); ``warnings`` to show before confirming."""

    at: datetime
    warnings: tuple[WarningCode, ...] = ()
    holiday: str | None = None


@dataclass(frozen=True, slots=True)
class AskAgain:
    """Why the text is not yet a moment; ``day``/``hour`` keep what was understood."""

    code: AskCode
    day: date | None = None
    hour: time | None = None


_EVENING = {"sera", "stasera", "pomeriggio", "evening", "afternoon", "tonight", "pm"}
_RE_TIME_AMPM = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)\b")
_RE_TIME_COLON = re.compile(r"\b(\d{1,2})[:.](\d{2})\b|\b(\d{1,2})h(\d{2})?\b")
_RE_TIME_KEYWORD = re.compile(r"\b(?:alle|ore|at|h|dalle)\s+(\d{1,2})\b(?!\s*[/-])")
_RE_NOON = re.compile(r"\b(mezzogiorno|noon|mezzanotte|midnight)\b")


def _read_time(reader: Reader, evening: bool) -> time | AskAgain | None:
    hour: int | None = None
    minute = 0
    if (m := reader.take(_RE_NOON)) is not None:
        return time(12) if m[1] in ("mezzogiorno", "noon") else time(0)
    if (m := reader.take(_RE_TIME_AMPM)) is not None:
        hour, minute = int(m[1]), int(m[2] or 0)
        if not 1 <= hour <= 12:
            return AskAgain("bad_time")
        hour = hour % 12 + (12 if m[3] == "pm" else 0)
        evening = False
    elif (m := reader.take(_RE_TIME_COLON)) is not None:
        hour = int(m[1] if m[1] is not None else m[3])
        minute = int(m[2] if m[1] is not None else (m[4] or 0))
    elif (m := reader.take(_RE_TIME_KEYWORD)) is not None:
        hour = int(m[1])
    if hour is None:
        return None
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return AskAgain("bad_time")
    if evening and 1 <= hour < 12:
        hour += 12  # "alle 6 di sera", "6 in the evening"
    return time(hour, minute)


def holiday_name(day: date, language: str = "it") -> str | None:
    """The Italian public holiday on ``day``, named in ``language`` ("it" or "en"), or None."""
    calendar = Italy(  # type: ignore[no-untyped-call]
        years=day.year, language="it_IT" if language == "it" else "en_US")
    name = calendar.get(day)
    return str(name) if name is not None else None


def warnings_for(at: datetime) -> tuple[WarningCode, ...]:
    local = at.astimezone(ROME)
    found: list[WarningCode] = []
    if holiday_name(local.date()) is not None:
        found.append("holiday")
    if local.hour < UNLIKELY_BEFORE:
        found.append("unlikely_hour")
    return tuple(found)


def parse_when(text: str, *, now: datetime, day: date | None = None,
               hour: time | None = None) -> When | AskAgain:
    """Read a meeting's date and time; ``day``/``hour`` complete a previous partial answer."""
    normalized = normalize_text(text)
    if not normalized:
        return AskAgain("unreadable", day=day, hour=hour)
    if day is not None and re.fullmatch(r"\d{1,2}", normalized):
        normalized = f"alle {normalized}"  # the hour alone, answering "at what time?"
    reader = Reader(normalized)
    today = now.astimezone(ROME).date()
    evening = any(word in _EVENING for word in re.findall(r"[a-z]+", normalized))
    named = read_day(reader, today)  # the one day reader, shared with deadlines
    if named == BAD_DAY:
        return AskAgain("bad_date")
    named_day = named if isinstance(named, date) else None
    read_time = _read_time(reader, evening)
    if isinstance(read_time, AskAgain):
        return AskAgain(read_time.code, day=named_day or day)
    if reader.leftover():
        return AskAgain("unreadable", day=day, hour=hour)
    if named_day is None and read_time is None:
        return AskAgain("unreadable", day=day, hour=hour)
    the_day = named_day or day
    the_time = read_time or hour
    if the_day is None:
        return AskAgain("no_date", hour=the_time)
    if the_time is None:
        return AskAgain("no_time", day=the_day)
    if reader.plain_weekday_today and datetime.combine(today, the_time, tzinfo=ROME) <= now:
        the_day = the_day + timedelta(days=7)  # "giovedì 18:00" typed on a Thursday evening
    at = datetime.combine(the_day, the_time, tzinfo=ROME)
    if at <= now:
        return AskAgain("past", day=the_day, hour=the_time)
    return When(at=at, warnings=warnings_for(at), holiday=holiday_name(the_day))


# --------------------------------------------------------------------------------------------
# Recurrence
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Recurrence:
    """How a table repeats: none, every week, or monthly on the same weekday (e.g. first Thursday).

    ``monthly`` keeps the ordinal of the first date's weekday in its month (1st..4th; a fifth
    becomes "the last"), and the wall-clock time in Rome across daylight-saving changes.
    """

    kind: RecurrenceKind = "none"

    def ordinal(self, first: datetime) -> int:
        """1..4, or -1 for the last such weekday of the month."""
        local = first.astimezone(ROME)
        nth = (local.day - 1) // 7 + 1
        return -1 if nth == 5 else nth


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    if nth == -1:
        last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def next_dates(first: datetime, rule: Recurrence, count: int) -> list[datetime]:
    """The ``count`` occurrences after ``first`` (not including it), aware in Europe/Rome."""
    local = first.astimezone(ROME)
    wall = local.time().replace(tzinfo=None)
    found: list[datetime] = []
    if rule.kind == "weekly":
        for n in range(1, count + 1):
            found.append(datetime.combine(local.date() + timedelta(days=7 * n), wall, tzinfo=ROME))
    elif rule.kind == "monthly":
        nth = rule.ordinal(first)
        year, month = local.year, local.month
        while len(found) < count:
            month += 1
            if month > 12:
                year, month = year + 1, 1
            day = _nth_weekday(year, month, local.weekday(), nth)
            found.append(datetime.combine(day, wall, tzinfo=ROME))
    return found
