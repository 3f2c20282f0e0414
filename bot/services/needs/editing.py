"""A designer of the need's team edits, closes or reopens it; its pledgers hear of a change
(``NeedChanged``) or a closing (``NeedClosed``)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bot.services.needs.checks import (
    check_amount,
    check_category,
    check_deadline,
    check_kind,
    check_territory,
    check_title,
    check_unit_value,
    check_urgency,
    need_of,
    pledgers_but,
    require_designer_of,
)
from bot.services.needs.events import NeedChanged, NeedClosed, NeedReopened
from bot.services.needs.status import settle
from bot.services.needs.values import (
    LIVE,
    REOPENABLE,
    NeedEdit,
    NeedProblem,
    Outcome,
    need_view,
    today_in_italy,
)
from domain.needs import (
    FUNDRAISING,
    NPO_CATEGORIES,
    CategoryCatalog,
    load_categories,
    status_for,
)
from storage.models import NeedEventKind, NeedStatus
from storage.uow import UnitOfWork


async def edit(uow: UnitOfWork, *, now: datetime, telegram_id: int, need_id: int,
               changes: NeedEdit, catalog: CategoryCatalog | None = None) -> Outcome:
    """A designer of the need's team changes it; its pledgers are to be told (not of the value
    of one unit alone: it changes nothing they give)."""
    need = await need_of(uow, need_id)
    await require_designer_of(uow, telegram_id, need)
    if need.status not in LIVE:
        raise NeedProblem("not_live", need.status)
    assert need.target is not None and need.unit is not None
    catalog = catalog or load_categories()
    team = await uow.teams.get(need.team_id)
    assert team is not None
    unit = changes.unit or need.unit
    if unit != need.unit and need.pledged > 0:
        raise NeedProblem("unit_locked", need.unit)
    quantity = Decimal(changes.quantity) if changes.quantity is not None else need.target
    skill = None if "skill" in changes.clear else (changes.skill or need.skill)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {
        "title": check_title(changes.title) if changes.title is not None else need.title,
        "description": (None if "description" in changes.clear
                        else changes.description or need.description),
        "category": (check_category(changes.category, catalog) if changes.category is not None
                     else need.category),
        "resource": check_amount(quantity, unit, skill),
        "unit": unit, "target": quantity,
        "urgency": check_urgency(changes.urgency) if changes.urgency else need.urgency,
        "deadline": (None if "deadline" in changes.clear
                     else check_deadline(changes.deadline, today_in_italy(now))
                     if changes.deadline is not None else need.deadline),
        "beneficiary": (None if "beneficiary" in changes.clear
                        else changes.beneficiary or need.beneficiary),
        "territory_code": (await check_territory(uow, team.territory_code,
                                                 changes.territory_code)
                           if changes.territory_code is not None else need.territory_code),
    }
    after["skill"] = skill if after["resource"] == "skills" else None
    if after["category"] in NPO_CATEGORIES:  # a non-profit's need keeps what its kind asks
        check_kind(after["category"], unit, link=need.link if after["category"] == FUNDRAISING
                   else None, deadline=after["deadline"])
        if after["category"] != FUNDRAISING:
            after["link"] = None
    else:
        after["link"], after["organisation_id"] = None, None
    after["unit_value"] = (None if "unit_value" in changes.clear
                           else check_unit_value(changes.unit_value, unit)
                           if changes.unit_value is not None
                           else check_unit_value(need.unit_value, unit))
    for name, value in list(after.items()):
        if getattr(need, name) == value:
            del after[name]
        else:
            before[name] = getattr(need, name)
            setattr(need, name, value)
    if not after:
        return Outcome(need_view(need))
    need.updated_at = now
    await uow.needs.save(need)
    event = await uow.needs.record(need_id=need_id, at=now, by=telegram_id,
                                   kind=NeedEventKind.EDITED,
                                   details={"before": before, "after": after})
    assert event.id is not None
    pledgers = (await pledgers_but(uow, need, telegram_id) if set(after) - {"unit_value"}
                else ())
    uow.emit(NeedChanged(need_id, need.title, event.id, pledgers, now, by=telegram_id))
    await settle(uow, need, now=now, by=telegram_id)
    return Outcome(need_view(await need_of(uow, need_id)), told=len(pledgers))


async def close(uow: UnitOfWork, *, now: datetime, telegram_id: int, need_id: int,
                reason: str | None = None) -> Outcome:
    """A designer of the need's team closes it; its pledgers are to be told."""
    need = await need_of(uow, need_id)
    await require_designer_of(uow, telegram_id, need)
    if need.status not in LIVE:
        raise NeedProblem("not_live", need.status)
    need.status = NeedStatus.CLOSED.value
    need.updated_at = need.closed_at = now
    await uow.needs.save(need)
    event = await uow.needs.record(need_id=need_id, at=now, by=telegram_id,
                                   kind=NeedEventKind.CLOSED, details={"reason": reason})
    assert event.id is not None
    pledgers = await pledgers_but(uow, need, telegram_id)
    uow.emit(NeedClosed(need_id, need.title, event.id, pledgers, reason, now, by=telegram_id))
    return Outcome(need_view(need), told=len(pledgers))


async def reopen(uow: UnitOfWork, *, now: datetime, telegram_id: int, need_id: int,
                 deadline: date | None = None) -> Outcome:
    """A designer of the need's team reopens a closed or expired need (an expired one needs a
    new deadline, or it would expire again at once)."""
    need = await need_of(uow, need_id)
    await require_designer_of(uow, telegram_id, need)
    if need.status not in REOPENABLE:
        raise NeedProblem("not_reopenable", need.status)
    today = today_in_italy(now)
    if deadline is not None:
        need.deadline = check_deadline(deadline, today)
    elif need.deadline is not None and need.deadline < today:
        raise NeedProblem("past_deadline", need.deadline.isoformat())
    assert need.target is not None
    old = need.status
    need.status = status_for(need.target, need.pledged, need.delivered, closed=False,
                             deadline=need.deadline, today=today)
    need.updated_at, need.closed_at = now, None
    await uow.needs.save(need)
    event = await uow.needs.record(need_id=need_id, at=now, by=telegram_id,
                                   kind=NeedEventKind.REOPENED,
                                   details={"from": old, "to": need.status,
                                            "deadline": need.deadline})
    assert event.id is not None
    uow.emit(NeedReopened(need_id, event.id, now, by=telegram_id))
    return Outcome(need_view(need))
