"""The demo world for hostile input: Marco designs Milano (its group linked, in Italian), Sara
designs Bergamo and Brescia, Luca is a Milano member who speaks English, Anna an Italian Milano
member; each team has an open need, so there are ids of another team to forge.

``hostile_world`` runs on the backend the test asks for (``db_url``: SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select
from sqlmodel import select as select_rows

from bot.config import Settings
from bot.i18n import LOCALES_DIR, speak
from bot.ui.texts import common as common_texts
from storage.models import FailedUpdate
from tests.conftest import Clock
from tests.helpers.needs import post
from tests.helpers.rows import add_member, team_named_in
from tests.world import World, open_world

MARCO, SARA, LUCA, ANNA = 2001, 2002, 2003, 2010
MILANO_GROUP = -1001000000001
#: Tables whose rows any update may write (the update ids seen, for redelivery).
BOOKKEEPING = frozenset({"processed_update"})


@dataclass
class Hostile:
    world: World
    clock: Clock
    milano_need: int
    bergamo_need: int


async def hostile_world(settings: Settings, clock: Clock) -> AsyncIterator[Hostile]:
    async with open_world(settings, clock, (MARCO, "Marco", "it"), (SARA, "Sara", "it"),
                          (LUCA, "Luca", "en"), (ANNA, "Anna", "it")) as world:
        async with world.uow() as uow:
            milano = await team_named_in(uow, "Cohesion Makers Milano")
            anna = await add_member(uow, ANNA, "Anna", now=clock())
            assert anna.id is not None and milano.id is not None
            await uow.memberships.join(member_id=anna.id, team_id=milano.id, now=clock())
        milano_need = await post(world, "Spesa per famiglie")
        bergamo_need = await post(world, "Coperte per il dormitorio", 30, "hours",
                                  team="Cohesion Makers Bergamo", by=SARA)
        yield Hostile(world, clock, milano_need, bergamo_need)


@pytest.fixture
async def hostile(db_url: str, clock: Clock) -> AsyncIterator[Hostile]:
    settings = Settings(_env_file=None, bot_token=None, database_url=db_url,  # type: ignore[call-arg]
                        redis_url=None)
    async for made in hostile_world(settings, clock):
        yield made


async def snapshot(world: World) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (but the update bookkeeping), to tell whether anything changed."""
    from sqlmodel import SQLModel

    rows: dict[str, list[tuple[Any, ...]]] = {}
    async with world.uow() as uow:
        connection = await uow.session.connection()
        for table in SQLModel.metadata.sorted_tables:
            if table.name in BOOKKEEPING:
                continue
            found = (await connection.execute(select(table))).all()
            rows[table.name] = sorted((tuple(row) for row in found), key=repr)
    return rows


async def dead_letters(world: World) -> int:
    async with world.uow() as uow:
        return len((await uow.session.exec(select_rows(FailedUpdate))).all())


def _pattern(text: str) -> re.Pattern[str]:
    parts = re.split(r"\{\w+\}|%\(\w+\)[sd]", text)
    return re.compile(".*".join(re.escape(part) for part in parts), re.DOTALL)


def _catalog(language: str) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    """(this language's texts, the other language's texts that differ), as patterns."""
    with (LOCALES_DIR / "it" / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalog = read_po(source, locale="it")
    english: list[str] = []
    italian: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        ids = list(message.id) if isinstance(message.id, tuple) else [message.id]
        strings = (list(message.string) if isinstance(message.string, tuple)
                   else [message.string])
        for source_text, translated in zip(ids, strings, strict=False):
            if translated and translated != source_text:
                english.append(source_text)
                italian.append(translated)
    own, other = (italian, english) if language == "it" else (english, italian)
    return ([_pattern(t) for t in own if _worded(t)], [_pattern(t) for t in other if _worded(t)])


def _worded(text: str) -> bool:
    """More than placeholders and punctuation (``{day}, {time}`` would match anything)."""
    return len(re.findall(r"[^\W\d_]", re.sub(r"\{\w+\}|%\(\w+\)[sd]", "", text))) >= 4


CATALOGS = {language: _catalog(language) for language in ("it", "en")}


def _apology(language: str) -> str:
    with speak(language):
        return common_texts.apology()


#: The apology for an update that failed, per language: a hostile input must never get it.
APOLOGIES = {language: _apology(language) for language in ("it", "en")}
APOLOGY = tuple(APOLOGIES.values())


def speaks(text: str, language: str) -> bool:
    """The text is one of the catalog's, in ``language`` (and not in the other one)."""
    own, other = CATALOGS[language]
    return (any(p.fullmatch(text) for p in own)
            and not any(p.fullmatch(text) for p in other))
