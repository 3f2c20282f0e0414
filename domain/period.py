"""A period of whole days (Europe/Rome) that a report, an export or a statement covers.

The presets a person picks with a button ("this month", "last month", "the last 3 months",
"this year") and the periods people type, in Italian and English:

    "dal 1/3 al 31/5", "1/3/2026 - 31/5/2026", "from 1 March to 31 May"
    "da marzo a maggio", "from March to May", "marzo", "March 2026"
    "2026", "this year", "quest'anno", "last month", "il mese scorso"

A period compares with the one before it of the same length (`previous`): from a month's first
day, the same days as many months before; otherwise as many days just before. Its bounds in UTC
(`utc_bounds`) follow the Rome calendar, so a day across the change to summer time is 23 hours
long and nothing of it is lost or counted twice.

Plain Python: no aiogram, no SQL; ``today`` is passed in.
"""

from __future__ import annotations

import calendar as _calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from domain.calendar import ROME
from domain.days import normalize_text

__all__ = ["PRESETS", "Period", "PresetName", "parse_period", "preset"]

PresetName = Literal["this_month", "last_month", "last_3_months", "this_year"]
PRESETS: tuple[PresetName, ...] = ("this_month", "last_month", "last_3_months", "this_year")

#: The longest period a person may ask for (a report over decades says nothing).
LONGEST_DAYS = 366 * 5


