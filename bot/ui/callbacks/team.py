"""The buttons that join and leave a team."""

from typing import Literal

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks.bounds import RowId, RowIdOrNone


class JoinCb(CallbackData, prefix="join"):
    team_id: RowIdOrNone  # 0 = not now


class LeaveCb(CallbackData, prefix="tleave"):
    """Leaving a team: "ask" (the card's button), then "yes" or "no" (the confirmation)."""

    team_id: RowId
    step: Literal["ask", "yes", "no"]
