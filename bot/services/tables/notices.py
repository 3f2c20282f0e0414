"""What a table's timed notices send when they fall due: a reminder before it (to its group and
to those coming), and the minutes reminder to its designer a day after — or nothing, when the
table was cancelled or has moved on since (its revision tells)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.services.tables.common import (
    Recipient,
    TableView,
    announcement,
    confirmed_and_waiting,
    languages_of,
    view,
)
from storage.models import TableStatus, TerritorialTable
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class Reminder:
    table: TableView
    minutes: int
    recipients: tuple[Recipient, ...]


async def _still_due(uow: UnitOfWork, params: dict[str, Any]) -> TerritorialTable | None:
    try:
        table_id, revision = int(params["table_id"]), int(params["revision"])
    except (KeyError, TypeError, ValueError):
        return None
    table = await uow.tables.get(table_id)
    if table is None or table.status != TableStatus.SCHEDULED.value or (
            table.revision != revision):
        return None
    return table


async def reminder_for(uow: UnitOfWork, params: dict[str, Any]) -> Reminder | None:
    """What a released reminder sends, or None: the table is gone, cancelled or has moved on."""
    table = await _still_due(uow, params)
    if table is None or table.id is None:
        return None
    told = await announcement(uow, table_id=table.id)
    confirmed, _ = confirmed_and_waiting(await uow.tables.rsvps(table.id), table.capacity)
    languages = await languages_of(uow, confirmed)
    recipients = ([told.group] if told.group else []) + [
        Recipient(t, languages[t]) for t in confirmed if t in languages]
    return Reminder(told.table, int(params.get("minutes", 0)), tuple(recipients))


async def minutes_reminder_for(uow: UnitOfWork, params: dict[str, Any]
                               ) -> tuple[TableView, Recipient] | None:
    """The designer who set the table, if it took place and has no minutes a day later."""
    table = await _still_due(uow, params)
    if table is None or table.id is None or table.created_by is None:
        return None
    if await uow.tables.minutes(table.id) is not None:
        return None
    languages = await languages_of(uow, [table.created_by])
    if table.created_by not in languages:
        return None
    return await view(uow, table), Recipient(table.created_by, languages[table.created_by])
