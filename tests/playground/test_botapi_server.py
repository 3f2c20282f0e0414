"""The local Bot API server as a test double for Telegram's limits and failures.

Faults are checked through a real aiogram `Bot` over HTTP, so what is checked is the exception
the outbox sender will catch in production; windows run on a fake clock, not on sleeps.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import signal
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiohttp import web

from playground.api import LocalBotAPI
from playground.sending import Fault, RateLimits, SendWindows, Window
from playground.server import BotAPIServer

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:test-token"
GIULIA, MARCO, SARA = 1001, 1002, 1003
GROUP = -100
SUPERGROUP = -1001234567890


class FakeClock:
    """The server's monotonic clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def a_world(**options: Any) -> LocalBotAPI:
    api = LocalBotAPI(**options)
    api.add_user(GIULIA, "Giulia")
    api.add_user(MARCO, "Marco")
    api.add_user(SARA, "Sara")
    api.add_group(GROUP, "Cohesion Bergamo", admins=(GIULIA,),
                  members=(MARCO, api.bot_user["id"]))
    return api


def a_bot(base_url: str, *, timeout: float = 5.0) -> Bot:
    return Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(base_url),
                                             timeout=timeout))


@contextlib.asynccontextmanager
async def serving(api: LocalBotAPI, **options: Any) -> AsyncIterator[tuple[BotAPIServer, Bot]]:
    server = BotAPIServer(api, token=TOKEN, **options)
    bot = a_bot(await server.start())
    try:
        yield server, bot
    finally:
        await bot.session.close()
        await server.stop()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# --- faults ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("fault", "exception", "description"), [
    (Fault.too_many_requests(7), TelegramRetryAfter, "Too Many Requests: retry after 7"),
    (Fault.blocked(), TelegramForbiddenError, "Forbidden: bot was blocked by the user"),
    (Fault.kicked(), TelegramForbiddenError, "Forbidden: bot was kicked from the group chat"),
    (Fault.chat_not_found(), TelegramBadRequest, "Bad Request: chat not found"),
    (Fault.server_error(), TelegramServerError, "Bad Gateway"),
    (Fault.server_error(500, "Internal Server Error"), TelegramServerError,
     "Internal Server Error"),
])
async def test_a_fault_raises_what_aiogram_raises_for_telegrams_answer(
        fault: Fault, exception: type[Exception], description: str) -> None:
    async with serving(a_world()) as (server, bot):
        server.inject(fault)
        with pytest.raises(exception) as raised:
            await bot.send_message(GIULIA, "Nuova richiesta a Bergamo")
        assert description in str(raised.value)
        if isinstance(raised.value, TelegramRetryAfter):
            assert raised.value.retry_after == 7
        # One send used it up: the next one is delivered.
        await bot.send_message(GIULIA, "Nuova richiesta a Bergamo")
        assert [(d.chat_id, d.text) for d in server.deliveries] == [
            (GIULIA, "Nuova richiesta a Bergamo")]
        assert server.stats.faults == {fault.kind: 1} and server.pending_faults == []
        assert [a.status for a in server.arrival_log] == [
            int(fault.response()["error_code"]), 200]
        assert server.stats.answered_429 == (1 if fault.kind == "retry_after" else 0)


async def test_faults_are_consumed_in_order_by_the_sends_they_match() -> None:
    async with serving(a_world()) as (server, bot):
        server.inject(Fault.blocked(chat_id=GIULIA, times=2), Fault.server_error(),
                      Fault.chat_not_found(chat_id=GROUP))
        with pytest.raises(TelegramServerError):  # Marco: the any-chat fault, the first he matches
            await bot.send_message(MARCO, "Ciao")
        for _ in range(2):
            with pytest.raises(TelegramForbiddenError):
                await bot.send_message(GIULIA, "Ciao")
        await bot.send_message(GIULIA, "Ciao")
        await bot.send_message(MARCO, "Ciao")
        assert [(fault.kind, left) for fault, left in server.pending_faults] == [
            ("chat_not_found", 1)]
        with pytest.raises(TelegramBadRequest, match="chat not found"):
            await bot.send_message(GROUP, "Ciao")
        assert server.deliveries_per_chat() == {GIULIA: 1, MARCO: 1}


