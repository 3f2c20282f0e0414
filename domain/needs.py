"""Needs: what they ask for, how a designer writes one in a line, and how their status follows.

Why this module exists: a need is a number with a unit ("20 ore", "200 €", "30 coperte") that
members pledge against, and every part of the product — the one-line ``/newneed``, the guided
flow, ``/needs`` with its coverage bar, pledging, the expiry job, the balance — must read the
numbers the same way.  The rules live here once, as plain Python (stdlib + rapidfuzz, data from
``storage/data/needs``), so each caller only asks and formats.

Nothing here speaks to people: problems come back as values with a ``code`` (``ParseError``,
``Refused``) and the bot words them in the person's language.  Nothing here reads the clock:
``today`` is always an argument.

Units (``Unit.code`` is what the database stores, so codes never change meaning):

=============== ================ ===================================================== =======
code            resource         words accepted (case and accents ignored)             whole
=============== ================ ===================================================== =======
``hours``       volunteer time   ore, ora, h, hours, hour, hr, hrs                     no
``eur``         money            €, euro, eur, euros (before or after the number)      no
``kg``          goods            kg, chili, chilo, kilo, chilogrammi, kilograms, ...   no
``parcels``     goods            pacchi, pacco, parcels, parcel, packages, packs       yes
``items``       goods            pezzi, pezzo, pz, items, item, pieces, pcs            yes
``skill_hours`` pro bono skills  "ore pro bono" / "hours pro bono" + the skill named   no
``unit:<word>`` goods            any other single word, e.g. "30 coperte"              no
=============== ================ ===================================================== =======

Quantities are ``Decimal`` so money and halves of hours add up exactly; ``int`` is accepted
wherever a quantity goes in.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Literal, get_args

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from domain.territory import normalize

__all__ = [
    "CATEGORY_LANGUAGES", "DEFAULT_DATA_DIR", "MAX_DEADLINE_DAYS", "MAX_TITLE_LENGTH",
    "PARSE_ERROR_CODES", "Accepted", "Category", "CategoryCatalog", "NeedStatus", "OneLine",
    "ParseError", "PledgeRoom", "Refused", "ResourceType", "Unit", "accept_pledge",
    "check_quantity", "coverage_blocks", "load_categories", "parse_deadline", "parse_one_line",
    "parse_quantity", "parse_unit", "pledge_room", "status_for", "unit_info",
]

#: Shipped data: <repo>/storage/data/needs, located from this file so any CWD works.
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "storage" / "data" / "needs"

#: Every category is written in each of these (bot.i18n.LANGUAGES; a test keeps them equal).
CATEGORY_LANGUAGES = ("it", "en")

ResourceType = Literal["time", "money", "goods", "skills"]
NeedStatus = Literal["open", "covered", "fulfilled", "closed", "expired"]
Quantity = Decimal | int

#: A title is a line in a list and a button caption, not a description.
MAX_TITLE_LENGTH = 120
#: "entro 15/12/2099" is a typo far more often than a plan; two years is a long campaign.
MAX_DEADLINE_DAYS = 730
#: Quantities carry at most cents / hundredths of an hour.
MAX_DECIMALS = 2

ParseErrorCode = Literal[
    "empty",               # nothing after the command (the bot starts the guided flow)
    "no_quantity",         # the text does not start with a number
    "bad_quantity",        # not a number we can read ("1.2.3", "2,555")
    "ambiguous_quantity",  # "1.500" / "1,500": thousand or one and a half? (ask to write 1500)
    "not_positive",        # zero or negative
    "too_large",           # beyond the unit's maximum (``limit`` says it)
    "not_whole",           # "2,5 pacchi": parcels and items are counted
    "no_unit",             # a number and nothing after it
    "bad_unit",            # a word that cannot be a unit here ("$", "minuti", "volontari")
    "no_skill",            # "ore pro bono" without naming the skill
    "no_title",            # no title, or one without three letters
    "title_too_long",      # more than MAX_TITLE_LENGTH characters (``limit`` says it)
    "bad_category",        # a #tag that is no category, or that two categories could be
    "many_categories",     # two different #tags
    "bad_deadline",        # "entro 31/02", "by 15/13"
    "past_deadline",       # a full date before today
    "far_deadline",        # more than MAX_DEADLINE_DAYS ahead (``limit`` says it)
    "many_deadlines",      # two "entro ..." dates
]
PARSE_ERROR_CODES: tuple[ParseErrorCode, ...] = get_args(ParseErrorCode)


# --------------------------------------------------------------------------------------------
# Units and quantities
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Categories (data in storage/data/needs/categories.json)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Category:
    """One category, in every language: the label people see, the words that name it.

    ``names`` are short words a ``#tag`` may be (typos tolerated); ``keywords`` are accepted as
    a tag only when exact, and are what members' skills are matched against.
    """

    code: str
    labels: Mapping[str, str]
    names: Mapping[str, tuple[str, ...]]
    keywords: Mapping[str, tuple[str, ...]]

    def label(self, language: str) -> str:
        """The label in ``language``, Italian when that language is missing."""
        return self.labels.get(language) or self.labels["it"]

    def all_keywords(self) -> tuple[str, ...]:
        """Names and keywords of every language: what a skill may match."""
        words = [w for lang in CATEGORY_LANGUAGES for w in (*self.names.get(lang, ()),
                                                           *self.keywords.get(lang, ()))]
        return tuple(dict.fromkeys(words))


class CategoryCatalog:
    """The loaded categories, in the file's order, with a reader for what people type."""

    def __init__(self, categories: Iterable[Category]) -> None:
        self.categories = tuple(categories)
        self._by_code = {c.code: c for c in self.categories}
        if len(self._by_code) != len(self.categories):
            raise ValueError("two categories share a code")
        # Exact keys: code, labels, names, keywords.  Fuzzy keys: code, labels, names (keywords
        # are specific words, and a typo in one is more likely another word than a category).
        self._exact: dict[str, set[str]] = {}
        fuzzy: dict[str, set[str]] = {}
        for c in self.categories:
            strong = {c.code, *c.labels.values(),
                      *(n for names in c.names.values() for n in names)}
            for text in strong:
                fuzzy.setdefault(normalize(text), set()).add(c.code)
            for text in (*strong, *(k for kws in c.keywords.values() for k in kws)):
                self._exact.setdefault(normalize(text), set()).add(c.code)
        self._fuzzy_keys = sorted(fuzzy)
        self._fuzzy_codes = [fuzzy[k] for k in self._fuzzy_keys]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._by_code)

    def get(self, code: str) -> Category | None:
        return self._by_code.get(code)

    def find(self, text: str) -> Category | None:
        """The one category ``text`` names: code, label, name or keyword, Italian or English.

        "#salute", "#Health", "#cibo", "#food_and_essentials", "#mobilità", "#dormitorio" are
        exact; a typo in a code, label or name is forgiven within a bounded edit distance (one
        edit up to 7 letters, two beyond; none under 4 letters) with a transposition counting as
        one ("#slaute").  When two categories are equally close, nothing is guessed.
        """
        key = normalize(text.replace("_", " ").replace("-", " "))
        if not key:
            return None
        exact = self._exact.get(key)
        if exact:
            return self._by_code[next(iter(exact))] if len(exact) == 1 else None
        letters = len(key.replace(" ", ""))
        if letters < 4:
            return None
        allowed = 1 if letters <= 7 else 2
        hits = process.extract(key, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=60,
                               limit=20)
        best: dict[str, int] = {}
        for candidate, _score, index in hits:
            distance = OSA.distance(key, candidate)
            if distance <= allowed:
                for code in self._fuzzy_codes[index]:
                    best[code] = min(distance, best.get(code, distance))
        if not best:
            return None
        nearest = min(best.values())
        codes = [code for code, d in best.items() if d == nearest]
        return self._by_code[codes[0]] if len(codes) == 1 else None


