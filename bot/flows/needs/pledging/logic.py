"""Pure rules of the needs flow: which quantity buttons make sense, what a button's data may
hold. No aiogram, no database."""

from __future__ import annotations

import re
from decimal import Decimal

from bot.ui.texts.needs import PER_PAGE, RESOURCES
from domain.needs import CategoryCatalog

__all__ = ["MAX_PAGE", "PER_PAGE", "button_quantity", "presets", "valid_filters"]

#: Far beyond any real list; a page past it is forged.
MAX_PAGE = 1000
_BASE = (Decimal(1), Decimal(2), Decimal(5))
_BASE_EUR = (Decimal(5), Decimal(10), Decimal(20))
_BUTTON_QUANTITY = re.compile(r"\d{1,7}(?:\.\d{1,2})?")


def presets(open_quantity: Decimal, room: Decimal, unit: str | None) -> list[Decimal]:
    """The quick quantities for a need: 1 / 2 / 5 (euro: 5 / 10 / 20), only those below what
    is missing ("all that is missing" is its own button); on a covered need, those that still
    fit the margin."""
    base = _BASE_EUR if unit == "eur" else _BASE
    if open_quantity > 0:
        return [q for q in base if q < open_quantity]
    return [q for q in base if q <= room]


def button_quantity(data: str) -> Decimal | None:
    """The quantity a quantity button carries ("2", "2.5"), or None for anything else."""
    if not _BUTTON_QUANTITY.fullmatch(data):
        return None
    value = Decimal(data)
    return value if value > 0 else None


def valid_filters(page: int, category: str, resource: str, catalog: CategoryCatalog) -> bool:
    """Whether a /needs button names a real page and filters ("" is all)."""
    return (0 <= page <= MAX_PAGE and (category == "" or catalog.get(category) is not None)
            and (resource == "" or resource in RESOURCES))
