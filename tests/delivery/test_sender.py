"""The outbox sender against the local Bot API over HTTP, with each of Telegram's answers."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from aiogram import Bot

from bot.clock import system_clock
from bot.config import Settings
from cohesion.app import create_bot
from playground.api import LocalBotAPI
from playground.sending import Fault, RateLimits, Window
from playground.server import BotAPIServer
from scheduler.pacer import Limits
from scheduler.sender import OutboxSender
from storage.db import create_engine, create_session_factory
from storage.models import GroupChat, Member, Team
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork
from tests.conftest import Clock, RunningClock

TOKEN = "123456:sender-test"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FAST = Limits(overall_per_second=500, private_per_second=1, group_per_minute=20)


@dataclass
class Line:
    api: LocalBotAPI
    telegram: BotAPIServer
    bot: Bot
    sessions: object
    clock: Clock

    def sender(self, **options: object) -> OutboxSender:
        return OutboxSender(self.bot, self.sessions, clock=self.clock,  # type: ignore[arg-type]
                            **({"limits": FAST, "backoff": timedelta(seconds=2)} | options))

    async def enqueue(self, key: str, chat_id: int, text: str, **extra: object) -> None:
        async with UnitOfWork(self.sessions) as uow:  # type: ignore[arg-type]
            await uow.outbox.enqueue(key=key, chat_id=chat_id, text=text, now=self.clock(),
                                     **extra)  # type: ignore[arg-type]

    async def rows(self) -> dict[str, tuple[str, int, int, str | None]]:
        async with UnitOfWork(self.sessions) as uow:  # type: ignore[arg-type]
            return {r.key: (r.status, r.chat_id, r.attempts, r.last_error)
                    for r in await uow.outbox.all()}

    def delivered(self, chat_id: int) -> list[str]:
        return [d.text for d in self.telegram.deliveries if d.chat_id == chat_id]


@pytest.fixture
async def line(settings: Settings, clock: Clock) -> AsyncIterator[Line]:
    api = LocalBotAPI()
    api.add_user(1001, "Giulia")
    api.add_user(1002, "Emma")
    api.add_group(-100, "Gruppo", admins=(1001,))
    api.statuses[(-100, api.bot_user["id"])] = "member"
    telegram = BotAPIServer(api, token=TOKEN)
    base = await telegram.start()
    bot = create_bot(settings.model_copy(update={"bot_token": TOKEN, "telegram_api_base": base}))
    engine = create_engine(settings.database_url)
    sessions = create_session_factory(engine)
    async with UnitOfWork(sessions) as uow:
        await uow.members.add(Member(telegram_id=1001, consent_at=clock(), created_at=clock()))
        await uow.teams.add(Team(name="CM Milano", territory_code="F205", group_chat_id=-100,
                                 created_at=clock()))
        await uow.groups.record_joined(chat_id=-100, title="Gruppo", language="it", now=clock())
    yield Line(api, telegram, bot, sessions, clock)
    await bot.session.close()
    await telegram.stop()
    await engine.dispose()


async def test_delivers_once_and_in_order_per_chat(line: Line) -> None:
    for n in range(3):
        await line.enqueue(f"a{n}", 1001, f"messaggio {n}")
    await line.enqueue("a0", 1001, "the same key again: ignored")
    await line.sender().drain(idle=line.clock.tick)
    assert line.delivered(1001) == ["messaggio 0", "messaggio 1", "messaggio 2"]
    assert {status for status, *_ in (await line.rows()).values()} == {"sent"}


async def test_429_waits_retry_after_then_delivers(line: Line) -> None:
    line.telegram.inject(Fault.too_many_requests(7, chat_id=1001))
    await line.enqueue("k", 1001, "ciao")
    sender = line.sender()
    await sender.drain(idle=line.clock.tick)
    assert line.delivered(1001) == ["ciao"] and sender.stats.too_many_requests == 1
    status, _chat, attempts, _error = (await line.rows())["k"]
    assert status == "sent" and attempts == 0  # a 429 is not the message's fault
    assert len(line.telegram.arrivals(1001)) == 2


async def test_blocked_member_is_unreachable_and_never_retried(line: Line) -> None:
    line.telegram.inject(Fault.blocked(chat_id=1001))
    await line.enqueue("k1", 1001, "uno")
    await line.enqueue("k2", 1001, "due")
    await line.enqueue("k3", 1002, "tre")
    await line.sender().drain(idle=line.clock.tick)
    rows = await line.rows()
    assert rows["k1"][0] == rows["k2"][0] == "unreachable" and rows["k3"][0] == "sent"
    assert len(line.telegram.arrivals(1001)) == 1
    async with UnitOfWork(line.sessions) as uow:  # type: ignore[arg-type]
        member = await uow.members.by_telegram_id(1001)
    assert member is not None and member.unreachable_at == line.clock()


async def test_chat_not_found_and_kicked_mark_the_group_unreachable(line: Line) -> None:
    line.telegram.inject(Fault.kicked(chat_id=-100))
    await line.enqueue("g", -100, "annuncio")
    await line.sender().drain(idle=line.clock.tick)
    assert (await line.rows())["g"][0] == "unreachable"
    async with UnitOfWork(line.sessions) as uow:  # type: ignore[arg-type]
        group = await uow.groups.get(-100)
    assert isinstance(group, GroupChat) and group.unreachable_at is not None
    line.telegram.inject(Fault.chat_not_found(chat_id=5555))
    await line.enqueue("x", 5555, "nessuno")
    await line.sender().drain(idle=line.clock.tick)
    assert (await line.rows())["x"][0] == "unreachable"


async def test_migrated_group_is_rewritten_and_delivered_there_once(line: Line) -> None:
    line.telegram.inject(Fault.migrated(-1009, chat_id=-100))
    await line.enqueue("m1", -100, "prima")
    await line.enqueue("m2", -100, "seconda")
    await line.sender().drain(idle=line.clock.tick)
    assert line.delivered(-1009) == ["prima", "seconda"] and line.delivered(-100) == []
    rows = await line.rows()
    assert rows["m1"][:2] == ("sent", -1009) and rows["m2"][:2] == ("sent", -1009)
    async with UnitOfWork(line.sessions) as uow:  # type: ignore[arg-type]
        team = (await uow.teams.all())[0]
        assert team.group_chat_id == -1009
        assert await uow.groups.get(-100) is None and await uow.groups.get(-1009) is not None


async def test_5xx_is_retried_with_backoff_then_delivered(line: Line) -> None:
    line.telegram.inject(Fault.server_error(times=2))
    await line.enqueue("k", 1001, "ciao")
    sender = line.sender()
    start = line.clock()
    await sender.drain(idle=line.clock.tick)
    status, _chat, attempts, error = (await line.rows())["k"]
    assert (status, attempts) == ("sent", 2) and "Bad Gateway" in (error or "")
    assert line.clock() - start >= timedelta(seconds=2 + 4)  # backoff 2 s, then 4 s
    assert line.delivered(1001) == ["ciao"]


async def test_5xx_for_ever_ends_dead_with_the_reason(line: Line) -> None:
    line.telegram.inject(Fault.server_error(503, "Service Unavailable", times=50))
    await line.enqueue("k", 1001, "ciao")
    await line.sender(max_attempts=4).drain(idle=line.clock.tick)
    status, _chat, attempts, error = (await line.rows())["k"]
    assert status == "dead" and attempts == 3 and "Service Unavailable" in (error or "")
    assert len(line.telegram.arrivals(1001)) == 4


async def test_a_timeout_is_retried(line: Line) -> None:
    line.telegram.inject(Fault.timeout(3.0, then_answer=False, chat_id=1001))
    await line.enqueue("k", 1001, "ciao")
    await line.sender(request_timeout=1).drain(idle=line.clock.tick)
    status, _chat, attempts, _error = (await line.rows())["k"]
    assert (status, attempts) == ("sent", 1) and line.delivered(1001) == ["ciao"]


async def test_a_message_telegram_refuses_is_dead_at_once(line: Line) -> None:
    await line.enqueue("k", 1001, " ")  # empty text: 400 "message text is empty"
    await line.sender().drain(idle=line.clock.tick)
    status, _chat, attempts, error = (await line.rows())["k"]
    assert status == "dead" and "text is empty" in (error or "")


async def test_per_chat_limits_hold_while_the_overall_pace_stays_high(
        line: Line, running_clock: RunningClock) -> None:
    """Real time here: 5 messages to one private chat and 40 to 40 groups, observed by the server."""
    line.clock = running_clock
    line.api.auto_create_chats = True
    line.telegram.reset(limits=RateLimits(overall=Window(200, 1.0), private=Window(1, 1.0),
                                          group=Window(20, 60.0)))
    for n in range(5):
        await line.enqueue(f"p{n}", 1002, f"privato {n}")
    for n in range(40):
        await line.enqueue(f"g{n}", -2000 - n, "gruppo")
    sender = OutboxSender(line.bot, line.sessions, clock=running_clock,  # type: ignore[arg-type]
                          limits=Limits(overall_per_second=200, private_per_second=5,
                                        group_per_minute=20))
    line.telegram.reset(limits=RateLimits(overall=Window(200, 1.0), private=Window(5, 1.0),
                                          group=Window(20, 60.0)))
    await sender.drain()
    assert sum(line.telegram.stats.violations.values()) == 0, line.telegram.stats.violations
    assert len(line.delivered(1002)) == 5 and sum(1 for d in line.telegram.deliveries) == 45


@pytest.fixture
async def pg_line(settings: Settings, pg_url: str, clock: Clock) -> AsyncIterator[Line]:
    api = LocalBotAPI(auto_create_chats=True, keep_history=False)
    telegram = BotAPIServer(api, token=TOKEN, limits=RateLimits(
        overall=Window(400, 1.0), private=Window(1, 1.0), group=Window(20, 60.0)))
    base = await telegram.start()
    bot = create_bot(settings.model_copy(update={"bot_token": TOKEN, "telegram_api_base": base}))
    engine = create_engine(pg_url)
    yield Line(api, telegram, bot, create_session_factory(engine), clock)
    await bot.session.close()
    await telegram.stop()
    await engine.dispose()


async def broadcast(line: Line, count: int, *, now: datetime) -> None:
    async with UnitOfWork(line.sessions) as uow:  # type: ignore[arg-type]
        await uow.outbox.enqueue_many([OutboxItem(key=f"b{n}", chat_id=-10_000 - n,
                                                  text=f"annuncio {n}") for n in range(count)],
                                      now=now)


async def test_two_senders_on_postgresql_never_send_a_row_twice(pg_line: Line) -> None:
    await broadcast(pg_line, 600, now=pg_line.clock())
    limits = Limits(overall_per_second=400, private_per_second=1, group_per_minute=20)
    senders = [OutboxSender(pg_line.bot, pg_line.sessions, clock=pg_line.clock,  # type: ignore[arg-type]
                            limits=limits, share=0.5,
                            batch=25) for _ in range(2)]
    await asyncio.gather(*(sender.drain() for sender in senders))
    assert pg_line.telegram.duplicates() == {}
    assert len(pg_line.telegram.deliveries) == 600
    assert all(sender.stats.sent > 100 for sender in senders)  # both did their share
    assert sum(pg_line.telegram.stats.violations.values()) == 0


async def test_a_killed_sender_loses_nothing(pg_line: Line, pg_url: str) -> None:
    """kill -9 of a sender process mid-broadcast; a new one completes it."""
    total = 2000
    # The sender processes read the machine's clock (theirs is the system clock, as in
    # production), so the rows are due by that clock: "now" in any year.
    await broadcast(pg_line, total, now=system_clock())
    env = {**os.environ, "DATABASE_URL": pg_url, "BOT_TOKEN": TOKEN,
           "TELEGRAM_API_BASE": pg_line.telegram.base_url, "OUTBOX_RATE": "400",
           "OUTBOX_GROUP_PER_MINUTE": "20", "LOG_LEVEL": "WARNING"}
    command = [sys.executable, "-m", "cohesion", "sender", "--lease-seconds", "2"]
    first = await asyncio.create_subprocess_exec(*command, env=env, cwd=ROOT)
    try:
        for _ in range(3000):  # until a third of the broadcast is out (bounded: 30 s)
            if pg_line.telegram.stats.accepted >= total // 3:
                break
            await asyncio.sleep(0.01)
        os.kill(first.pid, signal.SIGKILL)  # kill -9: no cleanup of any kind
        await asyncio.wait_for(first.wait(), timeout=10)
    finally:
        if first.returncode is None:
            first.kill()
    async with UnitOfWork(pg_line.sessions) as uow:  # type: ignore[arg-type]
        in_flight = (await uow.outbox.by_status()).get("sending", 0)
    delivered_at_crash = pg_line.telegram.stats.accepted
    assert 0 < delivered_at_crash < total
    second = await asyncio.create_subprocess_exec(*command, env=env, cwd=ROOT)
    try:
        for _ in range(6000):  # until the outbox is empty (bounded: 60 s)
            async with UnitOfWork(pg_line.sessions) as uow:  # type: ignore[arg-type]
                waiting, _ = await uow.outbox.backlog()
            if waiting == 0:
                break
            await asyncio.sleep(0.01)
        second.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(second.wait(), timeout=20) == 0
    finally:
        if second.returncode is None:
            second.kill()
    per_chat = pg_line.telegram.deliveries_per_chat()
    duplicates = sum(n - 1 for n in per_chat.values())
    async with UnitOfWork(pg_line.sessions) as uow:  # type: ignore[arg-type]
        statuses = await uow.outbox.by_status()
    print(f"\nkill -9 after {delivered_at_crash} of {total}: {in_flight} rows in flight, "
          f"{duplicates} delivered twice; rows {statuses}")
    assert len(per_chat) == total                  # nothing lost
    assert duplicates <= in_flight                 # at most what was in flight at the crash
    async with UnitOfWork(pg_line.sessions) as uow:  # type: ignore[arg-type]
        assert await uow.outbox.by_status() == {"sent": total}


async def test_a_persons_menu_goes_over_http_in_its_turn(line: Line) -> None:
    """setMyCommands / deleteMyCommands rows (issue 22, point 6): plain JSON over HTTP, after
    what was queued before for the same chat, and Telegram's client shows the menu."""
    await line.enqueue("m0", 1001, "prima")
    scope = {"type": "chat", "chat_id": 1001}
    async with UnitOfWork(line.sessions) as uow:  # type: ignore[arg-type]
        await uow.outbox.enqueue(key="m1", chat_id=1001, now=line.clock(), method="setMyCommands",
                                 payload={"scope": scope, "commands": [
                                     {"command": "newneed", "description": "Pubblica un bisogno"}]})
    await line.sender().drain(idle=line.clock.tick)
    assert line.api.menu(chat_id=1001, user_id=1001) == [
        {"command": "newneed", "description": "Pubblica un bisogno"}]
    assert [m for m, _ in line.api.calls if m in ("sendMessage", "setMyCommands")] == [
        "sendMessage", "setMyCommands"]
    async with UnitOfWork(line.sessions) as uow:  # type: ignore[arg-type]
        await uow.outbox.enqueue(key="m2", chat_id=1001, now=line.clock(),
                                 method="deleteMyCommands", payload={"scope": scope})
    await line.sender().drain(idle=line.clock.tick)
    assert line.api.menu(chat_id=1001, user_id=1001) == []
    assert {status for status, *_ in (await line.rows()).values()} == {"sent"}
