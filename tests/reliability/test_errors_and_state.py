"""Failures answered with an apology and rolled back; conversation state shared through Redis."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest
from aiogram.filters import Command
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.types import CallbackQuery, Message

from bot.config import Settings
from cohesion.app import create_bot, create_dispatcher, create_storage, redis_storage
from playground.driver import LocalChat
from playground.session import LocalSession
from storage.models import Member
from tests.conftest import REDIS_URL
from tests.world import Forge, Press, World, open_world

LUCA = 2003


@pytest.fixture
async def world(settings: Settings, clock: object) -> AsyncIterator[World]:
    async with open_world(settings, clock, (LUCA, "Luca", "en")) as world:
        async def boom(message: Message, member: Member) -> None:
            member.skills = "changed by a handler that then fails"
            raise RuntimeError("a bug in a handler")

        async def boom_button(callback: CallbackQuery) -> None:
            raise RuntimeError("a bug behind a button")

        world.dispatcher.message.register(boom, Command("boom"))
        world.dispatcher.callback_query.register(boom_button)
        yield world


async def test_a_failing_handler_apologises_logs_and_rolls_back(
        world: World, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="bot.errors"):
        outputs = await world.converse(LUCA, [
            ("/boom", "Sorry, something went wrong on our side."),
        ])
    assert len(outputs) == 1 and "Traceback" not in outputs[0].text
    assert any("update" in r.getMessage() and "failed" in r.getMessage() for r in caplog.records)
    async with world.uow() as uow:
        luca = await uow.members.by_telegram_id(LUCA)
    assert luca is not None and luca.skills is None


async def test_a_failing_button_gets_an_alert(world: World) -> None:
    outputs = await world.converse(LUCA, [(Forge("anything"), "Sorry, something went wrong")])
    assert outputs[0].kind == "toast" and outputs[0].alert


def test_memory_state_by_default_and_redis_with_redis_url(settings: Settings) -> None:
    from aiogram.fsm.storage.memory import MemoryStorage

    assert isinstance(create_storage(settings), MemoryStorage)
    with_redis = settings.model_copy(update={"redis_url": REDIS_URL})
    assert isinstance(create_storage(with_redis), RedisStorage)


async def test_two_workers_share_one_conversation_through_redis(
        settings: Settings, clock: object, redis_prefix: str) -> None:
    """Each step of one person's onboarding is served by the other worker in turn."""
    world = World(settings, clock)
    world.person(LUCA, "Luca", "en")
    workers = []
    for _ in range(2):
        storage = redis_storage(REDIS_URL, redis_prefix)
        bot = create_bot(settings, session=LocalSession(world.api))
        dispatcher = create_dispatcher(settings=settings, sessions=world.sessions, storage=storage,
                                       clock=clock)  # type: ignore[arg-type]
        workers.append(LocalChat(dispatcher, bot, world.api))
    steps = ["/start", Press("English"), Press("I agree"), Press("Citizen"), "Brescia",
             Press("Skip"), Press("Skip")]
    for number, step in enumerate(steps):
        world.chat = workers[number % 2]
        await world.converse(LUCA, [(step, "")])
    # The last step's keyboard is taken off after its answers (issue 22, point 15).
    assert "Thank you, Luca" in world.api.outputs[-3].text
    assert world.api.outputs[-1].kind == "edit" and world.api.outputs[-1].buttons == []
    async with world.uow() as uow:
        luca = await uow.members.by_telegram_id(LUCA)
    assert luca is not None and luca.territory_code == "B157" and luca.is_onboarded
    for worker in workers:
        await worker.dispatcher.storage.close()
    await world.close()


async def test_a_reply_that_needs_no_database_opens_no_connection(world: World) -> None:
    from sqlalchemy import event

    checkouts: list[object] = []
    event.listen(world.engine.sync_engine.pool, "checkout", lambda *args: checkouts.append(1))
    await world.converse(LUCA, [("/privacy", "Privacy")])      # first time: the language is read
    first = len(checkouts)
    await world.converse(LUCA, [("/privacy", "Privacy")])      # then it is cached
    await world.converse(LUCA, [("/help", "What you can do")])  # /help reads roles: it may
    assert first >= 1 and len(checkouts) - first == 1

