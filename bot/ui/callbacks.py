"""Callback data of every button. Anyone can forge these: handlers validate each field on the server."""

from aiogram.filters.callback_data import CallbackData


class LangCb(CallbackData, prefix="lang"):
    code: str


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


class JoinCb(CallbackData, prefix="join"):
    team_id: int  # 0 = not now


class ProfileCb(CallbackData, prefix="prof"):
    field: str


class LinkCb(CallbackData, prefix="link"):
    team_id: int


class DeleteMeCb(CallbackData, prefix="del"):
    confirm: bool


NONE_OF_THESE = "-"
