"""Last in line: every message and every button press that nothing else took gets an answer."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message

from bot.filters import PrivateChat
from bot.ui.texts import common as common_texts


async def on_unknown_button(callback: CallbackQuery) -> None:
    """Stale, forged or malformed callback data: a clear toast, and nothing changes."""
    await callback.answer(common_texts.stale_button(), show_alert=True)


async def on_unknown_message(message: Message) -> None:
    await message.answer(common_texts.not_understood())


def create_router() -> Router:
    """Which update goes to which handler, in order."""
    router = Router(name="fallback")
    router.callback_query.register(on_unknown_button)
    router.message.register(on_unknown_message, PrivateChat())
    return router
