"""The /profile card's field buttons."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.ui.callbacks.profile import ProfileCb
from bot.ui.texts import profile as profile_texts


def profile_fields(fields: Sequence[str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for field in fields:
        builder.button(text=profile_texts.profile_field_button(field),
                       callback_data=ProfileCb(field=field))
    builder.button(text=profile_texts.profile_done_button(), callback_data=ProfileCb(field="done"))
    builder.adjust(2)
    return builder.as_markup()
