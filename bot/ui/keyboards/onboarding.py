"""Onboarding's keyboards (also shown by /profile when a field is changed)."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.ui.callbacks.onboarding import NONE_OF_THESE, ActorCb, AvailCb, ConsentCb, PlaceCb, SkipCb
from bot.ui.texts import common as common_texts
from bot.ui.texts import onboarding as onboarding_texts


def consent() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=onboarding_texts.consent_accept_button(),
                   callback_data=ConsentCb(accept=True))
    builder.button(text=onboarding_texts.consent_decline_button(),
                   callback_data=ConsentCb(accept=False))
    return builder.as_markup()


def actors() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for kind in onboarding_texts.ACTOR_LABELS:
        builder.button(text=onboarding_texts.actor_label(kind), callback_data=ActorCb(kind=kind))
    builder.adjust(2)
    return builder.as_markup()


def places(candidates: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup:
    """(code, label) pairs, one per row, then "none of these"."""
    builder = InlineKeyboardBuilder()
    for code, label in candidates:
        builder.button(text=label, callback_data=PlaceCb(code=code))
    builder.button(text=onboarding_texts.none_of_these(), callback_data=PlaceCb(code=NONE_OF_THESE))
    builder.adjust(1)
    return builder.as_markup()


def skip(step: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=common_texts.skip_button(), callback_data=SkipCb(step=step))
    return builder.as_markup()


def availability(*, with_skip: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for value in onboarding_texts.AVAILABILITY_LABELS:
        builder.button(text=onboarding_texts.availability_label(value),
                       callback_data=AvailCb(value=value))
    if with_skip:
        builder.button(text=common_texts.skip_button(), callback_data=SkipCb(step="availability"))
    builder.adjust(1)
    return builder.as_markup()
