"""/deleteme's confirmation."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.ui.callbacks.privacy import DeleteMeCb
from bot.ui.texts import privacy as privacy_texts


def delete_me() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=privacy_texts.deleteme_yes(), callback_data=DeleteMeCb(confirm=True))
    builder.button(text=privacy_texts.cancel_button(), callback_data=DeleteMeCb(confirm=False))
    builder.adjust(1)
    return builder.as_markup()
