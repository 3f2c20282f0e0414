"""The scheduler's training pushes, with the injected clock moved forward (never slept): the
next module reaches each due member on their rhythm, in their language, with its check
button; never a paused member, one who blocked the bot (left) or one who erased their data;
each push once (the sweep run twice); nobody at night. The week's pill reaches each linked
group in its language once a week, never a group the bot left. A pushed module's check and
"useful?" are stored. Then the sweep on PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot import capabilities
from bot.capabilities import unit_of_work
from bot.config import Settings
from bot.services import training
from bot.services.training import push_due_modules as send_training
from bot.services.training import push_week_pills as send_training_pills
from scheduler.sender import OutboxSender
from storage.db import create_engine, create_session_factory
from storage.models import GroupChat
from storage.uow import UnitOfWork
from tests.conftest import T0, Clock
from tests.helpers.outbox import buttons_of, text_of
from tests.helpers.rows import add_member, add_team, finish_assessment
from tests.training.conftest import LOW_DIGITAL, enrolment, outbox, progress, pushes
from tests.world import Press, World, open_world

GIULIA, LUCA, PAOLA, LEO, ERIN, NOT_ENROLLED = 4201, 4202, 4203, 4204, 4205, 4206
GROUP, LEFT_GROUP = -1004200000001, -1004200000002


async def _setup(uow: UnitOfWork, now: object) -> None:
    t0 = T0
    for telegram_id, name, language in ((GIULIA, "Giulia", "it"), (LUCA, "Luca", "en"),
                                        (PAOLA, "Paola", "it"), (LEO, "Leo", "it"),
                                        (ERIN, "Erin", "en"), (NOT_ENROLLED, "Nina", "it")):
        await add_member(uow, telegram_id, name, now=t0, language=language)
    await finish_assessment(uow, LUCA, LOW_DIGITAL, t0)
    for telegram_id in (GIULIA, LUCA, PAOLA, LEO, ERIN):
        await training.overview(uow, member=await uow.members.by_telegram_id(telegram_id),
                                now=t0)
    await training.set_paused(uow, member=await uow.members.by_telegram_id(PAOLA), paused=True,
                              now=t0)
    leo = await uow.members.by_telegram_id(LEO)
    assert leo is not None
    leo.unreachable_at = t0 + timedelta(days=1)  # blocked the bot: left us
    erin = await uow.members.by_telegram_id(ERIN)
    assert erin is not None
    await capabilities.erase(uow, capabilities.person_of(erin), now=t0)
    # two linked teams (one group the bot has left) and one without a group
    milano = await uow.teams.get(await add_team(uow, "Cohesion Makers Milano", "F205", t0))
    bergamo = await uow.teams.get(await add_team(uow, "Cohesion Makers Bergamo", "A794", t0))
    await add_team(uow, "Cohesion Makers Brescia", "B157", t0)
    assert milano is not None and bergamo is not None
    milano.group_chat_id, bergamo.group_chat_id = GROUP, LEFT_GROUP
    uow.session.add(GroupChat(chat_id=GROUP, title="Milano", language="en", joined_at=t0))
    uow.session.add(GroupChat(chat_id=LEFT_GROUP, title="Bergamo", language="it", joined_at=t0,
                              left_at=t0))
    await uow.session.flush()


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    async with open_world(settings, clock, (GIULIA, "Giulia", "it"), (LUCA, "Luca", "en"),
                          demo=False) as world:
        async with world.uow() as uow:
            await _setup(uow, clock())
        world.api.add_group(GROUP, "Milano", admins=(), members=(GIULIA,))
        yield world


async def sweep(world: World, clock: Clock) -> int:
    async with world.uow() as uow:
        return await send_training(uow, now=clock())


async def test_modules_reach_due_members_on_their_rhythm_once(world: World, clock: Clock) -> None:
    async with world.uow() as uow:
        assert await enrolment(uow, ERIN) is None  # erasure took the enrolment
    clock.now = T0 + timedelta(days=7) - timedelta(minutes=1)
    assert await sweep(world, clock) == 0
    clock.now = T0 + timedelta(days=7)
    assert await sweep(world, clock) == 2
    assert await sweep(world, clock) == 0  # sent once
    async with world.uow() as uow:
        rows = {row.chat_id: row for row in await outbox(uow)}
        logged = await pushes(uow)
        giulia, luca = await enrolment(uow, GIULIA), await enrolment(uow, LUCA)
    assert set(rows) == {GIULIA, LUCA}  # not the paused, the left, the erased, the unenrolled
    assert "Ecco il tuo prossimo modulo formativo" in text_of(rows[GIULIA])
    assert "Ascoltare prima di agire" in text_of(rows[GIULIA])
    assert "Your next training module is here" in text_of(rows[LUCA])
    assert "A tidy group chat" in text_of(rows[LUCA])
    assert buttons_of(rows[GIULIA]) == ["tropen:reading_needs.1"]
    assert rows[GIULIA].key == f"training:{GIULIA}:{int((T0 + timedelta(days=7)).timestamp())}"
    assert sorted((p.member_telegram_id, p.module_id) for p in logged) == [
        (GIULIA, "reading_needs.1"), (LUCA, "digital.1")]
    assert giulia is not None and luca is not None
    assert (giulia.position, giulia.next_due_at) == (1, T0 + timedelta(days=14))
    assert (luca.position, luca.next_due_at) == (1, T0 + timedelta(days=14))

    # A week later at night in Rome (22:30): nobody; the morning sweep sends the second module.
    clock.now = T0 + timedelta(days=14, hours=12, minutes=30)
    assert await sweep(world, clock) == 0
    clock.now = T0 + timedelta(days=15)
    assert await sweep(world, clock) == 2
    async with world.uow() as uow:
        second = [row for row in await outbox(uow) if row.chat_id == GIULIA][-1]
    assert "La mappa dei tuoi contatti" in text_of(second)


async def test_a_pushed_module_is_answered_and_rated_from_the_push(world: World,
                                                                   clock: Clock) -> None:
    clock.now = T0 + timedelta(days=7)
    assert await sweep(world, clock) == 2
    await OutboxSender(world.bot, world.sessions, clock=clock).drain(idle=clock.tick)
    await world.converse(GIULIA, [
        (Press("Rispondi alla verifica"), ["Ascoltare prima di agire", "Verifica:"]),
        (Press("Chiedere solo al comune"), "Non proprio: la risposta è <b>Ascoltare più fonti"),
        (Press("Non utile"), "Grazie di avercelo detto"),
    ])
    async with world.uow() as uow:
        row = (await progress(uow, GIULIA))["reading_needs.1"]
    assert (row.answer, row.correct, row.useful) == (2, False, False)


async def test_pausing_stops_the_pushes_and_resuming_restarts_them(world: World,
                                                                   clock: Clock) -> None:
    async with world.uow() as uow:
        giulia = await uow.members.by_telegram_id(GIULIA)
        await training.set_paused(uow, member=giulia, paused=True, now=clock())
    clock.now = T0 + timedelta(days=7)
    assert await sweep(world, clock) == 1  # Luca only
    async with world.uow() as uow:
        await training.set_paused(uow, member=await uow.members.by_telegram_id(GIULIA),
                                  paused=False, now=clock())
        await training.set_paused(uow, member=await uow.members.by_telegram_id(PAOLA),
                                  paused=False, now=clock())
    clock.now = T0 + timedelta(days=14)
    assert await sweep(world, clock) == 3  # Giulia and Paola a week after resuming, and Luca
    async with world.uow() as uow:
        assert {row.chat_id for row in await outbox(uow)} == {GIULIA, LUCA, PAOLA}


async def test_the_weeks_pill_reaches_each_linked_group_once_a_week(world: World,
                                                                    clock: Clock) -> None:
    async with world.uow() as uow:
        assert await send_training_pills(uow, now=clock()) == 1
    async with world.uow() as uow:
        assert await send_training_pills(uow, now=clock() + timedelta(days=1)) == 0
    async with world.uow() as uow:
        [pill] = await outbox(uow, "training-pill")
    assert pill.chat_id == GROUP  # not the group the bot left, not the team with none
    assert pill.key == f"training-pill:{GROUP}:2026-W48"
    assert "Training pill of the week</b> for Cohesion Makers Milano" in text_of(pill)
    assert "/training" in text_of(pill)
    async with world.uow() as uow:
        assert await send_training_pills(uow, now=clock() + timedelta(days=7)) == 1
    async with world.uow() as uow:  # the messages are written as the change commits
        rows = await outbox(uow, "training-pill")
    assert [row.key for row in rows] == [f"training-pill:{GROUP}:2026-W48",
                                         f"training-pill:{GROUP}:2026-W49"]
    assert text_of(rows[0]) != text_of(rows[1])  # another module each week


async def test_erasure_takes_the_training_rows_and_mydata_shows_them(world: World,
                                                                     clock: Clock) -> None:
    clock.now = T0 + timedelta(days=7)
    await sweep(world, clock)
    async with world.uow() as uow:
        giulia = await uow.members.by_telegram_id(GIULIA)
        assert giulia is not None
        await training.open_next(uow, member=giulia, now=clock())
        exported = json.loads(await capabilities.export(uow, capabilities.person_of(giulia)))
    assert exported["training"]["path"][0] == "reading_needs.1"
    assert exported["training"]["rhythm"] == "weekly"
    assert [m["module"] for m in exported["training"]["modules"]] == ["networking.1"]
    assert [p["module"] for p in exported["training"]["pushes"]] == ["reading_needs.1"]
    async with world.uow() as uow:
        giulia = await uow.members.by_telegram_id(GIULIA)
        assert giulia is not None
        await capabilities.erase(uow, capabilities.person_of(giulia), now=clock())
    async with world.uow() as uow:
        assert await enrolment(uow, GIULIA) is None
        assert await progress(uow, GIULIA) == {}
        assert all(p.member_telegram_id != GIULIA for p in await pushes(uow))
    clock.now = T0 + timedelta(days=30)
    assert await sweep(world, clock) == 1  # Luca only


async def test_the_sweep_on_postgresql(pg_url: str, clock: Clock) -> None:
    engine = create_engine(pg_url)
    sessions = create_session_factory(engine)
    try:
        async with unit_of_work(sessions) as uow:
            await _setup(uow, clock())
        clock.now = T0 + timedelta(days=7)
        for expected in (2, 0):
            async with unit_of_work(sessions) as uow:
                assert await send_training(uow, now=clock(), batch=1) == expected  # batches of 1
        async with unit_of_work(sessions) as uow:
            rows = await outbox(uow)
            luca = await enrolment(uow, LUCA)
            assert await send_training_pills(uow, now=clock()) == 1
        assert sorted(row.chat_id for row in rows) == [GIULIA, LUCA]
        assert len({row.key for row in rows}) == 2
        assert luca is not None and luca.next_due_at == T0 + timedelta(days=14)
        async with unit_of_work(sessions) as uow:
            assert await send_training_pills(uow, now=clock()) == 0
    finally:
        await engine.dispose()
