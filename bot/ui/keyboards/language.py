"""The language picker (private chats and groups)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.i18n import LANGUAGES
from bot.ui.callbacks.language import LangCb
from bot.ui.keyboards.grid import button, rows
from bot.ui.texts import language as language_texts


def languages() -> InlineKeyboardMarkup:
    return rows([button(language_texts.LANGUAGE_NAMES[code], LangCb(code=code))
                 for code in LANGUAGES])
