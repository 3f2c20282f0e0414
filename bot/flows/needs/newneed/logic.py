"""Pure rules of the need steps: which question comes next, and what an answer must look like.

No aiogram, no database. The draft is a JSON dict (it lives in the FSM data, in Redis with
several workers): quantities as strings, the deadline as an ISO date.

A flow is a ``mode`` and a ``queue`` of steps still to ask:

=========== ============================================== ==================================
mode        queue at the start                             when the queue is empty
=========== ============================================== ==================================
``new``     title … territory (``NEW_STEPS``)              the summary (Publish / edit)
``approve`` what the proposal lacks (unit, quantity)       the summary, then ``approve``
``propose`` title … quantity (``PROPOSE_STEPS``)           ``propose_need``
``manage``  the one field being edited                     ``edit``
``reopen``  a new deadline                                 ``reopen``
=========== ============================================== ==================================

A non-profit's category (``fundraising``, ``capacity``) fixes the unit (``after_category``):
no unit is asked; fundraising asks where to give (``link``) and its campaign end (the
deadline, then not skippable), capacity building the profession (``skill``); in /newneed and
an approval, "for which organisation?" (``organisation``) follows, skipped when the team's
territory has no non-profit.

Editing a field from the summary queues just that step (and what it implies: a new unit
asks the skill or the unit's name, and then the quantity again). A unit of goods chosen in
/newneed or an approval also queues, after the quantity, the optional value of one unit
(``with_unit_value``); another unit drops it.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from domain.needs import (
    FUNDRAISING,
    MAX_TITLE_LENGTH,
    NPO_CATEGORIES,
    ParseError,
    check_quantity,
    fixed_unit,
    is_goods,
    missing_for_kind,
    parse_deadline,
)

NEW_STEPS = ("title", "description", "category", "unit", "quantity", "urgency", "deadline",
             "beneficiary", "territory")
PROPOSE_STEPS = ("title", "description", "category", "unit", "quantity")
#: The fields the summary offers to edit, in its order.
SUMMARY_FIELDS = ("title", "description", "category", "unit", "skill", "link", "organisation",
                  "quantity", "unit_value", "urgency", "deadline", "beneficiary", "territory")
#: The fields /myneeds edits on a published need (the value of one unit: goods only).
MANAGED_FIELDS = ("title", "description", "quantity", "deadline", "urgency", "category",
                  "unit_value")
#: Steps answered with a Skip button (the field stays empty); a fundraising need's deadline
#: (its campaign end) is not (``skippable``).
SKIPPABLE = frozenset({"description", "unit_value", "deadline", "beneficiary", "organisation"})
#: The modes that ask which non-profit a need is for (a proposal's is its proposer's).
ORGANISATION_MODES = frozenset({"new", "approve"})
#: The modes that ask the value of one unit of goods (a proposal leaves it to the designer).
VALUED_MODES = frozenset({"new", "approve"})
#: Unit buttons: codes of domain.needs, and two that ask a word next.
UNIT_CHOICES = ("hours", "eur", "kg", "parcels", "items", "skill_hours", "free")
MODES = frozenset({"new", "approve", "propose", "manage", "reopen"})

MAX_DESCRIPTION = 1000
MAX_BENEFICIARY = 120
MAX_SKILL = 100
#: A designer's reason for closing a need or declining a proposal.
MAX_REASON = 300
_DEADLINE_WORDS = re.compile(r"^\s*(?:entro|by)\s+(?:il\s+|the\s+)?", re.IGNORECASE)


def empty_draft() -> dict[str, Any]:
    return {"title": None, "description": None, "category": None, "unit": None, "skill": None,
            "quantity": None, "unit_value": None, "urgency": "normal", "deadline": None,
            "beneficiary": None, "territory": None, "link": None, "organisation_id": None,
            "organisation_name": None}


def next_in(queue: list[str]) -> tuple[str | None, list[str]]:
    """The next step and the queue after it."""
    return (queue[0], queue[1:]) if queue else (None, [])


def after_unit(unit_choice: str, draft: dict[str, Any], queue: list[str]) -> list[str]:
    """The queue once a unit button is pressed: the skill or the unit's word first, then the
    quantity again if the one in the draft does not fit the new unit."""
    extra: list[str] = []
    if unit_choice == "skill_hours":
        extra.append("skill")
    elif unit_choice == "free":
        extra.append("free_unit")
    else:
        extra += needs_quantity(unit_choice, draft, queue)
    return extra + queue


def needs_quantity(unit: str, draft: dict[str, Any], queue: list[str]) -> list[str]:
    """["quantity"] unless it is queued already, or the unit stays the same (``draft`` still
    holds the old one) and the quantity fits it: 200 € are not 200 blankets."""
    if "quantity" in queue:
        return []
    if (draft.get("quantity") is not None and draft.get("unit") == unit
            and check_quantity(Decimal(draft["quantity"]), unit) is None):
        return []
    return ["quantity"]


def with_unit_value(mode: str, unit: str | None, draft: dict[str, Any],
                    queue: list[str]) -> list[str]:
    """The queue once ``unit`` is chosen: goods in /newneed or an approval ask the value of one
    unit right after the quantity (unless it is known already); any other unit, or mode,
    asks none and the draft keeps none (``draft`` is changed)."""
    if mode not in VALUED_MODES or not is_goods(unit):
        draft["unit_value"] = None
        return [step for step in queue if step != "unit_value"]
    if "unit_value" in queue or draft.get("unit_value") is not None:
        return queue
    at = queue.index("quantity") + 1 if "quantity" in queue else 0
    return [*queue[:at], "unit_value", *queue[at:]]


def skippable(step: str, draft: dict[str, Any]) -> bool:
    """Whether the step may be left empty: not a fundraising need's campaign end."""
    return step in SKIPPABLE and not (step == "deadline"
                                      and draft.get("category") == FUNDRAISING)


