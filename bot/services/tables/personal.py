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
from storage.models import TableStatus, TerritorialTable
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
    teams = await _team_names(uow, [*(t for _, t in answers), *created,
                                    *(t for _, t in written), *(t for _, t in named)])

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
                                     if who == telegram_id],
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
    await uow.session.flush()
