"""Units and quantities: what a need is counted in, and reading the number and the word a
person types for it (the table of units is in the package's docstring)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from domain.needs.problems import ParseError
from domain.territory import normalize

__all__ = ["MAX_DECIMALS", "MAX_UNIT_VALUE", "Quantity", "ResourceType", "Unit",
           "check_quantity", "is_goods", "parse_quantity", "parse_unit", "parse_unit_value",
           "unit_info"]

ResourceType = Literal["time", "money", "goods", "skills"]
Quantity = Decimal | int

#: Quantities carry at most cents / hundredths of an hour.
MAX_DECIMALS = 2
#: The most one unit of goods may be declared worth, in euro.
MAX_UNIT_VALUE = Decimal(100_000)


@dataclass(frozen=True, slots=True)
class Unit:
    """What a unit measures, whether it is counted in whole numbers, and its sane maximum."""

    code: str
    resource: ResourceType
    whole: bool
    maximum: Decimal


_UNITS: dict[str, Unit] = {u.code: u for u in (
    Unit("hours", "time", False, Decimal(10_000)),
    Unit("eur", "money", False, Decimal(1_000_000)),
    Unit("kg", "goods", False, Decimal(100_000)),
    Unit("parcels", "goods", True, Decimal(10_000)),
    Unit("items", "goods", True, Decimal(100_000)),
    Unit("skill_hours", "skills", False, Decimal(2_000)),
)}
_FREE_UNIT = Unit("unit:", "goods", False, Decimal(100_000))
_FREE_PREFIX = "unit:"

_UNIT_WORDS: dict[str, str] = {
    **dict.fromkeys(("ore", "ora", "h", "hours", "hour", "hr", "hrs"), "hours"),
    **dict.fromkeys(("€", "euro", "eur", "euros"), "eur"),
    **dict.fromkeys(("kg", "kgs", "chili", "chilo", "chilogrammi", "chilogrammo", "kilo", "kili",
                     "kilos", "kilogrammi", "kilogram", "kilograms", "kilogramme", "kilogrammes"),
                    "kg"),
    **dict.fromkeys(("pacchi", "pacco", "parcels", "parcel", "packages", "package", "packs",
                     "pack"), "parcels"),
    **dict.fromkeys(("pezzi", "pezzo", "pz", "items", "item", "pieces", "piece", "pcs"), "items"),
}
#: Words that look like units but are not ones a need can be counted in, so a free unit is not
#: invented from them: other currencies, durations (time is asked in hours), grams (say kg),
#: people (volunteers give hours), percentages.
_NOT_UNITS = frozenset({
    "$", "£", "%", "usd", "dollari", "dollaro", "dollars", "dollar", "gbp", "sterline",
    "pounds", "min", "minuti", "minuto", "minutes", "minute", "giorni", "giorno", "days", "day",
    "settimane", "settimana", "weeks", "week", "mesi", "mese", "months", "month", "g", "gr",
    "grammi", "grams", "volontari", "volontarie", "volunteers", "persone", "people",
})
#: Little words that start a title, never a unit: "20 per la mensa" has no unit.
_CONNECTIVES = frozenset({
    "di", "d", "a", "da", "in", "con", "su", "per", "tra", "fra", "il", "lo", "la", "i", "gli",
    "le", "l", "un", "uno", "una", "e", "o", "of", "for", "to", "the", "and", "or", "with", "x",
})
#: After a free unit, a title starting with one of these is about the unit itself:
#: "30 coperte per il dormitorio" -> title "Coperte per il dormitorio".
_UNIT_CONTINUATIONS = frozenset({"per", "di", "da", "a", "for", "of", "to"})
_MAX_FREE_UNIT_LENGTH = 20


def unit_info(code: str) -> Unit:
    """The unit behind a stored code, free units included ("unit:coperte")."""
    if code in _UNITS:
        return _UNITS[code]
    if code.startswith(_FREE_PREFIX) and len(code) > len(_FREE_PREFIX):
        return Unit(code, _FREE_UNIT.resource, _FREE_UNIT.whole, _FREE_UNIT.maximum)
    raise ValueError(f"unknown unit code {code!r}")


def _unit_key(word: str) -> str:
    word = word.strip()
    return word if word in ("€", "$", "£", "%") else normalize(word)


def parse_unit(word: str) -> str | ParseError:
    """The unit code for a word people type ("Ore", "€", "pacchi", "coperte" -> "unit:coperte").

    Professional skills are not a single word ("ore pro bono"), so ``parse_one_line`` handles
    them; the guided flow offers them as a button.
    """
    key = _unit_key(word)
    if not key:
        return ParseError("no_unit")
    if key in _UNIT_WORDS:
        return _UNIT_WORDS[key]
    if (key in _NOT_UNITS or key in _CONNECTIVES or " " in key or not key.isalpha()
            or len(key) < 2 or len(key) > _MAX_FREE_UNIT_LENGTH):
        return ParseError("bad_unit", value=word.strip())
    return _FREE_PREFIX + key


_NUMBER_TEXT = re.compile(r"[+-]?\d+(?:[.,]\d+)*")


def parse_quantity(text: str) -> Decimal | ParseError:
    """A positive number written the Italian or the English way: "20", "2,5", "2.5", "1.500,50".

    A single separator followed by exactly three digits ("1.500", "1,500") is a thousand in one
    language and one and a half in the other, so it is refused as ambiguous rather than guessed.
    Several separators are read as grouping ("1.000.000"), and when both kinds appear the last
    one is the decimal mark ("1.234,5" == "1,234.5").
    """
    text = text.strip()
    if not text:
        return ParseError("no_quantity")
    if not _NUMBER_TEXT.fullmatch(text):
        return ParseError("bad_quantity", value=text)
    sign, digits = (text[0], text[1:]) if text[0] in "+-" else ("", text)
    separators = [c for c in digits if c in ".,"]
    groups = re.split(r"[.,]", digits)
    if not separators:
        number = digits
    elif len(set(separators)) == 2:
        decimal_mark = separators[-1]
        if separators.count(decimal_mark) != 1 or any(len(g) != 3 for g in groups[1:-1]):
            return ParseError("bad_quantity", value=text)
        number = "".join(groups[:-1]) + "." + groups[-1]
        if len(groups[0]) > 3:
            return ParseError("bad_quantity", value=text)
    elif len(separators) > 1:
        if len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
            return ParseError("bad_quantity", value=text)
        number = "".join(groups)
    elif len(groups[1]) == 3:
        return ParseError("ambiguous_quantity", value=text)
    else:
        number = groups[0] + "." + groups[1]
    try:
        value = Decimal(sign + number)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return ParseError("bad_quantity", value=text)
    if value <= 0:
        return ParseError("not_positive", value=text)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_DECIMALS:
        return ParseError("bad_quantity", value=text)
    return value


def check_quantity(quantity: Quantity, unit: str) -> ParseError | None:
    """Whether a quantity suits a unit: positive, counted where the unit counts, not absurd."""
    q = Decimal(quantity)
    info = unit_info(unit)
    if q <= 0:
        return ParseError("not_positive", value=str(quantity))
    if info.whole and q != q.to_integral_value():
        return ParseError("not_whole", value=str(quantity))
    if q > info.maximum:
        return ParseError("too_large", value=str(quantity), limit=info.maximum)
    return None


_EURO = re.compile(r"^\s*(?:€|euros?\b|eur\b)?\s*(?P<num>.*?)\s*(?:€|euros?|eur)?\s*$",
                   re.IGNORECASE | re.DOTALL)


def is_goods(unit: str | None) -> bool:
    """Whether a need's unit counts goods (kg, parcels, items, a free unit): only those are
    given a value per unit."""
    if unit is None:
        return False
    try:
        return unit_info(unit).resource == "goods"
    except ValueError:
        return False


def parse_unit_value(text: str) -> Decimal | ParseError:
    """What one unit of goods is worth, in euro: "5", "2,50", "€ 5", "5 euro", "5€"; more
    than zero and at most ``MAX_UNIT_VALUE``."""
    found = _EURO.fullmatch(text)
    value = parse_quantity(found["num"] if found else text)
    if isinstance(value, Decimal) and value > MAX_UNIT_VALUE:
        return ParseError("too_large", value=text.strip(), limit=MAX_UNIT_VALUE)
    return value
