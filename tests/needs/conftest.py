"""The world of the needs conversations: the demo's teams and people, with Anna (an Italian
Milano member) added; the people are tests/helpers/needs.py's."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.config import Settings
from tests.conftest import Clock
from tests.helpers.needs import ANNA, EMMA, GIULIA, LUCA, MARCO, SARA
from tests.helpers.rows import add_member, team_id
from tests.world import World, open_world


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    async with open_world(settings, clock, (GIULIA, "Giulia", "it"), (EMMA, "Emma", "en"),
                          (MARCO, "Marco", "it"), (SARA, "Sara", "it"), (LUCA, "Luca", "en"),
                          (ANNA, "Anna", "it")) as world:
        async with world.uow() as uow:
            anna = await add_member(uow, ANNA, "Anna", now=clock(), availability=None)
            milano = await team_id(uow, "Cohesion Makers Milano")
            await uow.memberships.join(member_id=anna.id or 0, team_id=milano, now=clock())
        yield world
