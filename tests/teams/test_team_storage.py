"""The queries /team and /members add, on SQLite and PostgreSQL: the newest open needs of many
teams at once with their counts, a team's roster page in joining order, leaving a team."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from storage.models.need import PLEDGEABLE
from storage.uow import UnitOfWork
from tests.conftest import T0
from tests.helpers.rows import add_member, add_need, add_team


async def test_open_titles_of_many_teams_in_two_queries(
        uow_factory: Callable[[], UnitOfWork]) -> None:
    async with uow_factory() as uow:
        one = await add_team(uow, "Uno", "F205", T0)
        two = await add_team(uow, "Due", "A794", T0)
        empty = await add_team(uow, "Tre", "B157", T0)
        for n in range(5):
            await add_need(uow, team=one, title=f"uno {n}", target=10, now=T0, days_ago=5 - n)
        await add_need(uow, team=one, title="chiuso", target=10, now=T0, days_ago=0,
                       status="closed")
        await add_need(uow, team=two, title="coperto", target=10, pledged=10, now=T0,
                       days_ago=1)
    async with uow_factory() as uow:
        found = await uow.needs.open_titles_of_teams([one, two, empty], statuses=PLEDGEABLE,
                                                     limit=3)
    assert found == {one: (["uno 4", "uno 3", "uno 2"], 5), two: (["coperto"], 1)}


async def test_a_roster_page_in_joining_order_and_leaving(
        uow_factory: Callable[[], UnitOfWork]) -> None:
    async with uow_factory() as uow:
        team = await add_team(uow, "Uno", "F205", T0)
        ids = []
        for n in range(4):
            member = await add_member(uow, 100 + n, f"P{n}", now=T0)
            assert member.id is not None
            ids.append(member.id)
            await uow.memberships.join(member_id=member.id, team_id=team,
                                       now=T0 + timedelta(days=3 - n))  # the last joined first
    async with uow_factory() as uow:
        page = await uow.memberships.roster(team, limit=2, offset=1)
        assert [(m.display_name, joined) for m, joined in page] == [
            ("P2", T0 + timedelta(days=1)), ("P1", T0 + timedelta(days=2))]
        assert len(await uow.memberships.roster(team)) == 4
        assert await uow.memberships.remove(member_id=ids[0], team_id=team) is True
        assert await uow.memberships.remove(member_id=ids[0], team_id=team) is False
    async with uow_factory() as uow:
        assert [m.display_name for m, _joined in await uow.memberships.roster(team)] == [
            "P3", "P2", "P1"]
