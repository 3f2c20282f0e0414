"""Flood control: how many updates a person, or a group, may send in a short window.

A subject (a person, by Telegram id; a group, by chat id) that sends more than its limit in
`window` seconds is muted for `mute` seconds: the update that crossed the line is the first
one dropped, and only that one earns the polite notice (`Verdict.NOTICE`); the rest of the
mute is silence (`Verdict.MUTED`), but for button presses, which are always answered.

The count is a sliding window, estimated from two fixed ones (the current window's count
plus the previous one's, weighted by how much of it still overlaps): bursts across a window's
edge are caught without keeping a timestamp per update. Time is the injected clock's, so
tests move it instead of sleeping; Redis expiries only collect the garbage.

Two stores with one contract: `MemoryThrottle` for one worker, `RedisThrottle` for several
(one Lua script per update, so the count, the mute and "who gives the notice" are decided
atomically whichever worker the update reaches).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, cast

from redis.asyncio import Redis


class Verdict(enum.IntEnum):
    PASS = 0
    NOTICE = 1  # this update crossed the limit: drop it and say so, once
    MUTED = 2  # muted already: drop it


@dataclass(frozen=True, slots=True)
class Limit:
    """A subject's allowance: `updates` per `window` seconds, then `mute` seconds of silence."""

    updates: int
    window: float
    mute: float


Subject = tuple[str, int, Limit]
"""What an update is counted against: (kind — "person" or "group" —, its id, its limit)."""


class Throttle(Protocol):
    async def check(self, subjects: Sequence[Subject], now: datetime) -> tuple[Verdict, str]:
        """Count one update against each subject; the worst verdict, and whose it is."""


def _estimate(current: int, previous: int, into: float) -> float:
    """Updates in the sliding window ending now, `into` (0..1) through the current window."""
    return current + previous * (1.0 - into)


