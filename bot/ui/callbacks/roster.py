"""/members: a team's page of members, and its CSV file (bounded on unpacking: a forged id or
page is an invalid button before any query)."""

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks.bounds import Page, RowId


class RosterCb(CallbackData, prefix="roster"):
    team_id: RowId
    page: Page  # 0-based


class RosterCsvCb(CallbackData, prefix="rostercsv"):
    team_id: RowId
