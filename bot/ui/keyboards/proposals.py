"""The buttons of a proposal: ✅ Approve / ✖️ Decline (in /proposals, and under the notice the
team's designers get, as Bot API JSON in the outbox)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.ui.callbacks.proposals import ProposalCb
from bot.ui.keyboards.grid import button, rows
from bot.ui.texts import proposals as texts


def proposal(need_id: int) -> InlineKeyboardMarkup:
    return rows([button(texts.approve_button(), ProposalCb(action="approve", need_id=need_id)),
                 button(texts.decline_button(), ProposalCb(action="decline", need_id=need_id))])
