"""Async filters. aiogram runs synchronous filters (magic `F` included) in a thread pool, which
costs 1.1–2.2x per update; these are plain coroutines."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message

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


class HasText(Filter):
    async def __call__(self, message: Message) -> bool:
        return message.text is not None and message.text != "" and not message.text.startswith("/")
