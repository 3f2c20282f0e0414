"""Conversation state in Redis: one round trip reads an update's state and data, and what it
keeps never outlives the update or crosses to another worker's writes."""

from __future__ import annotations

import asyncio
from typing import Any

from aiogram.fsm.storage.base import StorageKey

from cohesion.app import redis_storage
from tests.conftest import REDIS_URL

KEY = StorageKey(bot_id=1, chat_id=42, user_id=42)


class Counting:
    """Counts the commands a Redis client sends (a pipeline counts once)."""

    def __init__(self, redis: Any) -> None:
        self.calls = 0
        self.called = asyncio.Event()  # set at each call
        original_command, original_pipeline = redis.execute_command, redis.pipeline

        async def command(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            self.called.set()
            return await original_command(*args, **kwargs)

        def pipeline(*args: Any, **kwargs: Any) -> Any:
            pipe = original_pipeline(*args, **kwargs)
            original_execute = pipe.execute

            async def execute(*a: Any, **k: Any) -> Any:
                self.calls += 1
                self.called.set()
                return await original_execute(*a, **k)

            pipe.execute = execute
            return pipe

        redis.execute_command, redis.pipeline = command, pipeline


async def test_an_update_reads_state_and_data_in_one_round_trip(redis_prefix: str) -> None:
    worker, other = redis_storage(REDIS_URL, redis_prefix), redis_storage(REDIS_URL, redis_prefix)
    try:
        await other.set_state(KEY, "Onboarding:skills")
        await other.set_data(KEY, {"mode": "profile", "n": 1})
        counting = Counting(worker.redis)

        async def update() -> tuple[str | None, dict[str, Any], dict[str, Any]]:
            state = await worker.get_state(KEY)            # what aiogram's FSM middleware does
            first = await worker.get_data(KEY)             # a middleware, then the handler
            second = await worker.get_data(KEY)
            return state, first, second

        state, first, second = await asyncio.create_task(update())
        assert state == "Onboarding:skills"
        assert first == second == {"mode": "profile", "n": 1}
        assert counting.calls == 1

        # A handler changing the data reads its own write back, and the other worker sees it.
        async def writing_update() -> dict[str, Any]:
            await worker.get_state(KEY)
            data = await worker.get_data(KEY)
            data["n"] = 2
            await worker.set_data(KEY, data)
            return await worker.get_data(KEY)

        assert await asyncio.create_task(writing_update()) == {"mode": "profile", "n": 2}
        assert await other.get_data(KEY) == {"mode": "profile", "n": 2}

        # The next update reads Redis again: a write by another worker in between is seen.
        await other.set_data(KEY, {"mode": "profile", "n": 3})
        await other.set_state(KEY, None)
        state, first, _ = await asyncio.create_task(update())
        assert state is None and first == {"mode": "profile", "n": 3}
    finally:
        await worker.close()
        await other.close()


async def test_kept_data_belongs_to_one_chat_and_one_update(redis_prefix: str) -> None:
    worker, other = redis_storage(REDIS_URL, redis_prefix), redis_storage(REDIS_URL, redis_prefix)
    elsewhere = StorageKey(bot_id=1, chat_id=7, user_id=7)
    try:
        await other.set_data(KEY, {"who": "42"})
        await other.set_data(elsewhere, {"who": "7"})

        async def update() -> dict[str, Any]:
            await worker.get_state(KEY)
            return await worker.get_data(elsewhere)        # another chat: read from Redis

        assert await asyncio.create_task(update()) == {"who": "7"}
        # Outside any update (a job, the CLI) nothing is kept: always read from Redis.
        await other.set_data(KEY, {"who": "changed"})
        assert await worker.get_data(KEY) == {"who": "changed"}
    finally:
        await worker.close()
        await other.close()


async def test_the_locale_entry_comes_with_the_state_in_the_same_round_trip(
        redis_prefix: str) -> None:
    # Catches the separate HGET the locale cache made after the state's pipeline (a fourth
    # round trip per update), and a kept entry outliving its update.
    from bot.middlewares import LocaleCache

    worker, other = redis_storage(REDIS_URL, redis_prefix), redis_storage(REDIS_URL, redis_prefix)
    locales, other_locales = LocaleCache(worker), LocaleCache(other)
    try:
        await other_locales.set(KEY.chat_id, "en")
        counting = Counting(worker.redis)

        async def update() -> str | None:
            await worker.get_state(KEY)                    # what aiogram's FSM middleware does
            return await locales.get(KEY.chat_id, None)    # type: ignore[arg-type]  # no miss

        assert await asyncio.create_task(update()) == "en"
        assert counting.calls == 1
        # Another worker's change between two updates is seen by the next one.
        await other_locales.set(KEY.chat_id, "it")
        assert await asyncio.create_task(update()) == "it"
        assert counting.calls == 2
        # Another chat, or outside an update: read from Redis.
        await other_locales.set(7, "en")
        assert await locales.get(7, None) == "en"  # type: ignore[arg-type]
        assert counting.calls == 3
    finally:
        await worker.close()
        await other.close()


async def test_entering_a_state_with_data_is_one_round_trip_and_seen_by_other_workers(
        redis_prefix: str) -> None:
    # Catches set_state and set_data as two round trips, and the kept data missing the write.
    from aiogram.fsm.context import FSMContext
    from aiogram.fsm.storage.memory import MemoryStorage

    from bot.fsm import enter

    worker, other = redis_storage(REDIS_URL, redis_prefix), redis_storage(REDIS_URL, redis_prefix)
    try:
        await other.set_data(KEY, {"mode": "old"})
        counting = Counting(worker.redis)

        async def update() -> dict[str, Any]:
            await worker.get_state(KEY)
            await enter(FSMContext(worker, KEY), "Profile:menu", {"mode": "profile"})
            return await worker.get_data(KEY)

        assert await asyncio.create_task(update()) == {"mode": "profile"}
        assert counting.calls == 2  # the read, then the write of both
        assert await other.get_state(KEY) == "Profile:menu"
        assert await other.get_data(KEY) == {"mode": "profile"}
        await enter(FSMContext(worker, KEY), None, {})  # clearing deletes both
        assert await other.get_state(KEY) is None and await other.get_data(KEY) == {}
        memory = MemoryStorage()  # without Redis: the same result
        await enter(FSMContext(memory, KEY), "Profile:menu", {"mode": "profile"})
        assert await memory.get_state(KEY) == "Profile:menu"
        assert await memory.get_data(KEY) == {"mode": "profile"}
    finally:
        await worker.close()
        await other.close()


# --- the event isolation lock, in the round trips of the update's reads ------------------------


async def test_an_update_takes_its_lock_with_its_reads_and_gives_it_back_with_its_fills(
        settings: Any, clock: Any, redis_prefix: str) -> None:
    # Catches the lock as round trips of its own (SET NX before the reads, EVALSHA after) and
    # the locale cache's fill as another HSET: 4 round trips for a new face's /help, 3 after.
    from cohesion.app import create_dispatcher
    from playground.driver import LocalChat
    from tests.world import World

    world = World(settings, clock)
    await world.load_demo()
    chat = LocalChat(create_dispatcher(settings=settings, sessions=world.sessions,
                                       storage=redis_storage(REDIS_URL, redis_prefix),
                                       clock=clock), world.bot, world.api)
    luca = 2003  # a demo member who speaks English
    world.person(luca, "Luca", "it")
    world.chat = chat
    try:
        counting = Counting(chat.dispatcher.storage.redis)
        await world.converse(luca, [("/help", "What you can do")])  # a locale cache miss
        assert counting.calls == 2
        checker = redis_storage(REDIS_URL, redis_prefix)
        assert await checker.redis.hget(f"{redis_prefix}:locale", str(luca)) == b"en"
        lock = checker.key_builder.build(StorageKey(bot_id=world.bot.id, chat_id=luca,
                                                    user_id=luca), "lock")
        assert await checker.redis.exists(lock) == 0  # given back
        await checker.close()
        await world.converse(luca, [("/help", "What you can do")])  # returning
        assert counting.calls == 4
        # A state written is one round trip more, and the next update reads it with the lock.
        await world.converse(luca, [("/profile", "Your profile")])
        assert counting.calls == 7
        await world.converse(luca, [("facilitazione", "Please choose one of the buttons")])
        assert counting.calls == 10  # the card shown again: its state written again
    finally:
        await chat.dispatcher.storage.close()
        await world.close()


async def test_the_lock_waits_for_its_holder_and_deletes_only_its_own(redis_prefix: str) -> None:
    # Catches a lock taken by a failed SET NX (two workers in one chat's conversation at once),
    # reads from before the lock was ours, and a holder deleting a lock no longer its own.
    from bot.fsm import PipelinedRedisIsolation, PipelinedRedisStorage

    worker, other = redis_storage(REDIS_URL, redis_prefix), redis_storage(REDIS_URL, redis_prefix)
    assert isinstance(worker, PipelinedRedisStorage) and isinstance(other, PipelinedRedisStorage)
    first, second = other.create_isolation(sleep=0), worker.create_isolation(sleep=0)
    assert isinstance(second, PipelinedRedisIsolation)
    name = worker.key_builder.build(KEY, "lock")
    counting = Counting(worker.redis)
    entered = asyncio.Event()

    async def update() -> str | None:
        async with second.lock(KEY):
            entered.set()
            return await worker.get_state(KEY)  # what the lock's round trip read

    try:
        async with first.lock(KEY):
            assert 0 < await other.redis.pttl(name) <= 60_000
            task = asyncio.create_task(update())
            while counting.calls < 3:  # it has tried three times
                counting.called.clear()
                await counting.called.wait()
            assert not entered.is_set()
            await other.set_state(KEY, "Profile:menu")  # the holder writes, then gives back
        assert await task == "Profile:menu"
        assert await worker.redis.exists(name) == 0

        # The lock expired and another worker took it: the first holder leaves it alone.
        async with second.lock(KEY):
            await other.redis.set(name, "someone else's")
        assert await other.redis.get(name) == b"someone else's"
    finally:
        await other.redis.delete(name)
        await worker.close()
        await other.close()


async def test_what_the_lock_read_serves_one_get_state_and_fills_wait_for_the_release(
        redis_prefix: str) -> None:
    # Catches the lock's reads served again to a later get_state (a stale state for the next
    # update handled in the same task), and a deferred locale entry lost, or deferred for a
    # chat whose lock the update does not hold.
    from bot.middlewares import LocaleCache

    worker, other = redis_storage(REDIS_URL, redis_prefix), redis_storage(REDIS_URL, redis_prefix)
    isolation, locales = worker.create_isolation(), LocaleCache(worker)
    hash_key = f"{redis_prefix}:locale"
    try:
        await other.set_state(KEY, "Profile:menu")
        async with isolation.lock(KEY):
            assert await worker.get_state(KEY) == "Profile:menu"  # from the lock's round trip
            await other.set_state(KEY, "Onboarding:skills")
            assert await worker.get_state(KEY) == "Onboarding:skills"  # read again
            await locales.set(KEY.chat_id, "en")
            assert await other.redis.hget(hash_key, str(KEY.chat_id)) is None  # not yet
            assert await locales.get(KEY.chat_id, None) == "en"  # type: ignore[arg-type]
            await locales.set(7, "it")  # another chat: written at once
            assert await other.redis.hget(hash_key, "7") == b"it"
        assert await other.redis.hget(hash_key, str(KEY.chat_id)) == b"en"
        assert await worker.get_state(KEY) == "Onboarding:skills"  # outside: Redis
        await locales.set(KEY.chat_id, "it")  # outside any update: at once
        assert await other.redis.hget(hash_key, str(KEY.chat_id)) == b"it"
    finally:
        await worker.close()
        await other.close()
