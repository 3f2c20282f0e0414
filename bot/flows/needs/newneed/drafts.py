"""Between the JSON draft of the state data and the services' values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from bot.flows.needs.newneed import logic
from bot.services.needs import DEFAULT_CATEGORY, NeedDraft, NeedView
from domain.needs import OneLine


def quantity_text(value: Decimal) -> str:
    """A Decimal as plain text without trailing zeros ("20", "2.5"), never "2E+1"."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def from_one_line(line: OneLine) -> dict[str, Any]:
    draft = logic.empty_draft()
    draft.update(title=line.title, category=line.category or DEFAULT_CATEGORY, unit=line.unit,
                 skill=line.skill,
                 quantity=quantity_text(line.quantity),
                 deadline=line.deadline.isoformat() if line.deadline else None,
                 link=line.link)
    return draft


def from_need(need: NeedView, team_code: str,
              organisation_name: str | None = None) -> dict[str, Any]:
    draft = logic.empty_draft()
    draft.update(
        title=need.title, description=need.description, category=need.category,
        unit=need.unit, skill=need.skill,
        quantity=quantity_text(need.target) if need.target is not None else None,
        urgency=need.urgency, deadline=need.deadline.isoformat() if need.deadline else None,
        beneficiary=need.beneficiary,
        territory=None if need.territory_code == team_code else need.territory_code,
        unit_value=quantity_text(need.unit_value) if need.unit_value is not None else None,
        link=need.link, organisation_id=need.organisation_id,
        organisation_name=organisation_name)
    return draft


def unit_value_of(draft: dict[str, Any]) -> Decimal | None:
    value = draft.get("unit_value")
    return Decimal(value) if value else None


def to_need_draft(draft: dict[str, Any]) -> NeedDraft:
    return NeedDraft(
        title=draft["title"], quantity=Decimal(draft["quantity"]), unit=draft["unit"],
        category=draft["category"], description=draft["description"], skill=draft["skill"],
        urgency=draft["urgency"],
        deadline=date.fromisoformat(draft["deadline"]) if draft["deadline"] else None,
        beneficiary=draft["beneficiary"], territory_code=draft["territory"],
        link=draft.get("link"), organisation_id=draft.get("organisation_id"))
