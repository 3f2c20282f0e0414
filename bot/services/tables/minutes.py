"""A table's minutes, written once by a designer of its team after it took place: who came
(first drafted from the answers), what was decided, notes; a decision may become a need."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.services.tables.common import (
    TableProblem,
    TableView,
    confirmed_and_waiting,
    designed,
    view,
    view_of,
)
from bot.services.tables.events import MinutesWritten
from storage.models import TableMinutes, TableStatus, TerritorialTable
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class MinutesView:
    table: TableView
    attendance: tuple[str, ...]
    decisions: tuple[str, ...]
    notes: str


async def attendance_guess(uow: UnitOfWork, *, telegram_id: int, table_id: int) -> list[str]:
    """The names of those who said yes (and were not waiting): the minutes' first draft."""
    table = await designed(uow, telegram_id, table_id)
    confirmed, _ = confirmed_and_waiting(await uow.tables.rsvps(table_id), table.capacity)
    names = []
    for t in confirmed:
        member = await uow.members.by_telegram_id(t)
        if member is not None and member.display_name:
            names.append(member.display_name)
    return names


async def minutes_candidates(uow: UnitOfWork, *, now: datetime, telegram_id: int
                             ) -> list[TableView]:
    """The tables that took place, of teams the person designs, without minutes yet."""
    team_ids = [t.id for t in await uow.teams.designed_by(telegram_id) if t.id is not None]
    found = []
    for table in await uow.tables.of_teams(team_ids):
        assert table.id is not None
        if (table.status == TableStatus.SCHEDULED.value and table.starts_at <= now
                and await uow.tables.minutes(table.id) is None):
            found.append(await view(uow, table))
    return found


async def _attendees(uow: UnitOfWork, table: TerritorialTable,
                     attendance: Sequence[str]) -> list[int | None]:
    """Who each name of the attendance is, told while the names are the ones the bot knows:
    the people who answered the table (those coming first, in order), then its team's
    designers and members. Each person is one entry at most; a name that is nobody's here is
    None. Kept with the minutes, so erasing a person finds their entry by who it was."""
    assert table.id is not None
    rows = await uow.tables.rsvps(table.id)
    confirmed, waiting = confirmed_and_waiting(rows, table.capacity)
    answered = [*confirmed, *waiting, *(r.member_telegram_id for r in rows
                                        if r.answer != "yes" and r.member_telegram_id)]
    people: list[tuple[int, str]] = []
    for telegram_id in answered:
        member = await uow.members.by_telegram_id(telegram_id)
        if member is not None and member.display_name:
            people.append((telegram_id, member.display_name))
    for member in [*await uow.teams.designers(table.team_id),
                   *await uow.teams.members(table.team_id)]:
        if member.display_name:
            people.append((member.telegram_id, member.display_name))
    found: list[int | None] = []
    for name in attendance:
        key = name.strip().casefold()
        who = next((t for t, n in people if n.strip().casefold() == key and t not in found),
                   None)
        found.append(who)
    return found


async def write_minutes(uow: UnitOfWork, *, now: datetime, telegram_id: int, table_id: int,
                        attendance: Sequence[str], decisions: Sequence[str], notes: str,
                        language: str) -> MinutesView:
    """The minutes, once, after the table took place; posted to the team's group. `language`
    is the one they were written in (the mark of an erased attendee is worded in it)."""
    table = await designed(uow, telegram_id, table_id)
    if table.status == TableStatus.CANCELLED.value:
        raise TableProblem("cancelled")
    if table.starts_at > now:
        raise TableProblem("not_yet")
    if await uow.tables.minutes(table_id) is not None:
        raise TableProblem("minutes_exist")
    await uow.tables.add_minutes(TableMinutes(
        table_id=table_id, attendance=json.dumps(list(attendance), ensure_ascii=False),
        attendee_ids=json.dumps(await _attendees(uow, table, attendance)),
        decisions=json.dumps(list(decisions), ensure_ascii=False), notes=notes.strip(),
        language=language, written_by=telegram_id, written_at=now))
    uow.emit(MinutesWritten(table_id, now, by=telegram_id))
    return MinutesView(await view(uow, table), tuple(attendance), tuple(decisions),
                       notes.strip())


async def decision_of(uow: UnitOfWork, *, telegram_id: int, table_id: int,
                      index: int) -> tuple[int, str]:
    """A decision of a table's kept minutes (team id, text), for a designer of its team to turn
    into a need; ``TableProblem("no_decision")`` when its minutes hold no such decision."""
    table = await designed(uow, telegram_id, table_id)
    minutes = await uow.tables.minutes(table_id)
    found = json.loads(minutes.decisions) if minutes is not None else []
    if not isinstance(found, list) or not 0 <= index < len(found):
        raise TableProblem("no_decision")
    return table.team_id, str(found[index])


async def minutes_of(uow: UnitOfWork, *, table_id: int) -> MinutesView | None:
    """A table's kept minutes, as they were written."""
    minutes = await uow.tables.minutes(table_id)
    if minutes is None:
        return None
    return MinutesView(await view_of(uow, table_id=table_id),
                       tuple(str(n) for n in json.loads(minutes.attendance)),
                       tuple(str(d) for d in json.loads(minutes.decisions)), minutes.notes)
