"""The per-update context: one unit of work, the language to answer in, the sender's member row.

A reply that needs no database pays for none: the unit of work opens a session only when
something uses it, the language comes from a cache (in this process, or in Redis shared by the
workers), and the member row is read only for handlers that ask for `member`. A reply that
reports a change goes out after the change is committed (`CommitBeforeReply`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any

from aiogram import BaseMiddleware, Bot, Router
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.methods import (
    DeleteMessage,
    EditMessageCaption,
    EditMessageReplyMarkup,
    EditMessageText,
    SendDocument,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.methods.base import Response, TelegramType
from aiogram.types import (
    CallbackQuery,
    Chat,
    InlineKeyboardMarkup,
    Message,
    TelegramObject,
    Update,
    User,
)
from aiogram.utils.i18n import I18n
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.filters import GROUP_TYPES
from bot.fsm import (
    QUESTIONS,
    PipelinedRedisStorage,
    locale_hash_key,
    questions_of,
    set_data_soon,
    state_now,
)
from bot.i18n import LANGUAGES, language_or_default
from bot.services import members
from bot.throttle import Limit, Subject, Throttle, Verdict
from bot.ui.texts import throttle as throttle_texts
from domain.calendar import ROME
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
UNKNOWN = "-"  # cached for people not registered yet: their language is chosen per update
MEMBER_ROW = "_member_row"  # the sender's member row, when the locale cache already read it


class LocaleCache:
    """Language per private chat (member) and per group, so most replies need no database read.

    Filled lazily: a chat it has not seen costs one query (its member or group row), and the
    answer — a language, or "not registered" — is kept. With Redis it is one hash shared by
    all the workers and nothing is kept in the process, so a language changed on another
    worker, or a flushed Redis, is read right (a flush only costs the queries again); without
    Redis it is a dict in this process (MemoryStorage cannot serve several workers anyway).
    The context middleware keeps it true with the language changes the services note on the
    unit of work (`UnitOfWork.note_language`).
    """

    def __init__(self, storage: BaseStorage) -> None:
        self.redis: Redis | None = storage.redis if isinstance(storage, RedisStorage) else None
        # The FSM storage reads the chat's entry with its state, in the same round trip.
        self.pipelined = storage if isinstance(storage, PipelinedRedisStorage) else None
        prefix = getattr(getattr(storage, "key_builder", None), "prefix", "cm_fsm")
        self.hash_key = locale_hash_key(prefix)
        self.local: dict[int, str] = {}

    async def get(self, chat_id: int, uow: UnitOfWork,
                  data: dict[str, Any] | None = None) -> str | None:
        """The chat's language, or None for a person not registered / a group not known.

        A person's miss reads their whole member row (it costs the same as its language) and
        leaves it in `data` for `MemberMiddleware`, so a new face costs one query, not two.
        """
        kept, cached = (self.pipelined.kept_locale(chat_id) if self.pipelined is not None
                        else (False, None))
        if kept:
            pass  # read with the conversation state of this very update
        elif self.redis is None:
            cached = self.local.get(chat_id)
        else:
            value = await self.redis.hget(self.hash_key, str(chat_id))
            cached = value.decode() if isinstance(value, bytes) else value
        if cached is None:
            if chat_id < 0:
                found = await uow.groups.language(chat_id)
            else:
                member = await uow.members.by_telegram_id(chat_id)
                # A role holder who is no member (an observer) chose theirs with /language.
                found = (member.language if member is not None
                         else await uow.roles.language(chat_id))
                if data is not None:
                    data[MEMBER_ROW] = member
            cached = found or UNKNOWN
            await self.set(chat_id, cached)
        return None if cached == UNKNOWN else cached

    async def set(self, chat_id: int, locale: str) -> None:
        if self.redis is None:
            self.local[chat_id] = locale
        elif self.pipelined is not None and self.pipelined.defer_locale(chat_id, locale):
            pass  # written when the update gives its lock back: its next update reads it
        else:
            await self.redis.hset(self.hash_key, str(chat_id), locale)
            if self.pipelined is not None:
                self.pipelined.keep_locale(chat_id, locale)


#: C0 control characters but tab and newline, and DEL: Telegram's clients never send them, and
#: PostgreSQL refuses NUL in text.
_CONTROL = {code: None for code in (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F)}


def clean_typed(text: str) -> str:
    """Typed text without control characters (but tab and newline)."""
    return text.translate(_CONTROL)


class CleanTypedText(BaseMiddleware):
    """Outer middleware on updates: a message's text and caption lose their control
    characters before anything reads them, so no step has to guard against a NUL (which
    PostgreSQL refuses) or an escape sequence reaching a row, a log or another person."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if isinstance(event, Update):
            event = _cleaned(event)
        return await handler(event, data)


