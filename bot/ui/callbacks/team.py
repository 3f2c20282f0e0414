"""The button that joins a team."""

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks.bounds import RowIdOrNone


class JoinCb(CallbackData, prefix="join"):
    team_id: RowIdOrNone  # 0 = not now
