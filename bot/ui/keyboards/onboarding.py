"""Onboarding's keyboards (also shown by /profile when a field is changed)."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup

from bot.ui.callbacks.onboarding import NONE_OF_THESE, ActorCb, AvailCb, ConsentCb, PlaceCb, SkipCb
from bot.ui.keyboards.grid import button, rows
from bot.ui.texts import common as common_texts
from bot.ui.texts import onboarding as onboarding_texts


def consent() -> InlineKeyboardMarkup:
    return rows([button(onboarding_texts.consent_accept_button(), ConsentCb(accept=True)),
                 button(onboarding_texts.consent_decline_button(), ConsentCb(accept=False))])


def actors() -> InlineKeyboardMarkup:
    return rows([button(onboarding_texts.actor_label(kind), ActorCb(kind=kind))
                 for kind in onboarding_texts.ACTOR_LABELS], 2)


def places(candidates: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup:
    """(code, label) pairs, one per row, then "none of these"."""
    return rows([*(button(label, PlaceCb(code=code)) for code, label in candidates),
                 button(onboarding_texts.none_of_these(), PlaceCb(code=NONE_OF_THESE))], 1)


def skip(step: str) -> InlineKeyboardMarkup:
    return rows([button(common_texts.skip_button(), SkipCb(step=step))])


def availability(*, with_skip: bool) -> InlineKeyboardMarkup:
    buttons = [button(onboarding_texts.availability_label(value), AvailCb(value=value))
               for value in onboarding_texts.AVAILABILITY_LABELS]
    if with_skip:
        buttons.append(button(common_texts.skip_button(), SkipCb(step="availability")))
    return rows(buttons, 1)
