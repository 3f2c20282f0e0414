"""The offer to join a team."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup

from bot.services.teams import TeamView
from bot.ui.callbacks.team import JoinCb
from bot.ui.keyboards.grid import button, rows
from bot.ui.texts import team as team_texts


def team_offer(teams: Sequence[TeamView]) -> InlineKeyboardMarkup:
    return rows([*(button(team_texts.join_button(team), JoinCb(team_id=team.id)) for team in teams),
                 button(team_texts.not_now_button(), JoinCb(team_id=0))], 1)
