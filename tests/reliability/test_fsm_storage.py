"""Conversation state in Redis: one round trip reads an update's state and data, and what it
keeps never outlives the update or crosses to another worker's writes."""

from __future__ import annotations

import asyncio
from typing import Any

from aiogram.fsm.storage.base import StorageKey

from bot.app import redis_storage
from tests.conftest import REDIS_URL

KEY = StorageKey(bot_id=1, chat_id=42, user_id=42)


class Counting:
    """Counts the commands a Redis client sends (a pipeline counts once)."""

    def __init__(self, redis: Any) -> None:
        self.calls = 0
        original_command, original_pipeline = redis.execute_command, redis.pipeline

        async def command(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return await original_command(*args, **kwargs)

        def pipeline(*args: Any, **kwargs: Any) -> Any:
            pipe = original_pipeline(*args, **kwargs)
            original_execute = pipe.execute

            async def execute(*a: Any, **k: Any) -> Any:
                self.calls += 1
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
