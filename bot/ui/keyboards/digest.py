"""The switch under a designer's pledge notices: the other way of hearing of pledges."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.ui.callbacks.digest import PledgeDigestCb
from bot.ui.keyboards.grid import button, rows
from bot.ui.texts import pledge_digest as texts


def switch(current: str) -> InlineKeyboardMarkup:
    """Under an hourly notice, "one a day instead"; under a daily summary, "every hour"."""
    if current == "daily":
        return rows([button(texts.switch_to_hourly_button(), PledgeDigestCb(digest="hourly"))])
    return rows([button(texts.switch_to_daily_button(), PledgeDigestCb(digest="daily"))])
