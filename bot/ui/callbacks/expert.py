"""The buttons of /expert and /slots: only ids and codes, each checked again on the server
when pressed (the member owns the booking, the slot is still free, the expert owns the slot)."""

from aiogram.filters.callback_data import CallbackData


class ExpertPickCb(CallbackData, prefix="xpick"):
    expert_id: int
    booking_id: int = 0  # a booking being moved, or 0 for a new one


class ExpertSlotCb(CallbackData, prefix="xslot"):
    slot_id: int
    booking_id: int = 0


class ExpertBookCb(CallbackData, prefix="xbook"):
    slot_id: int
    booking_id: int = 0


class ExpertBackCb(CallbackData, prefix="xback"):
    booking_id: int = 0


class ExpertBookingCb(CallbackData, prefix="xbkg"):
    booking_id: int
    action: str  # "cancel" | "cancel_yes" | "keep" | "move"


class ExpertRateCb(CallbackData, prefix="xrate"):
    booking_id: int
    score: int


class SlotAddCb(CallbackData, prefix="slotadd"):
    go: int = 1


class SlotRemoveCb(CallbackData, prefix="slotrm"):
    slot_id: int


class SlotMeetingCb(CallbackData, prefix="slotmeet"):
    """/slots: how the expert meets. ``kind`` "ask" (the choices), "place", "video", "chat"."""

    kind: str
