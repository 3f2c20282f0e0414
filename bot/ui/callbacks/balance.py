"""/balance: the button that picks which balance to see."""

from aiogram.filters.callback_data import CallbackData


class BalanceCb(CallbackData, prefix="bal"):
    kind: str  # "team", "teams" (all the person designs) or "place" (an observed territory)
    key: str   # the team id, "all", or the territory code
