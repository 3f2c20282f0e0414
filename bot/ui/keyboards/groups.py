"""/linkgroup's choice among the teams a designer designs."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup

from bot.services.teams import TeamView
from bot.ui.callbacks.groups import LinkCb
from bot.ui.keyboards.grid import button, rows


def link_teams(teams: Sequence[TeamView]) -> InlineKeyboardMarkup:
    return rows([button(team.name, LinkCb(team_id=team.id)) for team in teams], 1)
