"""/announce: the team, who hears it, when, the confirmation."""

from aiogram.filters.callback_data import CallbackData


class AnnTeamCb(CallbackData, prefix="anteam"):
    team_id: int


class AnnAudienceCb(CallbackData, prefix="anaud"):
    who: str  # "group" | "members" | "both"


class AnnWhenCb(CallbackData, prefix="anwhen"):
    choice: str  # "now" | "ok" (the typed moment read back) | "again"


class AnnConfirmCb(CallbackData, prefix="anok"):
    ok: int
