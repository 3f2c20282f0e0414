"""/balance: the button that picks which balance to see."""

from typing import Literal

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks.bounds import Code


class BalanceCb(CallbackData, prefix="bal"):
    # "team", "teams" (all the person designs) or "place" (an observed territory)
    kind: Literal["team", "teams", "place"]
    key: Code  # the team id, "all", or the territory code
