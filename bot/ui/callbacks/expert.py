"""The buttons of /expert and /slots: only ids and codes, each checked again on the server
when pressed (the member owns the booking, the slot is still free, the expert owns the slot)."""

from typing import Annotated, Literal

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

from bot.ui.callbacks.bounds import RowId, RowIdOrNone


class ExpertPickCb(CallbackData, prefix="xpick"):
    expert_id: RowIdOrNone
    booking_id: RowIdOrNone = 0  # a booking being moved, or 0 for a new one


class ExpertSlotCb(CallbackData, prefix="xslot"):
    slot_id: RowId
    booking_id: RowIdOrNone = 0


class ExpertBookCb(CallbackData, prefix="xbook"):
    slot_id: RowId
    booking_id: RowIdOrNone = 0


class ExpertBackCb(CallbackData, prefix="xback"):
    booking_id: RowIdOrNone = 0


class ExpertBookingCb(CallbackData, prefix="xbkg"):
    booking_id: RowId
    action: Literal["cancel", "cancel_yes", "keep", "move"]


class ExpertRateCb(CallbackData, prefix="xrate"):
    booking_id: RowId
    score: Annotated[int, Field(ge=1, le=5)]


class SlotAddCb(CallbackData, prefix="slotadd"):
    go: Annotated[int, Field(ge=1, le=1)] = 1


class SlotRemoveCb(CallbackData, prefix="slotrm"):
    slot_id: RowId


class SlotMeetingCb(CallbackData, prefix="slotmeet"):
    """/slots: how the expert meets. ``kind`` "ask" (the choices), "place", "video", "chat"."""

    kind: Literal["ask", "place", "video", "chat"]