async def test_a_fault_for_other_methods_leaves_sendmessage_alone() -> None:
    async with serving(a_world()) as (server, bot):
        server.inject(Fault(kind="server_error", status=503, description="Service Unavailable",
                            methods=frozenset({"sendPhoto"})))
        await bot.send_message(GIULIA, "Ciao")
        assert len(server.pending_faults) == 1


async def test_a_migrated_group_answers_with_its_supergroup_from_then_on() -> None:
    api = a_world()
    async with serving(api) as (server, bot):
        server.inject(Fault.migrated(SUPERGROUP, chat_id=GROUP))
        for _ in range(2):  # the fault once, then the old group itself, as on Telegram
            with pytest.raises(TelegramMigrateToChat) as raised:
                await bot.send_message(GROUP, "Riunione giovedì")
            assert raised.value.migrate_to_chat_id == SUPERGROUP
            assert "group chat was upgraded to a supergroup chat" in str(raised.value)
        await bot.send_message(SUPERGROUP, "Riunione giovedì")
        assert api.chats[SUPERGROUP]["type"] == "supergroup"
        assert api.chats[SUPERGROUP]["title"] == "Cohesion Bergamo"
        assert {user: status for (chat, user), status in api.statuses.items()
                if chat == SUPERGROUP} == {GIULIA: "creator", MARCO: "member",
                                           api.bot_user["id"]: "member"}
        assert [d.chat_id for d in server.deliveries] == [SUPERGROUP]
        assert server.stats.errors == {400: 1}  # the second refusal came from the API itself


async def test_a_late_answer_after_the_client_gave_up_is_delivered_and_a_retry_duplicates_it(
) -> None:
    async with serving(a_world()) as (server, _bot):
        impatient = a_bot(server.base_url, timeout=0.1)
        try:
            server.inject(Fault.timeout(0.3, chat_id=GIULIA))
            with pytest.raises(TelegramNetworkError, match="timeout"):
                await impatient.send_message(GIULIA, "Promemoria: turno di sabato")
            await impatient.send_message(GIULIA, "Promemoria: turno di sabato")  # the retry
            for _ in range(100):  # the held request is answered 0.3 s after it came
                if len(server.deliveries) == 2:
                    break
                await asyncio.sleep(0.01)
        finally:
            await impatient.session.close()
        assert server.duplicates() == {(GIULIA, "Promemoria: turno di sabato"): 2}
        assert server.stats_json()["duplicates"] == 1


async def test_a_request_held_forever_is_released_when_the_server_stops() -> None:
    server = BotAPIServer(a_world(), token=TOKEN)
    impatient = a_bot(await server.start(), timeout=0.1)
    try:
        server.inject(Fault.timeout(0, then_answer=False))
        with pytest.raises(TelegramNetworkError):
            await impatient.send_message(GIULIA, "Ciao")
        assert [a.status for a in server.arrival_log] == [0] and server.deliveries == []
    finally:
        await impatient.session.close()
        started = time.monotonic()
        await server.stop()
    assert time.monotonic() - started < 0.9  # not aiohttp's shutdown grace of 1 s
    assert [a.status for a in server.arrival_log] == [502]


# --- rate limits ----------------------------------------------------------------------------

SMALL = RateLimits(overall=Window(4, 1.0), private=Window(1, 1.0), group=Window(3, 10.0))


async def retry_after(send: Callable[[], Any]) -> int | None:
    try:
        await send()
    except TelegramRetryAfter as error:
        return error.retry_after
    return None


