"""What the tables' tables hold of one person, on SQLite and PostgreSQL: their answers, the
tables they set, the minutes they wrote or are named in (by the ids recorded with the names:
an id that merely contains theirs is someone else), and erasure; the columns those queries
filter on lead an index."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import SQLModel, col, select

from storage.db import create_engine, create_session_factory
from storage.models import TableMinutes, TableRsvp, Team, TerritorialTable
from storage.uow import UnitOfWork

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
GIULIA, OTHER, MARCO = 2004, 12004, 2001  # OTHER's id holds GIULIA's as text

# The columns the person's queries in storage/repositories/table.py filter on.
PERSON_FILTERS = [
    ("table_rsvp", "member_telegram_id"),   # rsvps_of, answers_of, forget_person
    ("territorial_table", "created_by"),    # created_by, forget_person
    ("table_minutes", "written_by"),        # minutes_written_by, forget_person
]


def test_every_filtered_person_column_leads_an_index() -> None:
    leading = {(table.name, next(iter(index.columns)).name)
               for table in SQLModel.metadata.sorted_tables for index in table.indexes}
    assert [f for f in PERSON_FILTERS if f not in leading] == []


@pytest.fixture
async def uow_factory(db_url: str) -> AsyncIterator[Callable[[], UnitOfWork]]:
    engine = create_engine(db_url)
    sessions = create_session_factory(engine)
    yield lambda: UnitOfWork(sessions)
    await engine.dispose()


async def _table_with_minutes(uow: UnitOfWork) -> int:
    team = await uow.teams.add(Team(name="Cohesion Makers Milano", territory_code="F205",
                                    created_at=T0))
    assert team.id is not None
    table = await uow.tables.add(TerritorialTable(
        team_id=team.id, starts_at=T0 + timedelta(days=1), place="Via Padova 36",
        created_by=MARCO, created_at=T0, updated_at=T0))
    assert table.id is not None
    for telegram_id in (GIULIA, OTHER):
        await uow.tables.answer(table_id=table.id, telegram_id=telegram_id, answer="yes", now=T0)
    await uow.tables.add_minutes(TableMinutes(
        table_id=table.id, attendance=json.dumps(["Giulia", "Altro"]),
        attendee_ids=json.dumps([GIULIA, OTHER]), written_by=MARCO, written_at=T0))
    return table.id


async def test_one_persons_rows_found_and_forgotten(
        uow_factory: Callable[[], UnitOfWork]) -> None:
    async with uow_factory() as uow:
        table_id = await _table_with_minutes(uow)
    async with uow_factory() as uow:
        assert [(r.member_telegram_id, t.id) for r, t in await uow.tables.answers_of(GIULIA)] == [
            (GIULIA, table_id)]
        assert [t.id for t in await uow.tables.created_by(MARCO)] == [table_id]
        assert [t.id for _m, t in await uow.tables.minutes_written_by(MARCO)] == [table_id]
        assert [t.id for _m, t in await uow.tables.minutes_naming(GIULIA)] == [table_id]
        assert await uow.tables.minutes_naming(MARCO) == []
        assert await uow.tables.created_by(GIULIA) == []
    async with uow_factory() as uow:
        await uow.tables.forget_person(GIULIA)
        await uow.tables.forget_person(MARCO)
    async with uow_factory() as uow:
        rows = (await uow.session.exec(select(TableRsvp).order_by(col(TableRsvp.id)))).all()
        assert [r.member_telegram_id for r in rows] == [OTHER]
        [table] = (await uow.session.exec(select(TerritorialTable))).all()
        [minutes] = (await uow.session.exec(select(TableMinutes))).all()
        assert (table.created_by, minutes.written_by) == (None, None)
        # the names are the service's to reword; the repository leaves them as they were
        assert json.loads(minutes.attendance) == ["Giulia", "Altro"]
