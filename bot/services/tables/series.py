"""A recurring table's series, as its designer steers it: skip one meeting (a holiday) and let
the series go on, cancel a meeting and end the series there, restart a series that ended — and
change a table's place, agenda or places after it was announced.

A skipped meeting keeps its row (status ``skipped``): its reminders are dropped, nobody can
answer it, and when its time passes the scheduler sets the next meeting as for any other
(``create_next_occurrences``). An ended series is a recurring table cancelled with nothing
following it; restarting it sets its next meeting at the rule's first date still ahead,
following it (so a series stays one chain).

Every use case checks again that the person designs the table's team (buttons can be forged).
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.services.tables.common import (
    MAX_AGENDA,
    MAX_PLACE,
    Recipient,
    TableProblem,
    TableView,
    confirmed_and_waiting,
    designed,
    get_table,
    languages_of,
    view,
)
from bot.services.tables.designing import _drop_reminders, _schedule_reminders
from bot.services.tables.events import (
    MeetingSkipped,
    PromotedFromWaitingList,
    SeriesEnded,
    SeriesRestarted,
    TableEdited,
)
from domain.tables import Recurrence, next_dates
from storage.models import TableStatus, TerritorialTable
from storage.uow import UnitOfWork

UNSET = -1
"""``edit_table``'s capacity when it is not changed (None is "no limit")."""


async def _ahead(uow: UnitOfWork, telegram_id: int, table_id: int,
                 now: datetime) -> TerritorialTable:
    """A table of the person's team still to come and scheduled."""
    table = await designed(uow, telegram_id, table_id)
    if table.status == TableStatus.SKIPPED.value:
        raise TableProblem("skipped")
    if table.status != TableStatus.SCHEDULED.value:
        raise TableProblem("cancelled")
    if table.starts_at <= now:
        raise TableProblem("past")
    return table


async def _recurring_ahead(uow: UnitOfWork, telegram_id: int, table_id: int,
                           now: datetime) -> TerritorialTable:
    table = await _ahead(uow, telegram_id, table_id, now)
    if table.recurrence == "none":
        raise TableProblem("not_recurring")
    return table


def next_after(table: TerritorialTable, now: datetime) -> datetime | None:
    """The series' first date after this meeting that is still ahead of ``now``."""
    rule = Recurrence(table.recurrence)  # type: ignore[arg-type]
    ahead = [d for d in next_dates(table.starts_at, rule, 60) if d > now]
    return ahead[0].astimezone(UTC) if ahead else None


async def skip_meeting(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                       table_id: int) -> tuple[TableView, datetime | None]:
    """This meeting will not take place; the series goes on. Returns the table and the date
    of the series' next meeting."""
    table = await _recurring_ahead(uow, telegram_id, table_id, now)
    await _drop_reminders(uow, table_id, now, "meeting skipped")
    table.status = TableStatus.SKIPPED.value
    table.updated_at = now
    await uow.session.flush()
    uow.emit(MeetingSkipped(table_id, telegram_id, now))
    return await view(uow, table), next_after(table, now)


async def end_series(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                     table_id: int) -> TableView:
    """This meeting is cancelled and the series ends with it (it can be restarted)."""
    table = await _recurring_ahead(uow, telegram_id, table_id, now)
    await _drop_reminders(uow, table_id, now, "series ended")
    table.status = TableStatus.CANCELLED.value
    table.updated_at = now
    await uow.session.flush()
    uow.emit(SeriesEnded(table_id, telegram_id, now))
    return await view(uow, table)


async def ended_series(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                       table_id: int) -> tuple[TableView, datetime]:
    """A series that ended with this table, and the date it would restart on
    (``TableProblem("not_ended")`` when it did not end here)."""
    table = await designed(uow, telegram_id, table_id)
    if (table.recurrence == "none" or table.status != TableStatus.CANCELLED.value
            or table_id in await uow.tables.followed([table_id])):
        raise TableProblem("not_ended")
    restart_at = next_after(table, now)
    if restart_at is None:
        raise TableProblem("not_ended")
    return await view(uow, table), restart_at


async def restart_series(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                         table_id: int) -> TableView:
    """The series starts again at its rule's first date still ahead: same team, place,
    agenda, places, rule and reminder times, following the meeting that ended it."""
    _ended, starts_at = await ended_series(uow, now=now, telegram_id=telegram_id,
                                           table_id=table_id)
    table = await designed(uow, telegram_id, table_id)
    restarted = await uow.tables.add(TerritorialTable(
        team_id=table.team_id, starts_at=starts_at, place=table.place, agenda=table.agenda,
        capacity=table.capacity, recurrence=table.recurrence, reminders=table.reminders,
        status=TableStatus.SCHEDULED.value, revision=1, created_by=telegram_id,
        follows_id=table_id, created_at=now, updated_at=now))
    await _schedule_reminders(uow, restarted, now)
    assert restarted.id is not None
    uow.emit(SeriesRestarted(restarted.id, table_id, telegram_id, now))
    return await view(uow, restarted)


async def editable(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                   table_id: int) -> TableView:
    """A table its designer may still change (scheduled, ahead)."""
    return await view(uow, await _ahead(uow, telegram_id, table_id, now))


async def edit_table(uow: UnitOfWork, *, now: datetime, telegram_id: int, table_id: int,
                     place: str | None = None, agenda: str | None = None,
                     capacity: int | None = UNSET) -> TableView:
    """A new place, agenda or number of places for a table already announced. Places cannot
    fall below the "yes" already counted in (``TableProblem("capacity_below_yes")``); more
    places move people up from the waiting list, who are told."""
    table = await _ahead(uow, telegram_id, table_id, now)
    changed: list[str] = []
    old_place = table.place
    if place is not None:
        if not place.strip() or len(place) > MAX_PLACE:
            raise TableProblem("bad_place")
        if place.strip() != table.place:
            table.place = place.strip()
            changed.append("place")
    if agenda is not None:
        if len(agenda) > MAX_AGENDA:
            raise TableProblem("bad_agenda")
        if agenda.strip() != table.agenda:
            table.agenda = agenda.strip()
            changed.append("agenda")
    promoted: tuple[int, ...] = ()
    if capacity != UNSET and capacity != table.capacity:
        if capacity is not None and not 1 <= capacity <= 10000:
            raise TableProblem("bad_capacity")
        rows = await uow.tables.rsvps(table_id)
        before, _ = confirmed_and_waiting(rows, table.capacity)
        if capacity is not None and capacity < len(before):
            raise TableProblem("capacity_below_yes")
        after, _ = confirmed_and_waiting(rows, capacity)
        promoted = tuple(t for t in after if t not in before)
        table.capacity = capacity
        changed.append("capacity")
    if changed:
        table.updated_at = now
        await uow.session.flush()
        uow.emit(TableEdited(table_id, tuple(changed), old_place, telegram_id, now))
    if promoted:
        uow.emit(PromotedFromWaitingList(table_id, promoted, now))
    return await view(uow, table)


async def coming_to(uow: UnitOfWork, *, table_id: int) -> tuple[TableView, list[Recipient]]:
    """The table and those who said yes to it (counted in or waiting), reachable, each in
    their language: they are told when its place changes."""
    table = await get_table(uow, table_id)
    yes = [r.member_telegram_id for r in await uow.tables.rsvps(table_id)
           if r.answer == "yes" and r.member_telegram_id]
    languages = await languages_of(uow, yes)
    return await view(uow, table), [Recipient(t, languages[t]) for t in yes if t in languages]
