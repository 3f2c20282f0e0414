"""The queries behind a series and a newcomer's invitations, on SQLite and PostgreSQL: a
skipped meeting still gets its next one (a cancelled one does not), which tables something
follows (an ended series is one nothing follows), and a team's scheduled tables still ahead,
soonest first, at most ``limit``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from storage.models import Team, TerritorialTable
from storage.uow import UnitOfWork

T0 = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
Factory = Callable[[], UnitOfWork]


async def _team(uow: UnitOfWork, name: str) -> int:
    team = await uow.teams.add(Team(name=name, territory_code="F205", created_at=T0))
    assert team.id is not None
    return team.id


async def _table(uow: UnitOfWork, team_id: int, days: int, *, status: str = "scheduled",
                 recurrence: str = "weekly", follows_id: int | None = None) -> int:
    table = await uow.tables.add(TerritorialTable(
        team_id=team_id, starts_at=T0 + timedelta(days=days), place="Online", status=status,
        recurrence=recurrence, follows_id=follows_id, created_at=T0, updated_at=T0))
    assert table.id is not None
    return table.id


async def test_skipped_meetings_go_on_and_ended_series_are_found(uow_factory: Factory) -> None:
    async with uow_factory() as uow:
        milano = await _team(uow, "Milano")
        held = await _table(uow, milano, 0)
        skipped = await _table(uow, milano, 7, status="skipped", follows_id=held)
        ended = await _table(uow, milano, 14, status="cancelled")
        await _table(uow, milano, 21, recurrence="none")
    async with uow_factory() as uow:
        due = await uow.tables.recurring_without_next(now=T0 + timedelta(days=30))
        assert [t.id for t in due] == [skipped]  # held has its next; ended ends its series
        assert await uow.tables.followed([held, skipped, ended]) == {held}
        assert await uow.tables.followed([]) == set()


async def test_a_teams_upcoming_tables_soonest_first(uow_factory: Factory) -> None:
    async with uow_factory() as uow:
        milano, bergamo = await _team(uow, "Milano"), await _team(uow, "Bergamo")
        await _table(uow, milano, -1)  # past
        later = await _table(uow, milano, 14)
        sooner = await _table(uow, milano, 7)
        await _table(uow, milano, 3, status="cancelled")
        await _table(uow, milano, 4, status="skipped")
        await _table(uow, bergamo, 2)
    async with uow_factory() as uow:
        found = await uow.tables.upcoming_of_team(milano, now=T0)
        assert [t.id for t in found] == [sooner, later]
        assert [t.id for t in await uow.tables.upcoming_of_team(milano, now=T0, limit=1)] == [
            sooner]
