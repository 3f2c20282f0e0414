"""The button that joins a team."""

from aiogram.filters.callback_data import CallbackData


class JoinCb(CallbackData, prefix="join"):
    team_id: int  # 0 = not now
