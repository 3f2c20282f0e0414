"""/balance in plain words (issue 22, point 16): no "Gini" or "pledged ÷ target" but in a
definition; the chart's caption speaks of red only when a bar is red; a long title wraps
instead of running off the image. Italian and English, through the real dispatcher."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from bot.charts import BarChart, render_bars
from bot.config import Settings
from tests.conftest import Clock
from tests.helpers.rows import add_need, team_id
from tests.world import World, open_world

MARCO, LUCA = 2001, 2003  # demo: Milano's designer (it); a member (en), made designer below


@pytest.fixture
async def world(settings: Settings, clock: Clock, tmp_path: Path) -> AsyncIterator[World]:
    async with open_world(settings, clock, (MARCO, "Marco", "it"), (LUCA, "Luca", "en")) as world:
        world.api.media_dir = tmp_path / "media"
        now = clock()
        async with world.uow() as uow:
            milano = await team_id(uow, "Cohesion Makers Milano")
            # Every need has a pledge: no bar is red.
            await add_need(uow, team=milano, title="Accompagnare anziani", target=20, pledged=8,
                           unit="hours", now=now, days_ago=5, first_pledge_after=timedelta(days=1))
            await add_need(uow, team=milano, title="Latte per neonati", target=10, pledged=10,
                           unit="items", now=now, days_ago=4, first_pledge_after=timedelta(hours=2),
                           covered_after=timedelta(days=3))
            await uow.roles.grant(telegram_id=LUCA, role="designer", team_id=milano, now=now)
        yield world


def caption_and_text(outputs: list[Any]) -> tuple[str, str]:
    [photo] = [o for o in outputs if o.kind == "photo"]
    [text] = [o.text for o in outputs if o.kind == "message"]
    return photo.text, text


def gini_only_in_its_definition(text: str) -> bool:
    return all(line.startswith("<i>") for line in text.splitlines() if "Gini" in line)


async def test_italian_plain_words_and_no_red_in_the_caption_without_a_red_bar(
        world: World) -> None:
    outputs = await world.converse(MARCO, [("/balance", [
        "Quanto l'aiuto è distribuito in modo diseguale tra i bisogni: 0,",
        "<i>La disuguaglianza è misurata con l'indice di Gini della copertura.</i>",
    ])])
    caption, text = caption_and_text(outputs)
    assert caption == "Copertura – Cohesion Makers Milano."
    assert gini_only_in_its_definition(text) and "÷" not in text


async def test_english_plain_words_and_no_red_in_the_caption_without_a_red_bar(
        world: World) -> None:
    outputs = await world.converse(LUCA, [("/balance", [
        "How unevenly the help is spread across needs: 0.",
        "<i>The unevenness is measured with the Gini index of the coverage.</i>",
    ])])
    caption, text = caption_and_text(outputs)
    assert caption == "Coverage – Cohesion Makers Milano."
    assert gini_only_in_its_definition(text) and "÷" not in text


def height_of(png: bytes) -> int:
    return Image.open(io.BytesIO(png)).size[1]


@pytest.mark.parametrize("title", [
    "Copertura dei bisogni – Città Metropolitana di Milano (provincia, Lombardia)",
    "Coverage of needs – Metropolitan City of Milan (province, Lombardy)",
])
def test_a_long_title_wraps_and_the_image_grows_to_hold_it(title: str) -> None:
    def chart(name: str) -> BarChart:
        return BarChart(title=name, axis="x", labels=["a"], values=[0.5], states=["part"],
                        texts=["50%"], legend={"part": "part"}, target="100%")

    short = render_bars(chart("Copertura – Milano"))
    wrapped = render_bars(chart(title))
    assert height_of(wrapped) > height_of(short)
