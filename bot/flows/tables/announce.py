"""A table announced — set, moved or cancelled — in the team's linked group (the group's
language) and to its reachable members (theirs), through the outbox in the update's unit of
work: it goes out only if the table is committed, and nothing is lost if Telegram is down.

The group message's id is learnt when someone presses one of its RSVP buttons (the callback
carries it; see ``services.tables.remember_group_message``), so its counts can be edited in
place from then on.
"""

from __future__ import annotations

from datetime import datetime

from bot.i18n import speak
from bot.services import tables
from bot.services.tables import Announcement, Recipient, TableView
from bot.ui.keyboards import tables as keyboards
from bot.ui.texts import tables as texts
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork


def _recipients(told: Announcement) -> list[tuple[str, Recipient]]:
    found = [("group", told.group)] if told.group else []
    return found + [("member", r) for r in told.members]


async def announce(uow: UnitOfWork, table_id: int, *, now: datetime,
                   moved_from: datetime | None = None) -> Announcement:
    told = await tables.announcement(uow, table_id=table_id)
    view = told.table
    items = []
    for _kind, recipient in _recipients(told):
        with speak(recipient.language):
            text = texts.announcement(view, moved_from=moved_from)
            markup = keyboards.as_json(keyboards.rsvp(view))
        items.append(OutboxItem(key=f"table-announce:{view.id}:r{view.revision}:"
                                    f"{recipient.chat_id}",
                                chat_id=recipient.chat_id, text=text,
                                payload={"reply_markup": markup}))
    await uow.outbox.enqueue_many(items, now=now)
    return told


async def announce_cancelled(uow: UnitOfWork, table_id: int, *, now: datetime) -> None:
    told = await tables.announcement(uow, table_id=table_id)
    items = []
    for _kind, recipient in _recipients(told):
        with speak(recipient.language):
            text = texts.cancelled_notice(told.table)
        items.append(OutboxItem(key=f"table-cancelled:{told.table.id}:{recipient.chat_id}",
                                chat_id=recipient.chat_id, text=text))
    await uow.outbox.enqueue_many(items, now=now)


async def tell_promoted(uow: UnitOfWork, view: TableView, promoted: tuple[int, ...], *,
                        now: datetime) -> None:
    languages = await tables.languages_of(uow, promoted)
    items = []
    for telegram_id, language in languages.items():
        with speak(language):
            text = texts.promoted(view)
        items.append(OutboxItem(key=f"table-promoted:{view.id}:{telegram_id}:"
                                    f"{int(now.timestamp())}", chat_id=telegram_id, text=text))
    await uow.outbox.enqueue_many(items, now=now)
