"""The buttons that join and leave a team."""

from aiogram.filters.callback_data import CallbackData


class JoinCb(CallbackData, prefix="join"):
    team_id: int  # 0 = not now


class LeaveCb(CallbackData, prefix="tleave"):
    """Leaving a team: "ask" (the card's button), then "yes" or "no" (the confirmation)."""

    team_id: int
    step: str