async def test_enforced_windows_answer_429_until_the_oldest_send_leaves_them(
        clock: FakeClock) -> None:
    async with serving(a_world(), limits=SMALL, mode="enforce", clock=clock) as (server, bot):
        def to(chat_id: int) -> Callable[[], Any]:
            return lambda: bot.send_message(chat_id, "Ciao")

        # A private chat: 1 per second, the boundary exact.
        assert await retry_after(to(GIULIA)) is None
        clock.now = 0.999
        assert await retry_after(to(GIULIA)) == 1
        clock.now = 1.0
        assert await retry_after(to(GIULIA)) is None
        # A group: 3 per 10 s; the fourth waits for the first to be 10 s old.
        clock.now = 2.0
        assert [await retry_after(to(GROUP)) for _ in range(2)] == [None, None]
        clock.now = 5.0
        assert await retry_after(to(GROUP)) is None
        clock.now = 6.0
        assert await retry_after(to(GROUP)) == 6
        clock.now = 12.0
        assert await retry_after(to(GROUP)) is None
        # Overall: 4 per second whatever the chats.
        clock.now = 20.0
        assert [await retry_after(to(chat)) for chat in (GIULIA, MARCO, GROUP)] == [None] * 3
        clock.now = 20.5
        assert [await retry_after(to(chat)) for chat in (SARA, GROUP)] == [None, 1]
        assert server.stats.violations == {"private": 1, "group": 1, "overall": 1}
        assert server.stats.accepted == 10 and server.stats.rate_limited == 3
        assert server.stats.answered_429 == 3
        assert server.arrivals(GIULIA) == [0.0, 0.999, 1.0, 20.0]
        assert [a.status for a in server.arrival_log if a.chat_id == GIULIA] == [200, 429, 200, 200]


async def test_observed_windows_count_violations_and_answer_normally(clock: FakeClock) -> None:
    async with serving(a_world(), limits=SMALL, mode="observe", clock=clock) as (server, bot):
        for now in (0.0, 0.5, 0.9, 1.0):
            clock.now = now
            await bot.send_message(GIULIA, f"Messaggio delle {now}")
        # 0.5 and 0.9 overflow; at 1.0 the window (0, 1] still holds both, so it does too.
        assert server.stats.violations == {"private": 3}
        assert server.stats.accepted == 4 and server.stats.answered_429 == 0
        for _ in range(3):
            await bot.send_message(GROUP, "Ciao")  # at 1.0 too: the 4th to 6th in a second
        assert server.stats.violations == {"private": 3, "overall": 2}


async def test_a_chat_is_a_group_by_its_type_or_else_by_the_sign_of_its_id(clock: FakeClock) -> None:
    api = a_world(auto_create_chats=True)
    api.chats[-42] = {"id": -42, "type": "private", "first_name": "odd"}  # the type wins
    limits = RateLimits(overall=Window(100, 1.0), private=Window(1, 1.0), group=Window(2, 60.0))
    async with serving(api, limits=limits, mode="enforce", clock=clock) as (_server, bot):
        async def accepted(chat_id: int) -> bool:
            return await retry_after(lambda: bot.send_message(chat_id, "Ciao")) is None

        for chat_id, limit in ((GROUP, 2), (-5001, 2), (GIULIA, 1), (4242, 1), (-42, 1)):
            assert [await accepted(chat_id) for _ in range(3)] == [True] * limit + [False] * (3 - limit)


def test_windows_hold_at_most_their_limit_in_any_stretch_of_their_length() -> None:
    """Random arrivals against a brute-force count: every accepted send fits, every refused
    one would not have."""
    randomness = random.Random(20260221)
    window = Window(3, 1.0)
    windows = SendWindows(RateLimits(overall=Window(10**6, 1.0), private=window, group=window))
    now, accepted = 0.0, list[float]()
    for _ in range(3000):
        now += randomness.choice((0.0, 0.001, 0.1, 0.25, 0.5, 1.0))
        fits = not windows.exceeded(GIULIA, False, now)
        in_window = len([t for t in accepted if now - t < window.seconds])
        assert fits == (in_window < window.limit)
        if fits:
            windows.add(GIULIA, now)
            accepted.append(now)
    assert len(windows.per_chat[GIULIA]) <= window.limit


