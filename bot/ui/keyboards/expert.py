"""The buttons of /expert and /slots, built directly (see bot.ui.keyboards.grid)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.services.expert import FEEDBACK_SCORES, BookingView, ExpertView, SlotView
from bot.ui.callbacks.expert import (
    ExpertBackCb,
    ExpertBookCb,
    ExpertBookingCb,
    ExpertPickCb,
    ExpertRateCb,
    ExpertSlotCb,
    SlotAddCb,
    SlotMeetingCb,
    SlotRemoveCb,
)
from bot.ui.keyboards.grid import button, rows
from bot.ui.texts import expert as texts

MAX_SLOTS_SHOWN = 12


def as_json(markup: InlineKeyboardMarkup) -> dict[str, Any]:
    return markup.model_dump(exclude_none=True)


def experts(found: Sequence[ExpertView], *, booking_id: int = 0) -> InlineKeyboardMarkup:
    return rows([button(texts.expert_button(e), ExpertPickCb(expert_id=e.id, booking_id=booking_id))
                 for e in found], 1)


def slots(found: Sequence[SlotView], *, booking_id: int = 0) -> InlineKeyboardMarkup:
    buttons = [button(texts.short_when(s.starts_at), ExpertSlotCb(slot_id=s.id,
                                                                  booking_id=booking_id))
               for s in found[:MAX_SLOTS_SHOWN]]
    markup = rows(buttons, 2)
    markup.inline_keyboard.append([button(texts.button_back(),
                                          ExpertBackCb(booking_id=booking_id))])
    return markup


def confirm(slot: SlotView, *, booking_id: int = 0) -> InlineKeyboardMarkup:
    label = texts.button_move_here() if booking_id else texts.button_book()
    return rows([button(label, ExpertBookCb(slot_id=slot.id, booking_id=booking_id)),
                 button(texts.button_other_hours(),
                        # an offered hour always has its expert (0 would be refused)
                        ExpertPickCb(expert_id=slot.expert_id or 0, booking_id=booking_id))], 1)


def booking(view: BookingView) -> InlineKeyboardMarkup:
    return rows([button(texts.button_move(), ExpertBookingCb(booking_id=view.id, action="move")),
                 button(texts.button_cancel(), ExpertBookingCb(booking_id=view.id,
                                                               action="cancel"))], 2)


def cancel_confirm(view: BookingView) -> InlineKeyboardMarkup:
    return rows([button(texts.button_cancel_yes(),
                        ExpertBookingCb(booking_id=view.id, action="cancel_yes")),
                 button(texts.button_keep(), ExpertBookingCb(booking_id=view.id, action="keep"))],
                2)


def feedback(view: BookingView) -> InlineKeyboardMarkup:
    return rows([button(str(score), ExpertRateCb(booking_id=view.id, score=score))
                 for score in FEEDBACK_SCORES], 5)


def my_slots(found: Sequence[SlotView]) -> InlineKeyboardMarkup:
    removable = [button(texts.button_remove_slot(s), SlotRemoveCb(slot_id=s.id))
                 for s in found if s.booking_id is None]
    markup = rows(removable, 2)
    markup.inline_keyboard.append([button(texts.button_add_slot(), SlotAddCb()),
                                   button(texts.button_meeting(), SlotMeetingCb(kind="ask"))])
    return markup


def meeting_kinds() -> InlineKeyboardMarkup:
    return rows([button(texts.button_meeting_place(), SlotMeetingCb(kind="place")),
                 button(texts.button_meeting_video(), SlotMeetingCb(kind="video")),
                 button(texts.button_meeting_chat(), SlotMeetingCb(kind="chat"))], 1)


def write_to(telegram_id: int | None, name: str) -> InlineKeyboardMarkup | None:
    """A button that opens the private chat with the other person (``tg://user``: Telegram
    opens their profile; no phone number is ever shown or asked). None for someone erased."""
    if telegram_id is None:
        return None
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(
        text=texts.button_write_to(name), url=f"tg://user?id={int(telegram_id)}")]])


def with_write_to(markup: InlineKeyboardMarkup | None, telegram_id: int | None,
                  name: str) -> InlineKeyboardMarkup | None:
    """``markup`` with the write-to button added under it."""
    contact = write_to(telegram_id, name)
    if contact is None or markup is None:
        return markup or contact
    return InlineKeyboardMarkup(inline_keyboard=[*markup.inline_keyboard,
                                                 *contact.inline_keyboard])
