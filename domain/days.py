"""Reading a day the way people write one, in Italian and English: "15/12", "3 dicembre",
"December 3rd", "giovedì", "sabato prossimo", "next Saturday", "domani", "tra 2 settimane".

Why this module exists: a table's meeting (``domain.tables``) and a need's deadline
(``domain.needs``) are both days a designer types, and a form one of them reads and the other
refuses ("sabato prossimo") is a surprise. This is the one reader of the day; a table's reader
adds the time of day on top of it. Day before month (the Italian order); a day and month without
a year is the next such day on or after today. Whether a day in the past is wrong is the
caller's rule (a deadline of yesterday, a meeting this morning).

Plain Python: no aiogram, no SQL; ``today`` is passed in.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from typing import Literal

__all__ = ["BAD_DAY", "FILLER", "BadDay", "Reader", "normalize_text", "parse_day", "read_day"]

#: A day that is named but does not exist ("31/02", "15/13", "lun 14 dic" when the 14th is no
#: Monday).
BadDay = Literal["bad_date"]
BAD_DAY: BadDay = "bad_date"

WEEKDAYS = {
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
NUMBERS = {
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
FILLER = {
    "alle", "ore", "h", "at", "il", "on", "di", "del", "della", "the", "of", "le", "l", "a",
    "per", "dalle", "from", "around", "verso", "circa", "e", "and", "in", "da", "this",
    "questo", "questa", "sera", "pomeriggio", "mattina", "evening", "afternoon", "morning",
    "stasera", "tonight", "prossimo", "prossima", "next", "giorno", "day", "after", "st", "nd",
    "rd", "th", "hours", "hrs",
}

_NUM_WORDS = "|".join(sorted(NUMBERS, key=len, reverse=True))
_UNIT_WORDS = "|".join(sorted(_UNITS, key=len, reverse=True))
_MONTH_WORDS = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_WORDS = "|".join(sorted(WEEKDAYS, key=len, reverse=True))

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


def normalize_text(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[,;']", " ", plain).strip()


class Reader:
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
        return [w for w in re.findall(r"[a-z0-9]+", self.text) if w not in FILLER]


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


def read_day(reader: Reader, today: date) -> date | BadDay | None:
    """The day named in the text, an error, or None when no day is named."""
    if (m := reader.take(_RE_IN)) is not None:
        count = int(m[1]) if m[1].isdigit() else NUMBERS[m[1]]
        return today + timedelta(days=count * _UNITS[m[2]])
    if reader.take(_RE_DAY_AFTER) is not None:
        return today + timedelta(days=2)
    calendar = _read_calendar_day(reader, today)
    if calendar is not None:
        named = reader.take(_RE_WEEKDAY)  # "lun 14 dic": the weekday must agree
        if isinstance(calendar, date) and named is not None and (
                WEEKDAYS[named[2]] != calendar.weekday()):
            return BAD_DAY
        return calendar
    if (m := reader.take(_RE_RELATIVE)) is not None:
        return today + timedelta(days=_RELATIVE_DAYS[m[1]])
    if (m := reader.take(_RE_WEEKDAY)) is not None:
        ahead = (WEEKDAYS[m[2]] - today.weekday()) % 7
        if ahead == 0 and (m[1] or m[3]):
            ahead = 7  # "next Thursday" said on a Thursday is a week away
        reader.plain_weekday_today = ahead == 0
        return today + timedelta(days=ahead)
    return None


def _read_calendar_day(reader: Reader, today: date) -> date | BadDay | None:
    for pattern in (_RE_DOTTED_DATE, _RE_NUMERIC_DATE):
        if (m := reader.take(pattern)) is not None:
            return _calendar_day(int(m[1]), int(m[2]), _year_of(m[3]), today)
    if (m := reader.take(_RE_DAY_MONTH)) is not None:
        return _calendar_day(int(m[1]), _MONTHS[m[2]], _year_of(m[3]), today)
    if (m := reader.take(_RE_MONTH_DAY)) is not None:
        return _calendar_day(int(m[2]), _MONTHS[m[1]], _year_of(m[3]), today)
    return None


def _calendar_day(day: int, month: int, year: int | None, today: date) -> date | BadDay:
    if year is None:
        found = _next_day_month(day, month, today)
        return found if found is not None else BAD_DAY
    try:
        return date(year, month, day)
    except ValueError:
        return BAD_DAY


def parse_day(text: str, *, today: date) -> date | BadDay | Literal["unreadable"]:
    """A text that is a day and nothing else (no time of day): the day, ``"bad_date"`` for a
    day that does not exist, ``"unreadable"`` for anything else. "15.12" is a day here, since
    no time can follow."""
    normalized = re.sub(r"(?<![.\d])(\d{1,2})\.(\d{1,2})(?![.\d])", r"\1/\2", normalize_text(text))
    reader = Reader(normalized)
    day = read_day(reader, today)
    if day is None or reader.leftover():
        return "unreadable"
    return day
