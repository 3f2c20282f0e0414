"""The buttons of /newneed, /propose, /proposals and /myneeds, and the announcement's button
(as Bot API JSON too, for rows that wait in the outbox)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.services.teams import TeamView
from bot.ui.callbacks.newneed import (
    CategoryCb,
    MyNeedCb,
    MyNeedCloseCb,
    MyNeedFieldCb,
    MyNeedsPageCb,
    NeedTeamCb,
    ProposalCb,
    StepSkipCb,
    SummaryCb,
    TerritoryCb,
    UnitCb,
    UrgencyCb,
)
from bot.ui.texts import common as common_texts
from bot.ui.texts import newneed as texts
from domain.needs import load_categories
from storage.models import Urgency

#: storage.models.Urgency, most urgent first.
URGENCIES = tuple(u.value for u in reversed(Urgency))


def as_json(markup: InlineKeyboardMarkup) -> dict[str, Any]:
    """The keyboard as the outbox stores it (``payload["reply_markup"]``)."""
    return markup.model_dump(exclude_none=True)


def teams(options: Sequence[TeamView]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for team in options:
        builder.button(text=team.name, callback_data=NeedTeamCb(team_id=team.id))
    builder.adjust(1)
    return builder.as_markup()


def skip(step: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=common_texts.skip_button(), callback_data=StepSkipCb(step=step))
    return builder.as_markup()


def categories() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for category in load_categories().categories:
        builder.button(text=texts.category_label(category.code),
                       callback_data=CategoryCb(code=category.code))
    builder.adjust(2)
    return builder.as_markup()


def units(*, with_skip: bool, with_skill: bool = True) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code in ("hours", "eur", "kg", "parcels", "items", "skill_hours", "free"):
        if code == "skill_hours" and not with_skill:
            continue
        builder.button(text=texts.unit_button(code), callback_data=UnitCb(code=code))
    if with_skip:
        builder.button(text=common_texts.skip_button(), callback_data=UnitCb(code="-"))
    builder.adjust(2, 3, 1, 1, 1)
    return builder.as_markup()


def urgencies() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for value in URGENCIES:
        builder.button(text=texts.urgency_label(value), callback_data=UrgencyCb(value=value))
    return builder.as_markup()


def territory(team_code: str, team_place: str,
              candidates: Sequence[tuple[str, str]] = ()) -> InlineKeyboardMarkup:
    """The team's place first, then the candidates of an ambiguous name (code, label)."""
    builder = InlineKeyboardBuilder()
    builder.button(text=texts.territory_button(team_place), callback_data=TerritoryCb(code=team_code))
    for code, label in candidates:
        builder.button(text=label, callback_data=TerritoryCb(code=code))
    builder.adjust(1)
    return builder.as_markup()


def summary(fields: Sequence[str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=texts.publish_button(), callback_data=SummaryCb(action="publish"))
    for field in fields:
        builder.button(text=texts.edit_field_button(field),
                       callback_data=SummaryCb(action="edit", field=field))
    builder.button(text=texts.cancel_button(), callback_data=SummaryCb(action="cancel"))
    rows = [1, *([3] * (len(fields) // 3)), *([len(fields) % 3] if len(fields) % 3 else []), 1]
    builder.adjust(*rows)
    return builder.as_markup()


def can_help(url: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text=texts.can_help_button(), url=url)]])


def proposal(need_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=texts.approve_button(),
                   callback_data=ProposalCb(action="approve", need_id=need_id))
    builder.button(text=texts.decline_button(),
                   callback_data=ProposalCb(action="decline", need_id=need_id))
    return builder.as_markup()


def myneeds(rows: Sequence[tuple[int, int, Sequence[str]]], *, page: int,
            pages: int) -> InlineKeyboardMarkup:
    """``rows``: (number on the page, need id, the actions its status allows)."""
    builder = InlineKeyboardBuilder()
    sizes = []
    labels = {"edit": texts.edit_button, "close": texts.close_button,
              "reopen": texts.reopen_button}
    for n, need_id, actions in rows:
        for action in actions:
            builder.button(text=labels[action](n),
                           callback_data=MyNeedCb(action=action, need_id=need_id))
        if actions:
            sizes.append(len(actions))
    nav = 0
    if page > 1:
        builder.button(text=texts.previous_button(), callback_data=MyNeedsPageCb(page=page - 1))
        nav += 1
    if page < pages:
        builder.button(text=texts.next_button(), callback_data=MyNeedsPageCb(page=page + 1))
        nav += 1
    if nav:
        sizes.append(nav)
    if sizes:
        builder.adjust(*sizes)
    return builder.as_markup()


def managed_fields(need_id: int, fields: Sequence[str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for field in fields:
        builder.button(text=texts.edit_field_button(field),
                       callback_data=MyNeedFieldCb(need_id=need_id, field=field))
    builder.adjust(2)
    return builder.as_markup()


def close_confirm(need_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=texts.close_no_reason_button(),
                   callback_data=MyNeedCloseCb(need_id=need_id, confirm=True))
    builder.button(text=texts.keep_open_button(),
                   callback_data=MyNeedCloseCb(need_id=need_id, confirm=False))
    builder.adjust(1)
    return builder.as_markup()
