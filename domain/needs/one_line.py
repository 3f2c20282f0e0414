"""The one-line ``/newneed`` (and the deadline a person types): a line read into a need,
or the first problem in the order a person reads it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from domain.days import FILLER, normalize_text, parse_day
from domain.needs.categories import CategoryCatalog, load_categories
from domain.needs.kinds import CAPACITY, kind_problem, take_link
from domain.needs.problems import ParseError
from domain.needs.units import (
    _FREE_PREFIX,
    _UNIT_CONTINUATIONS,
    _UNIT_WORDS,
    ResourceType,
    _unit_key,
    check_quantity,
    parse_quantity,
    parse_unit,
    unit_info,
)
from domain.territory import normalize

__all__ = ["MAX_DEADLINE_DAYS", "MAX_TITLE_LENGTH", "OneLine", "parse_deadline",
           "parse_one_line"]

#: A title is a line in a list and a button caption, not a description.
MAX_TITLE_LENGTH = 120
#: "entro 15/12/2099" is a typo far more often than a plan; two years is a long campaign.
MAX_DEADLINE_DAYS = 730


# --------------------------------------------------------------------------------------------
# Deadlines
# --------------------------------------------------------------------------------------------

def parse_deadline(text: str, *, today: date) -> date | ParseError:
    """A deadline: a day read like a table's (``domain.days``): "15/12", "15-12-2027",
    "15 dicembre", "sabato prossimo", "next Saturday", "domani", "tra 2 settimane".

    A day and month without a year is the next such day on or after ``today`` (on 20/12,
    "15/12" is next year's: the summary reads the year back); a day before ``today`` — a full
    date, "ieri", "yesterday" — is an error said plainly, never moved to another year.
    """
    value = text.strip()
    day = parse_day(value, today=today)
    if not isinstance(day, date):
        return ParseError("bad_deadline", value=value)
    if day < today:
        return ParseError("past_deadline", value=value)
    if day > today + timedelta(days=MAX_DEADLINE_DAYS):
        return ParseError("far_deadline", value=value, limit=Decimal(MAX_DEADLINE_DAYS))
    return day


_DEADLINE_WORD = re.compile(r"(?<!\S)(?:entro|by)(?:\s+(?:il|the))?\s+", re.IGNORECASE)
#: The longest day a line names after "entro"/"by": "the day after tomorrow", "lun 14 dic 2026".
_MAX_DAY_WORDS = 5
#: Words that end a day only at the end of the line ("entro 15/12 per la scuola": the day is
#: "15/12", "per la" stays in the title); "prossimo" ends "sabato prossimo" anywhere.
_TRAILING_FILLER = frozenset(FILLER) - {"prossimo", "prossima"}
_PUNCTUATION = ".,;:!?)"


def _take_deadlines(body: str, today: date) -> tuple[str, list[tuple[str, date | ParseError]]]:
    """The deadlines named after "entro"/"by", each read the longest way that is a day, and the
    line without them. An "entro"/"by" followed by no day stays in the title ("entro il
    quartiere", "Walk by the river"); one followed by a wrong or past day is that day's error."""
    found: list[tuple[str, date | ParseError]] = []
    kept: list[str] = []
    position = 0
    for keyword in _DEADLINE_WORD.finditer(body):
        if keyword.start() < position:
            continue
        rest = body[keyword.end():]
        words = list(re.finditer(r"\S+", rest))[:_MAX_DAY_WORDS]
        for count in range(len(words), 0, -1):
            end = words[count - 1].end()
            last = normalize_text(words[count - 1][0].strip(_PUNCTUATION))
            at_end = not rest[end:].strip()
            if not at_end and (last in _TRAILING_FILLER or not last):
                continue
            piece = rest[:end].strip().rstrip(_PUNCTUATION)
            day = parse_day(piece, today=today)
            if day == "unreadable":
                continue
            found.append((piece, parse_deadline(piece, today=today)))
            kept.append(body[position:keyword.start()])
            position = keyword.end() + end
            break
    kept.append(body[position:])
    return " ".join(kept), found


# --------------------------------------------------------------------------------------------
# The one-line /newneed
# --------------------------------------------------------------------------------------------


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
    #: An http(s) address in the line: where to give, for a fundraising need.
    link: str | None = None


_COMMAND = re.compile(r"^\s*/\w+(?:@\w+)?(?=\s|$)")
_TAG = re.compile(r"(?<!\S)#([^\s#]+)")
_LEAD = re.compile(
    r"^(?P<pre>€|eur(?:o)?\b)?\s*(?P<num>[+-]?\d[\d.,]*)(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)
_UNIT_WORD = re.compile(r"^\s*(?P<word>[€$£%]|[^\W\d_]+)", re.DOTALL)
_PRO_BONO = re.compile(r"^\s*pro[\s-]?bono\b", re.IGNORECASE)
_SKILL_JOINER = re.compile(r"^\s*(?:di|in|of|d['’])\s*", re.IGNORECASE)
_OF_AFTER_UNIT = re.compile(r"^(?:di|of)\s+|^d['’]\s*", re.IGNORECASE)
_TITLE_JUNK = " \t\n:;,.-–—"


def parse_one_line(text: str, *, today: date,
                   categories: CategoryCatalog | None = None) -> OneLine | ParseError:
    """Read ``/newneed <quantity> <unit> <title> [#category] [entro|by <day>]``.

    Examples: ``20 ore Accompagnare anziani alle visite mediche #salute entro 15/12``,
    ``€ 200 Spesa per tre famiglie``, ``200€ ...``, ``2,5 kg di pasta``, ``30 coperte per il
    dormitorio #casa``, ``10 ore pro bono di consulenza legale: Aiuto contro gli sfratti``
    (the skill ends at a colon, or is written in brackets: ``10 hours pro bono (legal advice)
    Help against evictions``).  An http(s) address anywhere is a fundraising need's link
    (``€ 3000 Un pulmino #fundraising entro 31/01 https://dona.example.org``).

    The tag and the deadline may stand anywhere; the quantity and the unit come first.  A
    leading ``/command`` is skipped, so the whole message text can be passed.  Problems are
    reported in the order a person reads the line: quantity, unit, title, category, deadline.
    """
    catalog = categories or load_categories()
    body = _COMMAND.sub("", text, count=1).strip()
    if not body:
        return ParseError("empty")

    body, link = take_link(body)
    tags = _TAG.findall(body)
    body = _TAG.sub(" ", body)
    body, deadlines = _take_deadlines(body, today)
    body = body.strip()

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
    if len({piece for piece, _ in deadlines}) > 1:
        return ParseError("many_deadlines", value=", ".join(piece for piece, _ in deadlines))
    if deadlines:
        parsed = deadlines[0][1]
        if isinstance(parsed, ParseError):
            return parsed
        deadline = parsed

    if isinstance(link, ParseError):
        return link
    wrong_kind = kind_problem(category, unit)
    if wrong_kind is not None:
        return wrong_kind
    if category == CAPACITY and unit == "hours":  # hours of a profession, named next
        unit = "skill_hours"
    return OneLine(quantity=quantity, unit=unit, resource=unit_info(unit).resource, title=title,
                   category=category, deadline=deadline, skill=skill, unit_label=unit_label,
                   link=link)


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