class MemoryThrottle:
    """One worker's counts, in this process (pruned as windows pass)."""

    def __init__(self) -> None:
        # (kind, id) -> (window index, count in it, count in the one before)
        self._counts: dict[tuple[str, int], tuple[int, int, int]] = {}
        self._muted: dict[tuple[str, int], float] = {}  # until (epoch seconds)
        self._seen = 0

    async def check(self, subjects: Sequence[Subject], now: datetime) -> tuple[Verdict, str]:
        t = now.timestamp()
        self._seen += 1
        if self._seen % 1024 == 0:
            self._prune(t, subjects)
        worst, whose = Verdict.PASS, ""
        for kind, ident, limit in subjects:
            key = (kind, ident)
            if self._muted.get(key, -math.inf) > t:
                verdict = Verdict.MUTED
            else:
                index = int(t // limit.window)
                start, current, previous = self._counts.get(key, (index, 0, 0))
                if start != index:
                    previous = current if start == index - 1 else 0
                    current = 0
                current += 1
                self._counts[key] = (index, current, previous)
                into = t / limit.window - index
                if _estimate(current, previous, into) > limit.updates:
                    self._muted[key] = t + limit.mute
                    verdict = Verdict.NOTICE
                else:
                    verdict = Verdict.PASS
            if verdict > worst:
                worst, whose = verdict, kind
        return worst, whose

    def _prune(self, t: float, subjects: Sequence[Subject]) -> None:
        longest = max((limit.window for _k, _i, limit in subjects), default=60.0)
        self._muted = {key: until for key, until in self._muted.items() if until > t}
        self._counts = {key: value for key, value in self._counts.items()
                        if value[0] >= int(t // longest) - 1}


def _script(locking: bool) -> str:
    """The Lua that counts an update against its subjects and returns {taken, verdict, whose
    (1-based, 0: none)}. KEYS: per subject its counts hash and its mute key; ARGV: now (s),
    then per subject its updates, window, mute. `locking`: the conversation lock's SET NX
    goes first (KEYS[1], ARGV[1] token, ARGV[2] ms) and nothing is counted unless it is taken
    — a worker waiting for the lock tries again, and must not count the update each time."""
    k, a = (1, 2) if locking else (0, 0)
    head = ("if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then "
            "return {0, 0, 0} end\n" if locking else "")
    return head + f"""
local now = tonumber(ARGV[{a} + 1])
local worst, whose = 0, 0
for i = 1, (#KEYS - {k}) / 2 do
  local counts, muted = KEYS[{k} + 2 * i - 1], KEYS[{k} + 2 * i]
  local updates = tonumber(ARGV[{a} + 3 * i - 1])
  local window = tonumber(ARGV[{a} + 3 * i])
  local mute = tonumber(ARGV[{a} + 3 * i + 1])
  local verdict = 0
  local untl = tonumber(redis.call('GET', muted) or '-1')
  if untl > now then
    verdict = 2
  else
    local index = math.floor(now / window)
    local kept = redis.call('HMGET', counts, 'i', 'c', 'p')
    local start = tonumber(kept[1] or index)
    local current = tonumber(kept[2] or '0')
    local previous = tonumber(kept[3] or '0')
    if start ~= index then
      if start == index - 1 then previous = current else previous = 0 end
      current = 0
    end
    current = current + 1
    redis.call('HSET', counts, 'i', index, 'c', current, 'p', previous)
    redis.call('PEXPIRE', counts, math.ceil(window * 2000))
    local into = now / window - index
    if current + previous * (1 - into) > updates then
      redis.call('SET', muted, tostring(now + mute), 'PX', math.ceil((mute + window) * 1000))
      verdict = 1
    end
  end
  if verdict > worst then
    worst = verdict
    whose = i
  end
end
return {{1, worst, whose}}
"""


COUNT_SCRIPT = _script(locking=False)
LOCK_AND_COUNT_SCRIPT = _script(locking=True)


def redis_keys_and_args(prefix: str, subjects: Sequence[Subject], now: datetime
                        ) -> tuple[list[str], list[float | str]]:
    """The scripts' KEYS and ARGV (after the lock's) for `subjects` at `now`."""
    keys: list[str] = []
    args: list[float | str] = [repr(now.timestamp())]
    for kind, ident, limit in subjects:
        base = f"{prefix}:throttle:{kind}:{ident}"
        keys += [base, base + ":muted"]
        args += [limit.updates, limit.window, limit.mute]
    return keys, args


def verdict_of(result: Sequence[object], subjects: Sequence[Subject]) -> tuple[Verdict, str]:
    """A script's {taken, verdict, whose} as (verdict, the kind of subject it is about)."""
    whose = int(cast(int, result[2]))
    return Verdict(int(cast(int, result[1]))), subjects[whose - 1][0] if whose else ""


@dataclass(frozen=True)
class Plan:
    """What the conversation lock needs to count an update in its own round trip: the limits
    and the clock. An update's subjects are its sender, and its group if it came from one."""

    person: Limit
    group: Limit
    clock: Callable[[], datetime]

    def subjects(self, user_id: int, chat_id: int | None) -> list[Subject]:
        found: list[Subject] = [("person", user_id, self.person)]
        if chat_id is not None and chat_id < 0:
            found.append(("group", chat_id, self.group))
        return found


class Counted(Protocol):
    def take_verdict(self, user_id: int, chat_id: int | None) -> tuple[Verdict, str] | None:
        """The verdict counted with this update's lock, once (None: it was not)."""


class RedisThrottle:
    """The counts of every worker, in Redis under `prefix` (the conversation state's). With
    the pipelined storage (`counted`), the update was already counted in the round trip that
    took its conversation lock (`bot.fsm`): no round trip of its own."""

    def __init__(self, redis: Redis, prefix: str, counted: Counted | None = None) -> None:
        self.redis, self.prefix, self.counted = redis, prefix, counted

    async def check(self, subjects: Sequence[Subject], now: datetime) -> tuple[Verdict, str]:
        if not subjects:
            return Verdict.PASS, ""
        if self.counted is not None:
            person = subjects[0][1]
            group = next((ident for kind, ident, _l in subjects if kind == "group"), None)
            found = self.counted.take_verdict(person, group if group is not None else person)
            if found is not None:
                return found
        keys, args = redis_keys_and_args(self.prefix, subjects, now)
        result = await self.redis.eval(COUNT_SCRIPT, len(keys), *keys, *args)
        return verdict_of(result, subjects)
