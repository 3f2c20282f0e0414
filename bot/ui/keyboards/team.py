"""The offer to join a team; the team card's way into the group and out of the team."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup

from bot.services.teams import TeamCardView, TeamView
from bot.ui.callbacks.team import JoinCb, LeaveCb
from bot.ui.keyboards.grid import button, rows
from bot.ui.texts import team as team_texts


def team_offer(teams: Sequence[TeamView]) -> InlineKeyboardMarkup:
    return rows([*(button(team_texts.join_button(team), JoinCb(team_id=team.id)) for team in teams),
                 button(team_texts.not_now_button(), JoinCb(team_id=0))], 1)


def team_cards(cards: Sequence[TeamCardView]) -> InlineKeyboardMarkup:
    """Under the cards: each team's link into its group (when the bot made one) and its
    leave button (not for a team the member leads)."""
    buttons = []
    for card in cards:
        if card.invite_link:
            buttons.append(button(team_texts.group_link_button(card.team), url=card.invite_link))
        if not card.led:
            buttons.append(button(team_texts.leave_button(card.team),
                                  LeaveCb(team_id=card.team.id, step="ask")))
    return rows(buttons, 1)


def leave_confirm(team_id: int) -> InlineKeyboardMarkup:
    return rows([button(team_texts.leave_yes_button(), LeaveCb(team_id=team_id, step="yes")),
                 button(team_texts.leave_no_button(), LeaveCb(team_id=team_id, step="no"))], 2)
