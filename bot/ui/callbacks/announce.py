"""/announce: the team, who hears it, when, the confirmation (bounded on unpacking)."""

from typing import Literal

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks.bounds import Flag, RowId


class AnnTeamCb(CallbackData, prefix="anteam"):
    team_id: RowId


class AnnAudienceCb(CallbackData, prefix="anaud"):
    who: Literal["group", "members", "both"]


class AnnWhenCb(CallbackData, prefix="anwhen"):
    choice: Literal["now", "ok", "again"]  # ok: the typed moment read back


class AnnConfirmCb(CallbackData, prefix="anok"):
    ok: Flag
