"""Onboarding's buttons: consent, actor, place, skip, availability (also used by /profile)."""

from aiogram.filters.callback_data import CallbackData


class ConsentCb(CallbackData, prefix="consent"):
    accept: bool


class ActorCb(CallbackData, prefix="actor"):
    kind: str


class PlaceCb(CallbackData, prefix="place"):
    code: str  # a candidate's territory code, or NONE_OF_THESE


class SkipCb(CallbackData, prefix="skip"):
    step: str


class AvailCb(CallbackData, prefix="avail"):
    value: str


NONE_OF_THESE = "-"