@dataclass(frozen=True, slots=True)
class Period:
    """From `start` to `end`, both days included (Europe/Rome calendar days)."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"a period ends before it starts: {self.start} > {self.end}")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period to compare with: from a month's first day, the same days as many months
        before (a whole month with the month before, 1–7 December with 1–7 November, this
        year so far with last year to the same day); any other period, as many days just
        before it."""
        if self.start.day == 1:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            first = _add_months(self.start, -months)
            if self.end == _month_end(self.end):
                return Period(first, self.start - timedelta(days=1))
            last_month = _add_months(self.end.replace(day=1), -months)
            return Period(first, last_month.replace(day=min(self.end.day,
                                                             _month_end(last_month).day)))
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[from, to) in UTC: midnight in Rome of the first day, midnight in Rome after the last."""
        start = datetime.combine(self.start, time(0), tzinfo=ROME).astimezone(UTC)
        end = datetime.combine(self.end + timedelta(days=1), time(0), tzinfo=ROME).astimezone(UTC)
        return start, end

    def contains(self, moment: datetime) -> bool:
        start, end = self.utc_bounds()
        return start <= moment < end

    def key(self) -> str:
        """A short stable text for a button or a file name: ``20260301-20260531``."""
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"

    @classmethod
    def from_key(cls, key: str) -> Period | None:
        match = re.fullmatch(r"(\d{8})-(\d{8})", key)
        if match is None:
            return None
        try:
            start = datetime.strptime(match.group(1), "%Y%m%d").date()
            end = datetime.strptime(match.group(2), "%Y%m%d").date()
            return cls(start, end)
        except ValueError:
            return None


def _month_end(day: date) -> date:
    return day.replace(day=_calendar.monthrange(day.year, day.month)[1])


def _add_months(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def chosen(choice: str, today: date) -> Period | None:
    """The period a button names: a preset around ``today`` (a Rome calendar day), or a
    period's key; None for anything else, or a key longer than ``LONGEST_DAYS`` (a forged
    button asking for decades)."""
    if choice in PRESETS:
        return preset(choice, today)
    period = Period.from_key(choice)
    return period if period is not None and period.days <= LONGEST_DAYS else None


def preset(name: PresetName, today: date) -> Period:
    """A preset period around ``today`` (a Rome calendar day); "this month" and "this year" end
    today (the figures of days not yet lived would all be zero)."""
    if name == "this_month":
        return Period(today.replace(day=1), today)
    if name == "last_month":
        first = _add_months(today.replace(day=1), -1)
        return Period(first, _month_end(first))
    if name == "last_3_months":
        first = _add_months(today.replace(day=1), -3)
        return Period(first, today.replace(day=1) - timedelta(days=1))
    if name == "this_year":
        return Period(date(today.year, 1, 1), today)
    raise ValueError(name)


_MONTHS = {
    "gennaio": 1, "gen": 1, "febbraio": 2, "feb": 2, "marzo": 3, "mar": 3, "aprile": 4,
    "apr": 4, "maggio": 5, "mag": 5, "giugno": 6, "giu": 6, "luglio": 7, "lug": 7, "agosto": 8,
    "ago": 8, "settembre": 9, "set": 9, "sett": 9, "ottobre": 10, "ott": 10, "novembre": 11,
    "nov": 11, "dicembre": 12, "dic": 12,
    "january": 1, "jan": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "december": 12, "dec": 12,
}
_MONTH_WORD = "|".join(sorted(_MONTHS, key=len, reverse=True))
_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDED = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:of\s+)?({_MONTH_WORD})(?:\s+(\d{{4}}))?$")
_WORDED_EN = re.compile(rf"^({_MONTH_WORD})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(\d{{4}}))?$")
_MONTH_ONLY = re.compile(rf"^({_MONTH_WORD})(?:\s+(\d{{4}}))?$")
_YEAR = re.compile(r"^(\d{4})$")
_LEAD = re.compile(r"^(?:dal|dall|da|from|between|tra|fra)\b\s*")
_SEPARATOR = re.compile(r"\s(?:al|allo|a|to|until|till|and|e)\s|\s*[-–—]\s*")
_NAMED = {
    "this month": "this_month", "questo mese": "this_month", "mese corrente": "this_month",
    "last month": "last_month", "mese scorso": "last_month", "il mese scorso": "last_month",
    "ultimo mese": "last_month",
    "last 3 months": "last_3_months", "ultimi 3 mesi": "last_3_months",
    "gli ultimi 3 mesi": "last_3_months", "the last 3 months": "last_3_months",
    "last three months": "last_3_months", "ultimi tre mesi": "last_3_months",
    "this year": "this_year", "quest anno": "this_year", "questo anno": "this_year",
    "anno corrente": "this_year",
}

# One end of a range: a day (with or without its year), a month, or a year.
_End = tuple[Literal["day", "month", "year"], int, int, int | None]  # kind, day, month, year


def _year(raw: str | None) -> int | None:
    if raw is None:
        return None
    value = int(raw)
    return value + 2000 if len(raw) == 2 else value


def _read_end(text: str) -> _End | None:
    text = text.strip().removeprefix("il ").removeprefix("l ").removeprefix("the ").strip()
    if match := _ISO.match(text):
        return "day", int(match.group(3)), int(match.group(2)), int(match.group(1))
    if match := _NUMERIC.match(text):
        return "day", int(match.group(1)), int(match.group(2)), _year(match.group(3))
    if match := _WORDED.match(text):
        return "day", int(match.group(1)), _MONTHS[match.group(2)], _year(match.group(3))
    if match := _WORDED_EN.match(text):
        return "day", int(match.group(2)), _MONTHS[match.group(1)], _year(match.group(3))
    if match := _MONTH_ONLY.match(text):
        return "month", 1, _MONTHS[match.group(1)], _year(match.group(2))
    if match := _YEAR.match(text):
        return "year", 1, 1, int(match.group(1))
    return None


def _first_and_last(end: _End, year: int) -> tuple[date, date] | None:
    kind, day, month, _ = end
    try:
        if kind == "year":
            return date(year, 1, 1), date(year, 12, 31)
        if kind == "month":
            first = date(year, month, 1)
            return first, _month_end(first)
        single = date(year, month, day)
        return single, single
    except ValueError:
        return None


def parse_period(text: str, *, today: date) -> Period | None:
    """The period a person typed, or None when it cannot be read, does not exist ("31/2"),
    ends before it starts, or is longer than five years. A day or month without its year
    is taken in the most recent year that puts the whole period on or before today (a report
    looks back), so "from March to May" typed in June is this year's, typed in February last
    year's."""
    plain = re.sub(r"\s+", " ", normalize_text(text)).strip(" .")
    if not plain:
        return None
    if plain in _NAMED:
        return preset(_NAMED[plain], today)  # type: ignore[arg-type]
    single = _read_end(plain)
    if single is not None:
        return _resolve(single, single, today)
    plain = _LEAD.sub("", plain)
    for separator in _SEPARATOR.finditer(plain):  # "2026-03-01 - 2026-05-31": try each split
        start, end = _read_end(plain[:separator.start()]), _read_end(plain[separator.end():])
        if start is not None and end is not None:
            return _resolve(start, end, today)
    return None


def _resolve(start: _End, end: _End, today: date) -> Period | None:
    end_year = end[3] if end[3] is not None else start[3]
    start_year = start[3]
    if end_year is None:
        # No year at all: the latest year in which the period has begun by today.
        end_year = today.year
        candidate = _build(start, end, end_year if start_year is None else start_year, end_year)
        if candidate is not None and candidate.start > today:
            end_year -= 1
    if start_year is None:
        start_year = end_year
        candidate = _build(start, end, start_year, end_year)
        # "dal 1/11 al 31/1": across the new year
        if candidate is None and (start[2], start[1]) > (end[2], end[1]):
            start_year -= 1
    return _build(start, end, start_year, end_year)


def _build(start: _End, end: _End, start_year: int, end_year: int) -> Period | None:
    first = _first_and_last(start, start_year)
    last = _first_and_last(end, end_year)
    if first is None or last is None or last[1] < first[0]:
        return None
    period = Period(first[0], last[1])
    if period.days > LONGEST_DAYS:
        return None
    return period
