"""The needs non-profits post through their team's designer: fundraising and capacity building.

They are categories of the catalogue with a resource of their own:

- **fundraising** is money (``eur``) with a campaign end (the need's deadline) and a link to
  where to give. The bot never handles money: a pledge is a promise to give through that link,
  and the designer confirms what arrived, as for any money need.
- **capacity building** is professional skills (``skill_hours``) of a named profession (the
  need's ``skill``): "commercialista, 20 ore entro un mese".

Nothing here speaks to people or reads the clock.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from domain.needs.problems import ParseError

__all__ = ["CAPACITY", "FUNDRAISING", "KIND_UNITS", "MAX_LINK_LENGTH", "NPO_CATEGORIES",
           "fixed_unit", "kind_problem", "missing_for_kind", "parse_link", "take_link"]

FUNDRAISING = "fundraising"
CAPACITY = "capacity"
NPO_CATEGORIES = (FUNDRAISING, CAPACITY)
#: The unit each kind is counted in (the resource follows from it).
KIND_UNITS = {FUNDRAISING: "eur", CAPACITY: "skill_hours"}
#: As ``need.link`` stores it.
MAX_LINK_LENGTH = 300

_LINK = re.compile(r"(?<!\S)(?:https?://|www\.)\S+", re.IGNORECASE)
_HOST = re.compile(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
                   re.IGNORECASE)


def fixed_unit(category: str | None) -> str | None:
    """The unit a category fixes (``None``: the designer chooses)."""
    return KIND_UNITS.get(category or "")


def parse_link(text: str | None) -> str | ParseError:
    """An http(s) address with a real host name: "https://dona.example.org/pulmino".

    "www.example.org" gets its "https://"; anything else (no scheme, another scheme, spaces,
    a host without a dot, more than ``MAX_LINK_LENGTH`` characters) is "bad_link".
    """
    value = (text or "").strip().rstrip(".,;)")
    if value.lower().startswith("www."):
        value = "https://" + value
    if (not value or len(value) > MAX_LINK_LENGTH or any(c.isspace() for c in value)
            or any(c in value for c in "<>\"'")):
        return ParseError("bad_link", value=(text or "").strip()[:80] or None)
    parts = urlsplit(value)
    host = parts.hostname or ""
    if parts.scheme.lower() not in ("http", "https") or not _HOST.match(host):
        return ParseError("bad_link", value=value[:80])
    return value


def take_link(body: str) -> tuple[str, str | ParseError | None]:
    """The address a one-line names (read by ``parse_link``), and the line without it."""
    found = _LINK.findall(body)
    if not found:
        return body, None
    if len(found) > 1:
        return body, ParseError("many_links", value=", ".join(found)[:80])
    return _LINK.sub(" ", body, count=1), parse_link(found[0])


def kind_problem(category: str | None, unit: str | None) -> ParseError | None:
    """A unit that does not suit the category: fundraising is money, capacity building is
    hours (of a profession; plain hours are read as such)."""
    fixed = fixed_unit(category)
    if fixed is None or unit is None or unit == fixed:
        return None
    if fixed == "skill_hours" and unit == "hours":
        return None
    return ParseError("kind_unit", value=category)


def missing_for_kind(category: str | None, *, link: str | None, deadline: object | None,
                     skill: str | None) -> list[str]:
    """What a need of the category still lacks, as the names of the steps that ask it:
    fundraising its link and campaign end, capacity building its profession."""
    if category == FUNDRAISING:
        return [*(["link"] if not link else []), *(["deadline"] if deadline is None else [])]
    if category == CAPACITY:
        return [] if skill else ["skill"]
    return []
