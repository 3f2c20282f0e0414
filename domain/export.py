"""The rules of an export's cells: how a person is named, how numbers and days are written, and
what kind of place a table met in.

People appear as stable pseudonyms: an HMAC-SHA256 of their Telegram id under a secret kept in
the settings, so the same person has the same pseudonym in every export made with that secret
(a pledger can be followed across files and periods), while nobody without the secret can go
from a pseudonym back to the id — a plain hash of a Telegram id could be reversed by hashing
every id. Ten hexadecimal digits (40 bits) keep two people of a region's 100,000 members from
sharing one (the chance is about 1 in 200; eight digits would make it likely).

Numbers are written for the spreadsheet that will open the file: with the ";" separator (an
Italian spreadsheet) the decimal mark is a comma, with "," a point; never a thousands mark.

Plain Python: no aiogram, no SQL.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from domain.calendar import ROME

__all__ = ["DELETED_MEMBER", "Dialect", "Pseudonyms", "SEPARATORS", "Separator", "dialect_for",
           "place_kind", "pseudonym", "rome_day"]

Separator = Literal[";", ","]
SEPARATORS: tuple[Separator, ...] = (";", ",")
#: What a pledge of a person who erased their data shows instead of a pseudonym.
DELETED_MEMBER = "deleted member"
#: Hexadecimal digits of a pseudonym (see the module's docstring).
PSEUDONYM_DIGITS = 10


def pseudonym(telegram_id: int | None, secret: bytes) -> str:
    """"P-3fa9c2d1e0" for a person, the same for the same id and secret; "deleted member" for
    none (the pledge of an erased member)."""
    return Pseudonyms(secret)(telegram_id)


class Pseudonyms:
    """``pseudonym`` for one export: the key's HMAC state made once and copied for each id,
    and the pseudonyms already made remembered (a pledger often pledged more than once)."""

    REMEMBERED = 50_000

    def __init__(self, secret: bytes) -> None:
        self._keyed = hmac.new(secret, digestmod=hashlib.sha256)
        self._made: dict[int, str] = {}

    def __call__(self, telegram_id: int | None) -> str:
        if telegram_id is None:
            return DELETED_MEMBER
        found = self._made.get(telegram_id)
        if found is None:
            digest = self._keyed.copy()
            digest.update(str(telegram_id).encode("ascii"))
            found = "P-" + digest.hexdigest()[:PSEUDONYM_DIGITS]
            if len(self._made) >= self.REMEMBERED:
                self._made.clear()
            self._made[telegram_id] = found
        return found


_ONLINE = re.compile(r"https?://|www\.|\b(?:meet\.google|zoom\.us|teams\.microsoft|jit\.si|"
                     r"whereby\.com|online)\b", re.IGNORECASE)


def place_kind(place: str) -> Literal["online", "in_person"]:
    """Where a table met, as a kind: "online" when its place is a link (or says online),
    "in_person" otherwise. The address itself is not exported: it may be a person's home."""
    return "online" if _ONLINE.search(place) else "in_person"


@dataclass(frozen=True, slots=True)
class Dialect:
    """How the cells of one export are written: the separator and its decimal mark."""

    separator: Separator

    @property
    def decimal_mark(self) -> str:
        return "," if self.separator == ";" else "."

    def number(self, value: Decimal | float | int | None, places: int | None = None) -> str:
        """A number as the spreadsheet reads it: "12,5" after ";", "12.5" after ","; integral
        values without decimals; ``places`` rounds (half away from zero) first, a float to six
        places when none is given."""
        if value is None:
            return ""
        if places is None and isinstance(value, Decimal):
            return _decimal_text(value, self.decimal_mark)  # quantities: few distinct values
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
        if isinstance(value, float) and places is None:
            places = 6  # a float's last digits are noise (0.1 + 0.2)
        if places is not None:
            amount = amount.quantize(Decimal(1).scaleb(-places), rounding="ROUND_HALF_UP")
        return _decimal_text(amount, self.decimal_mark)

    def days(self, value: timedelta | None) -> str:
        """A duration in days, two decimals at most ("1,5": a day and a half)."""
        if value is None:
            return ""
        return self.number(Decimal(max(value, timedelta(0)).total_seconds()) / Decimal(86400), 2)


@lru_cache(maxsize=4096)
def _decimal_text(amount: Decimal, mark: str) -> str:
    if amount == amount.to_integral_value():
        text = str(amount.quantize(Decimal(1)))
    else:
        text = format(amount.normalize(), "f")
    if text == "-0":
        text = "0"
    return text.replace(".", mark)


def dialect_for(language: str, separator: Separator | None = None) -> Dialect:
    """The separator asked for, else the language's: ";" for Italian, "," for English."""
    if separator is not None:
        return Dialect(separator)
    return Dialect(";" if language == "it" else ",")


def rome_day(moment: datetime | None) -> str:
    """The Rome calendar day of a moment, as an ISO date ("2026-03-01"), which every
    spreadsheet reads as a date; "" for none."""
    if moment is None:
        return ""
    utc = moment.astimezone(UTC) if moment.tzinfo is not UTC else moment
    return _rome_day(utc.date(), utc.hour)


@lru_cache(maxsize=366 * 24 * 5)  # every hour of the longest period: a few MiB at most
def _rome_day(day: date, hour: int) -> str:
    # Rome is a whole number of hours from UTC, and changes offset on the hour: the UTC day
    # and hour say the Rome day (a region's 200,000 pledges fall on a few thousand of them).
    moment = datetime.combine(day, time(hour), tzinfo=UTC)
    return moment.astimezone(ROME).date().isoformat()
