"""What the free expert hour tells each side through the outbox, in each person's language:
confirmations carrying a calendar file (.ics, built by `bot.ui.calendar`), moves and
cancellations — each the answer to an event the expert services recorded
(`bot.services.expert.events`), run by the unit of work before its commit, so the rows leave
only if the change commits; their keys make a repeat a no-op. Reminders and the feedback
request are timed notices, worded here when they fall due."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.capability import Due
from bot.i18n import speak
from bot.services import expert
from bot.services.expert import (
    BookingView,
    ExpertGone,
    HourBooked,
    HourCancelledByMember,
    HourFreedByErasure,
    HourMoved,
)
from bot.ui.calendar import calendar_file as ics_file
from bot.ui.keyboards import expert as expert_keyboards
from bot.ui.texts import expert as expert_texts
from bot.ui.texts import expert as texts
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork

CALENDAR_FILE = "free-hour.ics"


def calendar_file(view: BookingView, *, now: datetime, for_expert: bool,
                  domain: str = "cohesionmakers") -> bytes:
    """The booked hour as an event, in the language in use; a moved booking keeps its UID and
    raises SEQUENCE, so calendars update the event instead of adding one."""
    return ics_file(
        uid=f"expert-booking-{view.id}@{domain}", start=view.slot.starts_at,
        end=view.slot.ends_at, now=now, prodid="-//Cohesion Makers//expert hour//IT",
        summary=(texts.ics_title_for_expert(view) if for_expert
                 else texts.ics_title_for_member(view)),
        description=" ".join(filter(None, (texts.ics_description(), texts.ics_meeting(view)))),
        location=view.meeting.place if view.meeting else None,
        url=view.meeting.link if view.meeting else None, sequence=view.revision - 1,
        cancelled=view.status == "cancelled", method="PUBLISH")


def document(key: str, chat_id: int, caption: str, content: bytes,
             filename: str = CALENDAR_FILE, markup: dict[str, Any] | None = None) -> OutboxItem:
    """An outbox row sending a file (``sendDocument``): its bytes travel base64 in the row."""
    payload: dict[str, Any] = {"document": base64.b64encode(content).decode("ascii"),
                               "filename": filename, "caption": caption, "parse_mode": "HTML"}
    if markup is not None:
        payload["reply_markup"] = markup
    return OutboxItem(key=key, chat_id=chat_id, method="sendDocument", payload=payload)


def _write_to_other(view: BookingView, *, for_expert: bool) -> dict[str, Any] | None:
    """The button that opens the private chat with the other side, as Bot API JSON."""
    other = view.member if for_expert else view.expert
    markup = expert_keyboards.write_to(other.telegram_id, other.name)
    return expert_keyboards.as_json(markup) if markup is not None else None


def _confirmation(view: BookingView, now: datetime, *, for_expert: bool, caption: str
                  ) -> OutboxItem | None:
    person = view.expert if for_expert else view.member
    if person.telegram_id is None:
        return None
    side = "expert" if for_expert else "member"
    return document(f"expert-booked:{view.id}:r{view.revision}:{side}:{person.telegram_id}",
                    person.telegram_id, caption,
                    calendar_file(view, now=now, for_expert=for_expert),
                    markup=_write_to_other(view, for_expert=for_expert))


async def _enqueue(uow: UnitOfWork, items: list[OutboxItem | None], now: datetime) -> int:
    return await uow.outbox.enqueue_many([i for i in items if i is not None], now=now)


async def on_booked(uow: UnitOfWork, event: HourBooked) -> None:
    """Both sides: a confirmation with the calendar file."""
    view, now = event.booking, event.now
    items: list[OutboxItem | None] = []
    with speak(view.member.language):
        items.append(_confirmation(view, now, for_expert=False,
                                   caption=texts.member_confirmation(view)))
    with speak(view.expert.language):
        items.append(_confirmation(view, now, for_expert=True,
                                   caption=texts.expert_confirmation(view)))
    await _enqueue(uow, items, now)


async def on_moved(uow: UnitOfWork, event: HourMoved) -> None:
    """The member and the (new) expert get the updated calendar file; an expert left behind is
    told their hour is free again."""
    before, after, now = event.before, event.after, event.now
    items: list[OutboxItem | None] = []
    with speak(after.member.language):
        items.append(_confirmation(after, now, for_expert=False,
                                   caption=texts.member_moved(after)))
    same = before.expert.telegram_id == after.expert.telegram_id
    with speak(after.expert.language):
        items.append(_confirmation(after, now, for_expert=True, caption=(
            texts.expert_moved_in(after) if same else texts.expert_confirmation(after))))
    if not same:
        items.append(_freed(before, now))
    await _enqueue(uow, items, now)


def _freed(view: BookingView, now: datetime) -> OutboxItem | None:
    if view.expert.telegram_id is None:
        return None
    with speak(view.expert.language):
        text = texts.expert_freed(view)
    return OutboxItem(key=f"expert-freed:{view.id}:r{view.revision}:{view.expert.telegram_id}",
                      chat_id=view.expert.telegram_id, text=text)


async def on_hour_freed(uow: UnitOfWork,
                        event: HourCancelledByMember | HourFreedByErasure) -> None:
    """The expert hears their hour is free again (a cancellation, or the member's erasure)."""
    await _enqueue(uow, [_freed(event.booking, event.now)], event.now)


async def on_expert_gone(uow: UnitOfWork, event: ExpertGone) -> None:
    """The member hears the expert is gone, and that the free hour is theirs again; an expert
    who erased their data is not named."""
    view = event.booking
    if view.member.telegram_id is None:
        return
    with speak(view.member.language):
        text = (texts.member_cancelled_expert_erased(view) if event.erased
                else texts.member_cancelled_by_expert(view))
    await _enqueue(uow, [OutboxItem(
        key=f"expert-cancelled:{view.id}:r{view.revision}:{view.member.telegram_id}",
        chat_id=view.member.telegram_id, text=text)], event.now)


async def expert_reminders(uow: UnitOfWork, notices: Sequence[Due], now: datetime
                            ) -> dict[int, list[OutboxItem]]:
    """A day and an hour before, to the member and to the expert, each in their language; none
    for a booking cancelled or moved since (its revision moved on)."""
    fanned: dict[int, list[OutboxItem]] = {}
    for notice, params in notices:
        found = await expert.reminder_for(uow, params)
        items = []
        if found is not None:
            view, minutes = found
            for person, word, for_expert in (
                    (view.member, expert_texts.member_reminder, False),
                    (view.expert, expert_texts.expert_reminder, True)):
                if person.telegram_id is None:
                    continue
                with speak(person.language):
                    text = word(view, minutes)
                    markup = _write_to_other(view, for_expert=for_expert)
                items.append(OutboxItem(key=f"notice:{notice.id}:{person.telegram_id}",
                                        chat_id=person.telegram_id, text=text,
                                        payload={"reply_markup": markup} if markup else None))
        fanned[notice.id] = items
    return fanned


async def expert_feedback(uow: UnitOfWork, notices: Sequence[Due], now: datetime
                           ) -> dict[int, list[OutboxItem]]:
    """When the hour is over, the member is asked how it went: one tap, 1 to 5."""
    fanned: dict[int, list[OutboxItem]] = {}
    for notice, params in notices:
        view = await expert.feedback_for(uow, params)
        items = []
        if view is not None and view.member.telegram_id is not None:
            with speak(view.member.language):
                text = expert_texts.feedback_request(view)
                markup = expert_keyboards.as_json(expert_keyboards.feedback(view))
            items.append(OutboxItem(key=f"notice:{notice.id}:{view.member.telegram_id}",
                                    chat_id=view.member.telegram_id, text=text,
                                    payload={"reply_markup": markup}))
        fanned[notice.id] = items
    return fanned
