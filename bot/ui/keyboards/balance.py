"""/balance's choice of scope, and the one-tap pledge button of a nudge."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiogram.types import InlineKeyboardMarkup

from bot.services.balance import Scope
from bot.ui.callbacks.balance import BalanceCb
from bot.ui.keyboards.grid import button, rows
from bot.ui.texts import balance as balance_texts


def scopes(choices: Sequence[tuple[Scope, str]]) -> InlineKeyboardMarkup:
    """One button per scope, labelled as given (the team's or the territory's name)."""
    return rows([button(label, BalanceCb(kind=scope.kind, key=scope.key))
                 for scope, label in choices], 1)


def need_link(bot_username: str, need_id: int) -> str:
    """The deep link that opens the need in the private chat (``/start need_<id>``)."""
    return f"https://t.me/{bot_username}?start=need_{need_id}"


def nudge_markup(bot_username: str, need_id: int) -> dict[str, Any]:
    """The nudge's reply_markup as Bot API JSON (it waits in the outbox): one URL button."""
    return {"inline_keyboard": [[{"text": balance_texts.pledge_button(),
                                  "url": need_link(bot_username, need_id)}]]}
