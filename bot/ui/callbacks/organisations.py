"""Organisations' buttons: which organisation a typed name is (onboarding and /profile), a
request to act for one confirmed or refused, and which field of the record to edit. Each is
checked again on the server when pressed (a candidate offered; a decider of that organisation,
the request still pending; a confirmed member)."""

from typing import Literal

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks.bounds import RowId, RowIdOrNone


class OrgPickCb(CallbackData, prefix="orgpick"):
    org_id: RowIdOrNone  # an organisation offered, or 0: none of these, register the typed name


class OrgDecideCb(CallbackData, prefix="orgdec"):
    action: Literal["ok", "no"]
    link_id: RowId


class OrgEditCb(CallbackData, prefix="orgedit"):
    field: Literal["description", "website"]
