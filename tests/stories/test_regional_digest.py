"""The weekly regional stories digest, released by the scheduler's job with the clock moved,
on SQLite and PostgreSQL: Milano (Italian group) and Bergamo (English group) publish stories in
the week; Brescia's group turned the weekly digest off; Roma is in another region. At Monday
08:59 (Rome) nothing goes; at 09:00 each group gets one digest with the other Lombardy teams'
stories — never its own team's — in its own language, a story in another language marked; a
run later that day sends nothing; the next Monday, only that week's new story goes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest

from bot.config import Settings
from cohesion.app import scheduler_service
from scheduler.runner import SingleProcess
from storage.uow import UnitOfWork
from tests.conftest import Clock
from tests.digests.conftest import link, monday_after, rome
from tests.helpers.outbox import outbox_rows, text_of
from tests.helpers.rows import add_team, team_id
from tests.stories.conftest import add_story, forget_demo_stories
from tests.world import World, open_world

MILANO_GROUP, BERGAMO_GROUP, BRESCIA_GROUP, ROMA_GROUP = (-1001000000001, -1001000000002,
                                                          -1005, -1006)


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    async with open_world(settings, clock) as world:
        yield world


async def run_sweep(world: World, clock: Clock) -> int:
    service = scheduler_service(world.settings, world.sessions, SingleProcess(), clock=clock)
    return await service.run_job("stories-digest")


async def scene(uow: UnitOfWork, now: datetime) -> dict[str, int]:
    await forget_demo_stories(uow)
    milano = await team_id(uow, "Cohesion Makers Milano")
    bergamo = await team_id(uow, "Cohesion Makers Bergamo")
    brescia = await team_id(uow, "Cohesion Makers Brescia")
    roma = await add_team(uow, "Cohesion Roma", "H501", now)
    await link(uow, bergamo, BERGAMO_GROUP, "en", now)
    await link(uow, brescia, BRESCIA_GROUP, "it", now)
    await link(uow, roma, ROMA_GROUP, "it", now)
    group = await uow.groups.get(BRESCIA_GROUP)
    assert group is not None
    group.digest_off = True
    return {"milano": milano, "bergamo": bergamo, "brescia": brescia, "roma": roma}


async def digests(world: World) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for row in await outbox_rows(world):
        if row.key.startswith("stories-digest:"):
            found.setdefault(row.chat_id, []).append(text_of(row))
    return found


async def test_once_per_group_and_week(world: World, clock: Clock) -> None:
    now = clock()  # a Thursday
    async with world.uow() as uow:
        teams = await scene(uow, now)
        await add_story(uow, team=teams["milano"], title="Orti condivisi", at=now)
        await add_story(uow, team=teams["bergamo"], title="Winter wood", language="en",
                        at=now + timedelta(hours=1))
        await add_story(uow, team=teams["roma"], title="Mensa romana", at=now)
        await add_story(uow, team=teams["milano"], title="Non ancora", at=now,
                        status="pending")
    monday = monday_after(now.date())

    clock.now = rome(monday, 8, 59)
    assert await run_sweep(world, clock) == 0
    clock.now = rome(monday, 9)
    assert await run_sweep(world, clock) == 2
    sent = await digests(world)
    assert sorted(sent) == sorted([MILANO_GROUP, BERGAMO_GROUP])
    [milano] = sent[MILANO_GROUP]
    assert "Questa settimana nella regione: 1 nuova storia da altri team" in milano
    assert "Winter wood</b> (in English) — Cohesion Makers Bergamo" in milano
    assert "Orti condivisi" not in milano and "Mensa romana" not in milano
    [bergamo] = sent[BERGAMO_GROUP]
    assert "This week in the region: 1 new story from other teams" in bergamo
    assert "Orti condivisi</b> (in italiano) — Cohesion Makers Milano" in bergamo
    assert "Non ancora" not in bergamo

    clock.now = rome(monday, 10)
    assert await run_sweep(world, clock) == 0
    assert {chat: len(texts) for chat, texts in (await digests(world)).items()} == {
        MILANO_GROUP: 1, BERGAMO_GROUP: 1}

    next_monday = monday + timedelta(days=7)
    async with world.uow() as uow:
        await add_story(uow, team=teams["milano"], title="Ciclofficina",
                        at=rome(monday + timedelta(days=2), 12))
    clock.now = rome(next_monday, 9)
    assert await run_sweep(world, clock) == 1
    sent = await digests(world)
    assert len(sent[BERGAMO_GROUP]) == 2 and len(sent[MILANO_GROUP]) == 1
    assert "Ciclofficina</b> (in italiano)" in sent[BERGAMO_GROUP][1]
    assert "Orti condivisi" not in sent[BERGAMO_GROUP][1]


async def test_nothing_to_say_sends_nothing(world: World, clock: Clock) -> None:
    async with world.uow() as uow:
        teams = await scene(uow, clock())
        await add_story(uow, team=teams["roma"], title="Mensa romana", at=clock())
    clock.now = rome(monday_after(clock().date()), 9)
    assert await run_sweep(world, clock) == 0
    assert await digests(world) == {}
