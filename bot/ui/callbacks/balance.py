"""/balance: the button that picks which balance to see; a nudge's two buttons."""

from aiogram.filters.callback_data import CallbackData


class BalanceCb(CallbackData, prefix="bal"):
    kind: str  # "team", "teams" (all the person designs) or "place" (an observed territory)
    key: str   # the team id, "all", or the territory code


class NudgeCb(CallbackData, prefix="ng"):
    """A nudge's button: ``act`` "help" (pledge at once) or "mute" (not for me); checked again
    on the server when pressed."""

    need_id: int
    act: str
