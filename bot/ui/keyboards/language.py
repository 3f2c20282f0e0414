"""The language picker (private chats and groups)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import LANGUAGES
from bot.ui.callbacks.language import LangCb
from bot.ui.texts import language as language_texts


def languages() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code in LANGUAGES:
        builder.button(text=language_texts.LANGUAGE_NAMES[code], callback_data=LangCb(code=code))
    return builder.as_markup()