def _cleaned(update: Update) -> Update:
    for kind in ("message", "edited_message", "channel_post", "edited_channel_post"):
        message: Message | None = getattr(update, kind)
        if message is None:
            continue
        changes = {field: clean_typed(value) for field in ("text", "caption")
                   if (value := getattr(message, field)) and clean_typed(value) != value}
        if changes:
            return update.model_copy(update={kind: message.model_copy(update=changes)})
    return update


class ContextMiddleware(BaseMiddleware):
    """Outer middleware on updates.

    The unit of work commits when the handler returns and rolls back when it raises, so an
    update either changes everything it meant to or nothing. The chosen locale is also left in
    `data["locale"]` so the error handler, which runs outside this context, answers in it too.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession], i18n: I18n,
                 locales: LocaleCache, *,
                 unit_of_work: Callable[[async_sessionmaker[AsyncSession]], UnitOfWork]
                 = UnitOfWork) -> None:
        self.sessions, self.i18n, self.locales = sessions, i18n, locales
        self.unit_of_work = unit_of_work

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        uow = self.unit_of_work(self.sessions)
        data["uow"] = uow
        token = CURRENT_UOW.set(uow)
        try:
            user: User | None = data.get("event_from_user")
            chat: Chat | None = data.get("event_chat")
            locale = await self._locale(uow, data, event, user, chat)
            data["locale"] = locale
            with self.i18n.context(), self.i18n.use_locale(locale):
                result = await handler(event, data)
            await uow.commit()
            await self._refresh(uow)
            return result
        except BaseException:
            await uow.rollback()
            raise
        finally:
            CURRENT_UOW.reset(token)
            await uow.close()

    async def _locale(self, uow: UnitOfWork, data: dict[str, Any], event: TelegramObject,
                      user: User | None, chat: Chat | None) -> str:
        """The group's language for what happens in a group, except a button press there:
        its answer is a toast only the presser sees, so it speaks the presser's language (a
        member's, else their Telegram one). What such a press posts or edits in the group is
        worded in the group's language by the step itself (`speak(group language)`)."""
        pressed = isinstance(event, Update) and event.callback_query is not None
        if chat is not None and chat.type in GROUP_TYPES and not (pressed and user is not None):
            return await self.locales.get(chat.id, uow) or language_or_default(None)
        if user is None:
            return language_or_default(None)
        cached = await self.locales.get(user.id, uow, data)
        if cached is not None:
            return cached
        if chat is not None and chat.type in GROUP_TYPES:
            return language_or_default(user.language_code)  # no onboarding in a group
        state = data.get("state")  # not registered yet: the language chosen in onboarding
        chosen = (await state.get_data()).get("language") if state is not None else None
        return str(chosen) if chosen in LANGUAGES else language_or_default(user.language_code)

    async def _refresh(self, uow: UnitOfWork) -> None:
        """Keep the cache true to what this update changed: a new member, a new language, a
        group's language, an erasure — noted by the services on the unit of work."""
        for chat_id, locale in uow.language_notes.items():
            await self.locales.set(chat_id, locale or UNKNOWN)



# The unit of work of the update being handled, for `CommitBeforeReply` (which runs inside the
# bot's session, where the middleware data cannot be seen).
CURRENT_UOW: ContextVar[UnitOfWork | None] = ContextVar("current_uow", default=None)


class CommitBeforeReply(BaseRequestMiddleware):
    """A reply that reports a change goes out only after the change is committed.

    Registered on the bot's session: before any Bot API call that says or does something
    (everything but the get* reads), the update's open transaction is committed. If the
    commit fails, the call is never made — nobody is told "joined" with no row behind it —
    and the error takes the update's usual path (an apology, or 503 and a redelivery in
    webhook mode, which then says it once). Outside an update (the sender, jobs) it does nothing.
    """

    async def __call__(self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot,
                       method: TelegramMethod[TelegramType]) -> Response[TelegramType]:
        uow = CURRENT_UOW.get()
        if uow is not None and not method.__api_method__.startswith("get"):
            await uow.commit_if_open()
        return await make_request(bot, method)