def test_ten_thousand_chats_cost_one_short_deque_each() -> None:
    windows = SendWindows(RateLimits(overall=Window(100_000, 1.0), group=Window(600, 60.0)))
    for second in range(2):
        for chat in range(10_000):
            if not windows.exceeded(-chat - 1, True, float(second)):
                windows.add(-chat - 1, float(second))
    assert len(windows.per_chat) == 10_000
    assert all(len(times) == 2 for times in windows.per_chat.values())
    # The overall window was trimmed as it went: only the last second is left.
    assert len(windows.overall) == 10_000


def test_limits_parse_and_scale() -> None:
    limits = RateLimits.parse("overall=30/1,group=20/60")
    assert limits == RateLimits()
    assert RateLimits.parse("private=2/0.5").private == Window(2, 0.5)
    assert limits.scaled(30) == RateLimits(Window(900, 1.0), Window(30, 1.0), Window(600, 60.0))
    assert RateLimits.parse(str(limits.scaled(30))) == limits.scaled(30)
    with pytest.raises(ValueError):
        RateLimits.parse("channel=1/1")


# --- recording, unknown chats ---------------------------------------------------------------


async def test_duplicates_and_deliveries_per_chat(clock: FakeClock) -> None:
    async with serving(a_world(), clock=clock) as (server, bot):
        for chat_id, text in ((GROUP, "Nuovo evento"), (GIULIA, "Nuovo evento"),
                              (GROUP, "Nuovo evento"), (GROUP, "Altro"), (GROUP, "Nuovo evento")):
            clock.now += 0.5
            await bot.send_message(chat_id, text)
        await bot.send_photo(MARCO, "https://example.org/p.png", caption="Foto")
        await bot.get_me()  # not a send: neither logged nor counted
        assert server.duplicates() == {(GROUP, "Nuovo evento"): 3}
        assert server.deliveries_per_chat() == {GROUP: 4, GIULIA: 1, MARCO: 1}
        assert server.deliveries[0].time == 0.5 and server.deliveries[-1].method == "sendPhoto"
        assert server.deliveries[-1].text == "Foto" and len(server.arrival_log) == 6
        server.reset()
        assert server.deliveries == [] and server.stats.accepted == 0


async def test_unknown_chats_are_not_found_unless_auto_created() -> None:
    async with serving(a_world()) as (_server, bot):
        with pytest.raises(TelegramBadRequest, match="chat not found"):
            await bot.send_message(-5001, "Ciao")
    api = a_world(auto_create_chats=True, keep_history=False)
    async with serving(api) as (server, bot):
        await bot.send_message(-5001, "Ciao")
        await bot.send_message(4242, "Ciao")
        assert api.chats[-5001]["type"] == "group" and api.bot_status(-5001) == "member"
        assert api.chats[4242]["type"] == "private"
        assert server.stats.accepted == 2
        assert api.calls == [] and api.outputs == [] and api.messages == {}


async def test_a_blocked_person_and_a_kicked_bot_stay_refused_by_the_api() -> None:
    api = a_world()
    api.block_bot(GIULIA)
    api.statuses[(GROUP, api.bot_user["id"])] = "kicked"
    async with serving(api) as (_server, bot):
        with pytest.raises(TelegramForbiddenError, match="blocked by the user"):
            await bot.send_message(GIULIA, "Ciao")
        with pytest.raises(TelegramForbiddenError, match="kicked from the group chat"):
            await bot.send_message(GROUP, "Ciao")
        await bot.send_message(MARCO, "Ciao")


# --- webhooks -------------------------------------------------------------------------------


