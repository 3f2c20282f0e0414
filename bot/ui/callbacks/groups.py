"""/linkgroup's choice of team."""

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks.bounds import RowId


class LinkCb(CallbackData, prefix="link"):
    team_id: RowId
