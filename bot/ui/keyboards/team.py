"""The offer to join a team."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.services.teams import TeamView
from bot.ui.callbacks.team import JoinCb
from bot.ui.texts import team as team_texts


def team_offer(teams: Sequence[TeamView]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for team in teams:
        builder.button(text=team_texts.join_button(team), callback_data=JoinCb(team_id=team.id))
    builder.button(text=team_texts.not_now_button(), callback_data=JoinCb(team_id=0))
    builder.adjust(1)
    return builder.as_markup()
