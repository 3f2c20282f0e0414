"""The demo world for the newneed conversations: Marco designs Milano (its group linked, in
Italian), Sara designs Bergamo and Brescia (no group), Luca is a member of Milano (English)
and, here, also the designer of the Lombardia team (a region: comuni inside it can be picked)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.config import Settings
from storage.models import Need, NeedEvent, OutboxMessage, Team
from tests.conftest import Clock
from tests.world import World

MARCO, SARA, LUCA = 2001, 2002, 2003
MILANO_GROUP = -1001000000001


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    world = World(settings, clock)
    await world.load_demo()
    for user_id, name, language in ((MARCO, "Marco", "it"), (SARA, "Sara", "it"),
                                    (LUCA, "Luca", "en")):
        world.person(user_id, name, language)
    async with world.uow() as uow:
        lombardia = await team_named_in(uow, "Cohesion Makers Lombardia")
        await uow.roles.grant(telegram_id=LUCA, role="designer", team_id=lombardia.id,
                              now=clock())
    yield world
    await world.close()


async def team_named_in(uow: Any, name: str) -> Team:
    return next(t for t in await uow.teams.all() if t.name == name)


async def team_id(world: World, name: str) -> int:
    async with world.uow() as uow:
        team = await team_named_in(uow, name)
    assert team.id is not None
    return team.id


async def needs_rows(world: World) -> list[Need]:
    from sqlmodel import col, select
    async with world.uow() as uow:
        return list((await uow.session.exec(select(Need).order_by(col(Need.id)))).all())


async def event_kinds(world: World, need_id: int) -> list[str]:
    async with world.uow() as uow:
        return [e.kind for e in await uow.needs.events(need_id)]


async def events(world: World, need_id: int) -> list[NeedEvent]:
    async with world.uow() as uow:
        return list(await uow.needs.events(need_id))


async def outbox_rows(world: World) -> list[OutboxMessage]:
    async with world.uow() as uow:
        return list(await uow.outbox.all())


def payload(row: OutboxMessage) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(row.payload)
    return loaded
