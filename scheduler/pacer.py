"""The pacer: when the outbox sender may make its next Bot API call, within Telegram's limits.

Pacing is a steady schedule: message k's slot is message k-1's slot plus 1/rate; a slot a late
timer missed by a few milliseconds is made up at once, one a stalled loop missed is given up
rather than burst into. Measured against a Bot API that enforces the limits strictly, this
finishes a broadcast in 1.02-1.03x the minimum time with no 429, where bucket limiters that
burst drew dozens of 429s.

On top of the schedule, a window on answers caps the sends in any one second, however they
were bunched on their way to the Bot API; a send still in flight keeps its place in it (see
`Pacer.wait_for_slot`). A 429 slows the pace down, deliveries speed it up again.

Per-chat limits (1/s private, 20/min group) are kept by the claim query itself, so they hold
across several senders and across restarts (see OutboxRepository.claim): `Limits` only gives it
the gaps.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Limits:
    """Telegram's limits (configurable: benchmarks scale them up)."""

    overall_per_second: float = 30.0
    private_per_second: float = 1.0
    group_per_minute: float = 20.0
    # Stay a hair under each limit: a server measuring arrivals sees network jitter.
    margin: float = 0.98
    # The most sends in any one second, as a share of the overall limit: a little above the
    # pace (`margin`), which is the room the pacer has to make up a missed slot.
    burst_margin: float = 0.985

    @property
    def private_gap(self) -> timedelta:
        return timedelta(seconds=1 / (self.private_per_second * self.margin))

    @property
    def group_gap(self) -> timedelta:
        return timedelta(seconds=60 / (self.group_per_minute * self.margin))


class Send:
    """One send as the overall window counts it: from its request until its answer came
    back. The Bot API saw it somewhere in between, so it counts as long as either end might
    fall in the window."""

    __slots__ = ("answered",)

    def __init__(self) -> None:
        self.answered: float | None = None  # the pacer's monotonic time; None while in flight


class Pacer:
    """The overall pace of one sender: its `share` of `limits.overall_per_second`."""

    def __init__(self, limits: Limits, *, share: float = 1.0) -> None:
        self.limits = limits
        self.share = share  # this sender's part of the overall rate, when several run
        self._next_slot = 0.0
        # Seconds of missed slots made up: the timer's lateness (an asyncio sleep wakes up to
        # a millisecond late, which at 1,000/s would lose a slot in two), not a stall — making
        # up a stall of the loop bursts into windows the Bot API may see compressed (measured:
        # 0.5 s of catch-up drew limit violations and 429s; bench/README.md). So a catch-up
        # sends at most `catch_up` seconds' worth of slots back to back (5 at 1,000/s).
        self.catch_up = 0.005
        self._sends: deque[Send] = deque()  # the last `per_second` sends, oldest first
        # Sends moved out of `_sends` while still in flight: they count, without the window
        # waiting on them (one slow answer must not hold up the broadcast).
        self._slow: list[Send] = []
        self._answer = asyncio.Event()  # set whenever a send's answer comes back
        self._fresh = True  # set again whenever the outbox was found empty
        # The pacer's timer (monotonic, not calendar time), replaceable by a test's.
        self.monotonic: Callable[[], float] = time.monotonic
        self.sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        self._slowdown = 1.0

    @property
    def interval(self) -> float:
        rate = self.limits.overall_per_second * self.limits.margin * self.share * self._slowdown
        return 1.0 / rate

    async def wait_for_slot(self) -> float:
        """Wait for this message's slot: one `interval` after the last one's, and never more
        than `per_second` sends in any second. Returns the seconds of the paced schedule given
        up to reach it (a stall's, beyond the catch-up), for the sender's stats.

        A slot missed by up to `catch_up` seconds is made up instead of being lost: without it
        every late wake-up of the timer shifts the pace, which sags below the limit. A slot
        already due is taken at once, without sleeping: the loop's timer cannot sleep less
        than a millisecond (epoll rounds up), so at 1,000/s a pacer that slept before every
        send, or spaced its make-up sends apart, fell behind by itself (0.73–0.91 of the limit
        on a quiet machine; bench/README.md).

        Whatever the catch-up, the send `per_second` sends back must have been answered a
        whole second ago (`per_second` is `burst_margin` of the limit, a little above the
        pace). The Bot API counts arrivals in a sliding second, and an arrival lies between
        the request and its answer: a window on answers holds however the requests were
        bunched on the way. One on request times did not: a 30 ms pause in deliveries let
        the requests queued meanwhile arrive together, and with the next second's full pace
        one window held 11 sends too many at 1,000/s (bench/README.md). A send still in flight
        when it would age out is counted aside, for as long as it is in flight and a second
        after its answer: it keeps its place without the window waiting on it, so one slow
        answer does not hold up the rest.
        """
        now = self.monotonic()
        interval = self.interval
        if self._fresh:  # nothing was waiting before: no slot was missed
            self._fresh, self._next_slot = False, now
        # The paced schedule advances by `interval` whatever the cap below does to this send,
        # so a lag the cap imposes is made up later, as the cap allows.
        slot = max(self._next_slot, now - self.catch_up)
        dropped = slot - self._next_slot
        self._next_slot = slot + interval
        per_second = max(1, int(self.limits.overall_per_second * self.limits.burst_margin
                                * self.share * self._slowdown))
        sends = self._sends
        while True:
            slow = self._slow
            if slow:  # a slow send counts while in flight, and until a second after its answer
                slow = self._slow = [send for send in slow
                                     if send.answered is None or send.answered + 1.0 > slot]
            room = per_second - len(slow)
            if len(sends) < room:
                break
            if sends:
                oldest = sends.popleft()
                if oldest.answered is None:  # in flight for about a second: counted aside
                    slow.append(oldest)
                else:
                    slot = max(slot, oldest.answered + 1.0)
                continue
            answers = [send.answered for send in slow if send.answered is not None]
            if answers:  # every counted send is a slow one: wait for the first to age out
                slot = max(slot, min(answers) + 1.0)
            else:  # all of them still in flight: wait for an answer
                self._answer.clear()
                await self._answer.wait()
        now = self.monotonic()
        if slot > now:
            await self.sleep(slot - now)
        return dropped

    def note_sent(self) -> Send:
        """A request goes out now: it counts in the window until a second after its answer."""
        send = Send()
        self._sends.append(send)
        return send

    def note_answered(self, send: Send) -> None:
        send.answered = self.monotonic()
        self._answer.set()

    def rest(self) -> None:
        """The outbox was found empty: the next send starts the schedule afresh, no slot missed."""
        self._fresh = True

    def slow_down(self) -> None:
        """A 429: everyone else goes on, 20% slower each time (at most down to half)."""
        self._slowdown = max(0.5, self._slowdown * 0.8)

    def speed_up(self) -> None:
        """A delivery: the pace comes back by 1% of the limit, up to the limit."""
        self._slowdown = min(1.0, self._slowdown + 0.01)