class MemberMiddleware(BaseMiddleware):
    """Inner middleware: reads the sender's member row only for handlers that take `member`,
    and notes the day a member was last seen (/members' "last active").

    The day is written at most once a day per member and process: the people seen today are
    remembered here, so only their first update of the day (Rome) reads and writes the row
    (a handler that takes `member` has it read anyway)."""

    def __init__(self) -> None:
        self._day: date | None = None
        self._seen: set[int] = set()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        target: HandlerObject | None = data.get("handler")
        wants = target is not None and ("member" in target.params or target.varkw)
        user: User | None = data.get("event_from_user")
        person = user is not None and not user.is_bot
        today = data["clock"]().astimezone(ROME).date() if "clock" in data else None
        if today != self._day:
            self._day, self._seen = today, set()
        unseen = person and today is not None and user is not None and user.id not in self._seen
        if (wants or unseen) and "member" not in data:
            uow: UnitOfWork = data["uow"]
            member = None
            if MEMBER_ROW in data and person:
                member = data[MEMBER_ROW]  # read by the locale cache for this very update
            elif user is not None and person:
                member = await uow.members.by_telegram_id(user.id)
            if member is not None and member.unreachable_at is not None:
                members.mark_reachable(member)
            if member is not None and today is not None:
                members.mark_seen(member, today=today)
            if user is not None and person:
                self._seen.add(user.id)  # not yet registered: not asked again today either
            data["member"] = member
        return await handler(event, data)


class ThrottleMiddleware(BaseMiddleware):
    """Outer middleware on updates, registered after `ContextMiddleware`: floods are dropped
    before any handler runs, so nothing a muted person does is half-applied.

    A person's updates (anywhere) and a group's (from anyone) are counted against their limits
    (`bot.throttle`); the update that crosses one earns one polite notice in the chat it came
    from, in the update's language (which `ContextMiddleware` chose: this runs inside its
    i18n context, and a dropped update leaves its unit of work empty, so the commit costs
    nothing). Until the mute ends, messages are ignored in silence, but a button press is
    always answered with a short alert, or the person's spinner would keep turning.
    """

    def __init__(self, throttle: Throttle, clock: Callable[[], datetime], *, person: Limit,
                 group: Limit) -> None:
        self.throttle, self.clock = throttle, clock
        self.person, self.group = person, group

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        chat: Chat | None = data.get("event_chat")
        if user is None or user.is_bot:
            return await handler(event, data)
        subjects: list[Subject] = [("person", user.id, self.person)]
        if chat is not None and chat.type in GROUP_TYPES:
            subjects.append(("group", chat.id, self.group))
        # Every update of a person counts (with Redis it is counted as its lock is taken);
        # only what they say and press is dropped: the bot added to or removed from a group
        # is never lost.
        verdict, whose = await self.throttle.check(subjects, self.clock())
        droppable = isinstance(event, Update) and (event.message is not None
                                                   or event.edited_message is not None
                                                   or event.callback_query is not None)
        if verdict is Verdict.PASS or not droppable:
            return await handler(event, data)
        assert isinstance(event, Update)
        log.info("throttled an update of %s (%s)", whose, verdict.name.lower())
        bot: Bot = data["bot"]
        notice = throttle_texts.group_muted() if whose == "group" else throttle_texts.person_muted()
        try:
            if event.callback_query is not None:
                await bot.answer_callback_query(
                    event.callback_query.id, show_alert=True,
                    text=notice if verdict is Verdict.NOTICE else throttle_texts.press_muted())
            elif verdict is Verdict.NOTICE and chat is not None:
                await bot.send_message(chat.id, notice)
        except TelegramAPIError as error:  # a notice that cannot go out is no reason to fail
            log.warning("throttle notice not delivered: %s", error)
        return None


