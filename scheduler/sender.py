"""The outbox sender: delivers what the bot says on its own initiative, within Telegram's limits.

It claims a batch of rows, sends them at its pacer's pace (scheduler.pacer) while the next batch
is claimed, reads each answer (scheduler.outcomes) and writes the outcomes back every
`flush_every` seconds. Per-chat limits (1/s private, 20/min group) are kept by the claim query
itself, so they hold across several senders and across restarts (see OutboxRepository.claim).
How a row becomes a Bot API call is scheduler.bot_call.

Crash safety: a row is claimed (status "sending") before it is sent and finished after; a
sender killed in between leaves "sending" rows that are reclaimed after the lease. So nothing
is lost, and what may be sent twice is at most what was in flight at the crash: the rows
claimed and sent whose result was not yet written (at most `batch` rows).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.faults import is_transient
from scheduler.bot_call import call_bot_api
from scheduler.outcomes import EDIT, Outcome, Verdict, classify, delivered, edit_targets, record
from scheduler.pacer import Limits, Pacer, Send
from storage.models import OutboxStatus
from storage.repositories import ClaimedMessage
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


class StuckOutbox(RuntimeError):
    """A drain that could not finish: which rows wait, and until when."""


@dataclass
class SenderStats:
    sent: int = 0
    retried: int = 0
    unreachable: int = 0
    dead: int = 0
    migrated: int = 0
    too_many_requests: int = 0
    claimed: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    # Seconds of the paced schedule given up (slots missed by more than the catch-up): what a
    # stalled loop cost the pace, for the benchmarks to show.
    lag_dropped: float = 0.0

    def count(self, verdict: Verdict) -> None:
        match verdict:
            case Verdict.SENT:
                self.sent += 1
            case Verdict.TOO_MANY_REQUESTS:
                self.too_many_requests += 1
            case Verdict.MIGRATED:
                self.migrated += 1
            case Verdict.UNREACHABLE:
                self.unreachable += 1
            case Verdict.RETRIED:
                self.retried += 1
            case Verdict.DEAD:
                self.dead += 1


def default_sender_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class OutboxSender:
    def __init__(
        self,
        bot: Bot,
        sessions: async_sessionmaker[AsyncSession],
        *,
        clock: Clock,
        limits: Limits = Limits(),
        share: float = 1.0,
        sender_id: str | None = None,
        batch: int | None = None,
        lease: timedelta = timedelta(seconds=60),
        max_attempts: int = 6,
        backoff: timedelta = timedelta(seconds=2),
        request_timeout: float = 20.0,
        idle_wait: float = 0.25,
        max_in_flight: int = 64,
    ) -> None:
        self.bot, self.sessions = bot, sessions
        self.pacer = Pacer(limits, share=share)
        self.sender_id = sender_id or default_sender_id()
        self.clock = clock
        # Claim about half a second of work at a time: enough to keep the pace, little in flight.
        self.batch = batch or max(10, int(limits.overall_per_second * share / 2))
        self.lease, self.max_attempts, self.backoff = lease, max_attempts, backoff
        self.request_timeout, self.idle_wait = request_timeout, idle_wait
        self.stats = SenderStats()
        self._outcomes: list[Outcome] = []
        self._edits: dict[int, int] = {}  # claimed editMessageText row -> the message it edits
        self._in_flight: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(max_in_flight)
        self._wakeup = asyncio.Event()
        self.flush_every = 0.05
        self._last_flush = 0.0
        self._flusher: asyncio.Task[int] | None = None
        self._flush_lock = asyncio.Lock()

    @property
    def limits(self) -> Limits:
        """Telegram's limits, held by the pacer: one copy, which the claim also reads."""
        return self.pacer.limits

    def wake(self) -> None:
        """Something was enqueued: look at the outbox now rather than after the idle wait."""
        self._wakeup.set()

    # --- one message --------------------------------------------------------------------------

    async def _deliver(self, message: ClaimedMessage, send: Send) -> None:
        try:
            outcome = await self._attempt(message)
        except Exception as error:  # a bug must not kill the sender: the row dies, visibly
            log.exception("outbox %s failed unexpectedly", message.id)
            outcome = Outcome(message, OutboxStatus.DEAD.value, error=repr(error)[:500])
        finally:
            self.pacer.note_answered(send)
        self._outcomes.append(outcome)

    async def _attempt(self, message: ClaimedMessage) -> Outcome:
        edit = self._edits.pop(message.id, None)
        if message.method == EDIT and edit is None:
            # Its message was never posted through the outbox (or before ids were kept):
            # nothing to edit, and nothing Telegram could do with it.
            return Outcome(message, OutboxStatus.DEAD.value, error="no posted message to edit",
                           verdict=Verdict.DEAD)
        try:
            posted = await call_bot_api(self.bot, message, request_timeout=self.request_timeout,
                                        edit=edit)
        except (TelegramAPIError, TimeoutError) as error:
            outcome = classify(message, error, clock=self.clock, max_attempts=self.max_attempts,
                               backoff=self.backoff)
        else:
            outcome = delivered(message, now=self.clock(), message_id=posted)
        if outcome.verdict is not None:
            self.stats.count(outcome.verdict)
        # A 429 slows everyone down, each delivery speeds the pace up again.
        if outcome.verdict is Verdict.TOO_MANY_REQUESTS:
            self.pacer.slow_down()
        elif outcome.verdict is Verdict.SENT:
            self.pacer.speed_up()
        return outcome

    # --- the database side --------------------------------------------------------------------

    async def flush(self) -> int:
        """Write the outcomes gathered so far; returns how many."""
        async with self._flush_lock:
            outcomes, self._outcomes = self._outcomes, []
            if not outcomes:
                return 0
            try:
                async with UnitOfWork(self.sessions) as uow:
                    await record(uow, outcomes, clock=self.clock)
            except BaseException:
                self._outcomes[:0] = outcomes  # not written: try again with the next flush
                raise
        return len(outcomes)

    async def claim(self) -> list[ClaimedMessage]:
        async with UnitOfWork(self.sessions) as uow:
            now = self.clock()
            if self.lease is not None:
                await uow.outbox.reclaim_stale(claimed_before=now - self.lease)
            rows = await uow.outbox.claim(sender_id=self.sender_id, now=now, limit=self.batch,
                                          private_gap=self.limits.private_gap,
                                          group_gap=self.limits.group_gap)
            self._edits.update(await edit_targets(uow, rows))
        self.stats.claimed += len(rows)
        return rows

    # --- the loop -----------------------------------------------------------------------------

    async def _send_paced(self, rows: list[ClaimedMessage]) -> None:
        for row in rows:
            self.stats.lag_dropped += await self.pacer.wait_for_slot()
            await self._slots.acquire()
            task = asyncio.create_task(self._deliver(row, self.pacer.note_sent()))
            self._in_flight.add(task)
            task.add_done_callback(self._done)
            self._maybe_flush()

    def _maybe_flush(self) -> None:
        """Write outcomes every `flush_every` seconds in the background: the fewer delivered
        rows wait unrecorded, the fewer a crash can make us send twice."""
        now = time.monotonic()
        if self._outcomes and now - self._last_flush >= self.flush_every and (
                self._flusher is None or self._flusher.done()):
            self._last_flush = now
            self._flusher = asyncio.create_task(self._background_flush())

    async def _background_flush(self) -> int:
        try:
            return await self.flush()
        except Exception as error:  # kept for the next flush; say so, but go on sending
            log.warning("outbox sender: outcomes not written yet (%r); will retry", error)
            return 0

    def _done(self, task: asyncio.Task[None]) -> None:
        self._in_flight.discard(task)
        self._slots.release()

    async def _cycle(self, prefetched: asyncio.Task[list[ClaimedMessage]] | None
                     ) -> tuple[int, asyncio.Task[list[ClaimedMessage]] | None]:
        """Send one batch at the pace while the next one is claimed, so the pace never waits
        for the database; returns how many rows were sent and the claim under way."""
        rows = await prefetched if prefetched is not None else await self.claim()
        if not rows:
            self.pacer.rest()
            return 0, None
        following = asyncio.create_task(self.claim())
        await self._send_paced(rows)
        return len(rows), following

    async def settle(self) -> None:
        """Wait for the messages in flight and write their outcomes."""
        while self._in_flight:
            await asyncio.gather(*list(self._in_flight), return_exceptions=True)
        if self._flusher is not None:
            await asyncio.gather(self._flusher, return_exceptions=True)
        await self.flush()

    async def drain(self, *, idle: Callable[[], Awaitable[None]] | None = None,
                    timeout: float = 30.0) -> None:
        """Send until the outbox holds nothing open (tests and benchmarks; `run` is the service).

        When nothing can be claimed yet (a chat's gap, a retry's backoff) it calls `idle` —
        a test moves its clock there — or waits `idle_wait`. A drain that has not finished
        after `timeout` seconds (monotonic) is a bug, not a wait: it raises `StuckOutbox`,
        naming the rows still open and when each may go, against this sender's clock.
        """
        deadline = time.monotonic() + timeout
        claim: asyncio.Task[list[ClaimedMessage]] | None = None
        while True:
            sent, claim = await self._cycle(claim)
            if not sent:
                await self.settle()
                async with UnitOfWork(self.sessions) as uow:
                    waiting, _oldest = await uow.outbox.backlog()
                if waiting == 0:
                    return
            if time.monotonic() > deadline:
                if claim is not None:
                    claim.cancel()
                await self.settle()
                raise await self._stuck(timeout)
            if not sent:
                await (idle() if idle is not None else asyncio.sleep(self.idle_wait))

    async def _stuck(self, timeout: float) -> StuckOutbox:
        async with UnitOfWork(self.sessions) as uow:
            waiting, _oldest = await uow.outbox.backlog()
            rows = await uow.outbox.open_rows(limit=10)
        now = self.clock()
        lines = [f"#{row.id} chat {row.chat_id} {row.status}, not before "
                 f"{row.not_before.isoformat()} ({(row.not_before - now).total_seconds():+.0f} s), "
                 f"attempts {row.attempts}" + (f", last error: {row.last_error}"
                                               if row.last_error else "")
                 for row in rows]
        return StuckOutbox(f"outbox not drained after {timeout:.0f} s: {waiting} rows still open "
                           f"at {now.isoformat()} (the sender's clock):\n  " + "\n  ".join(lines))

    async def run(self, stop: asyncio.Event) -> None:
        """The service: until `stop` is set, keep the outbox moving."""
        log.info("outbox sender %s started (%.1f msg/s)", self.sender_id, 1 / self.pacer.interval)
        claim: asyncio.Task[list[ClaimedMessage]] | None = None
        try:
            while not stop.is_set():
                try:
                    sent, claim = await self._cycle(claim)
                except Exception as error:
                    if not is_transient(error):
                        raise
                    log.warning("outbox sender: database unavailable (%r); retrying", error)
                    sent, claim = 0, None
                if sent == 0:
                    await self.flush()
                    self._wakeup.clear()
                    waiters = [asyncio.ensure_future(stop.wait()),
                               asyncio.ensure_future(self._wakeup.wait())]
                    await asyncio.wait(waiters, timeout=self.idle_wait,
                                       return_when=asyncio.FIRST_COMPLETED)
                    for waiter in waiters:
                        waiter.cancel()
        finally:
            if claim is not None:
                claim.cancel()  # its rows stay claimed: the lease gives them back
            await self.settle()
            log.info("outbox sender %s stopped: %s", self.sender_id, self.stats)
