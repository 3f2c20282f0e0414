"""Webhook workers over real HTTP in front of Telegram as the local Bot API server plays it:
for the delivery tests and the reliability tests that break a worker on purpose."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from aiogram.filters import Command
from aiogram.types import Message
from redis.asyncio import Redis
from sqlmodel import func, select

from bot.config import Settings
from bot.webhook import WebhookWorker, serve
from cohesion.app import create_bot, create_dispatcher
from playground.api import LocalBotAPI
from playground.server import BotAPIServer
from storage.db import create_engine, create_session_factory
from storage.uow import UnitOfWork
from tests.conftest import T0, Clock

TOKEN = "123456:webhook-test"
SECRET = "s3cret-token_for-tests"
GIULIA = 1001


@dataclass
class Deployment:
    api: LocalBotAPI
    telegram: BotAPIServer
    workers: list[str]
    engine: object
    sessions: object

    async def deliver(self, update: dict[str, object], *, worker: int = 0,
                      secret: str | None = SECRET) -> int:
        return await self.telegram.deliver_webhook(update, url=self.workers[worker],
                                                   secret_token=secret)

    def said(self, chat_id: int = GIULIA) -> list[str]:
        return [o.text for o in self.api.outputs if o.chat_id == chat_id and o.kind == "message"]

    async def count(self, model: type) -> int:
        async with UnitOfWork(self.sessions) as uow:  # type: ignore[arg-type]
            return int((await uow.session.exec(select(func.count()).select_from(model))).one())


async def start_workers(settings: Settings, api_base: str, count: int, *,
                        storage_factory: object = None, redis: Redis | None = None,
                        clock: Clock | None = None,
                        commands: Sequence[tuple[str, Callable[..., Awaitable[Any]]]] = ()
                        ) -> tuple[list[str], list[object], object, object]:
    """`commands`: more (name, handler) pairs to register beside /bug, e.g. other failures."""
    clock = clock or Clock(T0)
    engine = create_engine(settings.database_url)
    sessions = create_session_factory(engine)
    urls, runners = [], []
    for _ in range(count):
        bot = create_bot(settings.model_copy(update={"bot_token": TOKEN,
                                                     "telegram_api_base": api_base}))
        storage = storage_factory() if callable(storage_factory) else None
        dispatcher = create_dispatcher(settings=settings, sessions=sessions, storage=storage,
                                       clock=clock, raise_transient=True)

        async def bug(message: Message) -> None:
            raise ZeroDivisionError("a bug in a handler")

        dispatcher.message.register(bug, Command("bug"))
        for name, handler in commands:
            dispatcher.message.register(handler, Command(name))
        worker = WebhookWorker(bot=bot, dispatcher=dispatcher, engine=engine, sessions=sessions,
                               secret=SECRET, redis=redis, clock=clock)
        runner = await serve(worker, "127.0.0.1", 0)
        port = runner.addresses[0][1]
        urls.append(f"http://127.0.0.1:{port}/telegram/webhook")
        runners.append((runner, bot))
    return urls, runners, engine, sessions


async def local_telegram() -> tuple[LocalBotAPI, BotAPIServer, str]:
    """Telegram as the workers see it: the local Bot API server, with Giulia in it."""
    api = LocalBotAPI(clock=Clock(T0))
    api.add_user(GIULIA, "Giulia", language_code="it")
    telegram = BotAPIServer(api, token=TOKEN)
    return api, telegram, await telegram.start()


async def stop_workers(runners: list[object], engine: object,
                       redis_clients: tuple[Redis, ...] = ()) -> None:
    for runner, bot in runners:  # type: ignore[misc]
        await runner.cleanup()
        await bot.session.close()
    await engine.dispose()  # type: ignore[attr-defined]
    for redis in redis_clients:
        await redis.aclose()


@asynccontextmanager
async def deployed(settings: Settings) -> AsyncIterator[Deployment]:
    """Telegram (the local Bot API server) and two webhook workers, all over real HTTP."""
    api, telegram, base = await local_telegram()
    urls, runners, engine, sessions = await start_workers(settings, base, 2)
    try:
        yield Deployment(api, telegram, urls, engine, sessions)
    finally:
        await stop_workers(runners, engine)
        await telegram.stop()
