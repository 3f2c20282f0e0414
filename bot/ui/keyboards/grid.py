"""Inline keyboards built directly as `InlineKeyboardMarkup`.

aiogram's `InlineKeyboardBuilder` deep-copies every button on export; for the small keyboards
a reply carries, that copy cost more than the rest of the reply (bench/routers_bench.py
--profile), so the capabilities' keyboards use these two helpers instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup


def button(text: str, data: CallbackData | str | None = None, *,
           url: str | None = None) -> InlineKeyboardButton:
    """A button pressing `data` (packed if it is a CallbackData), or opening `url`."""
    if url is not None:
        return InlineKeyboardButton(text=text, url=url)
    packed = data.pack() if isinstance(data, CallbackData) else data
    return InlineKeyboardButton(text=text, callback_data=packed)


def rows(buttons: Sequence[InlineKeyboardButton], width: int = 8) -> InlineKeyboardMarkup:
    """`buttons` in rows of `width` (the last row may be shorter)."""
    return InlineKeyboardMarkup(inline_keyboard=[
        list(buttons[start:start + width]) for start in range(0, len(buttons), width)])
