"""Needs: what they ask for, how a designer writes one in a line, and how their status follows.

Why this package exists: a need is a number with a unit ("20 ore", "200 €", "30 coperte") that
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

Its parts, along their seams (callers import from the package, which re-exports them):

- ``units``: the units, reading a number and a unit word, whether a quantity suits a unit;
- ``categories``: the catalogue and the ``#tag`` reader;
- ``one_line``: the one-line ``/newneed`` and a typed deadline (reading, with ``units`` and
  ``categories``);
- ``kinds``: the non-profits' fundraising and capacity-building needs (fixed unit, link);
- ``rules``: status, the over-pledge limit and the room left, accepting a pledge, the bar;
- ``problems``: the codes a refused text or value comes back with.
"""

from __future__ import annotations

from domain.needs.categories import (
    CATEGORY_LANGUAGES,
    DEFAULT_DATA_DIR,
    Category,
    CategoryCatalog,
    load_categories,
)
from domain.needs.kinds import (
    CAPACITY,
    FUNDRAISING,
    MAX_LINK_LENGTH,
    NPO_CATEGORIES,
    fixed_unit,
    kind_problem,
    missing_for_kind,
    parse_link,
)
from domain.needs.one_line import (
    MAX_DEADLINE_DAYS,
    MAX_TITLE_LENGTH,
    OneLine,
    parse_deadline,
    parse_one_line,
)
from domain.needs.problems import PARSE_ERROR_CODES, ParseError, ParseErrorCode
from domain.needs.rules import (
    Accepted,
    NeedStatus,
    PledgeRoom,
    Refused,
    accept_pledge,
    coverage_blocks,
    one_tap_pledge,
    open_quantity,
    pledge_limit,
    pledge_room,
    room_under,
    status_for,
)
from domain.needs.units import (
    MAX_DECIMALS,
    MAX_UNIT_VALUE,
    Quantity,
    ResourceType,
    Unit,
    check_quantity,
    is_goods,
    parse_quantity,
    parse_unit,
    parse_unit_value,
    unit_info,
)

__all__ = [
    "CAPACITY", "FUNDRAISING", "MAX_LINK_LENGTH", "NPO_CATEGORIES", "fixed_unit",
    "kind_problem", "missing_for_kind", "parse_link",
    "CATEGORY_LANGUAGES", "DEFAULT_DATA_DIR", "MAX_DEADLINE_DAYS", "MAX_DECIMALS",
    "MAX_TITLE_LENGTH", "MAX_UNIT_VALUE", "PARSE_ERROR_CODES", "Accepted", "Category", "CategoryCatalog",
    "NeedStatus", "OneLine", "ParseError", "ParseErrorCode", "PledgeRoom", "Quantity", "Refused",
    "ResourceType", "Unit", "accept_pledge", "check_quantity", "coverage_blocks",
    "load_categories", "one_tap_pledge", "open_quantity", "parse_deadline", "parse_one_line",
    "is_goods", "parse_quantity",
    "parse_unit", "parse_unit_value", "pledge_limit", "pledge_room", "room_under", "status_for", "unit_info",
]
