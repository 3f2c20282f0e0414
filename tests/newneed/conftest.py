"""The demo world for the newneed conversations: Marco designs Milano (its group linked, in
Italian), Sara designs Bergamo and Brescia (no group), Luca is a member of Milano (English)
and, here, also the designer of the Lombardia team (a region: comuni inside it can be picked)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlmodel import col, select

from bot.config import Settings
from storage.models import Need, NeedEvent
from tests.conftest import Clock
from tests.helpers.rows import team_named_in
from tests.world import World, open_world

MARCO, SARA, LUCA = 2001, 2002, 2003
MILANO_GROUP = -1001000000001


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    async with open_world(settings, clock, (MARCO, "Marco", "it"), (SARA, "Sara", "it"),
                          (LUCA, "Luca", "en")) as world:
        async with world.uow() as uow:
            lombardia = await team_named_in(uow, "Cohesion Makers Lombardia")
            await uow.roles.grant(telegram_id=LUCA, role="designer", team_id=lombardia.id,
                                  now=clock())
        yield world


async def needs_rows(world: World) -> list[Need]:
    async with world.uow() as uow:
        return list((await uow.session.exec(select(Need).order_by(col(Need.id)))).all())


async def event_kinds(world: World, need_id: int) -> list[str]:
    async with world.uow() as uow:
        return [e.kind for e in await uow.needs.events(need_id)]


async def events(world: World, need_id: int) -> list[NeedEvent]:
    async with world.uow() as uow:
        return list(await uow.needs.events(need_id))
