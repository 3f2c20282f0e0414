"""What tables keep about a person, for /mydata and /deleteme: their answers, the tables they
set, the minutes they wrote, and their name in the attendance of minutes.

Erasure keeps what the team needs: a table set or minutes written stay the team's (without who
did it), a meeting's attendance keeps its count, the erased person's own entry becoming "a
former member" (found by the ids recorded with the names, not by the name, which others may
share). Their answers are deleted; on a table still ahead, a place they held goes to the first
one waiting, who is told.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

from bot.personal import Person, Shown
from bot.services.tables.common import confirmed_and_waiting
from bot.services.tables.events import PromotedFromWaitingList
from storage.models import TableMinutes, TableStatus, TerritorialTable
from storage.uow import UnitOfWork

FormerMember = Callable[[str], str]
"""The words for "a former member", in a language."""


async def _team_names(uow: UnitOfWork, tables: list[TerritorialTable]) -> dict[int, str]:
    teams = await uow.teams.by_ids(sorted({t.team_id for t in tables}))
    return {team.id: team.name for team in teams if team.id is not None}


async def show_person(uow: UnitOfWork, person: Person) -> Shown:
    telegram_id = person.telegram_id
    answers = await uow.tables.answers_of(telegram_id)
    created = await uow.tables.created_by(telegram_id)
    written = await uow.tables.minutes_written_by(telegram_id)
    named = await uow.tables.minutes_naming(telegram_id)
    unrecorded = await _unrecorded(uow, person)
    teams = await _team_names(uow, [*(t for _, t in answers), *created, *(t for _, t in written),
                                    *(t for _, t in named), *(t for _, t, _ in unrecorded)])

    def meeting(table: TerritorialTable) -> dict[str, object]:
        return {"table_id": table.id, "team": teams.get(table.team_id, ""),
                "starts_at": table.starts_at.isoformat()}

    return {
        "table_answers": [{**meeting(table), "answer": rsvp.answer,
                           "answered_at": rsvp.answered_at.isoformat()}
                          for rsvp, table in answers],
        "tables_created": [{**meeting(table), "place": table.place, "status": table.status,
                            "created_at": table.created_at.isoformat()} for table in created],
        "table_minutes_written": [{**meeting(table),
                                   "written_at": minutes.written_at.isoformat()}
                                  for minutes, table in written],
        "table_minutes_attendance": [{**meeting(table), "name": name}
                                     for minutes, table in named
                                     for name, who in zip(json.loads(minutes.attendance),
                                                          json.loads(minutes.attendee_ids or "[]"),
                                                          strict=False)
                                     if who == telegram_id]
                                    + [{**meeting(table), "name": entries[index]}
                                       for _, table, entries in unrecorded
                                       for index in _entries_of(person, entries)],
    }


async def erase_person(uow: UnitOfWork, person: Person, now: datetime, *,
                       former_member: FormerMember) -> None:
    telegram_id = person.telegram_id
    ahead = {table.id: table for rsvp, table in await uow.tables.answers_of(telegram_id)
             if table.id is not None and rsvp.answer == "yes" and table.capacity is not None
             and table.status == TableStatus.SCHEDULED.value and table.starts_at > now}
    before = {table_id: confirmed_and_waiting(await uow.tables.rsvps(table_id),
                                              table.capacity)[0]
              for table_id, table in ahead.items()}
    await uow.tables.forget_person(telegram_id)
    for table_id, table in ahead.items():
        after, _ = confirmed_and_waiting(await uow.tables.rsvps(table_id), table.capacity)
        promoted = tuple(t for t in after if t not in before[table_id])
        if promoted:
            uow.emit(PromotedFromWaitingList(table_id, promoted, now))
    for minutes, _table in await uow.tables.minutes_naming(telegram_id):
        names = json.loads(minutes.attendance)
        ids = json.loads(minutes.attendee_ids or "[]")
        for index, who in enumerate(ids):
            if who == telegram_id and index < len(names):
                names[index] = former_member(minutes.language)
                ids[index] = None
        minutes.attendance = json.dumps(names, ensure_ascii=False)
        minutes.attendee_ids = json.dumps(ids)
    await _erase_unrecorded(uow, person, former_member)
    await uow.session.flush()


def _names_of(person: Person) -> list[str]:
    member = person.member
    given = [*person.names, *([] if member is None else [member.display_name])]
    return [name.strip() for name in given if name and name.strip()]


def _entries_of(person: Person, entries: list[object]) -> list[int]:
    """Which entries of an attendance without ids are exactly one of the person's names."""
    wanted = {name.casefold() for name in _names_of(person)}
    return [index for index, entry in enumerate(entries)
            if isinstance(entry, str) and entry.strip().casefold() in wanted]


async def _unrecorded(uow: UnitOfWork, person: Person
                      ) -> list[tuple[TableMinutes, TerritorialTable, list[object]]]:
    """Minutes written before the ids were recorded (migration 0014), which know attendees by
    name alone, with an entry that is one of the person's names (any letter case)."""
    names = _names_of(person)
    searched = list(dict.fromkeys(form for name in names
                                  for form in (name, json.dumps(name)[1:-1])))
    found = []
    for minutes, table in await uow.tables.minutes_unrecorded_naming(searched):
        entries = json.loads(minutes.attendance)
        if _entries_of(person, entries):
            found.append((minutes, table, entries))
    return found


async def _erase_unrecorded(uow: UnitOfWork, person: Person,
                            former_member: FormerMember) -> None:
    """In minutes without ids (see `_unrecorded`) the person's entries become "a former
    member". Someone else of the same name loses their entry too: erasure errs towards
    forgetting."""
    for minutes, _table, entries in await _unrecorded(uow, person):
        for index in _entries_of(person, entries):
            entries[index] = former_member(minutes.language)
        minutes.attendance = json.dumps(entries, ensure_ascii=False)
