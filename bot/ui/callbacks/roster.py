"""/members: a team's page of members, and its CSV file."""

from aiogram.filters.callback_data import CallbackData


class RosterCb(CallbackData, prefix="roster"):
    team_id: int
    page: int  # 0-based


class RosterCsvCb(CallbackData, prefix="rostercsv"):
    team_id: int