class KeyboardOffWhenAnswered(BaseMiddleware):
    """Inner middleware on the button steps of a flow whose questions are each a message of
    their own (onboarding, /profile, /newneed, /propose, /newtable, /minutes): once a press
    moved the conversation on (its state changed or ended), the keyboard of the message
    pressed is taken off, so a finished step shows no buttons to press again (pressed anyway,
    from an old copy, they answer "this button is no longer valid")."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        result = await handler(event, data)
        message = event.message if isinstance(event, CallbackQuery) else None
        state: FSMContext | None = data.get("state")
        if (not isinstance(message, Message) or message.reply_markup is None
                or message.chat.type != "private" or state is None):
            return result
        if await state.get_state() != data.get("raw_state"):
            try:
                await message.edit_reply_markup(reply_markup=None)
            except TelegramBadRequest:
                pass  # deleted or too old meanwhile: nothing left to press anyway
        return result


# While a conversation's update is handled: (its private chat, message id -> whether the message
# shows an inline keyboard after what this update sent or edited), filled by `KeyboardsShown`.
_SHOWN: ContextVar[tuple[int, dict[int, bool]] | None] = ContextVar("keyboards_shown",
                                                                   default=None)
_SENDS = (SendMessage, SendPhoto, SendDocument)
_EDITS = (EditMessageText, EditMessageCaption, EditMessageReplyMarkup)
#: The most question messages a step keeps (a step asked again adds one each time).
MAX_QUESTIONS = 8


class KeyboardsShown(BaseRequestMiddleware):
    """Registered on the bot's session: inside a conversation's update (`QuestionKeyboards`),
    notes which messages of its chat this update left with an inline keyboard and which without
    one (edited without it, or deleted). Elsewhere it does nothing."""

    async def __call__(self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot,
                       method: TelegramMethod[TelegramType]) -> Response[TelegramType]:
        response = await make_request(bot, method)
        watched = _SHOWN.get()
        if watched is None:
            return response
        chat_id, shown = watched
        sent: object = response  # what the session hands back is the result itself
        if isinstance(method, _SENDS) and method.chat_id == chat_id:
            if isinstance(sent, Message):
                shown[sent.message_id] = _has_buttons(method.reply_markup)
        elif isinstance(method, _EDITS) and method.chat_id == chat_id and method.message_id:
            shown[method.message_id] = _has_buttons(method.reply_markup)
        elif isinstance(method, DeleteMessage) and method.chat_id == chat_id:
            shown[method.message_id] = False
        return response


def _has_buttons(markup: object) -> bool:
    return isinstance(markup, InlineKeyboardMarkup) and any(markup.inline_keyboard)


class QuestionKeyboards(BaseMiddleware):
    """Inner middleware on a flow's messages and presses in private chats: the buttons of a step
    go once the step is answered, typed or pressed.

    The messages an update leaves with an inline keyboard while a conversation goes on are the
    current step's questions: their ids are kept in the state data (`bot.fsm.QUESTIONS`). When
    a later update moves the conversation on (its state changed or ended) — a typed answer as
    well as a press — their keyboards are taken off, so nothing of a finished step stays to be
    pressed (an old copy pressed anyway answers "this button is no longer valid"). An answer
    refused (the step asks again, its state unchanged) leaves them, and the step's new copy
    joins them. The message pressed is left to the flow (`KeyboardOffWhenAnswered`, or the
    flow's own edit)."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        state: FSMContext | None = data.get("state")
        chat: Chat | None = data.get("event_chat")
        if state is None or chat is None or chat.type != "private":
            return await handler(event, data)
        before = questions_of(await state.get_data())
        shown: dict[int, bool] = {}
        token = _SHOWN.set((chat.id, shown))
        try:
            result = await handler(event, data)
        finally:
            _SHOWN.reset(token)
        if before or shown:
            pressed = (event.message.message_id if isinstance(event, CallbackQuery)
                       and isinstance(event.message, Message) else None)
            await self._settle(data["bot"], chat.id, state, data.get("raw_state"), before,
                               shown, pressed)
        return result

    async def _settle(self, bot: Bot, chat_id: int, state: FSMContext, raw_state: str | None,
                      before: list[int], shown: dict[int, bool], pressed: int | None) -> None:
        now = await state_now(state)
        new = [message_id for message_id, on in shown.items() if on and message_id not in before]
        if now != raw_state:  # the step was answered: its questions are done
            for message_id in before:
                if message_id not in shown and message_id != pressed:
                    await _keyboard_off(bot, chat_id, message_id)
            keep = [message_id for message_id, on in shown.items() if on]
        else:
            keep = [message_id for message_id in before if shown.get(message_id, True)] + new
        keep = keep[-MAX_QUESTIONS:] if now is not None else []
        current = dict(await state.get_data())
        if questions_of(current) == keep:
            return
        if keep:
            current[QUESTIONS] = keep
        else:
            current.pop(QUESTIONS, None)
        await set_data_soon(state, current)  # with Redis, in the round trip giving the lock back


async def _keyboard_off(bot: Bot, chat_id: int, message_id: int) -> None:
    try:
        await bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id,
                                            reply_markup=None)
    except TelegramBadRequest:
        pass  # deleted, too old, or already without buttons: nothing left to press anyway


def watch_questions(router: Router) -> None:
    """Take a flow's question keyboards off once their step is answered (`QuestionKeyboards`).
    Registered before the router's other middlewares, so it sees their edits too."""
    router.message.middleware(QuestionKeyboards())
    router.callback_query.middleware(QuestionKeyboards())
