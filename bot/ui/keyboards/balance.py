"""/balance's choice of scope, and the one-tap pledge button of a nudge."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiogram.types import InlineKeyboardMarkup

from bot.services.balance import Scope
from bot.ui.callbacks.balance import BalanceCb, NudgeCb
from bot.ui.callbacks.needs import PledgeOpenCb, ReduceCb
from bot.ui.keyboards.grid import button, rows
from bot.ui.texts import balance as balance_texts


def scopes(choices: Sequence[tuple[Scope, str]]) -> InlineKeyboardMarkup:
    """One button per scope, labelled as given (the team's or the territory's name)."""
    return rows([button(label, BalanceCb(kind=scope.kind, key=scope.key))
                 for scope, label in choices], 1)


def need_link(bot_username: str, need_id: int) -> str:
    """The deep link that opens the need in the private chat (``/start need_<id>``)."""
    return f"https://t.me/{bot_username}?start=need_{need_id}"


def nudge_markup(need_id: int) -> dict[str, Any]:
    """The nudge's reply_markup as Bot API JSON (it waits in the outbox): "I can help" pledges
    at once, "not for me" mutes the need's category for a while."""
    return {"inline_keyboard": [[
        {"text": balance_texts.pledge_button(),
         "callback_data": NudgeCb(need_id=need_id, act="help").pack()},
        {"text": balance_texts.not_for_me_button(),
         "callback_data": NudgeCb(need_id=need_id, act="mute").pack()}]]}


def after_one_tap(need_id: int, pledge_id: int, can_reduce: bool) -> InlineKeyboardMarkup:
    """Under a nudge's one-tap pledge: give more (the pledge screen) or less (reduce it)."""
    buttons = [button(balance_texts.more_button(), PledgeOpenCb(need_id=need_id))]
    if can_reduce:
        buttons.append(button(balance_texts.less_button(), ReduceCb(pledge_id=pledge_id)))
    return InlineKeyboardMarkup(inline_keyboard=[buttons])
