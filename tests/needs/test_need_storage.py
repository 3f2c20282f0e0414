"""The need, pledge and need_event tables on SQLite and PostgreSQL: the running totals kept in
step, the conditional pledge that never passes the limit (50 concurrent pledges on PostgreSQL),
withdrawal and delivery, erasure, and the indexes the queries read."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel

from storage.db import async_url, create_session_factory
from storage.models import Need, Pledge, Team
from storage.repositories import PledgeRefusal
from storage.uow import UnitOfWork
from tests.helpers.indexes import unindexed_filters

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)

# (table, leading columns, predicate) for every .where(/.order_by( of storage/repositories/need.py.
NEED_FILTERS: list[tuple[str, tuple[str, ...], str | None]] = [
    ("need", ("team_id", "status"), None),         # of_team, open_near (team_id IN ...)
    ("need", ("territory_code", "status"), None),  # open_near (territory_code IN ...)
    ("need", ("status", "deadline"), None),        # due_to_expire
    ("need", ("posted_by",), None),                # forget_person
    ("need", ("proposed_by",), None),              # forget_person
    ("pledge", ("need_id", "status"), None),       # pledges_to, pledgers
    ("pledge", ("member_telegram_id", "status"), None),  # pledges_of, forget_person
    ("need_event", ("need_id", "kind"), None),     # events, has_event
    ("need_event", ("by",), None),                 # forget_person
]


def test_every_filtered_need_column_leads_an_index() -> None:
    assert unindexed_filters(SQLModel.metadata, NEED_FILTERS) == []


async def _need(uow: UnitOfWork, *, target: str = "10", deadline: date | None = None) -> Need:
    team = await uow.teams.add(Team(name="Cohesion Makers Milano", territory_code="F205",
                                    created_at=T0))
    assert team.id is not None
    return await uow.needs.add(Need(
        team_id=team.id, territory_code="F205", title="Accompagnare anziani", category="health",
        resource="time", unit="hours", target=Decimal(target), urgency="normal",
        deadline=deadline, status="open", posted_by=1, created_at=T0, updated_at=T0))


async def test_pledges_move_the_totals_and_stop_at_the_limit(uow_factory) -> None:  # type: ignore[no-untyped-def]
    async with uow_factory() as uow:
        need = await _need(uow)
        assert need.id is not None
        need_id = need.id
        first = await uow.needs.add_pledge(need_id=need_id, member_telegram_id=7,
                                           quantity=Decimal("8.5"), target=Decimal(10),
                                           limit=Decimal(11), now=T0)
        assert isinstance(first, Pledge) and first.status == "active"
        refused = await uow.needs.add_pledge(need_id=need_id, member_telegram_id=8,
                                             quantity=Decimal(3), target=Decimal(10),
                                             limit=Decimal(11), now=T0)
        assert refused == PledgeRefusal(open_quantity=Decimal("1.5"), room=Decimal("2.5"),
                                        status="open")
        exact = await uow.needs.add_pledge(need_id=need_id, member_telegram_id=8,
                                           quantity=Decimal("2.5"), target=Decimal(10),
                                           limit=Decimal(11), now=T0)
        assert isinstance(exact, Pledge)
    async with uow_factory() as uow:
        fresh = await uow.needs.get(need_id)
        assert fresh is not None and fresh.pledged == Decimal(11)
        assert fresh.first_pledge_at == T0
        assert await uow.needs.pledgers(need_id) == [7, 8]


async def test_withdraw_and_deliver_keep_the_totals(uow_factory) -> None:  # type: ignore[no-untyped-def]
    async with uow_factory() as uow:
        need = await _need(uow)
        assert need.id is not None
        a = await uow.needs.add_pledge(need_id=need.id, member_telegram_id=7, quantity=Decimal(4),
                                       target=Decimal(10), limit=Decimal(10), now=T0)
        b = await uow.needs.add_pledge(need_id=need.id, member_telegram_id=8, quantity=Decimal(5),
                                       target=Decimal(10), limit=Decimal(10), now=T0)
        assert isinstance(a, Pledge) and isinstance(b, Pledge) and a.id and b.id
        assert await uow.needs.release(a.id, now=T0) == Decimal(4)
        assert await uow.needs.release(a.id, now=T0) is None          # not twice
        assert await uow.needs.deliver(b.id, Decimal(2), now=T0)       # partial
        assert not await uow.needs.deliver(b.id, Decimal(4), now=T0)   # owes only 3
        assert await uow.needs.release(b.id, now=T0) == Decimal(3)    # keeps the 2 delivered
        fresh, pledge_b = await uow.needs.get(need.id), await uow.needs.get_pledge(b.id)
        assert fresh is not None and pledge_b is not None
        assert (fresh.pledged, fresh.delivered) == (Decimal(2), Decimal(2))
        assert (pledge_b.status, pledge_b.quantity, pledge_b.delivered) == (
            "delivered", Decimal(2), Decimal(2))
        assert await uow.needs.pledgers(need.id) == [8]


async def test_erasure_keeps_the_pledges_without_the_person(uow_factory) -> None:  # type: ignore[no-untyped-def]
    async with uow_factory() as uow:
        need = await _need(uow)
        assert need.id is not None
        await uow.needs.add_pledge(need_id=need.id, member_telegram_id=7, quantity=Decimal(4),
                                   target=Decimal(10), limit=Decimal(10), now=T0)
        await uow.needs.record(need_id=need.id, at=T0, by=7, kind="pledged",
                               details={"quantity": Decimal(4)})
        assert await uow.needs.forget_person(7) == 2
        assert await uow.needs.pledges_of(7) == []
        assert await uow.needs.pledgers(need.id) == []
        (event,) = await uow.needs.events(need.id)
        assert event.by is None and event.details == '{"quantity": "4"}'
        fresh = await uow.needs.get(need.id)
        assert fresh is not None and fresh.pledged == Decimal(4)


async def test_deleting_a_team_deletes_its_needs(uow_factory) -> None:  # type: ignore[no-untyped-def]
    from sqlmodel import func, select

    async with uow_factory() as uow:
        need = await _need(uow)
        assert need.id is not None
        await uow.needs.add_pledge(need_id=need.id, member_telegram_id=7, quantity=Decimal(1),
                                   target=Decimal(10), limit=Decimal(10), now=T0)
        await uow.session.exec(text("DELETE FROM team"))  # type: ignore[call-overload]
        assert (await uow.session.exec(select(func.count()).select_from(Pledge))).one() == 0


async def test_fifty_concurrent_pledges_never_pass_the_limit(pg_url: str) -> None:
    # 50 connections, so the 50 transactions are open at once (the project's pool holds 20).
    engine = create_async_engine(async_url(pg_url), pool_size=50, max_overflow=0)
    sessions = create_session_factory(engine)
    ready, started = asyncio.Event(), [0]
    try:
        async with UnitOfWork(sessions) as uow:
            need = await _need(uow, target="10")
            assert need.id is not None
            need_id = need.id

        async def pledge(member: int) -> Pledge | PledgeRefusal:
            async with UnitOfWork(sessions) as uow:
                await uow.session.exec(text("SELECT 1"))  # type: ignore[call-overload]
                started[0] += 1
                if started[0] == 50:
                    ready.set()
                await ready.wait()  # every transaction has begun before anyone pledges
                return await uow.needs.add_pledge(
                    need_id=need_id, member_telegram_id=member, quantity=Decimal(1),
                    target=Decimal(10), limit=Decimal(10), now=T0)

        results = await asyncio.gather(*(pledge(1000 + i) for i in range(50)))
        accepted = [r for r in results if isinstance(r, Pledge)]
        refused = [r for r in results if isinstance(r, PledgeRefusal)]
        assert (len(accepted), len(refused)) == (10, 40)
        assert all(r.open_quantity == 0 and r.room == 0 for r in refused)
        async with UnitOfWork(sessions) as uow:
            fresh = await uow.needs.get(need_id)
            assert fresh is not None and fresh.pledged == Decimal(10)
            assert len(await uow.needs.pledges_to(need_id, statuses=("active",))) == 10
    finally:
        await engine.dispose()
