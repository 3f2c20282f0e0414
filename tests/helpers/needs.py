"""Needs posted through the service (the posting conversations are /newneed's, tested apart)
and what became of them: the need's row, its pledges, its history, what the outbox says.

The people are the needs conversations' (tests/needs/conftest.py): the demo's Marco designs
Milano, Sara designs Bergamo and Brescia, Luca is a Milano member who speaks English; Anna is
an Italian Milano member; Giulia and Emma are not registered yet."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from bot.services import needs
from bot.services.needs import NeedDraft
from storage.models import Need
from tests.helpers.rows import team_id
from tests.world import World

GIULIA, EMMA, MARCO, SARA, LUCA, ANNA = 1001, 1002, 2001, 2002, 2003, 2010
#: The demo's Milano group, where a need posted for Milano is announced.
MILANO_GROUP = -1001000000001


async def post(world: World, title: str, quantity: int | str = 20, unit: str = "hours", *,
               category: str = "health", deadline: date | None = None,
               urgency: str = "normal", team: str = "Cohesion Makers Milano",
               by: int = MARCO) -> int:
    """A need published by the team's designer, at the world's time: it is announced in the
    team's group, as any posted need."""
    team_number = await team_id(world, team)
    async with world.uow() as uow:
        view = await needs.post_need(
            uow, now=world.clock(), telegram_id=by, team_id=team_number,  # type: ignore[operator]
            draft=NeedDraft(title=title, quantity=Decimal(quantity), unit=unit,
                            category=category, deadline=deadline, urgency=urgency),
            bot_username=world.settings.bot_username)
    return view.id


async def need_row(world: World, need_id: int) -> Need:
    async with world.uow() as uow:
        need = await uow.needs.get(need_id)
    assert need is not None
    return need


Row = tuple[int | None, Decimal, Decimal, str]


async def pledge_rows(world: World, need_id: int) -> list[Row]:
    """(who, quantity, delivered, status) of every pledge to the need, in order."""
    async with world.uow() as uow:
        rows = await uow.needs.pledges_to(need_id, statuses=("active", "withdrawn", "delivered"))
    return [(p.member_telegram_id, Decimal(p.quantity), Decimal(p.delivered), p.status)
            for p in rows]


async def pledge_id(world: World, need_id: int, who: int) -> int:
    async with world.uow() as uow:
        rows = await uow.needs.pledges_to(need_id, statuses=("active", "withdrawn", "delivered"))
    return int(next(p.id for p in rows if p.member_telegram_id == who))


async def outbox(world: World) -> list[tuple[int, str, str]]:
    """(chat, key, text) of every outbox row, in order."""
    async with world.uow() as uow:
        rows = await uow.outbox.all()
    return [(row.chat_id, row.key, json.loads(row.payload)["text"]) for row in rows]


async def kinds(world: World, need_id: int) -> list[str]:
    async with world.uow() as uow:
        return [kind for _at, _by, kind in await needs.history(uow, need_id=need_id)]
