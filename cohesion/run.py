"""Running the bot: the embedded setup (sender and scheduler supervised in this process),
long polling, and the local playground and terminal chat wired to the real bot."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from aiogram import Bot
from aiogram.fsm.storage.base import BaseStorage
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from cohesion.app import (
    create_bot,
    create_dispatcher,
    create_scheduler,
    create_sender,
    introduce,
    refresh_menus,
    setup_commands,
)
from scheduler.sender import OutboxSender
from storage.db import create_engine, create_session_factory

log = logging.getLogger(__name__)

Service = Callable[[asyncio.Event], Awaitable[None]]


async def supervise(name: str, service: Service, stop: asyncio.Event, *,
                    backoff: float = 1.0, max_backoff: float = 60.0,
                    healthy_after: float = 60.0) -> None:
    """Run `service(stop)` until `stop` is set; if it crashes or returns early, log it loudly
    and start it again after a backoff (doubling up to `max_backoff`; back to `backoff` once it
    has run `healthy_after` seconds), so a background service is never silently gone."""
    loop = asyncio.get_running_loop()
    delay = backoff
    while not stop.is_set():
        started = loop.time()
        try:
            await service(stop)
            if stop.is_set():
                return
            log.error("%s stopped by itself; starting it again in %.0f s", name, delay)
        except Exception:
            log.exception("%s crashed; starting it again in %.0f s", name, delay)
        if loop.time() - started >= healthy_after:
            delay = backoff
        try:
            await asyncio.wait_for(stop.wait(), timeout=delay)
        except TimeoutError:
            pass
        delay = min(delay * 2, max_backoff)


@asynccontextmanager
async def background(settings: Settings, bot: Bot, engine: AsyncEngine,
                     sessions: async_sessionmaker[AsyncSession], *, clock: Clock
                     ) -> AsyncIterator[OutboxSender]:
    """The embedded setup: the outbox sender and the scheduler in this process, supervised."""
    stop = asyncio.Event()
    sender = create_sender(settings, bot, sessions, clock=clock)
    scheduler = create_scheduler(settings, engine, sessions, clock=clock,
                                 on_enqueued=sender.wake)
    tasks = [asyncio.create_task(supervise("outbox sender", sender.run, stop)),
             asyncio.create_task(supervise("scheduler", scheduler.run, stop))]
    try:
        yield sender
    finally:
        stop.set()
        await asyncio.gather(*tasks)


def freeze_startup_heap() -> None:
    """Take everything alive once a service has started (modules, the router tree, the ORM's
    metadata, the catalogs, the gazetteer) out of the garbage collector's sight.

    A long-running process only ever adds to that heap, yet every full collection walked all
    of it: 50–70 ms pauses in the middle of a read of 10,000 rows (bench/scale_bench.py),
    the same pauses that stall the outbox sender's pace. Frozen (`gc.freeze`), a collection
    walks only what was made since; nothing frozen was going to be freed anyway."""
    gc.collect()
    gc.freeze()


async def run_polling(settings: Settings, *, clock: Clock,
                      storage: BaseStorage | None = None) -> None:
    """Long polling against Telegram (or TELEGRAM_API_BASE), with the sender and scheduler."""
    engine = create_engine(settings.database_url)
    sessions = create_session_factory(engine)
    bot = create_bot(settings)
    try:
        settings = await introduce(bot, settings)
        dispatcher = create_dispatcher(settings=settings, sessions=sessions, clock=clock,
                                       storage=storage)
        await setup_commands(bot)
        await refresh_menus(sessions, clock=clock)
        async with background(settings, bot, engine, sessions, clock=clock):
            freeze_startup_heap()
            await dispatcher.start_polling(bot,
                                           allowed_updates=dispatcher.resolve_used_update_types())
    finally:
        await bot.session.close()
        await engine.dispose()
