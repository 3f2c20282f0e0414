"""The balance's queries on SQLite and PostgreSQL: the facts of a team, a territory, some needs
(one query each, place chains and team names joined in), the standing pledges of live needs,
and the nudge table (recent nudges, what was offered, who may be nudged, erasure's cascade);
and the indexes those queries filter by."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event
from sqlmodel import SQLModel

from storage.db import create_engine, create_session_factory
from storage.repositories import NudgeCandidate
from storage.uow import UnitOfWork
from tests.conftest import Clock
from tests.helpers.indexes import unindexed_filters
from tests.helpers.rows import add_member, add_need, add_pledge, add_team

Factory = Callable[[], UnitOfWork]


@pytest.fixture
async def factory(db_url: str) -> AsyncIterator[Factory]:
    engine = create_engine(db_url)
    sessions = create_session_factory(engine)
    statements: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute",
                 lambda *args: statements.append(str(args[2])))

    def make() -> UnitOfWork:
        return UnitOfWork(sessions)

    make.statements = statements  # type: ignore[attr-defined]
    yield make
    await engine.dispose()


async def test_facts_of_a_team_a_territory_and_some_needs(factory: Factory, clock: Clock) -> None:
    now = clock()
    async with factory() as uow:
        milano = await add_team(uow, "Milano", "F205", now)
        monza = await add_team(uow, "Monza", "F704", now)
        roma = await add_team(uow, "Roma", "H501", now)
        a = await add_need(uow, team=milano, title="A", target=10, pledged=4, now=now,
                           days_ago=3, first_pledge_after=timedelta(hours=5))
        b = await add_need(uow, team=milano, title="B", target=10, territory="P-MI", now=now,
                           days_ago=1)
        await add_need(uow, team=milano, title="closed", target=10, status="closed", now=now,
                       days_ago=1)
        c = await add_need(uow, team=monza, title="C", target=5, pledged=5, territory="F704",
                           now=now, days_ago=2, covered_after=timedelta(days=1))
        d = await add_need(uow, team=roma, title="D", target=5, territory="H501", now=now,
                           days_ago=2)
    factory.statements.clear()  # type: ignore[attr-defined]
    async with factory() as uow:
        team = await uow.needs.balance_facts(team_ids=[milano])
        region = await uow.needs.balance_facts(territory_code="R-03")
        province = await uow.needs.balance_facts(territory_code="P-MI")
        some = await uow.needs.balance_facts(need_ids=[c, d])
        everywhere = await uow.needs.balance_facts()
    selects = [s for s in factory.statements if s.lstrip().upper().startswith("SELECT")]  # type: ignore[attr-defined]
    assert len(selects) == 5  # one query each, however many needs
    assert [r.facts.id for r in team] == [a, b]
    assert [r.facts.id for r in region] == [a, b, c]
    assert [r.facts.id for r in province] == [a, b]
    assert [r.facts.id for r in some] == [c, d]
    assert [r.facts.id for r in everywhere] == [a, b, c, d]
    first, province_wide = team
    assert first.facts.territory_chain == ("F205", "P-MI", "R-03")
    assert province_wide.facts.territory_chain == ("P-MI", "R-03")
    assert (first.team_name, first.place_name) == ("Milano", "Milano")
    assert first.facts.pledged == Decimal(4) and first.facts.target == Decimal(10)
    assert first.facts.first_pledge_at == now - timedelta(days=3) + timedelta(hours=5)
    assert first.facts.posted_at == now - timedelta(days=3)
    assert region[2].facts.covered_at == now - timedelta(days=1)
    async with factory() as uow:
        assert await uow.needs.balance_facts(team_ids=[]) == []
        assert await uow.needs.balance_facts(need_ids=[]) == []


async def test_nudge_rows_candidates_and_erasure(factory: Factory, clock: Clock) -> None:
    now = clock()
    async with factory() as uow:
        milano = await add_team(uow, "Milano", "F205", now)
        open_need = await add_need(uow, team=milano, title="A", target=10, now=now, days_ago=3)
        closed = await add_need(uow, team=milano, title="B", target=10, status="closed",
                                now=now, days_ago=3)
        await add_member(uow, 1, "Uno", now=now, skills="cucina")
        await add_member(uow, 2, "Due", now=now, territory="H501", skills="cucina")
        await add_member(uow, 3, "Tre", now=now, skills="cucina", nudges_off=True)
        await add_member(uow, 4, "Quattro", now=now, skills=None)
        await add_member(uow, 5, "Cinque", now=now, skills="cucina", consent=False)
        await add_member(uow, 6, "Sei", now=now, skills="cucina", availability=None)
        await add_member(uow, 7, "Sette", now=now, territory="I690", skills="cucina")  # P-MI
        await add_member(uow, 8, "Otto", now=now, territory="F704", skills="cucina")   # P-MB
        await add_pledge(uow, need=open_need, member=1, quantity=2, now=now)
        await add_pledge(uow, need=open_need, member=4, quantity=1, now=now, status="withdrawn")
        await add_pledge(uow, need=open_need, member=None, quantity=1, now=now)
        await add_pledge(uow, need=closed, member=1, quantity=1, now=now)
        await uow.nudges.record_many([(1, open_need, "uncovered"), (4, closed, "uncovered")],
                                     now=now - timedelta(days=8))
        await uow.nudges.record_many([(1, open_need, "surplus")], now=now - timedelta(days=2))
    async with factory() as uow:
        assert await uow.nudges.last_nudged(since=now - timedelta(days=7)) == {
            1: now - timedelta(days=2)}
        assert set(await uow.nudges.last_nudged(since=now - timedelta(days=9))) == {1, 4}
        assert await uow.nudges.offered() == {(1, open_need, "uncovered"),
                                              (1, open_need, "surplus")}  # closed: history
        assert await uow.nudges.offered(need_id=closed) == set()
        def ids(found: list[NudgeCandidate]) -> list[int]:
            return sorted(c.telegram_id for c in found)

        assert ids(await uow.nudges.matchable_in(["R-03"])) == [1, 7, 8]
        assert ids(await uow.nudges.matchable_in(["R-03", "R-12"])) == [1, 2, 7, 8]
        assert ids(await uow.nudges.matchable_in(["R-03"], province="P-MI")) == [1, 7]
        assert ids(await uow.nudges.matchable_in(["R-03"], province="P-MI",
                                                 in_province=False)) == [8]
        # The cap in the query: 1 was nudged two days ago.
        assert ids(await uow.nudges.matchable_in(
            ["R-03"], not_nudged_since=now - timedelta(days=3))) == [7, 8]
        assert ids(await uow.nudges.matchable_in(
            ["R-03"], not_nudged_since=now - timedelta(days=1))) == [1, 7, 8]
        assert await uow.nudges.matchable_in([]) == []
        reachable = await uow.nudges.reachable([1, 3, 4, 5, 6, 99])
        assert ids(reachable) == [1, 4, 6]  # nudges on, consented
        assert ids(await uow.nudges.reachable([1, 4], not_nudged_since=now - timedelta(days=3))
                   ) == [4]
        assert next(c for c in reachable if c.telegram_id == 1).territory_chain == (
            "F205", "P-MI", "R-03")
        assert await uow.needs.pledges_to_live() == [(1, open_need, Decimal(2), True)]
        assert await uow.needs.pledges_to_live(need_id=closed) == []
    async with factory() as uow:  # erasure deletes the member row: the nudges go with it
        one = await uow.members.by_telegram_id(1)
        assert one is not None
        await uow.session.delete(one)
    async with factory() as uow:
        assert await uow.nudges.of_member(1) == []
        assert len(await uow.nudges.of_member(4)) == 1


def test_the_balance_queries_filter_by_indexed_columns() -> None:
    # (table, leading columns) of every where / join / group by of the balance's queries.
    assert unindexed_filters(SQLModel.metadata, [
        ("need", ("team_id", "status"), None),        # balance_facts(team_ids=)
        ("need", ("territory_code", "status"), None),  # the join to the need's place
        ("territory", ("parent_code",), None),        # balance_facts(territory_code=) province
        ("territory", ("region_code",), None),        # ... region; matchable_in
        ("pledge", ("need_id", "status"), None),      # pledges_to_live
        ("member", ("territory_code",), None),        # matchable_in: members of the places
        ("member", ("telegram_id",), None),           # reachable
        ("nudge", ("at",), None),                     # last_nudged
        ("nudge", ("need_id",), None),                # offered(need_id=)
        ("nudge", ("member_telegram_id",), None),     # of_member; erasure's cascade
    ]) == []
