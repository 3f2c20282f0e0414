"""A designer's side of a table: setting it, moving it, cancelling it, its reminder times —
and the next meeting of a recurring one, set by the scheduler.

Reminders are scheduled notices (kind ``table_reminder``, keys ``table:<id>:...``, see
``bot.services.reminders``) for the table's revision: moving a table or changing its reminder
times bumps the revision, drops the pending ones and schedules new ones; cancelling drops them;
the release checks the status and revision again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from bot.services import reminders
from bot.services.roles import NotAllowed, require
from bot.services.tables.common import (
    MAX_AGENDA,
    MAX_PLACE,
    MINUTES_KIND,
    REMINDER_KIND,
    TableDraft,
    TableProblem,
    TableView,
    designed,
    get_table,
    reminder_minutes,
    view,
)
from bot.services.tables.events import (
    NextMeetingCreated,
    TableCancelled,
    TableCreated,
    TableMoved,
)
from domain.tables import Recurrence, next_dates
from storage.models import RoleName, TableStatus, TerritorialTable
from storage.repositories.table import reminder_key_prefix
from storage.uow import UnitOfWork

MINUTES_AFTER = timedelta(days=1)


def _check_draft(draft: TableDraft, now: datetime) -> None:
    if draft.starts_at <= now:
        raise TableProblem("past")
    if not draft.place.strip() or len(draft.place) > MAX_PLACE:
        raise TableProblem("bad_place")
    if len(draft.agenda) > MAX_AGENDA:
        raise TableProblem("bad_agenda")
    if draft.capacity is not None and not 1 <= draft.capacity <= 10000:
        raise TableProblem("bad_capacity")
    if draft.recurrence not in ("none", "weekly", "monthly"):
        raise TableProblem("bad_recurrence")


async def _schedule_reminders(uow: UnitOfWork, table: TerritorialTable, now: datetime) -> int:
    """The table's reminders for its revision, and the minutes reminder a day after it."""
    assert table.id is not None
    prefix = reminder_key_prefix(table.id)
    added = await reminders.schedule(
        uow, now=now, prefix=prefix, revision=table.revision, kind=REMINDER_KIND,
        params={"table_id": table.id}, starts_at=table.starts_at,
        minutes_before=reminder_minutes(table))
    await uow.notices.schedule(
        key=f"{prefix}m{table.revision}", kind=MINUTES_KIND,
        params={"table_id": table.id, "revision": table.revision},
        due_at=table.starts_at + MINUTES_AFTER, expires_at=None)
    return added


async def _drop_reminders(uow: UnitOfWork, table_id: int, now: datetime, note: str) -> None:
    await reminders.drop(uow, now=now, prefix=reminder_key_prefix(table_id), note=note)


async def create_table(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                       draft: TableDraft) -> TableView:
    """A designer of the team sets a table; its reminders are scheduled and its announcement
    told in the same transaction."""
    await require(uow, telegram_id=telegram_id, role=RoleName.DESIGNER, team_id=draft.team_id)
    if await uow.teams.get(draft.team_id) is None:
        raise NotAllowed(f"no team {draft.team_id}")
    _check_draft(draft, now)
    table = await uow.tables.add(TerritorialTable(
        team_id=draft.team_id, starts_at=draft.starts_at, place=draft.place.strip(),
        agenda=draft.agenda.strip(), capacity=draft.capacity, recurrence=draft.recurrence,
        reminders=",".join(str(m) for m in draft.reminders), status=TableStatus.SCHEDULED.value,
        revision=1, created_by=telegram_id, created_at=now, updated_at=now))
    await _schedule_reminders(uow, table, now)
    assert table.id is not None
    uow.emit(TableCreated(table.id, now, by=telegram_id))
    return await view(uow, table)


async def move_table(uow: UnitOfWork, *, now: datetime, telegram_id: int, table_id: int,
                     starts_at: datetime) -> TableView:
    """A new time: the revision moves on, the old reminders are dropped, new ones scheduled,
    and the table announced again."""
    table = await designed(uow, telegram_id, table_id)
    if table.status == TableStatus.CANCELLED.value:
        raise TableProblem("cancelled")
    if starts_at <= now:
        raise TableProblem("past")
    await _drop_reminders(uow, table_id, now, "table moved")
    moved_from = table.starts_at
    table.starts_at = starts_at
    table.revision += 1
    table.updated_at = now
    await uow.session.flush()
    await _schedule_reminders(uow, table, now)
    uow.emit(TableMoved(table_id, moved_from, now, by=telegram_id))
    return await view(uow, table)


async def cancel_table(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                       table_id: int) -> TableView:
    """The table will not take place: its reminders are dropped, its group and members told."""
    table = await designed(uow, telegram_id, table_id)
    if table.status == TableStatus.CANCELLED.value:
        raise TableProblem("cancelled")
    await _drop_reminders(uow, table_id, now, "table cancelled")
    table.status = TableStatus.CANCELLED.value
    table.updated_at = now
    await uow.session.flush()
    uow.emit(TableCancelled(table_id, now, by=telegram_id))
    return await view(uow, table)


async def set_reminders(uow: UnitOfWork, *, now: datetime, telegram_id: int, table_id: int,
                        minutes_before: Sequence[int]) -> TableView:
    """The designer's own reminder times (minutes before the start) replace the scheduled ones."""
    table = await designed(uow, telegram_id, table_id)
    if table.status == TableStatus.CANCELLED.value:
        raise TableProblem("cancelled")
    if table.starts_at <= now:
        raise TableProblem("past")
    kept = sorted({int(m) for m in minutes_before if 0 < int(m) <= 60 * 24 * 30}, reverse=True)
    if not kept:
        raise TableProblem("bad_reminders")
    await _drop_reminders(uow, table_id, now, "reminders changed")
    table.reminders = ",".join(str(m) for m in kept)
    table.revision += 1
    table.updated_at = now
    await uow.session.flush()
    await _schedule_reminders(uow, table, now)
    return await view(uow, table)


async def following_dates(uow: UnitOfWork, *, table_id: int, count: int = 3) -> list[datetime]:
    table = await get_table(uow, table_id)
    return next_dates(table.starts_at, Recurrence(table.recurrence), count)  # type: ignore[arg-type]


async def create_next_occurrences(uow: UnitOfWork, *, now: datetime) -> list[int]:
    """For each scheduled recurring table whose time has passed and that nothing follows yet,
    the next meeting of the series at the rule's first date still ahead: same team, place,
    agenda, capacity, rule and reminder times, its reminders scheduled. A cancelled table ends
    its series. Returns the new tables' ids (each announced like a new table)."""
    created: list[int] = []
    for table in await uow.tables.recurring_without_next(now=now):
        assert table.id is not None
        rule = Recurrence(table.recurrence)  # type: ignore[arg-type]
        ahead = [d for d in next_dates(table.starts_at, rule, 60) if d > now]
        if not ahead:
            continue
        follower = await uow.tables.add(TerritorialTable(
            team_id=table.team_id, starts_at=ahead[0].astimezone(UTC), place=table.place,
            agenda=table.agenda, capacity=table.capacity, recurrence=table.recurrence,
            reminders=table.reminders, status=TableStatus.SCHEDULED.value, revision=1,
            created_by=table.created_by, follows_id=table.id, created_at=now, updated_at=now))
        await _schedule_reminders(uow, follower, now)
        assert follower.id is not None
        uow.emit(NextMeetingCreated(follower.id, table.id, now))
        created.append(follower.id)
    return created
