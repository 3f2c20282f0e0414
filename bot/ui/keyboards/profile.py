"""The /profile card's field buttons."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup

from bot.ui.callbacks.profile import ProfileCb
from bot.ui.keyboards.grid import button, rows
from bot.ui.texts import profile as profile_texts

#: The toggle of the balance's suggestions of needs (not a field edited by a step).
NUDGES = "nudges"


def profile_fields(fields: Sequence[str], *, nudges_off: bool = False) -> InlineKeyboardMarkup:
    return rows([*(button(profile_texts.profile_field_button(field), ProfileCb(field=field))
                   for field in fields),
                 button(profile_texts.profile_nudges_button(nudges_off), ProfileCb(field=NUDGES)),
                 button(profile_texts.profile_done_button(), ProfileCb(field="done"))], 2)
