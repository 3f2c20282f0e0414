"""Territorial tables: when a team meets, read from what a designer types, and how it recurs.

Why this module exists: a designer writes the date of a meeting the way people talk — "giovedì
18:00", "3/12 ore 18", "domani alle 17", "next Thursday 6pm" — and general-purpose parsers read
these wrongly ("3/12 ore 18" as the year 2118, "domani alle 17" as 10:00). This is a small
parser of its own: regexes and word tables in Italian and English, day before month (the Italian
order), and it never guesses — a date without a time, or a time without a date, is asked again
(with the part that was understood kept, so the next answer can complete it).

Plain Python: no aiogram, no SQL. Times are Europe/Rome wall-clock; ``now`` is passed in.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from holidays.countries.italy import Italy

from domain.calendar import ROME

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


# --------------------------------------------------------------------------------------------
# Word tables
# --------------------------------------------------------------------------------------------

_WEEKDAYS = {
    "lunedi": 0, "lun": 0, "martedi": 1, "mar": 1, "mercoledi": 2, "mer": 2, "giovedi": 3,
    "gio": 3, "venerdi": 4, "ven": 4, "sabato": 5, "sab": 5, "domenica": 6, "dom": 6,
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}
_MONTHS = {
    "gennaio": 1, "gen": 1, "febbraio": 2, "feb": 2, "marzo": 3, "aprile": 4, "apr": 4,
    "maggio": 5, "mag": 5, "giugno": 6, "giu": 6, "luglio": 7, "lug": 7, "agosto": 8, "ago": 8,
    "settembre": 9, "set": 9, "sett": 9, "ottobre": 10, "ott": 10, "novembre": 11, "nov": 11,
    "dicembre": 12, "dic": 12,
    "january": 1, "jan": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9,
    "sept": 9, "october": 10, "oct": 10, "november": 11, "december": 12, "dec": 12,
}
_NUMBERS = {
    "un": 1, "uno": 1, "una": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6,
    "sette": 7, "otto": 8, "nove": 9, "dieci": 10,
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}
_UNITS = {
    "giorno": 1, "giorni": 1, "day": 1, "days": 1,
    "settimana": 7, "settimane": 7, "week": 7, "weeks": 7,
}
_RELATIVE_DAYS = {
    "oggi": 0, "today": 0, "stasera": 0, "tonight": 0, "domani": 1, "tomorrow": 1,
    "dopodomani": 2, "ieri": -1, "yesterday": -1,
}
_EVENING = {"sera", "stasera", "pomeriggio", "evening", "afternoon", "tonight", "pm"}
_FILLER = {
    "alle", "ore", "h", "at", "il", "on", "di", "del", "della", "the", "of", "le", "l", "a",
    "per", "dalle", "from", "around", "verso", "circa", "e", "and", "in", "da", "this",
    "questo", "questa", "sera", "pomeriggio", "mattina", "evening", "afternoon", "morning",
    "stasera", "tonight", "prossimo", "prossima", "next", "giorno", "day", "after", "st", "nd",
    "rd", "th", "hours", "hrs",
}

_NUM_WORDS = "|".join(sorted(_NUMBERS, key=len, reverse=True))
_UNIT_WORDS = "|".join(sorted(_UNITS, key=len, reverse=True))
_MONTH_WORDS = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_WORDS = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))

_RE_IN = re.compile(rf"\b(?:tra|fra|in)\s+(\d{{1,3}}|{_NUM_WORDS})\s+({_UNIT_WORDS})\b")
_RE_DAY_AFTER = re.compile(r"\b(?:the\s+)?day\s+after\s+tomorrow\b")
_RE_NUMERIC_DATE = re.compile(r"\b(\d{1,2})\s*[/-]\s*(\d{1,2})(?:\s*[/-]\s*(\d{2,4}))?\b")
_RE_DOTTED_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{2,4})\b")
_RE_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_WORDS})\.?(?:\s+(\d{{4}}))?\b")
_RE_MONTH_DAY = re.compile(
    rf"\b({_MONTH_WORDS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,?\s*(\d{{4}}))?\b")
_RE_WEEKDAY = re.compile(rf"\b(next\s+)?({_WEEKDAY_WORDS})\b(\s+prossim[oa])?")
_RE_RELATIVE = re.compile(r"\b(" + "|".join(_RELATIVE_DAYS) + r")\b")
_RE_TIME_AMPM = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)\b")
_RE_TIME_COLON = re.compile(r"\b(\d{1,2})[:.](\d{2})\b|\b(\d{1,2})h(\d{2})?\b")
_RE_TIME_KEYWORD = re.compile(r"\b(?:alle|ore|at|h|dalle)\s+(\d{1,2})\b(?!\s*[/-])")
_RE_NOON = re.compile(r"\b(mezzogiorno|noon|mezzanotte|midnight)\b")


def _normalize(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[,;']", " ", plain).strip()


class _Reader:
    """Takes recognised pieces out of the text; what is left must be filler words."""

    def __init__(self, text: str) -> None:
        self.text = f" {text} "
        self.plain_weekday_today = False

    def take(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        match = pattern.search(self.text)
        if match is not None:
            self.text = self.text[: match.start()] + " " + self.text[match.end():]
        return match

    def leftover(self) -> list[str]:
        return [w for w in re.findall(r"[a-z0-9]+", self.text) if w not in _FILLER]


def _year_of(raw: str | None) -> int | None:
    if raw is None:
        return None
    value = int(raw)
    return value + 2000 if len(raw) == 2 else value


def _next_day_month(day: int, month: int, today: date) -> date | None:
    for year in range(today.year, today.year + 9):  # 29/02 may be years away
        try:
            candidate = date(year, month, day)
        except ValueError:
            if not (1 <= month <= 12 and 1 <= day <= 31):
                return None
            continue
        if candidate >= today:
            return candidate
    return None


def _read_date(reader: _Reader, today: date) -> date | AskAgain | None:
    """The day named in the text, an error, or None when no day is named."""
    if (m := reader.take(_RE_IN)) is not None:
        count = int(m[1]) if m[1].isdigit() else _NUMBERS[m[1]]
        return today + timedelta(days=count * _UNITS[m[2]])
    if reader.take(_RE_DAY_AFTER) is not None:
        return today + timedelta(days=2)
    calendar = _read_calendar_day(reader, today)
    if calendar is not None:
        named = reader.take(_RE_WEEKDAY)  # "lun 14 dic": the weekday must agree
        if isinstance(calendar, date) and named is not None and (
                _WEEKDAYS[named[2]] != calendar.weekday()):
            return AskAgain("bad_date")
        return calendar
    if (m := reader.take(_RE_RELATIVE)) is not None:
        return today + timedelta(days=_RELATIVE_DAYS[m[1]])
    if (m := reader.take(_RE_WEEKDAY)) is not None:
        ahead = (_WEEKDAYS[m[2]] - today.weekday()) % 7
        if ahead == 0 and (m[1] or m[3]):
            ahead = 7  # "next Thursday" said on a Thursday is a week away
        reader.plain_weekday_today = ahead == 0
        return today + timedelta(days=ahead)
    return None


def _read_calendar_day(reader: _Reader, today: date) -> date | AskAgain | None:
    for pattern in (_RE_DOTTED_DATE, _RE_NUMERIC_DATE):
        if (m := reader.take(pattern)) is not None:
            return _calendar_day(int(m[1]), int(m[2]), _year_of(m[3]), today)
    if (m := reader.take(_RE_DAY_MONTH)) is not None:
        return _calendar_day(int(m[1]), _MONTHS[m[2]], _year_of(m[3]), today)
    if (m := reader.take(_RE_MONTH_DAY)) is not None:
        return _calendar_day(int(m[2]), _MONTHS[m[1]], _year_of(m[3]), today)
    return None


def _calendar_day(day: int, month: int, year: int | None, today: date) -> date | AskAgain:
    if year is None:
        found = _next_day_month(day, month, today)
        return found if found is not None else AskAgain("bad_date")
    try:
        return date(year, month, day)
    except ValueError:
        return AskAgain("bad_date")


def _read_time(reader: _Reader, evening: bool) -> time | AskAgain | None:
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
    normalized = _normalize(text)
    if not normalized:
        return AskAgain("unreadable", day=day, hour=hour)
    if day is not None and re.fullmatch(r"\d{1,2}", normalized):
        normalized = f"alle {normalized}"  # the hour alone, answering "at what time?"
    reader = _Reader(normalized)
    today = now.astimezone(ROME).date()
    evening = any(word in _EVENING for word in re.findall(r"[a-z]+", normalized))
    read_day = _read_date(reader, today)
    if isinstance(read_day, AskAgain):
        return read_day
    read_time = _read_time(reader, evening)
    if isinstance(read_time, AskAgain):
        return AskAgain(read_time.code, day=read_day or day)
    if reader.leftover():
        return AskAgain("unreadable", day=day, hour=hour)
    if read_day is None and read_time is None:
        return AskAgain("unreadable", day=day, hour=hour)
    the_day = read_day or day
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
