"""The scheduler: one leader on PostgreSQL with failover; timed notices after downtime."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import text

from bot.capabilities import notice_kinds
from bot.config import Settings
from bot.demo import load_demo
from cohesion.app import scheduler_service
from scheduler.jobs import release_due_notices
from scheduler.runner import AdvisoryLock, SingleProcess, election_for
from storage.db import create_engine, create_session_factory
from storage.models import Member
from storage.uow import UnitOfWork
from tests.conftest import Clock

SETTINGS = Settings(_env_file=None)  # type: ignore[call-arg]


async def test_one_scheduler_leads_and_another_takes_over_when_it_dies(pg_url: str,
                                                                       clock: Clock) -> None:
    engines = [create_engine(pg_url) for _ in range(3)]
    services = [scheduler_service(SETTINGS, create_session_factory(engine), election_for(engine),
                                  clock=clock, retry=0.01)
                for engine in engines[:2]]
    try:
        assert isinstance(services[0].election, AdvisoryLock)
        assert [await s.tick() for s in services] == [True, False]
        assert [await s.tick() for s in services] == [True, False]  # stable
        assert services[0].scheduler is not None and services[0].scheduler.running
        assert services[1].scheduler is None                          # only one acts
        # The leader's process dies: its database session ends, and its lock with it.
        leader_lock = services[0].election
        assert isinstance(leader_lock, AdvisoryLock) and leader_lock.connection is not None
        pid = (await leader_lock.connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        async with engines[2].connect() as admin:
            await admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            for _ in range(500):  # termination is asynchronous: wait until the backend is gone
                gone = (await admin.execute(text(
                    "SELECT count(*) = 0 FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid})
                        ).scalar_one()
                if gone:
                    break
                await asyncio.sleep(0.01)
        assert await services[1].tick() is True                      # the standby takes over
        assert await services[0].tick() is False                    # the old one notices
        assert services[0].scheduler is None and services[1].scheduler is not None
    finally:
        for service in services:
            await service._stop_jobs()
            if service.leading:
                await service.election.release()
        for engine in engines:
            await engine.dispose()


async def test_on_sqlite_the_single_process_leads(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    assert isinstance(election_for(engine), SingleProcess)
    await engine.dispose()


@pytest.fixture
async def sessions(sqlite_url: str, clock: Clock) -> AsyncIterator[object]:
    engine = create_engine(sqlite_url)
    factory = create_session_factory(engine)
    async with UnitOfWork(factory) as uow:
        await load_demo(uow, now=clock())
        await uow.groups.record_joined(chat_id=-1001000000001, title="CM Milano", language="it",
                                       now=clock())
        luca = await uow.members.by_telegram_id(2003)
        assert luca is not None
        luca.language = "en"
    yield factory
    await engine.dispose()


async def schedule(factory: object, clock: Clock, *, due_in: timedelta, expires_in: timedelta
                   ) -> None:
    async with UnitOfWork(factory) as uow:  # type: ignore[arg-type]
        milano = next(t for t in await uow.teams.all() if t.name.endswith("Milano"))
        await uow.notices.schedule(
            key="announce-1", kind="team_announcement", due_at=clock() + due_in,
            expires_at=clock() + expires_in,
            params={"team_id": milano.id, "text": "Tavolo <giovedì> alle 18", "members": True})


async def test_a_notice_that_fell_due_during_downtime_is_sent_on_restart(
        sessions: object, clock: Clock) -> None:
    await schedule(sessions, clock, due_in=timedelta(hours=1), expires_in=timedelta(hours=25))
    async with UnitOfWork(sessions) as uow:  # type: ignore[arg-type]
        assert await release_due_notices(uow, now=clock(), kinds=notice_kinds()) == (0, 0)   # not due yet
    clock.now += timedelta(hours=6)  # the scheduler was down meanwhile
    async with UnitOfWork(sessions) as uow:  # type: ignore[arg-type]
        assert await release_due_notices(uow, now=clock(), kinds=notice_kinds()) == (1, 0)
        rows = await uow.outbox.all()
        notice = await uow.notices.get("announce-1")
    by_chat = {row.chat_id: row.payload for row in rows}
    assert set(by_chat) == {-1001000000001, 2001, 2003}  # the group, Marco and Luca
    assert "Tavolo &lt;giovedì&gt; alle 18" in by_chat[2001]  # escaped
    assert notice is not None and notice.status == "released" and notice.note == "3 messages"
    async with UnitOfWork(sessions) as uow:  # type: ignore[arg-type]
        assert await release_due_notices(uow, now=clock(), kinds=notice_kinds()) == (0, 0)   # once only
        assert len(await uow.outbox.all()) == 3


async def test_a_notice_past_its_expiry_is_dropped_and_logged(
        sessions: object, clock: Clock, caplog: pytest.LogCaptureFixture) -> None:
    await schedule(sessions, clock, due_in=timedelta(hours=1), expires_in=timedelta(hours=2))
    clock.now += timedelta(hours=3)
    with caplog.at_level(logging.WARNING, logger="scheduler.jobs"):
        async with UnitOfWork(sessions) as uow:  # type: ignore[arg-type]
            assert await release_due_notices(uow, now=clock(), kinds=notice_kinds()) == (0, 1)
    async with UnitOfWork(sessions) as uow:  # type: ignore[arg-type]
        notice = await uow.notices.get("announce-1")
        assert await uow.outbox.all() == []
    assert notice is not None and notice.status == "dropped" and "expired" in (notice.note or "")
    assert any("dropped" in record.getMessage() for record in caplog.records)


async def test_unreachable_members_get_no_notice(sessions: object, clock: Clock) -> None:
    async with UnitOfWork(sessions) as uow:  # type: ignore[arg-type]
        luca = await uow.members.by_telegram_id(2003)
        assert isinstance(luca, Member)
        luca.unreachable_at = clock()
    await schedule(sessions, clock, due_in=timedelta(0), expires_in=timedelta(hours=1))
    async with UnitOfWork(sessions) as uow:  # type: ignore[arg-type]
        await release_due_notices(uow, now=clock(), kinds=notice_kinds())
        assert {row.chat_id for row in await uow.outbox.all()} == {-1001000000001, 2001}


async def test_messages_are_in_each_recipients_language(sessions: object, clock: Clock) -> None:
    async with UnitOfWork(sessions) as uow:  # type: ignore[arg-type]
        group = await uow.groups.get(-1001000000001)
        assert group is not None
        group.language = "en"
    async with UnitOfWork(sessions) as uow:  # type: ignore[arg-type]
        await uow.groups.record_joined(chat_id=-1005, title="Unlinked", language="en",
                                       now=clock() - timedelta(hours=49))
        await uow.groups.record_joined(chat_id=-1006, title="Non collegato", language="it",
                                       now=clock() - timedelta(hours=49))
    service = scheduler_service(SETTINGS, sessions, SingleProcess(), clock=clock)  # type: ignore[arg-type]
    assert await service.run_job("groups") == 2
    async with UnitOfWork(sessions) as uow:  # type: ignore[arg-type]
        rows = {(row.chat_id, row.method): row.payload for row in await uow.outbox.all()}
    assert "Nobody linked this group" in rows[(-1005, "sendMessage")]
    assert "Nessuno ha collegato" in rows[(-1006, "sendMessage")]
    assert (-1005, "leaveChat") in rows and (-1006, "leaveChat") in rows
