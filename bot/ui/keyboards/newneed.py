"""The buttons of a need being written (/newneed, /propose's questions) and of /myneeds, and
the announcement's button (as Bot API JSON too, for rows that wait in the outbox)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.services.teams import TeamView
from bot.ui.callbacks.newneed import (
    CategoryCb,
    MyNeedAction,
    MyNeedCb,
    MyNeedCloseCb,
    MyNeedFieldCb,
    MyNeedsPageCb,
    NeedTeamCb,
    OrganisationCb,
    ProposeKindCb,
    StepSkipCb,
    SummaryCb,
    TerritoryCb,
    UnitCb,
    UrgencyCb,
)
from bot.ui.keyboards.grid import button, rows
from bot.ui.texts import common as common_texts
from bot.ui.texts import newneed as texts
from domain.needs import load_categories
from storage.models import Urgency

#: storage.models.Urgency, most urgent first.
URGENCIES = tuple(u.value for u in reversed(Urgency))


def as_json(markup: InlineKeyboardMarkup) -> dict[str, Any]:
    """The keyboard as the outbox stores it (``payload["reply_markup"]``)."""
    return markup.model_dump(exclude_none=True)


def _sized(buttons: Sequence[InlineKeyboardButton], sizes: Sequence[int]) -> InlineKeyboardMarkup:
    """`buttons` in rows of the given sizes, the last size repeated for the rest."""
    rows_: list[list[InlineKeyboardButton]] = []
    start, index = 0, 0
    while start < len(buttons):
        size = sizes[min(index, len(sizes) - 1)] or 1
        rows_.append(list(buttons[start:start + size]))
        start, index = start + size, index + 1
    return InlineKeyboardMarkup(inline_keyboard=rows_)


def teams(options: Sequence[TeamView]) -> InlineKeyboardMarkup:
    return rows([button(team.name, NeedTeamCb(team_id=team.id)) for team in options], 1)


def skip(step: str) -> InlineKeyboardMarkup:
    return rows([button(common_texts.skip_button(), StepSkipCb(step=step))])


def categories() -> InlineKeyboardMarkup:
    return rows([button(texts.category_label(category.code), CategoryCb(code=category.code))
                 for category in load_categories().categories], 2)


def units(*, with_skip: bool, with_skill: bool = True) -> InlineKeyboardMarkup:
    buttons = [button(texts.unit_button(code), UnitCb(code=code))
               for code in ("hours", "eur", "kg", "parcels", "items", "skill_hours", "free")
               if code != "skill_hours" or with_skill]
    if with_skip:
        buttons.append(button(common_texts.skip_button(), UnitCb(code="-")))
    return _sized(buttons, (2, 3, 1))


def urgencies() -> InlineKeyboardMarkup:
    return rows([button(texts.urgency_label(value), UrgencyCb(value=value))
                 for value in URGENCIES])


def territory(team_code: str, team_place: str,
              candidates: Sequence[tuple[str, str]] = ()) -> InlineKeyboardMarkup:
    """The team's place first, then the candidates of an ambiguous name (code, label)."""
    return rows([button(texts.territory_button(team_place), TerritoryCb(code=team_code)),
                 *(button(label, TerritoryCb(code=code)) for code, label in candidates)], 1)


def organisations(options: Sequence[Sequence[Any]]) -> InlineKeyboardMarkup:
    """The non-profits of the team's territory ((id, name) each), then "none of them"."""
    return rows([*(button(str(name), OrganisationCb(organisation_id=int(organisation_id)))
                   for organisation_id, name in options),
                 button(texts.no_organisation_button(), OrganisationCb(organisation_id=0))], 1)


def propose_kinds(organisation: str) -> InlineKeyboardMarkup:
    return rows([button(texts.propose_plain_button(), ProposeKindCb(kind="plain")),
                 button(texts.propose_fundraising_button(organisation),
                        ProposeKindCb(kind="fundraising")),
                 button(texts.propose_capacity_button(organisation),
                        ProposeKindCb(kind="capacity"))], 1)


def summary(fields: Sequence[str]) -> InlineKeyboardMarkup:
    edits = [button(texts.edit_field_button(field), SummaryCb(action="edit", field=field))
             for field in fields]
    return InlineKeyboardMarkup(inline_keyboard=[
        [button(texts.publish_button(), SummaryCb(action="publish"))],
        *(edits[start:start + 3] for start in range(0, len(edits), 3)),
        [button(texts.cancel_button(), SummaryCb(action="cancel"))]])


def need_link(bot_username: str, need_id: int) -> str:
    """The deep link that opens the bot on a need: ``/start need_<id>`` (onboarding reads it)."""
    return f"https://t.me/{bot_username}?start=need_{need_id}"


def can_help(bot_username: str, need_id: int) -> InlineKeyboardMarkup:
    """The announcement's button: the private chat, on the need's pledge screen."""
    return rows([button(texts.can_help_button(), url=need_link(bot_username, need_id))])


def myneeds(rows_: Sequence[tuple[int, int, Sequence[MyNeedAction]]], *, page: int,
            pages: int) -> InlineKeyboardMarkup:
    """``rows_``: (number on the page, need id, the actions its status allows)."""
    labels = {"edit": texts.edit_button, "close": texts.close_button,
              "reopen": texts.reopen_button}
    keyboard = [[button(labels[action](n), MyNeedCb(action=action, need_id=need_id))
                 for action in actions] for n, need_id, actions in rows_ if actions]
    nav = []
    if page > 1:
        nav.append(button(texts.previous_button(), MyNeedsPageCb(page=page - 1)))
    if page < pages:
        nav.append(button(texts.next_button(), MyNeedsPageCb(page=page + 1)))
    if nav:
        keyboard.append(nav)
    return InlineKeyboardMarkup(inline_keyboard=keyboard)


def managed_fields(need_id: int, fields: Sequence[str]) -> InlineKeyboardMarkup:
    return rows([button(texts.edit_field_button(field),
                        MyNeedFieldCb(need_id=need_id, field=field)) for field in fields], 2)


def close_confirm(need_id: int) -> InlineKeyboardMarkup:
    return rows([button(texts.close_no_reason_button(),
                        MyNeedCloseCb(need_id=need_id, confirm=True)),
                 button(texts.keep_open_button(),
                        MyNeedCloseCb(need_id=need_id, confirm=False))], 1)
