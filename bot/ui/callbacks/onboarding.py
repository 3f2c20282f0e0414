"""Onboarding's buttons: consent, actor, place, skip, availability (also used by /profile)."""

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks.bounds import Code


class ConsentCb(CallbackData, prefix="consent"):
    accept: bool


class ActorCb(CallbackData, prefix="actor"):
    kind: Code


class PlaceCb(CallbackData, prefix="place"):
    code: Code  # a candidate's territory code, or NONE_OF_THESE


class SkipCb(CallbackData, prefix="skip"):
    step: Code


class AvailCb(CallbackData, prefix="avail"):
    value: Code


NONE_OF_THESE = "-"
