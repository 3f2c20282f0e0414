"""The hourly values the social value estimate uses: the shipped indicative defaults
(``storage/data/impact/hour_values.json``) with the admin's values over them (``impact_rate``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from domain.impact import HourRate, ValueMethod
from domain.needs import load_categories
from storage.uow import UnitOfWork

DATA_FILE = Path(__file__).resolve().parents[3] / "storage" / "data" / "impact" / "hour_values.json"
DEFAULT, SKILLS = "default", "skills"


@dataclass(frozen=True, slots=True)
class RateLine:
    """One hourly value as ``cohesion impact rates`` lists it."""

    category: str
    eur_per_hour: Decimal
    source: str
    year: int
    set_by_admin: bool


@dataclass(frozen=True, slots=True)
class RateSet:
    """An admin changed an hourly value (the audit trail's record)."""

    category: str
    eur_per_hour: Decimal
    source: str
    year: int
    now: datetime
    by: int | None = None


class RateProblem(ValueError):
    """A value an admin typed that cannot be used (unknown category, not a positive amount)."""


@cache
def shipped() -> tuple[RateLine, ...]:
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    source, year = str(raw["source"]), int(raw["year"])
    lines = [RateLine(DEFAULT, Decimal(raw["default"]), source, year, False),
             RateLine(SKILLS, Decimal(raw["skills"]), source, year, False)]
    lines += [RateLine(code, Decimal(value), source, year, False)
              for code, value in sorted(raw["categories"].items())]
    return tuple(lines)


async def rate_lines(uow: UnitOfWork) -> list[RateLine]:
    """Every hourly value in use: the admin's where set, else the shipped one."""
    overrides = {r.category: RateLine(r.category, Decimal(r.eur_per_hour), r.source, r.year, True)
                 for r in await uow.impact.rates()}
    return [overrides.get(line.category, line) for line in shipped()]


async def value_method(uow: UnitOfWork) -> ValueMethod:
    """The assumptions of the estimate; its source and year are the oldest among those in use
    (several sources: they are named together)."""
    lines = await rate_lines(uow)
    by_code = {line.category: line for line in lines}
    sources = sorted({line.source for line in lines})
    return ValueMethod(
        rates=tuple(HourRate(line.category, line.eur_per_hour) for line in lines
                    if line.category not in (DEFAULT, SKILLS)),
        default_rate=by_code[DEFAULT].eur_per_hour, skill_rate=by_code[SKILLS].eur_per_hour,
        source="; ".join(sources), year=min(line.year for line in lines))


async def set_rate(uow: UnitOfWork, *, category: str, eur: str, source: str, year: int,
                   now: datetime, by: int | None = None) -> RateLine:
    """An admin's hourly value for a category (or ``default``, ``skills``); ``RateProblem``
    for an unknown category, an amount that is not a positive number of euro, an empty
    source or a year that is not one."""
    codes = {c.code for c in load_categories().categories} | {DEFAULT, SKILLS}
    if category not in codes:
        raise RateProblem(f"unknown category {category!r}: one of {', '.join(sorted(codes))}")
    try:
        amount = Decimal(eur.replace(",", "."))
    except InvalidOperation:
        raise RateProblem(f"not an amount in euro: {eur!r}") from None
    if not amount.is_finite() or amount <= 0 or amount >= 10_000:
        raise RateProblem(f"an hourly value is between 0 and 10000 euro, not {eur}")
    if not source.strip():
        raise RateProblem("say where the value comes from (--source)")
    if not 1900 <= year <= now.year + 1:
        raise RateProblem(f"not a year the value can be of: {year}")
    amount = amount.quantize(Decimal("0.01"))
    await uow.impact.set_rate(category=category, eur_per_hour=amount, source=source.strip(),
                              year=year, now=now)
    uow.emit(RateSet(category, amount, source.strip(), year, now, by))
    return RateLine(category, amount, source.strip(), year, True)
