"""/linkgroup's choice of team."""

from aiogram.filters.callback_data import CallbackData


class LinkCb(CallbackData, prefix="link"):
    team_id: int
