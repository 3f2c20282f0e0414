"""The world of the organisations' conversations, on both databases: the demo's teams, people
and organisations (Sara of Bergamo Solidale, designer of Bergamo and Brescia; Luca of Navigli
Logistica Srl; the Bassa Bresciana consortium, with no member yet), and two newcomers."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.config import Settings
from tests.conftest import Clock
from tests.world import World, open_world

GIULIA, EMMA, MARCO, SARA, LUCA = 1001, 1002, 2001, 2002, 2003


@pytest.fixture
async def world(db_url: str, clock: Clock) -> AsyncIterator[World]:
    settings = Settings(_env_file=None, bot_token=None, database_url=db_url,  # type: ignore[call-arg]
                        redis_url=None)
    async with open_world(settings, clock, (GIULIA, "Giulia", "it"), (EMMA, "Emma", "en"),
                          (MARCO, "Marco", "it"), (SARA, "Sara", "it"),
                          (LUCA, "Luca", "en")) as world:
        yield world
