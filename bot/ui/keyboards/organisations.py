"""Organisations' keyboards: the candidates of a typed name, Confirm / Refuse under a request
(also as Bot API JSON in the outbox), and the fields a confirmed member edits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiogram.types import InlineKeyboardMarkup

from bot.ui.callbacks.organisations import OrgDecideCb, OrgEditCb, OrgPickCb
from bot.ui.keyboards.grid import button, rows
from bot.ui.texts import organisations as texts


def is_it(organisation_id: int, typed: str) -> InlineKeyboardMarkup:
    return rows([button(texts.yes_it_is(), OrgPickCb(org_id=organisation_id)),
                 button(texts.no_another(typed), OrgPickCb(org_id=0))], width=1)


def which(candidates: Sequence[tuple[int, str]], typed: str) -> InlineKeyboardMarkup:
    return rows([*(button(name, OrgPickCb(org_id=i)) for i, name in candidates),
                 button(texts.none_of_these(typed), OrgPickCb(org_id=0))], width=1)


def decide(link_id: int) -> InlineKeyboardMarkup:
    return rows([button(texts.confirm_button(), OrgDecideCb(action="ok", link_id=link_id)),
                 button(texts.refuse_button(), OrgDecideCb(action="no", link_id=link_id))])


def as_json(markup: InlineKeyboardMarkup) -> dict[str, Any]:
    return markup.model_dump(exclude_none=True)


def edit_fields() -> InlineKeyboardMarkup:
    return rows([button(texts.edit_description_button(), OrgEditCb(field="description")),
                 button(texts.edit_website_button(), OrgEditCb(field="website"))])
