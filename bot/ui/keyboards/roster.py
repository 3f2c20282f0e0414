"""/members: which team (for a designer of several), the pages, the CSV file."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup

from bot.services.roster import RosterPage
from bot.ui.callbacks.roster import RosterCb, RosterCsvCb
from bot.ui.keyboards.grid import button, rows
from bot.ui.texts import roster as texts


def teams(choices: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    return rows([button(name, RosterCb(team_id=team_id, page=0)) for team_id, name in choices],
                1)


def page(view: RosterPage) -> InlineKeyboardMarkup:
    nav = []
    if view.page > 0:
        nav.append(button(texts.previous_button(), RosterCb(team_id=view.team_id,
                                                             page=view.page - 1)))
    if view.page + 1 < view.pages:
        nav.append(button(texts.next_button(), RosterCb(team_id=view.team_id,
                                                         page=view.page + 1)))
    markup = rows(nav, 2) if nav else InlineKeyboardMarkup(inline_keyboard=[])
    markup.inline_keyboard.append([button(texts.csv_button(),
                                          RosterCsvCb(team_id=view.team_id))])
    return markup
