"""The outbox sender: delivers what the bot says on its own initiative, within Telegram's limits.

Pacing is a steady schedule: message k's slot is message k-1's slot plus 1/rate; a slot a late
timer missed by a few milliseconds is made up at once, one a stalled loop missed is given up
rather than burst into. Measured against a Bot API that enforces the limits strictly, this
finishes a broadcast in 1.02-1.03x the minimum time with no 429, where bucket limiters that
burst drew dozens of 429s.
Per-chat limits (1/s private, 20/min group) are kept by the claim query itself, so they hold
across several senders and across restarts (see OutboxRepository.claim).

Telegram's answers:
- 429: the row waits `retry_after`, the chat too, and the sender slows down for a while;
- 403 (blocked, kicked) and "chat not found": the member or group is marked unreachable and
  the chat's open rows are closed, never retried;
- migrated to a supergroup: stored chat ids are rewritten and the row is delivered there once;
- 5xx, timeouts, network errors: retried with exponential backoff, then "dead" with the reason.

A row is a text (sendMessage), a file (sendDocument: its bytes base64 in the row, sent as a
multipart upload through aiogram; the expert hour's calendar files) or leaveChat.

Crash safety: a row is claimed (status "sending") before it is sent and finished after; a
sender killed in between leaves "sending" rows that are reclaimed after the lease. So nothing
is lost, and what may be sent twice is at most what was in flight at the crash: the rows
claimed and sent whose result was not yet written (at most `batch` rows).
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import socket
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import LeaveChat, SendDocument, SendMessage, TelegramMethod
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup
from aiohttp import ClientError, ClientTimeout
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.faults import is_transient
from storage.models import OutboxStatus
from storage.repositories import ClaimedMessage
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


class StuckOutbox(RuntimeError):
    """A drain that could not finish: which rows wait, and until when."""


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


@dataclass
class Outcome:
    """What happened to one claimed row, written back in the next flush."""

    message: ClaimedMessage
    status: str
    error: str | None = None
    retry_at: datetime | None = None
    migrate_to: int | None = None
    unreachable: bool = False
    sent_at: datetime | None = None
    counts_as_attempt: bool = True  # a 429 or a migration is not the message's fault


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


class _Send:
    """One send as the overall window counts it: from its request until its answer came
    back. The Bot API saw it somewhere in between, so it counts as long as either end might
    fall in the window."""

    __slots__ = ("answered",)

    def __init__(self) -> None:
        self.answered: float | None = None  # the pacer's monotonic time; None while in flight


def default_sender_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def _document(chat_id: int, payload: dict[str, Any]) -> SendDocument:
    markup = payload.get("reply_markup")
    return SendDocument(
        chat_id=chat_id,
        document=BufferedInputFile(base64.b64decode(payload["document"]),
                                   filename=payload.get("filename") or "file"),
        caption=payload.get("caption"), parse_mode=payload.get("parse_mode", "HTML"),
        reply_markup=InlineKeyboardMarkup.model_validate(markup) if markup else None)


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
        self.bot, self.sessions, self.limits = bot, sessions, limits
        self.share = share  # this sender's part of the overall rate, when several run
        self.sender_id = sender_id or default_sender_id()
        self.clock = clock
        # Claim about half a second of work at a time: enough to keep the pace, little in flight.
        self.batch = batch or max(10, int(limits.overall_per_second * share / 2))
        self.lease, self.max_attempts, self.backoff = lease, max_attempts, backoff
        self.request_timeout, self.idle_wait = request_timeout, idle_wait
        self.stats = SenderStats()
        self._outcomes: list[Outcome] = []
        self._in_flight: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(max_in_flight)
        self._next_slot = 0.0
        # Seconds of missed slots made up: the timer's lateness (an asyncio sleep wakes up to
        # a millisecond late, which at 1,000/s would lose a slot in two), not a stall — making
        # up a stall of the loop bursts into windows the Bot API may see compressed (measured:
        # 0.5 s of catch-up drew limit violations and 429s; bench/README.md). So a catch-up
        # sends at most `catch_up` seconds' worth of slots back to back (5 at 1,000/s).
        self.catch_up = 0.005
        self._sends: deque[_Send] = deque()  # the last `per_second` sends, oldest first
        # Sends moved out of `_sends` while still in flight: they count, without the window
        # waiting on them (one slow answer must not hold up the broadcast).
        self._slow: list[_Send] = []
        self._answer = asyncio.Event()  # set whenever a send's answer comes back
        self._fresh = True  # set again whenever the outbox was found empty
        # The pacer's timer (monotonic, not calendar time), replaceable by a test's.
        self.monotonic: Callable[[], float] = time.monotonic
        self.sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        self._slowdown = 1.0
        self._wakeup = asyncio.Event()
        self.flush_every = 0.05
        self._last_flush = 0.0
        self._flusher: asyncio.Task[int] | None = None
        self._flush_lock = asyncio.Lock()

    # --- pacing -------------------------------------------------------------------------------

    @property
    def interval(self) -> float:
        rate = self.limits.overall_per_second * self.limits.margin * self.share * self._slowdown
        return 1.0 / rate

    async def _wait_for_slot(self) -> None:
        """Wait for this message's slot: one `interval` after the last one's, and never more
        than `per_second` sends in any second.

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
        self.stats.lag_dropped += slot - self._next_slot
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

    def _note_sent(self) -> _Send:
        send = _Send()
        self._sends.append(send)
        return send

    def _note_answered(self, send: _Send) -> None:
        send.answered = self.monotonic()
        self._answer.set()

    def wake(self) -> None:
        """Something was enqueued: look at the outbox now rather than after the idle wait."""
        self._wakeup.set()

    # --- one message --------------------------------------------------------------------------

    async def _call(self, message: ClaimedMessage) -> None:
        payload: dict[str, Any] = json.loads(message.payload)
        params: dict[str, Any] = {"chat_id": message.chat_id}
        if message.method == "leaveChat":
            def model() -> TelegramMethod[Any]:
                return LeaveChat(chat_id=message.chat_id)
        elif message.method == "sendDocument":
            # A file needs a multipart upload: through aiogram's own request, whatever the
            # session (the file's bytes travel base64 in the row; see bot.notify.expert).
            await self.bot(_document(message.chat_id, payload),
                           request_timeout=int(self.request_timeout))
            return
        else:
            markup = payload.get("reply_markup")
            params.update(text=payload["text"], parse_mode=payload.get("parse_mode", "HTML"))
            if markup:
                params["reply_markup"] = markup
            if payload.get("disable_notification") is not None:
                params["disable_notification"] = payload["disable_notification"]

            def model() -> TelegramMethod[Any]:
                return SendMessage(
                    chat_id=message.chat_id, text=payload["text"],
                    parse_mode=payload.get("parse_mode", "HTML"),
                    reply_markup=InlineKeyboardMarkup.model_validate(markup) if markup else None,
                    disable_notification=payload.get("disable_notification"))
        if isinstance(self.bot.session, AiohttpSession):
            await self._post(message.method, params, model)
        else:  # an in-process session (the local chat, tests): through aiogram's models
            await self.bot(model(), request_timeout=int(self.request_timeout))

    async def _post(self, name: str, params: dict[str, Any],
                    model: Callable[[], TelegramMethod[Any]]) -> None:
        """One Bot API call as plain JSON over the bot's own HTTP session.

        aiogram's call builds a pydantic model of the request, a form of it, and a model of
        the whole Message it gets back: ~0.9 ms of CPU per message, which at a broadcast's
        pace is most of a core (bench/broadcast_bench.py). The outbox needs none of that, only
        whether it worked; so the request is the row's JSON, and a success is read as
        `{"ok": true}`. Anything else goes through aiogram's own `check_response`, so errors
        raise exactly the exceptions (429 retry-after, migrate, forbidden, bad request) the
        caller handles, as they would through `bot.send_message`.
        """
        session = self.bot.session
        assert isinstance(session, AiohttpSession)
        http = await session.create_session()
        url = session.api.api_url(token=self.bot.token, method=name)
        try:
            async with http.post(url, json=params,
                                 timeout=ClientTimeout(total=self.request_timeout)) as response:
                status, raw = response.status, await response.text()
        except ClientError as error:
            raise TelegramNetworkError(method=model(),
                                       message=f"{type(error).__name__}: {error}") from error
        if status == 200:
            try:
                if json.loads(raw).get("ok") is True:
                    return
            except (ValueError, AttributeError):
                pass
        session.check_response(self.bot, model(), status, raw)  # raises the matching error
        raise TelegramAPIError(method=model(), message=f"unexpected answer ({status})")

    def _retry_or_die(self, message: ClaimedMessage, error: str) -> Outcome:
        attempts = message.attempts + 1
        if attempts >= self.max_attempts:
            self.stats.dead += 1
            log.warning("outbox %s dead after %s attempts: %s", message.id, attempts, error)
            return Outcome(message, OutboxStatus.DEAD.value, error=error)
        self.stats.retried += 1
        delay = self.backoff * (2 ** (attempts - 1))
        return Outcome(message, OutboxStatus.PENDING.value, error=error,
                       retry_at=self.clock() + min(delay, timedelta(minutes=10)))

    async def _deliver(self, message: ClaimedMessage, send: _Send) -> None:
        try:
            outcome = await self._attempt(message)
        except Exception as error:  # a bug must not kill the sender: the row dies, visibly
            log.exception("outbox %s failed unexpectedly", message.id)
            outcome = Outcome(message, OutboxStatus.DEAD.value, error=repr(error)[:500])
        finally:
            self._note_answered(send)
        self._outcomes.append(outcome)

    async def _attempt(self, message: ClaimedMessage) -> Outcome:
        try:
            await self._call(message)
        except TelegramRetryAfter as error:
            self.stats.too_many_requests += 1
            # The row (and so its chat) waits retry_after; everyone else goes on, 20% slower
            # each time, speeding up again by 1% per message delivered.
            self._slowdown = max(0.5, self._slowdown * 0.8)
            return Outcome(message, OutboxStatus.PENDING.value, error=error.message,
                           retry_at=self.clock() + timedelta(seconds=error.retry_after),
                           counts_as_attempt=False)
        except TelegramMigrateToChat as error:
            self.stats.migrated += 1
            return Outcome(message, OutboxStatus.PENDING.value, error=error.message,
                           migrate_to=error.migrate_to_chat_id, retry_at=self.clock(),
                           counts_as_attempt=False)
        except TelegramForbiddenError as error:
            self.stats.unreachable += 1
            return Outcome(message, OutboxStatus.UNREACHABLE.value, error=error.message,
                           unreachable=True)
        except TelegramBadRequest as error:
            if "chat not found" in error.message.lower():
                self.stats.unreachable += 1
                return Outcome(message, OutboxStatus.UNREACHABLE.value, error=error.message,
                               unreachable=True)
            self.stats.dead += 1  # Telegram will refuse it every time: no retry
            return Outcome(message, OutboxStatus.DEAD.value, error=error.message)
        except (TelegramServerError, TelegramNetworkError, TimeoutError) as error:
            return self._retry_or_die(message, f"{type(error).__name__}: {error}"[:500])
        except TelegramAPIError as error:
            return self._retry_or_die(message, f"{type(error).__name__}: {error.message}"[:500])
        self.stats.sent += 1
        self._slowdown = min(1.0, self._slowdown + 0.01)
        return Outcome(message, OutboxStatus.SENT.value, sent_at=self.clock())

    # --- the database side --------------------------------------------------------------------

    async def flush(self) -> int:
        """Write the outcomes gathered so far; returns how many."""
        async with self._flush_lock:
            outcomes, self._outcomes = self._outcomes, []
            if not outcomes:
                return 0
            try:
                async with UnitOfWork(self.sessions) as uow:
                    delivered = [o for o in outcomes if o.status == OutboxStatus.SENT.value
                                 and o.error is None]
                    if delivered:  # the common case, in one statement
                        await uow.outbox.mark_sent(
                            [o.message.id for o in delivered],
                            sent_at=max(o.sent_at or self.clock() for o in delivered))
                    for outcome in outcomes:
                        if not (outcome.status == OutboxStatus.SENT.value
                                and outcome.error is None):
                            await self._apply(uow, outcome)
            except BaseException:
                self._outcomes[:0] = outcomes  # not written: try again with the next flush
                raise
        return len(outcomes)

    async def _apply(self, uow: UnitOfWork, outcome: Outcome) -> None:
        message = outcome.message
        if outcome.migrate_to is not None:
            await migrate_chat(uow, message.chat_id, outcome.migrate_to)
            await uow.outbox.finish(message.id, chat_id=outcome.migrate_to,
                                    status=OutboxStatus.PENDING.value, not_before=outcome.retry_at,
                                    claimed_by=None, last_error=outcome.error)
            return
        if outcome.unreachable:
            await mark_unreachable(uow, message.chat_id, now=self.clock())
            await uow.outbox.close_chat(message.chat_id, status=OutboxStatus.UNREACHABLE.value,
                                        reason=outcome.error or "unreachable")
        values: dict[str, Any] = {"status": outcome.status}
        if outcome.error is not None:  # a delivery after retries keeps the reason it was late
            values["last_error"] = outcome.error
        if outcome.status == OutboxStatus.SENT.value:
            values["sent_at"] = outcome.sent_at
        if outcome.status == OutboxStatus.PENDING.value:
            values.update(not_before=outcome.retry_at, claimed_by=None,
                          attempts=message.attempts + int(outcome.counts_as_attempt))
        await uow.outbox.finish(message.id, **values)

    async def claim(self) -> list[ClaimedMessage]:
        async with UnitOfWork(self.sessions) as uow:
            now = self.clock()
            if self.lease is not None:
                await uow.outbox.reclaim_stale(claimed_before=now - self.lease)
            rows = await uow.outbox.claim(sender_id=self.sender_id, now=now, limit=self.batch,
                                          private_gap=self.limits.private_gap,
                                          group_gap=self.limits.group_gap)
        self.stats.claimed += len(rows)
        return rows

    # --- the loop -----------------------------------------------------------------------------

    async def _send_paced(self, rows: list[ClaimedMessage]) -> None:
        for row in rows:
            await self._wait_for_slot()
            await self._slots.acquire()
            task = asyncio.create_task(self._deliver(row, self._note_sent()))
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
            self._fresh = True
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
        log.info("outbox sender %s started (%.1f msg/s)", self.sender_id, 1 / self.interval)
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


async def mark_unreachable(uow: UnitOfWork, chat_id: int, *, now: datetime) -> None:
    """A member who blocked the bot, or a group that removed it: no more messages there."""
    if chat_id > 0:
        member = await uow.members.by_telegram_id(chat_id)
        if member is not None and member.unreachable_at is None:
            member.unreachable_at = now
    else:
        group = await uow.groups.get(chat_id)
        if group is not None and group.unreachable_at is None:
            group.unreachable_at = now


async def migrate_chat(uow: UnitOfWork, old_chat_id: int, new_chat_id: int) -> None:
    """A group became a supergroup: its id changes everywhere we keep it."""
    team = await uow.teams.by_group_chat(old_chat_id)
    if team is not None:
        team.group_chat_id = new_chat_id
    await uow.groups.move(old_chat_id, new_chat_id)
    await uow.outbox.move_chat(old_chat_id, new_chat_id)