def load_categories(data_dir: Path | None = None) -> CategoryCatalog:
    """The shipped categories (cached: repeated calls are free), or those in ``data_dir``.

    Raises ``ValueError`` when a category lacks a label, names or keywords in a language, so a
    broken data file stops the bot at start rather than showing an empty button later.
    """
    return _load_cached((data_dir or DEFAULT_DATA_DIR).resolve())


@functools.cache
def _load_cached(data_dir: Path) -> CategoryCatalog:
    raw = json.loads((data_dir / "categories.json").read_text(encoding="utf-8"))
    categories = []
    for item in raw["categories"]:
        code = item["code"]
        for field in ("label", "names", "keywords"):
            missing = [lang for lang in CATEGORY_LANGUAGES if not item[field].get(lang)]
            if missing:
                raise ValueError(f"category {code!r} has no {field} in {', '.join(missing)}")
        categories.append(Category(
            code=code,
            labels={lang: item["label"][lang] for lang in CATEGORY_LANGUAGES},
            names={lang: tuple(item["names"][lang]) for lang in CATEGORY_LANGUAGES},
            keywords={lang: tuple(item["keywords"][lang]) for lang in CATEGORY_LANGUAGES},
        ))
    return CategoryCatalog(categories)


# --------------------------------------------------------------------------------------------
# Deadlines
# --------------------------------------------------------------------------------------------