async def test_an_update_reaches_the_webhook_with_its_secret_as_telegram_sends_it() -> None:
    received: list[tuple[str | None, Any]] = []

    async def webhook(request: web.Request) -> web.Response:
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        received.append((secret, await request.json()))
        return web.Response(status=200 if secret == "s3cret_token-1" else 401)

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    url = f"http://127.0.0.1:{port}/webhook"
    api = a_world()
    try:
        async with serving(api) as (server, bot):
            server.push(api.message_update(user_id=GIULIA, chat_id=GIULIA, text="/start"))
            assert await bot.set_webhook(url, secret_token="s3cret_token-1", max_connections=5,
                                         allowed_updates=["message", "callback_query"],
                                         drop_pending_updates=True)
            assert server.updates.empty()  # dropped, as asked
            info = await bot.get_webhook_info()
            assert (info.url, info.max_connections, info.allowed_updates) == (
                url, 5, ["message", "callback_query"])
            assert api.webhook["secret_token"] == "s3cret_token-1"
            with pytest.raises(TelegramConflictError, match="webhook is active"):
                await bot.get_updates()

            update = api.message_update(user_id=GIULIA, chat_id=GIULIA, text="/profile")
            assert await server.deliver_webhook(update) == 200
            assert received == [("s3cret_token-1", update)]
            assert await server.deliver_webhook(update, secret_token="wrong") == 401

            assert await bot.delete_webhook()
            assert (await bot.get_webhook_info()).url == ""
            assert await bot.get_updates(timeout=0) == []
            with pytest.raises(LookupError):
                await server.deliver_webhook(update)
    finally:
        await runner.cleanup()


# --- its own process ------------------------------------------------------------------------


async def test_the_server_in_its_own_process_enforces_and_reports() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "playground.server", "--token", TOKEN, "--mode", "enforce",
        "--limits", "private=1/60", "--auto-create", cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        assert process.stdout is not None
        base_url = (await asyncio.wait_for(process.stdout.readline(), timeout=20)).decode().strip()
        assert base_url.startswith("http://127.0.0.1:")
        bot = a_bot(base_url)
        try:
            for chat_id in (-2001, -2002, -2003, 3001):
                await bot.send_message(chat_id, "Ciao")
            with pytest.raises(TelegramRetryAfter) as raised:
                await bot.send_message(3001, "Ciao")
            assert 59 <= raised.value.retry_after <= 60
            async with aiohttp.ClientSession() as http:
                async with http.post(f"{base_url}/_faults", json={"kind": "blocked",
                                                                  "chat_id": 3002}) as response:
                    assert response.status == 200
                with pytest.raises(TelegramForbiddenError, match="blocked"):
                    await bot.send_message(3002, "Ciao")
                async with http.get(f"{base_url}/_stats?deliveries=1") as response:
                    stats = await response.json()
                assert stats["accepted"] == 4 and stats["answered_429"] == 1
                assert stats["violations"] == {"overall": 0, "private": 1, "group": 0}
                assert stats["faults"] == {"blocked": 1} and stats["mode"] == "enforce"
                assert stats["deliveries_per_chat"] == {"-2001": 1, "-2002": 1, "-2003": 1,
                                                        "3001": 1}
                assert [d[:2] for d in stats["deliveries"]][-1] == [3001, "Ciao"]
                async with http.post(f"{base_url}/_faults", json={"kind": "flood"}) as response:
                    assert response.status == 400
                async with http.post(f"{base_url}/_reset", json={"limits": "channel=1/1"}) as response:
                    assert response.status == 400
                async with http.post(f"{base_url}/_reset", json={"mode": "observe"}) as response:
                    assert response.status == 200
                async with http.get(f"{base_url}/_stats") as response:
                    stats = await response.json()
                assert stats["accepted"] == 0 and stats["mode"] == "observe"
        finally:
            await bot.session.close()
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        _out, err = await asyncio.wait_for(process.communicate(), timeout=20)
    assert process.returncode == 0, err.decode()
