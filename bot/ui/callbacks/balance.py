"""/balance: the button that picks which balance to see; a nudge's two buttons."""

from typing import Literal

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks.bounds import Code, RowId


class BalanceCb(CallbackData, prefix="bal"):
    # "team", "teams" (all the person designs) or "place" (an observed territory)
    kind: Literal["team", "teams", "place"]
    key: Code  # the team id, "all", or the territory code


class NudgeCb(CallbackData, prefix="ng"):
    """A nudge's button: ``act`` "help" (pledge at once) or "mute" (not for me); checked again
    on the server when pressed."""

    need_id: RowId
    act: Literal["help", "mute"]
