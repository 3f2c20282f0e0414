"""Conversation state in Redis at one round trip per update for reading it.

aiogram's `RedisStorage` reads the state and the data with a GET each, and every
`state.get_data()` a handler or middleware makes is another GET. Here `get_state` — which
aiogram's FSM middleware calls first for every update — fetches both in one pipeline and
keeps the data's JSON for the rest of the update, so the reads that follow cost nothing;
writes go to Redis as before and refresh what is kept.

What is kept lives in a context variable, so it never crosses to another update handled
concurrently (each runs in its own task). Within one update the event isolation lock makes
this process the only writer of that chat's state, so what was read stays true until the
update ends; the next update's `get_state` reads Redis again. It is kept per storage (each
worker's dispatcher has its own), so two dispatchers in one process never share it.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any, cast

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import StateType, StorageKey
from aiogram.fsm.storage.redis import RedisStorage

_DATA: ContextVar[tuple[int, StorageKey, str | None] | None] = ContextVar("fsm_data", default=None)


def _text(value: Any) -> str | None:
    return value.decode("utf-8") if isinstance(value, bytes) else cast(str | None, value)


class PipelinedRedisStorage(RedisStorage):
    async def get_state(self, key: StorageKey) -> str | None:
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.get(self.key_builder.build(key, "state"))
            pipe.get(self.key_builder.build(key, "data"))
            state, data = await pipe.execute()
        _DATA.set((id(self), key, _text(data)))
        return _text(state)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        kept = _DATA.get()
        if kept is None or kept[:2] != (id(self), key):
            return await super().get_data(key)
        return {} if kept[2] is None else cast(dict[str, Any], self.json_loads(kept[2]))

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await super().set_data(key, data)
        kept = _DATA.get()
        if kept is not None and kept[:2] == (id(self), key):
            _DATA.set((id(self), key, self.json_dumps(data) if data else None))

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        await super().set_state(key, state.state if isinstance(state, State) else state)
