"""Retention and logs: the raw updates kept because their handling failed are purged after the
setting's days (default 7) by the delivery capability's job; and the log of a conversation —
onboarding with unusual words, a failure inside the database naming them, the scheduler's
sweeps — carries none of the person's words.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import func, select

from bot.capabilities import get_jobs
from bot.capability import JobContext
from bot.config import Settings
from storage.models import FailedUpdate
from storage.uow import UnitOfWork
from tests.conftest import Clock
from tests.world import Press, World, open_world

ORSOLINA, WENDELL = 7315920511, 7315920522
WORDS = ("Orsolina", "Quimbrelle", "Zantavox", "Frumbletide")


@pytest.fixture
async def world(db_url: str, clock: Clock) -> AsyncIterator[World]:
    settings = Settings(_env_file=None, bot_token=None, database_url=db_url,  # type: ignore[call-arg]
                        redis_url=None)
    async with open_world(settings, clock, (ORSOLINA, "Orsolina Quimbrelle", "it"),
                          (WENDELL, "Wendell", "en")) as world:
        yield world


def failing_help(monkeypatch: pytest.MonkeyPatch) -> None:
    """/help breaks inside the database, on a statement bound to what the person typed."""
    async def broken(uow: UnitOfWork, **_: Any) -> Any:
        words = "Frumbletide Zantavox Orsolina Quimbrelle"
        await uow.session.exec(text("SELECT no_such_column FROM member WHERE display_name = :w"),
                               params={"w": words})  # type: ignore[call-overload]

    monkeypatch.setattr("bot.handlers.common.help_view", broken)


async def dead_letters(world: World) -> int:
    async with world.uow() as uow:
        return int((await uow.session.exec(select(func.count()).select_from(FailedUpdate))).one())


async def purge(world: World, clock: Clock) -> int:
    [job] = [job for job in get_jobs() if job.name == "dead-letters"]
    async with world.uow() as uow:
        return await job.run(JobContext(uow=uow, now=clock(), settings=world.settings,
                                        on_enqueued=lambda: None))


async def test_failed_updates_are_purged_after_the_settings_days(
        world: World, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    failing_help(monkeypatch)
    await world.converse(ORSOLINA, [("/help Zantavox", "qualcosa è andato storto")])
    clock.now += timedelta(days=3)
    await world.converse(WENDELL, [("/help Frumbletide", "something went wrong")])
    assert await dead_letters(world) == 2

    clock.now += timedelta(days=4) - timedelta(minutes=1)  # hers: not quite 7 days old
    assert await purge(world, clock) == 0 and await dead_letters(world) == 2
    clock.now += timedelta(minutes=2)
    assert await purge(world, clock) == 1 and await dead_letters(world) == 1
    world.settings.failed_update_retention_days = 2  # a shorter setting takes his too
    assert await purge(world, clock) == 1 and await dead_letters(world) == 0


async def test_the_log_of_a_conversation_holds_none_of_her_words(
        world: World, clock: Clock, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    await world.converse(ORSOLINA, [
        ("/start", "Scegli la lingua"), (Press("Italiano"), "Acconsento"),
        (Press("Acconsento"), "Con quale ruolo"),
        (Press("Ente del terzo settore"), "Come si chiama il tuo ente"),
        ("Zantavox Solidale", "Dove vivi o lavori?"), ("milano", "Cosa puoi offrire?"),
        ("Frumbletide, cucina", "Quanto tempo puoi dedicare?"),
        (Press("settimana"), "Grazie, Orsolina Quimbrelle"),
    ])
    failing_help(monkeypatch)
    await world.converse(ORSOLINA, [("/help Frumbletide", "qualcosa è andato storto")])
    await world.converse(WENDELL, [("/help Zantavox", "something went wrong")])
    for job in get_jobs():
        async with world.uow() as uow:
            await job.run(JobContext(uow=uow, now=clock(), settings=world.settings,
                                     on_enqueued=lambda: None))
    async with world.uow() as uow:  # the dead letters keep the update, not a quote of it
        errors = [letter.error for letter in await uow.updates.dead_letters()]
    assert len(errors) == 2 and all("no_such_column" in error for error in errors)

    logged = "\n".join([record.getMessage() for record in caplog.records]
                       + [caplog.text])
    assert "failed" in logged  # the failures are logged
    assert not [word for word in WORDS if word.lower() in logged.lower()]
    assert not [word for word in WORDS for error in errors if word.lower() in error.lower()]
