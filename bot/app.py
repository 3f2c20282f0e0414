"""Composition root: build the Bot, the Dispatcher and what they share, then run."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import timedelta

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageText,
    GetChatMember,
    GetMe,
    LeaveChat,
    SendDocument,
    SendMessage,
    SendPhoto,
    SetMyCommands,
)
from aiogram.methods.base import Response
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeDefault,
)
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.commands import group_menu, private_menu
from bot.config import Settings
from bot.fsm import PipelinedRedisStorage
from bot.handlers import get_commands, get_routers
from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES, get_i18n, speak
from bot.middlewares import CommitBeforeReply, ContextMiddleware, LocaleCache, MemberMiddleware
from bot.services.balance import NudgeRules
from domain.territory import Gazetteer
from scheduler.jobs import NudgeJob
from scheduler.pacer import Limits
from scheduler.runner import SchedulerService, election_for
from scheduler.sender import OutboxSender
from storage.db import create_engine, create_session_factory

log = logging.getLogger(__name__)

# aiogram builds Response[ReturnType] for every API call, and pydantic keeps that parametrised
# class only weakly: garbage collection frees it and the next call rebuilds it (3.6 ms each,
# measured at 14% of a bare bot's time per update). Keeping the common ones alive avoids it.
_RESPONSE_TYPES = tuple(Response[method.__returning__] for method in (  # type: ignore[name-defined]
    SendMessage, EditMessageText, AnswerCallbackQuery, GetChatMember, GetMe, LeaveChat,
    SendDocument, SendPhoto, SetMyCommands))

# The local chat needs a token of Telegram's shape; no request with it ever leaves the process.
LOCAL_TOKEN = "7000000001:local-chat-no-telegram"


def create_bot(settings: Settings, session: BaseSession | None = None) -> Bot:
    if session is None:
        session = (AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_base))
                   if settings.telegram_api_base else AiohttpSession())
    session.middleware(CommitBeforeReply())
    return Bot(token=settings.bot_token or LOCAL_TOKEN, session=session,
               default=DefaultBotProperties(parse_mode=ParseMode.HTML,
                                            link_preview_is_disabled=True))


def redis_storage(url: str, prefix: str = "cm_fsm") -> RedisStorage:
    # with_destiny: the locale cache lives beside the conversation state under its own key.
    return PipelinedRedisStorage.from_url(url, key_builder=DefaultKeyBuilder(prefix=prefix,
                                                                             with_destiny=True))


def create_storage(settings: Settings) -> BaseStorage:
    """Conversation state: in memory by default, in Redis when REDIS_URL is set."""
    return redis_storage(settings.redis_url) if settings.redis_url else MemoryStorage()


def create_dispatcher(
    *,
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock,
    storage: BaseStorage | None = None,
    gazetteer: Gazetteer | None = None,
    raise_transient: bool = False,
) -> Dispatcher:
    """`raise_transient`: webhook workers let database/Redis faults through, to answer 5xx."""
    i18n = get_i18n()
    storage = storage or create_storage(settings)
    # One update at a time per chat: across workers through Redis, else within this process.
    isolation = (storage.create_isolation() if isinstance(storage, RedisStorage)
                 else SimpleEventIsolation())
    dispatcher = Dispatcher(storage=storage, events_isolation=isolation)
    dispatcher["settings"] = settings
    dispatcher["sessions"] = sessions
    dispatcher["raise_transient"] = raise_transient
    dispatcher["gazetteer"] = gazetteer or Gazetteer.load()
    dispatcher["clock"] = clock
    dispatcher["commands"] = get_commands()
    dispatcher["i18n"] = i18n
    dispatcher.update.outer_middleware(ContextMiddleware(sessions, i18n, LocaleCache(storage)))
    for observer in (dispatcher.message, dispatcher.callback_query, dispatcher.my_chat_member):
        observer.middleware(MemberMiddleware())
    dispatcher.include_routers(*get_routers())
    return dispatcher


async def setup_commands(bot: Bot) -> None:
    """The menus Telegram shows, from the command registry: per language (the default, for
    clients in another language, is Italian) and per scope — private chats, group chats, and
    group administrators, who also see the commands only they may use."""
    commands = get_commands()
    for language in (None, *LANGUAGES):
        with speak(language or DEFAULT_LANGUAGE):
            menus: list[tuple[BotCommandScopeDefault | BotCommandScopeAllGroupChats
                              | BotCommandScopeAllChatAdministrators, list[tuple[str, str]]]] = [
                (BotCommandScopeDefault(), private_menu(commands)),
                (BotCommandScopeAllGroupChats(), group_menu(commands, admins=False)),
                (BotCommandScopeAllChatAdministrators(), group_menu(commands, admins=True)),
            ]
        for scope, entries in menus:
            await bot.set_my_commands([BotCommand(command=name, description=description)
                                       for name, description in entries],
                                      scope=scope, language_code=language)


def limits(settings: Settings) -> Limits:
    return Limits(overall_per_second=settings.outbox_rate,
                  private_per_second=settings.outbox_private_rate,
                  group_per_minute=settings.outbox_group_per_minute)


def create_sender(settings: Settings, bot: Bot, sessions: async_sessionmaker[AsyncSession],
                  *, clock: Clock) -> OutboxSender:
    return OutboxSender(bot, sessions, clock=clock, limits=limits(settings),
                        share=1 / settings.outbox_senders)


def create_scheduler(settings: Settings, engine: AsyncEngine,
                     sessions: async_sessionmaker[AsyncSession], *, clock: Clock,
                     on_enqueued: Callable[[], None] | None = None) -> SchedulerService:
    return SchedulerService(sessions, election_for(engine), clock=clock,
                            group_grace=timedelta(hours=settings.group_grace_hours),
                            on_enqueued=on_enqueued,
                            outbox_retention=timedelta(days=settings.outbox_retention_days),
                            nudges=nudge_job(settings))


def nudge_job(settings: Settings) -> NudgeJob:
    return NudgeJob(rules=NudgeRules(cap_days=settings.nudge_cap_days,
                                     after_days=settings.nudge_after_days,
                                     per_need=settings.nudges_per_need,
                                     margin=settings.surplus_margin),
                    bot_username=settings.bot_username, from_hour=settings.nudge_from_hour,
                    until_hour=settings.nudge_until_hour)


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


async def run_polling(settings: Settings, *, clock: Clock) -> None:
    """Long polling against Telegram (or TELEGRAM_API_BASE), with the sender and scheduler."""
    engine = create_engine(settings.database_url)
    sessions = create_session_factory(engine)
    bot = create_bot(settings)
    dispatcher = create_dispatcher(settings=settings, sessions=sessions, clock=clock)
    try:
        await setup_commands(bot)
        async with background(settings, bot, engine, sessions, clock=clock):
            freeze_startup_heap()
            await dispatcher.start_polling(bot,
                                           allowed_updates=dispatcher.resolve_used_update_types())
    finally:
        await bot.session.close()
        await engine.dispose()
