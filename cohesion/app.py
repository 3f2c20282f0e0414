"""Build the Bot, the Dispatcher, the outbox sender and the scheduler from the capabilities
(`bot.capabilities`), with what they share; `cohesion.run` runs them."""

from __future__ import annotations

import logging
from collections.abc import Callable
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

from bot.capabilities import (
    get_commands,
    get_jobs,
    get_routers,
    notice_kinds,
    personal_data,
    unit_of_work,
)
from bot.clock import Clock
from bot.commands import group_menu, private_menu
from bot.config import Settings
from bot.fsm import PipelinedRedisStorage
from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES, get_i18n, speak
from bot.middlewares import (
    CleanTypedText,
    CommitBeforeReply,
    ContextMiddleware,
    KeyboardsShown,
    LocaleCache,
    MemberMiddleware,
    ThrottleMiddleware,
)
from bot.services import menus
from bot.throttle import Limit, MemoryThrottle, Plan, RedisThrottle, Throttle
from domain.territory import Gazetteer
from scheduler.pacer import Limits
from scheduler.runner import Election, SchedulerService, election_for
from scheduler.sender import OutboxSender

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
    session.middleware(KeyboardsShown())
    return Bot(token=settings.bot_token or LOCAL_TOKEN, session=session,
               default=DefaultBotProperties(parse_mode=ParseMode.HTML,
                                            link_preview_is_disabled=True))


async def introduce(bot: Bot, settings: Settings) -> Settings:
    """The settings with the bot's own username, as Telegram knows it (getMe), asked once at
    start: the links that open the bot (a need's "I can help", a nudge's) must open this bot,
    whatever BOT_USERNAME says. The setting stays only where no bot runs (the CLI)."""
    me = await bot.get_me()
    if not me.username or me.username == settings.bot_username:
        return settings
    return settings.model_copy(update={"bot_username": me.username})


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
    dispatcher["personal_data"] = personal_data()
    dispatcher["i18n"] = i18n
    dispatcher.update.outer_middleware(CleanTypedText())
    dispatcher.update.outer_middleware(ContextMiddleware(sessions, i18n, LocaleCache(storage),
                                                         unit_of_work=unit_of_work))
    dispatcher.update.outer_middleware(create_throttle_middleware(settings, storage, clock))
    for observer in (dispatcher.message, dispatcher.callback_query, dispatcher.my_chat_member):
        observer.middleware(MemberMiddleware())
    dispatcher.include_routers(*get_routers())
    return dispatcher


def create_throttle_middleware(settings: Settings, storage: BaseStorage, clock: Clock
                               ) -> ThrottleMiddleware:
    """Flood control, counted where the conversation state is: in Redis (under its prefix,
    shared by the workers) when it is there, else in this process."""
    window, mute = settings.throttle_window_seconds, settings.throttle_mute_seconds
    plan = Plan(person=Limit(settings.throttle_person_updates, window, mute),
                group=Limit(settings.throttle_group_updates, window, mute), clock=clock)
    throttle: Throttle
    if isinstance(storage, RedisStorage):
        prefix = getattr(storage.key_builder, "prefix", "cm_fsm")
        counted = None
        if isinstance(storage, PipelinedRedisStorage):
            storage.throttle = plan  # counted in the round trip that takes the update's lock
            counted = storage
        throttle = RedisThrottle(storage.redis, prefix, counted)
    else:
        throttle = MemoryThrottle()
    return ThrottleMiddleware(throttle, clock, person=plan.person, group=plan.group)


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


async def refresh_menus(sessions: async_sessionmaker[AsyncSession], *, clock: Clock) -> int:
    """Everyone's private menu (by role and language), queued for the sender once at start:
    the commands may have changed since the last deploy. Keyed by day and content, so several
    starts in a day queue nothing twice."""
    async with unit_of_work(sessions) as uow:
        return await menus.refresh_all(uow, now=clock())


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
    """The scheduler, elected through the database."""
    return scheduler_service(settings, sessions, election_for(engine), clock=clock,
                             on_enqueued=on_enqueued)


def scheduler_service(settings: Settings, sessions: async_sessionmaker[AsyncSession],
                      election: Election, *, clock: Clock, retry: float = 5.0,
                      on_enqueued: Callable[[], None] | None = None) -> SchedulerService:
    """A scheduler with every capability's jobs and timed notices."""
    return SchedulerService(sessions, election, clock=clock, settings=settings,
                            jobs=get_jobs(), notice_kinds=notice_kinds(),
                            unit_of_work=unit_of_work, on_enqueued=on_enqueued, retry=retry,
                            outbox_retention=timedelta(days=settings.outbox_retention_days))


