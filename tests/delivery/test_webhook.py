"""Webhook workers over real HTTP: Telegram (the local Bot API server) posts, the bot answers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
from redis.asyncio import Redis
from sqlmodel import func, select

from bot.config import Settings
from cohesion.app import redis_storage
from playground.api import LocalBotAPI
from storage.models import FailedUpdate, ProcessedUpdate
from storage.uow import UnitOfWork
from tests.conftest import REDIS_URL, T0
from tests.helpers.webhook import (
    GIULIA,
    SECRET,
    Deployment,
    deployed,
    local_telegram,
    start_workers,
    stop_workers,
)


@pytest.fixture
async def deployment(settings: Settings) -> AsyncIterator[Deployment]:
    async with deployed(settings) as deployment:
        yield deployment


@pytest.fixture
async def pg_deployment(settings: Settings, pg_url: str) -> AsyncIterator[Deployment]:
    async with deployed(settings.model_copy(update={"database_url": pg_url})) as deployment:
        yield deployment


async def test_a_wrong_or_missing_secret_is_refused_and_nothing_processed(
        deployment: Deployment) -> None:
    update = deployment.api.message_update(user_id=GIULIA, chat_id=GIULIA, text="/start")
    assert await deployment.deliver(update, secret=None) == 401
    assert await deployment.deliver(update, secret="wrong") == 401
    assert await deployment.deliver(update, secret=SECRET + "x") == 401
    assert deployment.said() == [] and await deployment.count(ProcessedUpdate) == 0
    assert await deployment.deliver(update) == 200
    assert len(deployment.said()) == 1 and "Scegli la lingua" in deployment.said()[0]


async def test_not_an_update_is_a_bad_request(deployment: Deployment) -> None:
    async with aiohttp.ClientSession() as client, client.post(
            deployment.workers[0], data=b"{not json",
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as response:
        assert response.status == 400


async def test_the_same_update_twice_is_processed_once(deployment: Deployment) -> None:
    update = deployment.api.message_update(user_id=GIULIA, chat_id=GIULIA, text="/start")
    assert await deployment.deliver(update, worker=0) == 200
    assert await deployment.deliver(update, worker=1) == 200  # redelivered to another worker
    assert await deployment.deliver(update, worker=0) == 200
    assert len(deployment.said()) == 1
    # Ids are a set, not "the highest so far": an older id arriving late is still processed.
    older = deployment.api.message_update(user_id=GIULIA, chat_id=GIULIA, text="/privacy")
    older["update_id"] = int(update["update_id"]) - 100  # type: ignore[call-overload]
    assert await deployment.deliver(older) == 200
    assert len(deployment.said()) == 2 and "Privacy" in deployment.said()[1]


async def test_concurrent_deliveries_to_two_workers_are_processed_once(
        pg_deployment: Deployment) -> None:
    deployment = pg_deployment
    updates = [deployment.api.message_update(user_id=GIULIA, chat_id=GIULIA, text="/privacy")
               for _ in range(5)]
    statuses = await asyncio.gather(*(deployment.deliver(update, worker=w)
                                      for update in updates for w in (0, 1, 0, 1)))
    assert set(statuses) == {200}
    assert len(deployment.said()) == 5
    assert await deployment.count(ProcessedUpdate) == 5


async def test_a_bug_is_logged_kept_answered_200_and_does_not_block_the_chat(
        deployment: Deployment) -> None:
    bug = deployment.api.message_update(user_id=GIULIA, chat_id=GIULIA, text="/bug")
    assert await deployment.deliver(bug) == 200
    assert "Scusa, qualcosa è andato storto" in deployment.said()[-1]
    assert await deployment.count(FailedUpdate) == 1
    async with UnitOfWork(deployment.sessions) as uow:  # type: ignore[arg-type]
        letter = (await uow.updates.dead_letters())[0]
    assert letter.update_id == bug["update_id"] and "ZeroDivisionError" in letter.error
    assert await deployment.deliver(bug) == 200  # Telegram's redelivery is not run again
    assert await deployment.count(FailedUpdate) == 1
    following = deployment.api.message_update(user_id=GIULIA, chat_id=GIULIA, text="/start")
    assert await deployment.deliver(following) == 200
    assert "Scegli la lingua" in deployment.said()[-1]


async def test_health_reports_database_redis_and_outbox(deployment: Deployment) -> None:
    async with UnitOfWork(deployment.sessions) as uow:  # type: ignore[arg-type]
        await uow.outbox.enqueue(key="k1", chat_id=GIULIA, text="ciao", now=T0)
    health = deployment.workers[0].replace("/telegram/webhook", "/health")
    async with aiohttp.ClientSession() as client, client.get(health) as response:
        body = await response.json()
    assert response.status == 200 and body["database"] == "ok" and body["redis"] == "not used"
    assert body["outbox"]["waiting"] == 1


async def test_database_down_answers_503_and_the_retry_is_processed(settings: Settings) -> None:
    api, telegram, base = await local_telegram()
    down = settings.model_copy(update={"database_url": "postgresql://nobody@127.0.0.1:1/none"})
    urls, runners, engine, _ = await start_workers(down, base, 1)
    update = api.message_update(user_id=GIULIA, chat_id=GIULIA, text="/start")
    try:
        assert await telegram.deliver_webhook(update, url=urls[0], secret_token=SECRET) == 503
        health = urls[0].replace("/telegram/webhook", "/health")
        async with aiohttp.ClientSession() as client, client.get(health) as response:
            assert response.status == 503 and (await response.json())["status"] == "degraded"
    finally:
        await stop_workers(runners, engine)
    assert api.outputs == []
    # The database is back (a working deployment): Telegram's retry of the same update works.
    urls, runners, engine, _ = await start_workers(settings, base, 1)
    try:
        assert await telegram.deliver_webhook(update, url=urls[0], secret_token=SECRET) == 200
        assert "Scegli la lingua" in api.outputs[-1].text
    finally:
        await stop_workers(runners, engine)
        await telegram.stop()


async def test_redis_down_answers_503_and_forgets_the_id(settings: Settings,
                                                         redis_prefix: str) -> None:
    api, telegram, base = await local_telegram()
    dead_redis = "redis://127.0.0.1:1/0"
    health_redis = Redis.from_url(dead_redis)
    urls, runners, engine, sessions = await start_workers(
        settings, base, 1, redis=health_redis,
        storage_factory=lambda: redis_storage(dead_redis, redis_prefix))
    update = api.message_update(user_id=GIULIA, chat_id=GIULIA, text="/start")
    try:
        assert await telegram.deliver_webhook(update, url=urls[0], secret_token=SECRET) == 503
        async with UnitOfWork(sessions) as uow:  # type: ignore[arg-type]
            assert (await uow.session.exec(select(func.count()).select_from(ProcessedUpdate))
                    ).one() == 0  # forgotten, so the retry will be processed
        health = urls[0].replace("/telegram/webhook", "/health")
        async with aiohttp.ClientSession() as client, client.get(health) as response:
            body = await response.json()
        assert response.status == 503 and body["redis"].startswith("error")
    finally:
        await stop_workers(runners, engine, (health_redis,))
        await telegram.stop()
    assert api.outputs == []


async def test_two_workers_share_a_conversation_through_redis(settings: Settings,
                                                              redis_prefix: str) -> None:
    api, telegram, base = await local_telegram()
    health_redis = Redis.from_url(REDIS_URL)
    urls, runners, engine, sessions = await start_workers(
        settings, base, 2, redis=health_redis,
        storage_factory=lambda: redis_storage(REDIS_URL, redis_prefix))
    try:
        async def say(text: str, worker: int) -> None:
            update = api.message_update(user_id=GIULIA, chat_id=GIULIA, text=text)
            assert await telegram.deliver_webhook(update, url=urls[worker],
                                                  secret_token=SECRET) == 200

        async def press(label: str, worker: int) -> None:
            message_id, buttons = next((m, b) for m, b in [_keyboard(api)])
            data = next(b["callback_data"] for b in buttons if label in b["text"])
            update = api.callback_update(user_id=GIULIA, chat_id=GIULIA, message_id=message_id,
                                         data=data)
            assert await telegram.deliver_webhook(update, url=urls[worker],
                                                  secret_token=SECRET) == 200

        await say("/start", 0)
        await press("Italiano", 1)
        await press("Acconsento", 0)
        await press("Cittadino", 1)
        await say("Bergamo", 0)
        assert "📍 Territorio: Bergamo (BG) – Lombardia" in api.outputs[-2].text
        async with UnitOfWork(sessions) as uow:  # type: ignore[arg-type]
            member = await uow.members.by_telegram_id(GIULIA)
        assert member is not None and member.territory_code == "A794"
    finally:
        await stop_workers(runners, engine, (health_redis,))
        await telegram.stop()


def _keyboard(api: LocalBotAPI) -> tuple[int, list[dict[str, str]]]:
    for (chat, message_id), message in sorted(api.messages.items(), reverse=True):
        markup = message.get("reply_markup")
        if chat == GIULIA and markup:
            return message_id, [b for row in markup["inline_keyboard"] for b in row]
    raise LookupError("no keyboard")

