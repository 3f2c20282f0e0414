"""Last in line: every message and every button press that nothing else took gets an answer."""

from __future__ import annotations

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.filters import Command, PrivateChat
from bot.ui.texts import common as common_texts
from bot.ui.texts import newneed as newneed_texts


async def on_unknown_button(callback: CallbackQuery) -> None:
    """Stale, forged or malformed callback data: a clear toast, and nothing changes."""
    await callback.answer(common_texts.stale_button(), show_alert=True)


async def cmd_cancel(message: Message, state: FSMContext, raw_state: str | None) -> None:
    """/cancel that no flow took as its own: whatever step a conversation was at, it stops."""
    await state.clear()
    if raw_state is not None:
        await message.answer(newneed_texts.stopped())
    else:
        await message.answer(newneed_texts.nothing_to_cancel())


async def on_unknown_message(message: Message) -> None:
    await message.answer(common_texts.not_understood())


def create_router() -> Router:
    """Which update goes to which handler, in order."""
    router = Router(name="fallback")
    router.callback_query.register(on_unknown_button)
    router.message.register(cmd_cancel, Command("cancel"), PrivateChat())
    router.message.register(on_unknown_message, PrivateChat())
    return router
