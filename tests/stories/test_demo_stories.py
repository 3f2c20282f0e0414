"""The playground's demo has stories to try: two published (Milano's in English, Bergamo's in
Italian), one of Milano waiting for Marco's review."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.config import Settings
from tests.conftest import Clock
from tests.stories.conftest import LUCA, MARCO
from tests.world import Press, World, open_world


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    async with open_world(settings, clock, (MARCO, "Marco", "it"), (LUCA, "Luca", "en")) as world:
        yield world


async def test_the_demo_has_stories(world: World) -> None:
    await world.converse(MARCO, [
        ("/reviewstories", ["A bike repair corner", "Pubblica", "Modifica", "Rifiuta"]),
        ("/stories", "Quali"),
        (Press("La mia regione"), ["storie 1–2 di 2", "Sunday lunches in the square</b> (in "
                                   "English)", "Legna per l'inverno"]),
    ])
    await world.converse(LUCA, [("/stories", "Which ones?"),
                                (Press("My area"), ["stories 1–1 of 1", "Sunday lunches"])])
