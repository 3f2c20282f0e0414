"""/deleteme's confirmation."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.ui.callbacks.privacy import DeleteMeCb
from bot.ui.keyboards.grid import button, rows
from bot.ui.texts import privacy as privacy_texts


def delete_me() -> InlineKeyboardMarkup:
    return rows([button(privacy_texts.deleteme_yes(), DeleteMeCb(confirm=True)),
                 button(privacy_texts.cancel_button(), DeleteMeCb(confirm=False))], 1)
