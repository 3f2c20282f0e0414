"""/linkgroup's choice among the teams a designer designs."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.services.teams import TeamView
from bot.ui.callbacks.groups import LinkCb


def link_teams(teams: Sequence[TeamView]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for team in teams:
        builder.button(text=team.name, callback_data=LinkCb(team_id=team.id))
    builder.adjust(1)
    return builder.as_markup()
