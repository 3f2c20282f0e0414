"""The buttons of a proposal (in /proposals, and under the notice its team's designers get):
the need's id only, checked again on the server when pressed (a designer of its team, still a
proposal)."""

from typing import Literal

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks.bounds import RowId


class ProposalCb(CallbackData, prefix="nnprop"):
    action: Literal["approve", "decline"]
    need_id: RowId
