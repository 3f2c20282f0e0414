"""A need's unit as people read it after a number ("20 ore", "5 parcels", "30 coperte"),
shared by the capabilities that write quantities (posting a need, the balance)."""

from __future__ import annotations

from decimal import Decimal

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from bot.ui.texts.common import q


def unit_label(unit: str, quantity: Decimal | float | str | int | None = None,
               skill: str | None = None) -> str:
    """The unit's word for `quantity` (plural when unknown); a free unit is what the designer
    typed, escaped."""
    n = 2 if quantity is None or Decimal(quantity) != 1 else 1
    if unit == "hours":
        return ngettext("hour", "hours", n)
    if unit == "eur":
        return "€"
    if unit == "kg":
        return "kg"
    if unit == "parcels":
        return ngettext("parcel", "parcels", n)
    if unit == "items":
        return ngettext("item", "items", n)
    if unit == "skill_hours":
        label = ngettext("hour pro bono", "hours pro bono", n)
        return _("{hours} of {skill}").format(hours=label, skill=q(skill)) if skill else label
    return q(unit.removeprefix("unit:"))
