"""Inline keyboards. Labels come from texts; data from callbacks."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import LANGUAGES
from bot.ui import texts
from bot.ui.callbacks import (
    NONE_OF_THESE,
    ActorCb,
    AvailCb,
    ConsentCb,
    DeleteMeCb,
    JoinCb,
    LangCb,
    LinkCb,
    PlaceCb,
    ProfileCb,
    SkipCb,
)


def languages() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code in LANGUAGES:
        builder.button(text=texts.LANGUAGE_NAMES[code], callback_data=LangCb(code=code))
    return builder.as_markup()


def consent() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=texts.consent_accept_button(), callback_data=ConsentCb(accept=True))
    builder.button(text=texts.consent_decline_button(), callback_data=ConsentCb(accept=False))
    return builder.as_markup()


def actors() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for kind in texts.ACTOR_LABELS:
        builder.button(text=texts.actor_label(kind), callback_data=ActorCb(kind=kind))
    builder.adjust(2)
    return builder.as_markup()


def places(candidates: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup:
    """(code, label) pairs, one per row, then "none of these"."""
    builder = InlineKeyboardBuilder()
    for code, label in candidates:
        builder.button(text=label, callback_data=PlaceCb(code=code))
    builder.button(text=texts.none_of_these(), callback_data=PlaceCb(code=NONE_OF_THESE))
    builder.adjust(1)
    return builder.as_markup()


def skip(step: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=texts.skip_button(), callback_data=SkipCb(step=step))
    return builder.as_markup()


def availability(*, with_skip: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for value in texts.AVAILABILITY_LABELS:
        builder.button(text=texts.availability_label(value), callback_data=AvailCb(value=value))
    if with_skip:
        builder.button(text=texts.skip_button(), callback_data=SkipCb(step="availability"))
    builder.adjust(1)
    return builder.as_markup()


def team_offer(teams: Sequence[texts.TeamView]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for team in teams:
        builder.button(text=texts.join_button(team), callback_data=JoinCb(team_id=team.id))
    builder.button(text=texts.not_now_button(), callback_data=JoinCb(team_id=0))
    builder.adjust(1)
    return builder.as_markup()


def profile_fields(fields: Sequence[str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for field in fields:
        builder.button(text=texts.profile_field_button(field), callback_data=ProfileCb(field=field))
    builder.button(text=texts.profile_done_button(), callback_data=ProfileCb(field="done"))
    builder.adjust(2)
    return builder.as_markup()


def link_teams(teams: Sequence[texts.TeamView]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for team in teams:
        builder.button(text=team.name, callback_data=LinkCb(team_id=team.id))
    builder.adjust(1)
    return builder.as_markup()


def delete_me() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=texts.deleteme_yes(), callback_data=DeleteMeCb(confirm=True))
    builder.button(text=texts.cancel_button(), callback_data=DeleteMeCb(confirm=False))
    builder.adjust(1)
    return builder.as_markup()
