"""Async filters, and the guard of steps that need a member row.

aiogram runs synchronous filters (magic `F` and bare `State` objects included) in a thread
pool, which costs 1.1–2.2x per update; these are plain coroutines. tests/test_flow_filters.py
fails on any synchronous filter in the routers.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot, Router
from aiogram import filters as aiogram_filters
from aiogram.filters import Filter
from aiogram.filters.callback_data import CallbackData, CallbackQueryFilter
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.services import roles
from bot.ui.texts import common as common_texts
from storage.models import Member, RoleName
from storage.uow import UnitOfWork

GROUP_TYPES = ("group", "supergroup")


def _chat_type(event: Message | CallbackQuery) -> str | None:
    if isinstance(event, CallbackQuery):
        return event.message.chat.type if event.message else None
    return event.chat.type


class PrivateChat(Filter):
    async def __call__(self, event: Message | CallbackQuery) -> bool:
        return _chat_type(event) == "private"


class GroupChat(Filter):
    async def __call__(self, event: Message | CallbackQuery) -> bool:
        return _chat_type(event) in GROUP_TYPES


class OnMessage(Filter):
    """A button on a message we can still answer under; gives the handler that `message`.

    Buttons on messages too old for Telegram to return (InaccessibleMessage) fail this filter
    and reach the fallback, which says the button is no longer valid.
    """

    async def __call__(self, callback: CallbackQuery) -> bool | dict[str, Message]:
        return {"message": callback.message} if isinstance(callback.message, Message) else False


def _may_be_command(message: Message, prefix: str) -> bool:
    text = (message.text or message.caption) if isinstance(message, Message) else None
    if not text:
        return False
    return text[0] in prefix


class Command(aiogram_filters.Command):
    """aiogram's `Command`, turning away text that is no command before parsing it.

    aiogram's splits the text, builds a CommandObject and raises and catches an exception for
    every message that is not its command: a typed answer inside a flow went through 34 such
    steps before the onboarding's (~100 µs). tests/architecture/test_flow_filters.py fails on
    aiogram's own in the routers."""

    async def __call__(self, message: Message, bot: Bot) -> bool | dict[str, Any]:
        if not _may_be_command(message, self.prefix):
            return False
        return await super().__call__(message, bot)


class CommandStart(aiogram_filters.CommandStart):
    """aiogram's `CommandStart`, turning away text that is no command first (see `Command`)."""

    async def __call__(self, message: Message, bot: Bot) -> bool | dict[str, Any]:
        if not _may_be_command(message, self.prefix):
            return False
        return await super().__call__(message, bot)


class HasText(Filter):
    async def __call__(self, message: Message) -> bool:
        return message.text is not None and message.text != "" and not message.text.startswith("/")


class NotCommand(Filter):
    """Anything but a command: text, a sticker, a photo… (a command goes to its own router)."""

    async def __call__(self, message: Message) -> bool:
        return not (message.text or "").startswith("/")


class InState(Filter):
    """The conversation is in one of `states`.

    Use it instead of the State itself (`register(step, Onboarding.skills)`): a State is a
    synchronous filter. This compares the `raw_state` aiogram has already read for the update.
    """

    def __init__(self, *states: State) -> None:
        self.states = frozenset(state.state for state in states)

    def __str__(self) -> str:
        return f"InState({', '.join(sorted(str(state) for state in self.states))})"

    async def __call__(self, event: TelegramObject, raw_state: str | None = None) -> bool:
        return raw_state in self.states


class ButtonPrefixes(Filter):
    """The button's data is one of these `CallbackData` kinds (by prefix; `route_buttons`)."""

    def __init__(self, kinds: list[type[CallbackData]]) -> None:
        by_separator: dict[str, set[str]] = {}
        for kind in kinds:
            by_separator.setdefault(kind.__separator__, set()).add(kind.__prefix__)
        self.prefixes = tuple((separator, frozenset(prefixes))
                              for separator, prefixes in by_separator.items())

    def __str__(self) -> str:
        return "ButtonPrefixes(" + ", ".join(sorted(
            prefix for _, prefixes in self.prefixes for prefix in prefixes)) + ")"

    async def __call__(self, callback: CallbackQuery) -> bool:
        data = callback.data
        return data is not None and any(data.split(separator, 1)[0] in prefixes
                                        for separator, prefixes in self.prefixes)


def route_buttons(router: Router) -> bool:
    """Let a button press skip, in one check of its prefix, a router none of whose steps
    takes it, instead of trying every step's filters in turn (each failed `CallbackData`
    unpack raises and catches an exception; ~60 steps lie before the last routers).

    Only where every button step of the router (and none of its sub-routers) names its
    `CallbackData` kind: a step taking any button (the fallback) keeps its router as it is.
    Returns whether the router got the filter.
    """
    kinds: list[type[CallbackData]] = []
    for handler in router.callback_query.handlers:
        named = [f.callback.callback_data for f in handler.filters or []
                 if isinstance(f.callback, CallbackQueryFilter)]
        if not named:
            return False
        kinds += named
    if not kinds or router.sub_routers:
        return False
    router.callback_query.filter(ButtonPrefixes(kinds))
    return True


class RequireRole(Filter):
    """The sender holds `role`; with `team_field`, of the team named in the button's data
    (`callback_data.<team_field>`, so a forged button for another team is refused).

    Declared on the command or button it guards, with a plain registration of the same command
    after it to answer those who may not; the service checks again (bot.services.roles).
    """

    def __init__(self, role: RoleName, *, team_field: str | None = None) -> None:
        self.role, self.team_field = role, team_field

    def __str__(self) -> str:
        return f"RequireRole({self.role}" + (f", of {self.team_field}" if self.team_field
                                             else "") + ")"

    async def __call__(self, event: Message | CallbackQuery, uow: UnitOfWork,
                       callback_data: object = None) -> bool:
        if event.from_user is None or event.from_user.is_bot:
            return False
        team_id = None
        if self.team_field is not None:
            team_id = getattr(callback_data, self.team_field, None)
            if not isinstance(team_id, int):
                return False
        return await roles.holds(uow, telegram_id=event.from_user.id, role=self.role,
                                 team_id=team_id)


ButtonStep = Callable[..., Awaitable[None]]


def registered(step: ButtonStep) -> ButtonStep:
    """For a button step that needs the presser's member row: without one (erased meanwhile,
    or a button from before consent) the press gets the stale-button toast and nothing runs.

    A decorator rather than a filter because the row is read by the inner MemberMiddleware,
    which runs after the filters: a filter would read it a second time. aiogram sees the
    step's own signature (it unwraps `functools.wraps`), so the middleware still knows the step
    takes `member`.
    """

    @functools.wraps(step)
    async def guarded(callback: CallbackQuery, *args: Any, member: Member | None = None,
                      **kwargs: Any) -> None:
        if member is None:
            await callback.answer(common_texts.stale_button(), show_alert=True)
            return
        await step(callback, *args, member=member, **kwargs)

    return guarded


class NoText(Filter):
    """A message without text (a photo, a sticker) where a typed answer is expected."""

    async def __call__(self, message: Message) -> bool:
        return not message.text