_DATE_TEXT = re.compile(r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?")


def parse_deadline(text: str, *, today: date) -> date | ParseError:
    """A deadline written day/month[/year]: "15/12", "15-12-2027", "15.12.27".

    Without a year it is the next such day on or after ``today`` (on 20/12, "15/12" is next
    year's), because nobody sets a deadline in the past on purpose; a full date in the past is
    an error instead, since the year was chosen and guessing another would hide a typo.
    """
    match = _DATE_TEXT.fullmatch(text.strip())
    if match is None:
        return ParseError("bad_deadline", value=text.strip())
    day, month = int(match[1]), int(match[2])
    if match[3] is None:
        deadline = None
        for year in range(today.year, today.year + 9):  # 29/02 may be four years away
            try:
                candidate = date(year, month, day)
            except ValueError:
                if not (1 <= month <= 12 and 1 <= day <= 31):
                    break
                continue  # 29/02 in a common year, 31/04 in every year
            if candidate >= today:
                deadline = candidate
                break
        if deadline is None:
            return ParseError("bad_deadline", value=text.strip())
    else:
        year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
        try:
            deadline = date(year, month, day)
        except ValueError:
            return ParseError("bad_deadline", value=text.strip())
        if deadline < today:
            return ParseError("past_deadline", value=text.strip())
    if deadline > today + timedelta(days=MAX_DEADLINE_DAYS):
        return ParseError("far_deadline", value=text.strip(), limit=Decimal(MAX_DEADLINE_DAYS))
    return deadline


# --------------------------------------------------------------------------------------------
# The one-line /newneed
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParseError:
    """Why a text could not be read: ``code`` says which case, for the bot to word.

    ``value`` is the offending piece as typed ("$", "#slute", "31/02"), to quote back;
    ``limit`` is the bound that was crossed, for "too_large", "title_too_long", "far_deadline".
    """

    code: ParseErrorCode
    value: str | None = None
    limit: Decimal | None = None


@dataclass(frozen=True, slots=True)
class OneLine:
    """A need read from one line, ready for the summary the designer confirms.

    ``unit`` is the stored code; ``unit_label`` the word as typed ("coperte", "ore"), for the
    summary.  ``skill`` is set for professional skills pro bono ("consulenza legale").
    """

    quantity: Decimal
    unit: str
    resource: ResourceType
    title: str
    category: str | None = None
    deadline: date | None = None
    skill: str | None = None
    unit_label: str | None = None


_COMMAND = re.compile(r"^\s*/\w+(?:@\w+)?(?=\s|$)")
_TAG = re.compile(r"(?<!\S)#([^\s#]+)")
_DEADLINE = re.compile(
    r"(?<!\S)(?:entro|by)\s+(?:il\s+|the\s+)?(\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?)(?=[\s.,;:!?)]|$)",
    re.IGNORECASE)
_LEAD = re.compile(
    r"^(?P<pre>€|eur(?:o)?\b)?\s*(?P<num>[+-]?\d[\d.,]*)(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)
_UNIT_WORD = re.compile(r"^\s*(?P<word>[€$£%]|[^\W\d_]+)", re.DOTALL)
_PRO_BONO = re.compile(r"^\s*pro[\s-]?bono\b", re.IGNORECASE)
_SKILL_JOINER = re.compile(r"^\s*(?:di|in|of|d['’])\s*", re.IGNORECASE)
_OF_AFTER_UNIT = re.compile(r"^(?:di|of)\s+|^d['’]\s*", re.IGNORECASE)
_TITLE_JUNK = " \t\n:;,.-–—"


def parse_one_line(text: str, *, today: date,
                   categories: CategoryCatalog | None = None) -> OneLine | ParseError:
    """Read ``/newneed <quantity> <unit> <title> [#category] [entro|by dd/mm[/yyyy]]``.

    Examples: ``20 ore Accompagnare anziani alle visite mediche #salute entro 15/12``,
    ``€ 200 Spesa per tre famiglie``, ``200€ ...``, ``2,5 kg di pasta``, ``30 coperte per il
    dormitorio #casa``, ``10 ore pro bono di consulenza legale: Aiuto contro gli sfratti``
    (the skill ends at a colon, or is written in brackets: ``10 hours pro bono (legal advice)
    Help against evictions``).

    The tag and the deadline may stand anywhere; the quantity and the unit come first.  A
    leading ``/command`` is skipped, so the whole message text can be passed.  Problems are
    reported in the order a person reads the line: quantity, unit, title, category, deadline.
    """
    catalog = categories or load_categories()
    body = _COMMAND.sub("", text, count=1).strip()
    if not body:
        return ParseError("empty")

    tags = _TAG.findall(body)
    body = _TAG.sub(" ", body)
    deadlines = _DEADLINE.findall(body)
    body = _DEADLINE.sub(" ", body).strip()

    head = _read_head(body)
    if isinstance(head, ParseError):
        return head
    quantity, unit, unit_label, skill, title = head

    title = " ".join(title.split()).strip(_TITLE_JUNK).strip()
    if sum(c.isalpha() for c in title) < 3:
        return ParseError("no_title")
    title = title[0].upper() + title[1:]
    if len(title) > MAX_TITLE_LENGTH:
        return ParseError("title_too_long", value=title, limit=Decimal(MAX_TITLE_LENGTH))

    category = None
    found = []
    for tag in tags:
        hit = catalog.find(tag)
        if hit is None:
            return ParseError("bad_category", value="#" + tag)
        found.append(hit.code)
    if len(set(found)) > 1:
        return ParseError("many_categories", value=" ".join("#" + t for t in tags))
    if found:
        category = found[0]

    deadline = None
    if len(set(deadlines)) > 1:
        return ParseError("many_deadlines", value=", ".join(deadlines))
    if deadlines:
        parsed = parse_deadline(deadlines[0], today=today)
        if isinstance(parsed, ParseError):
            return parsed
        deadline = parsed

    return OneLine(quantity=quantity, unit=unit, resource=unit_info(unit).resource, title=title,
                   category=category, deadline=deadline, skill=skill, unit_label=unit_label)


def _read_head(body: str) -> tuple[Decimal, str, str, str | None, str] | ParseError:
    """Quantity, unit code, unit as typed, skill, and what is left for the title."""
    lead = _LEAD.match(body)
    if lead is None:
        return ParseError("no_quantity")
    number = lead["num"].rstrip(".,")
    rest = lead["num"][len(number):] + lead["rest"]
    quantity = parse_quantity(number)
    if isinstance(quantity, ParseError):
        return quantity

    unit: str | ParseError
    skill = None
    if lead["pre"]:  # "€ 200", "euro 200": a trailing "euro" is the same unit said twice
        unit, label = "eur", lead["pre"]
        word = _UNIT_WORD.match(rest)
        if word and _UNIT_WORDS.get(_unit_key(word["word"])) == "eur":
            rest = rest[word.end():]
    else:
        pro_bono_first = _PRO_BONO.match(rest)
        if pro_bono_first:
            rest = rest[pro_bono_first.end():]
        word = _UNIT_WORD.match(rest)
        if word is None:
            return ParseError("no_unit" if not rest.strip() else "bad_unit",
                              value=rest.strip().split()[0] if rest.strip() else None)
        label = word["word"]
        rest = rest[word.end():]
        unit = parse_unit(label)
        if isinstance(unit, ParseError):
            return unit
        pro_bono = pro_bono_first or _PRO_BONO.match(rest)
        if pro_bono:
            if unit != "hours":  # pro bono is given in hours of a skill
                return ParseError("bad_unit", value=label)
            if not pro_bono_first:
                rest = rest[pro_bono.end():]
            unit = "skill_hours"
            read = _read_skill(rest)
            if isinstance(read, ParseError):
                return read
            skill, rest = read
        elif unit.startswith(_FREE_PREFIX):
            first = rest.split(maxsplit=1)
            if first and normalize(first[0]) in _UNIT_CONTINUATIONS:
                rest = label + rest  # "30 coperte per il dormitorio": the title is the blankets
        else:
            rest = _OF_AFTER_UNIT.sub("", rest.strip(), count=1)  # "2 kg di pasta" -> "pasta"

    problem = check_quantity(quantity, unit)
    if problem is not None:
        return problem
    return quantity, unit, label.strip().casefold(), skill, rest


def _read_skill(rest: str) -> tuple[str, str] | ParseError:
    """"di consulenza legale: Titolo" or "(legal advice) Title" -> (skill, title)."""
    rest = _SKILL_JOINER.sub("", rest, count=1).strip()
    if rest.startswith(("(", "[")):
        close = rest.find(")" if rest[0] == "(" else "]")
        if close == -1:
            return ParseError("no_skill")
        skill, title = rest[1:close], rest[close + 1:]
    elif ":" in rest:
        skill, title = rest.split(":", 1)
    else:
        return ParseError("no_skill")
    skill = " ".join(skill.split())
    if sum(c.isalpha() for c in skill) < 2:
        return ParseError("no_skill")
    return skill, title


# --------------------------------------------------------------------------------------------
# Status, pledging room, the coverage bar
# --------------------------------------------------------------------------------------------


def _positive_target(target: Quantity) -> Decimal:
    t = Decimal(target)
    if t <= 0:
        raise ValueError("a need's target must be positive")
    return t


def _margin(margin: Decimal | float | int) -> Decimal:
    m = Decimal(str(margin)) if isinstance(margin, float) else Decimal(margin)
    if m < 0:
        raise ValueError("the over-pledge margin cannot be negative")
    return m


def status_for(target: Quantity, pledged: Quantity, delivered: Quantity, *, closed: bool,
               deadline: date | None, today: date) -> NeedStatus:
    """Where a need stands, from its numbers and the designer's act.

    In this order: **fulfilled** when delivered ≥ target — help that arrived is never undone by
    closing the need or by its deadline passing, and reports count it as fulfilled; **closed**
    when the designer closed it; **expired** when the deadline day is over (the deadline day
    itself is still open) and it is not fulfilled — a covered need whose help never came
    expires too; **covered** when pledged ≥ target; otherwise **open**.
    """
    t = _positive_target(target)
    if Decimal(delivered) >= t:
        return "fulfilled"
    if closed:
        return "closed"
    if deadline is not None and deadline < today:
        return "expired"
    if Decimal(pledged) >= t:
        return "covered"
    return "open"


@dataclass(frozen=True, slots=True)
class PledgeRoom:
    """``open_quantity``: what the target still misses; ``room``: what may still be pledged.

    ``room`` exceeds ``open_quantity`` by the over-pledge margin, so a member can round up
    ("all that is missing" plus a spare parcel) without the need filling up with surplus.
    """

    open_quantity: Decimal
    room: Decimal
    limit: Decimal


def pledge_room(target: Quantity, pledged: Quantity, margin: Decimal | float | int, *,
                whole: bool = False) -> PledgeRoom:
    """How much may still be pledged when pledges may exceed the target by ``margin`` (0.10).

    The limit is target × (1 + margin); for counted units (``whole``) it is rounded down, since
    half a parcel cannot be pledged.
    """
    t = _positive_target(target)
    p = Decimal(pledged)
    limit = t * (1 + _margin(margin))
    if whole:
        limit = limit.to_integral_value(rounding=ROUND_FLOOR)
    return PledgeRoom(open_quantity=max(t - p, Decimal(0)), room=max(limit - p, Decimal(0)),
                      limit=limit)


@dataclass(frozen=True, slots=True)
class Accepted:
    """The pledge fits: the need's pledged total and what stays open once it is counted."""

    quantity: Decimal
    pledged_after: Decimal
    open_after: Decimal


@dataclass(frozen=True, slots=True)
class Refused:
    """The pledge does not fit; ``open_quantity`` is what the bot offers instead.

    ``reason``: "not_positive" (zero or less), "not_whole" (half a parcel), "over_limit"
    (beyond target + margin; ``room`` is the most that would still be accepted).
    """

    open_quantity: Decimal
    room: Decimal
    reason: Literal["not_positive", "not_whole", "over_limit"]


def accept_pledge(quantity: Quantity, target: Quantity, pledged: Quantity,
                  margin: Decimal | float | int, *, whole: bool = False) -> Accepted | Refused:
    """Whether one more pledge of ``quantity`` fits the need.

    This is the rule; making it hold under concurrent pledges (a row lock or a conditional
    update) is the service's job, which applies this same check inside the transaction.
    """
    q = Decimal(quantity)
    room = pledge_room(target, pledged, margin, whole=whole)
    if q <= 0:
        return Refused(room.open_quantity, room.room, "not_positive")
    if whole and q != q.to_integral_value():
        return Refused(room.open_quantity, room.room, "not_whole")
    if q > room.room:
        return Refused(room.open_quantity, room.room, "over_limit")
    after = Decimal(pledged) + q
    return Accepted(quantity=q, pledged_after=after,
                    open_after=max(Decimal(target) - after, Decimal(0)))


def coverage_blocks(pledged: Quantity, target: Quantity, width: int = 5) -> tuple[int, int]:
    """(filled, empty) blocks of a coverage bar, e.g. (2, 3) for 8/20 -> "▰▰▱▱▱".

    Blocks are pledged / target × width rounded half up, with two corrections so the bar never
    misleads at a glance: any pledge shows at least one block (someone answered), and a need
    short of its target never shows a full bar (19/20 is 4 of 5, not 5).  When the two collide
    (a one-block bar) "not full" wins.  Over-pledged needs show a full bar.
    """
    if width < 1:
        raise ValueError("a bar has at least one block")
    t = _positive_target(target)
    p = max(Decimal(pledged), Decimal(0))
    if p >= t:
        return width, 0
    filled = int((p / t * width).to_integral_value(rounding=ROUND_HALF_UP))
    if p > 0:
        filled = max(filled, 1)
    filled = min(filled, width - 1)
    return filled, width - filled