def after_category(mode: str, category: str, draft: dict[str, Any],
                   queue: list[str]) -> list[str]:
    """The queue once a category is chosen (``draft`` is changed). A non-profit's category
    fixes the unit and queues what it asks (link and campaign end, or the profession) before
    the quantity, and which organisation it is for; leaving one drops its link and
    organisation."""
    unit = fixed_unit(category)
    if unit is None:
        draft.update(link=None, organisation_id=None, organisation_name=None)
        if draft.get("unit") is None and mode != "propose" and "unit" not in queue:
            queue = ["unit", *queue]
        return queue
    if draft.get("unit") != unit:
        draft["unit_value"] = None
    draft["unit"] = unit
    if category == FUNDRAISING:
        draft["skill"] = None
    else:
        draft["link"] = None
    rest = [step for step in queue if step not in ("unit", "unit_value")]
    first = [step for step in missing_for_kind(category, link=draft.get("link"),
                                               deadline=draft.get("deadline"),
                                               skill=draft.get("skill"))
             if step not in rest and (step != "deadline" or mode not in ("propose",))]
    first += [step for step in needs_quantity(unit, draft, rest) if step not in first]
    queue = [*first, *rest]
    if (mode in ORGANISATION_MODES and draft.get("organisation_id") is None
            and "organisation" not in queue):
        at = queue.index("quantity") + 1 if "quantity" in queue else len(first)
        queue.insert(at, "organisation")
    return queue


def kind_queue(mode: str, draft: dict[str, Any]) -> list[str]:
    """What a need read from one line (or a proposal being approved) still lacks for its
    category: the steps ``after_category`` would ask, the quantity only if missing."""
    if draft.get("category") not in NPO_CATEGORIES:
        return []
    queue = after_category(mode, draft["category"], draft, [])
    if draft.get("quantity") is not None and check_quantity(
            Decimal(draft["quantity"]), draft["unit"]) is None:
        queue = [step for step in queue if step != "quantity"]
    return queue


def summary_fields(draft: dict[str, Any]) -> tuple[str, ...]:
    """The summary's ✏️ buttons: the value of one unit only for goods; a non-profit's
    category fixes the unit and offers its own fields instead."""
    category = draft.get("category")
    npo = category in NPO_CATEGORIES
    hidden = {"unit" if npo else "", "skill" if category != "capacity" else "",
              "link" if category != FUNDRAISING else "", "organisation" if not npo else "",
              "unit_value" if not is_goods(draft.get("unit")) else ""}
    return tuple(field for field in SUMMARY_FIELDS if field not in hidden)


def managed_fields(unit: str | None) -> tuple[str, ...]:
    """/myneeds' ✏️ buttons for a need counted in ``unit``."""
    return tuple(field for field in MANAGED_FIELDS if field != "unit_value" or is_goods(unit))


def clean_title(text: str | None) -> str | ParseError:
    title = " ".join((text or "").split())
    if sum(c.isalpha() for c in title) < 3:
        return ParseError("no_title")
    if len(title) > MAX_TITLE_LENGTH:
        return ParseError("title_too_long", value=title, limit=Decimal(MAX_TITLE_LENGTH))
    return title[0].upper() + title[1:]


def clean_line(text: str | None, limit: int, *, letters: int = 2) -> str | None:
    """A free text of at least ``letters`` letters and at most ``limit`` characters."""
    cleaned = " ".join((text or "").split())
    if sum(c.isalpha() for c in cleaned) < letters or len(cleaned) > limit:
        return None
    return cleaned


def clean_description(text: str | None) -> str | None:
    cleaned = (text or "").strip()
    if sum(c.isalpha() for c in cleaned) < 2 or len(cleaned) > MAX_DESCRIPTION:
        return None
    return cleaned


def read_deadline(text: str | None, *, today: date) -> date | ParseError:
    """"15/12", "entro 15/12", "by 15/12/2027"."""
    return parse_deadline(_DEADLINE_WORDS.sub("", text or "", count=1), today=today)


def missing_for_approval(draft: dict[str, Any]) -> list[str]:
    """What a proposal still lacks before it can be published (a non-profit's: its link and
    campaign end, or its profession, too)."""
    kind = missing_for_kind(draft.get("category"), link=draft.get("link"),
                            deadline=draft.get("deadline"), skill=draft.get("skill"))
    if draft.get("unit") is None:
        return ["unit", "quantity", *kind]
    if draft.get("quantity") is None:
        return [*kind, "quantity", *(["unit_value"] if is_goods(draft["unit"]) else [])]
    return kind


def page_count(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))
