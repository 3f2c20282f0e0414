"""Conversation state in Redis at one round trip per update for reading it.

aiogram's `RedisStorage` reads the state and the data with a GET each, and every
`state.get_data()` a handler or middleware makes is another GET. Here `get_state` — which
aiogram's FSM middleware calls first for every update — fetches both in one pipeline and
keeps the data's JSON for the rest of the update, so the reads that follow cost nothing;
writes go to Redis as before and refresh what is kept. The same pipeline reads the chat's
entry in the shared locale hash (`bot.middlewares.LocaleCache`), which the context middleware
needs next: one round trip for the three, where there were four.

The event isolation lock (`PipelinedRedisIsolation`, what `create_isolation` gives) is taken
in that same round trip — its SET NX goes first in the pipeline, and the reads are used only
if it succeeded — and given back together with the locale entries the update filled: a
returning member's update is then two round trips (three with a state written), not four.

What is kept lives in a context variable, so it never crosses to another update handled
concurrently (each runs in its own task). Within one update the event isolation lock makes
this process the only writer of that chat's state, so what was read stays true until the
update ends; the next update's `get_state` reads Redis again. It is kept per storage (each
worker's dispatcher has its own), so two dispatchers in one process never share it.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncGenerator, Mapping
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any, cast

from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import StateType, StorageKey
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage

from bot.throttle import LOCK_AND_COUNT_SCRIPT, Plan, Verdict, redis_keys_and_args, verdict_of

_DATA: ContextVar[tuple[int, StorageKey, str | None] | None] = ContextVar("fsm_data", default=None)
# The chat's locale hash entry read with the state: (storage id, chat id, value or None).
_LOCALE: ContextVar[tuple[int, int, str | None] | None] = ContextVar("fsm_locale", default=None)
# What the lock's round trip read, for the `get_state` that follows it (once):
# (storage id, key, state, data, locale entry).
_PREFETCHED: ContextVar[tuple[int, StorageKey, str | None, str | None, str | None] | None] = (
    ContextVar("fsm_prefetched", default=None))
# While an update holds its lock: (storage id, chat id, locale entries to write on release,
# conversation data to write on release: Redis key -> JSON, or None to delete it).
_HELD: ContextVar[tuple[int, int, list[tuple[str, str]], dict[str, str | None]] | None] = (
    ContextVar("fsm_held", default=None))
# The flood control's verdict on the update, counted with its lock (`bot.throttle`):
# (storage id, chat id, user id, verdict, whose).
_VERDICT: ContextVar[tuple[int, int, int, Verdict, str] | None] = ContextVar("fsm_verdict",
                                                                             default=None)
# The conversation state as this update last read or wrote it: (storage id, key, state).
_STATE: ContextVar[tuple[int, StorageKey, str | None] | None] = ContextVar("fsm_state",
                                                                          default=None)
# redis-py's Lock release: delete the lock only if it is still ours.
_RELEASE = ("if redis.call('get', KEYS[1]) == ARGV[1] then "
            "return redis.call('del', KEYS[1]) end return 0")
logger = logging.getLogger(__name__)


#: The state data's list of the message ids whose inline keyboards ask the current step's
#: question (`bot.middlewares.QuestionKeyboards`): taken off once the step is answered.
QUESTIONS = "_questions"


#: In the state data of /language (not /start): a role holder who is no member only picks a
#: language; anyone else not registered goes on into onboarding.
LANGUAGE_ONLY = "language_only"


def questions_of(data: Mapping[str, Any]) -> list[int]:
    """The message ids noted under `QUESTIONS` (anything else there is ignored)."""
    found = data.get(QUESTIONS)
    return [i for i in found if isinstance(i, int)] if isinstance(found, list) else []


async def set_data_soon(state: FSMContext, data: Mapping[str, Any]) -> None:
    """`state.set_data(data)`; with Redis, written when the update gives its lock back (in
    that round trip), for a write that needs not cost one of its own. The rest of the update
    reads it as written."""
    storage = state.storage
    if isinstance(storage, PipelinedRedisStorage) and storage.defer_data(state.key, data):
        return
    await state.set_data(data)


async def state_now(state: FSMContext) -> str | None:
    """The conversation's state at this point of the update: with Redis, what the update last
    read or wrote (it is the only writer while it holds the chat's lock), with no round trip."""
    storage = state.storage
    if isinstance(storage, PipelinedRedisStorage):
        known, value = storage.known_state(state.key)
        if known:
            return value
    return await state.get_state()


def locale_hash_key(prefix: str) -> str:
    """The Redis hash of the languages per chat, beside the conversation state."""
    return f"{prefix}:locale"


def _text(value: Any) -> str | None:
    return value.decode("utf-8") if isinstance(value, bytes) else cast(str | None, value)


class PipelinedRedisStorage(RedisStorage):
    throttle: Plan | None = None
    """Set by the composition root when flood control counts in Redis: the lock's round trip
    counts the update too (`PipelinedRedisIsolation`)."""

    def take_verdict(self, user_id: int, chat_id: int | None) -> tuple[Verdict, str] | None:
        """The flood control's verdict on this update, counted with its lock (once)."""
        found = _VERDICT.get()
        if found is None or found[:3] != (id(self), chat_id, user_id):
            return None
        _VERDICT.set(None)
        return found[3], found[4]

    @property
    def locale_key(self) -> str:
        return locale_hash_key(getattr(self.key_builder, "prefix", "cm_fsm"))

    def create_isolation(self, **kwargs: Any) -> PipelinedRedisIsolation:
        return PipelinedRedisIsolation(self, **kwargs)

    def queue_reads(self, pipe: Any, key: StorageKey) -> None:
        """The update's reads, in a pipeline: the state, the data, the chat's locale entry."""
        pipe.get(self.key_builder.build(key, "state"))
        pipe.get(self.key_builder.build(key, "data"))
        pipe.hget(self.locale_key, str(key.chat_id))

    async def get_state(self, key: StorageKey) -> str | None:
        prefetched = _PREFETCHED.get()
        if prefetched is not None and prefetched[:2] == (id(self), key):
            _PREFETCHED.set(None)  # once: a later call in the update reads Redis again
            state, data, locale = prefetched[2:]
        else:
            async with self.redis.pipeline(transaction=False) as pipe:
                self.queue_reads(pipe, key)
                state, data, locale = (_text(value) for value in await pipe.execute())
        _DATA.set((id(self), key, data))
        _LOCALE.set((id(self), key.chat_id, locale))
        _STATE.set((id(self), key, state))
        return state

    def known_state(self, key: StorageKey) -> tuple[bool, str | None]:
        """(True, the state) if this update read or wrote it already, else (False, None)."""
        kept = _STATE.get()
        if kept is None or kept[:2] != (id(self), key):
            return False, None
        return True, kept[2]

    def defer_locale(self, chat_id: int, value: str) -> bool:
        """Inside the update holding the chat's lock: write the chat's locale entry when the
        lock is given back (same round trip), and keep it for the rest of the update. False
        elsewhere: the caller writes it now."""
        held = _HELD.get()
        if held is None or held[:2] != (id(self), chat_id):
            return False
        held[2].append((str(chat_id), value))
        self.keep_locale(chat_id, value)
        return True

    def defer_data(self, key: StorageKey, data: Mapping[str, Any]) -> bool:
        """Inside the update holding the chat's lock: write the conversation data when the
        lock is given back, and keep it for the rest of the update. False elsewhere."""
        held = _HELD.get()
        if held is None or held[:2] != (id(self), key.chat_id):
            return False
        value = self.json_dumps(data) if data else None
        held[3][self.key_builder.build(key, "data")] = value
        _DATA.set((id(self), key, value))
        return True

    def kept_locale(self, chat_id: int) -> tuple[bool, str | None]:
        """(True, the chat's locale hash entry) if this update's `get_state` read it, else
        (False, None): read it from Redis then."""
        kept = _LOCALE.get()
        if kept is None or kept[:2] != (id(self), chat_id):
            return False, None
        return True, kept[2]

    def keep_locale(self, chat_id: int, value: str) -> None:
        """The locale cache wrote the chat's entry: what is kept follows."""
        kept = _LOCALE.get()
        if kept is not None and kept[:2] == (id(self), chat_id):
            _LOCALE.set((id(self), chat_id, value))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        kept = _DATA.get()
        if kept is None or kept[:2] != (id(self), key):
            return await super().get_data(key)
        return {} if kept[2] is None else cast(dict[str, Any], self.json_loads(kept[2]))

    def _undefer(self, key: StorageKey) -> None:
        """A write now supersedes a deferred one of the same data."""
        held = _HELD.get()
        if held is not None and held[0] == id(self):
            held[3].pop(self.key_builder.build(key, "data"), None)

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        self._undefer(key)
        await super().set_data(key, data)
        kept = _DATA.get()
        if kept is not None and kept[:2] == (id(self), key):
            _DATA.set((id(self), key, self.json_dumps(data) if data else None))

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await super().set_state(key, value)
        _STATE.set((id(self), key, value))

    async def set_state_and_data(self, key: StorageKey, state: StateType,
                                 data: Mapping[str, Any]) -> None:
        """`set_state` then `set_data` in one round trip (MULTI/EXEC: both or neither)."""
        if not isinstance(data, dict):
            raise DataNotDictLikeError(f"Data must be a dict, got {type(data).__name__}")
        value = state.state if isinstance(state, State) else state
        self._undefer(key)
        state_key, data_key = (self.key_builder.build(key, "state"),
                               self.key_builder.build(key, "data"))
        async with self.redis.pipeline(transaction=True) as pipe:
            if value is None:
                pipe.delete(state_key)
            else:
                pipe.set(state_key, value, ex=self.state_ttl)
            if data:
                pipe.set(data_key, self.json_dumps(data), ex=self.data_ttl)
            else:
                pipe.delete(data_key)
            await pipe.execute()
        _STATE.set((id(self), key, value))
        kept = _DATA.get()
        if kept is not None and kept[:2] == (id(self), key):
            _DATA.set((id(self), key, self.json_dumps(data) if data else None))


async def enter(state: FSMContext, new_state: StateType, data: Mapping[str, Any]) -> None:
    """Move the conversation to `new_state` with `data`: in Redis one round trip, not two."""
    if isinstance(state.storage, PipelinedRedisStorage):
        await state.storage.set_state_and_data(state.key, new_state, data)
    else:
        await state.set_state(new_state)
        await state.set_data(data)


class PipelinedRedisIsolation(RedisEventIsolation):
    """aiogram's Redis event isolation — one lock per chat and user, SET NX with a timeout of
    60 s, tried again every 0.1 s while another worker holds it, deleted only by its holder —
    in fewer round trips: the lock is taken in the pipeline that reads the update's state, data
    and locale entry (read after the SET, so under the lock; thrown away if it failed), and
    given back in one pipeline with the locale entries the update filled. With flood control
    (`storage.throttle`) the SET NX is a script that also counts the update once the lock is
    taken — its verdict kept for the throttle middleware — in the same round trip."""

    def __init__(self, storage: PipelinedRedisStorage, *, timeout: float = 60,
                 sleep: float = 0.1) -> None:
        super().__init__(storage.redis, storage.key_builder)
        self.storage, self.timeout_ms, self.sleep = storage, int(timeout * 1000), sleep

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        storage = self.storage
        name, token = storage.key_builder.build(key, "lock"), uuid.uuid4().hex
        plan = storage.throttle
        subjects = plan.subjects(key.user_id, key.chat_id) if plan is not None else []
        prefix = getattr(storage.key_builder, "prefix", "cm_fsm")
        while True:
            async with storage.redis.pipeline(transaction=False) as pipe:
                if plan is not None:
                    keys, args = redis_keys_and_args(prefix, subjects, plan.clock())
                    pipe.eval(LOCK_AND_COUNT_SCRIPT, 1 + len(keys), name, *keys, token,
                              self.timeout_ms, *args)
                else:
                    pipe.set(name, token, nx=True, px=self.timeout_ms)
                storage.queue_reads(pipe, key)
                first, *read = await pipe.execute()
            taken = first[0] if plan is not None else first
            if taken:
                break
            await asyncio.sleep(self.sleep)
        if plan is not None:
            verdict, whose = verdict_of(first, subjects)
            _VERDICT.set((id(storage), key.chat_id, key.user_id, verdict, whose))
        state, data, locale = (_text(value) for value in read)
        _PREFETCHED.set((id(storage), key, state, data, locale))
        writes: list[tuple[str, str]] = []  # filled by `defer_locale` meanwhile
        data_writes: dict[str, str | None] = {}  # and by `defer_data`
        held = _HELD.set((id(storage), key.chat_id, writes, data_writes))
        try:
            yield
        finally:
            _HELD.reset(held)
            _PREFETCHED.set(None)
            _VERDICT.set(None)
            async with storage.redis.pipeline(transaction=False) as pipe:
                for field, value in writes:
                    pipe.hset(storage.locale_key, field, value)
                for data_key, data_value in data_writes.items():
                    if data_value is None:
                        pipe.delete(data_key)
                    else:
                        pipe.set(data_key, data_value, ex=storage.data_ttl)
                pipe.eval(_RELEASE, 1, name, token)
                *_, released = await pipe.execute()
            if not released:
                logger.warning("the update of %s outlived its %d ms lock", name,
                               self.timeout_ms)
