"""What tables say on their own: reminders before a meeting, the minutes reminder to the
designer, the announcement of the next meeting of a recurring table."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from bot.capability import Due
from bot.i18n import speak
from bot.services import tables
from bot.ui.keyboards import tables as tables_keyboards
from bot.ui.texts import tables as tables_texts
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


async def table_reminders(uow: UnitOfWork, notices: Sequence[Due], now: datetime
                           ) -> dict[int, list[OutboxItem]]:
    """A table's reminder to its group and to those coming; none for a cancelled or moved one
    (its reminders were dropped; one that slipped through finds the revision moved on)."""
    fanned: dict[int, list[OutboxItem]] = {}
    for notice, params in notices:
        reminder = await tables.reminder_for(uow, params)
        items = []
        for recipient in reminder.recipients if reminder else ():
            assert reminder is not None
            with speak(recipient.language):
                text = tables_texts.reminder(reminder.table, reminder.minutes)
            items.append(OutboxItem(key=f"notice:{notice.id}:{recipient.chat_id}",
                                    chat_id=recipient.chat_id, text=text))
        fanned[notice.id] = items
    return fanned


async def table_minutes_due(uow: UnitOfWork, notices: Sequence[Due], now: datetime
                             ) -> dict[int, list[OutboxItem]]:
    """A day after a table, its designer is reminded if no minutes were written."""
    fanned: dict[int, list[OutboxItem]] = {}
    for notice, params in notices:
        found = await tables.minutes_reminder_for(uow, params)
        items = []
        if found is not None:
            view, recipient = found
            with speak(recipient.language):
                text = tables_texts.minutes_reminder(view)
            items.append(OutboxItem(key=f"notice:{notice.id}:{recipient.chat_id}",
                                    chat_id=recipient.chat_id, text=text))
        fanned[notice.id] = items
    return fanned


async def next_recurring_tables(uow: UnitOfWork, *, now: datetime) -> int:
    """Each recurring table whose time has passed gets its next meeting, once (a table follows
    at most one other), announced like a new table in the group's and members' languages."""
    created = await tables.create_next_occurrences(uow, now=now)
    items: list[OutboxItem] = []
    for table_id in created:
        told = await tables.announcement(uow, table_id=table_id)
        view = told.table
        for recipient in ([told.group] if told.group else []) + list(told.members):
            with speak(recipient.language):
                text = tables_texts.announcement(view)
                markup = tables_keyboards.as_json(tables_keyboards.rsvp(view))
            items.append(OutboxItem(
                key=f"table-announce:{view.id}:r{view.revision}:{recipient.chat_id}",
                chat_id=recipient.chat_id, text=text, payload={"reply_markup": markup}))
    await uow.outbox.enqueue_many(items, now=now)
    if created:
        log.info("recurring tables: %d next meetings set", len(created))
    return len(created)
