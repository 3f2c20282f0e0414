"""The /profile card's field buttons."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.ui.callbacks.profile import ProfileCb
from bot.ui.texts import profile as profile_texts

#: The toggle of the balance's suggestions of needs (not a field edited by a step).
NUDGES = "nudges"


def profile_fields(fields: Sequence[str], *, nudges_off: bool = False) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for field in fields:
        builder.button(text=profile_texts.profile_field_button(field),
                       callback_data=ProfileCb(field=field))
    builder.button(text=profile_texts.profile_nudges_button(nudges_off),
                   callback_data=ProfileCb(field=NUDGES))
    builder.button(text=profile_texts.profile_done_button(), callback_data=ProfileCb(field="done"))
    builder.adjust(2)
    return builder.as_markup()
