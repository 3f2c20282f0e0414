"""/announce: the buttons of each step."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup

from bot.ui.callbacks.announce import AnnAudienceCb, AnnConfirmCb, AnnTeamCb, AnnWhenCb
from bot.ui.keyboards.grid import button, rows
from bot.ui.texts import announcements as texts


def teams(choices: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    return rows([button(name, AnnTeamCb(team_id=team_id)) for team_id, name in choices], 1)


def audience() -> InlineKeyboardMarkup:
    return rows([button(texts.audience_label(who), AnnAudienceCb(who=who))
                 for who in ("group", "members", "both")], 1)


def when() -> InlineKeyboardMarkup:
    return rows([button(texts.now_button(), AnnWhenCb(choice="now"))])


def when_ok() -> InlineKeyboardMarkup:
    return rows([button(texts.when_ok_button(), AnnWhenCb(choice="ok")),
                 button(texts.when_again_button(), AnnWhenCb(choice="again"))], 2)


def confirm(*, now: bool) -> InlineKeyboardMarkup:
    return rows([button(texts.send_button() if now else texts.schedule_button(),
                        AnnConfirmCb(ok=1)),
                 button(texts.cancel_button(), AnnConfirmCb(ok=0))], 2)
