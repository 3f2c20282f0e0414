"""The scheduler: APScheduler runs the jobs, in exactly one process.

In the embedded setup (SQLite) there is one process and it always leads. On PostgreSQL every
scheduler process competes for an advisory lock held on its own connection: the holder runs the
jobs; the others check again every `retry` seconds and take over when the holder's connection
ends (its process died or lost the database), so a second scheduler replaces a dead first one.

APScheduler keeps only the periodic sweeps, in memory: with a SQL job store it skipped 52–100%
of thousands of jobs falling due at once (a 1 s misfire grace time, and its SQL on the event
loop), so each sweep fans out through the outbox instead of one job per chat, and every job has
an explicit grace time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from functools import partial
from typing import Any, Protocol

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.capability import Job, JobContext
from bot.clock import Clock
from bot.config import Settings
from domain.calendar import ROME
from scheduler.jobs import OUTBOX_RETENTION, NoticeKinds, purge, release_due_notices
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

# pg_advisory_lock key: "COHESION" in ASCII, so the lock is recognisable in pg_locks.
SCHEDULER_LOCK_KEY = 0x434F484553494F4E & 0x7FFFFFFFFFFFFFFF


class Election(Protocol):
    async def acquire(self) -> bool: ...
    async def still_leader(self) -> bool: ...
    async def release(self) -> None: ...


class SingleProcess:
    """SQLite: one process, always the leader."""

    async def acquire(self) -> bool:
        return True

    async def still_leader(self) -> bool:
        return True

    async def release(self) -> None:
        return None


class AdvisoryLock:
    """PostgreSQL: leadership is a session-level advisory lock on a dedicated connection."""

    def __init__(self, engine: AsyncEngine, key: int = SCHEDULER_LOCK_KEY) -> None:
        self.engine, self.key = engine, key
        self.connection: AsyncConnection | None = None

    async def acquire(self) -> bool:
        if self.connection is None:
            self.connection = await self.engine.connect()
        try:
            result = await self.connection.execute(text("SELECT pg_try_advisory_lock(:key)"),
                                                   {"key": self.key})
            got = bool(result.scalar_one())
            await self.connection.commit()  # the lock is the session's, not the transaction's
        except BaseException:
            await self._discard()
            raise
        if not got:
            await self.connection.close()
            self.connection = None
        return got

    async def still_leader(self) -> bool:
        if self.connection is None:
            return False
        try:
            await self.connection.execute(text("SELECT 1"))
            await self.connection.commit()
            return True
        except Exception as error:
            # Whatever failed, this process stops leading; the connection is closed for good
            # (not returned to the pool), so a lock it might still hold ends with it and a
            # standby can take over.
            log.warning("scheduler leadership check failed (%r): standing down", error)
            await self._discard()
            return False

    async def _discard(self) -> None:
        """Close the connection itself (invalidate: a pooled one would keep the lock)."""
        connection, self.connection = self.connection, None
        if connection is None:
            return
        try:
            await connection.invalidate()
        except Exception:
            log.debug("invalidating a dead connection", exc_info=True)
        try:
            await connection.close()
        except Exception:
            log.debug("closing a dead connection", exc_info=True)

    async def release(self) -> None:
        if self.connection is None:
            return
        try:
            await self.connection.execute(text("SELECT pg_advisory_unlock(:key)"),
                                          {"key": self.key})
            await self.connection.commit()
        except Exception:  # the connection is already gone, and the lock went with it
            log.info("scheduler lock released with its connection")
        finally:
            try:
                await self.connection.close()
            except Exception:
                log.debug("closing a dead connection", exc_info=True)
            self.connection = None


class SchedulerService:
    """Elects itself (or waits), then runs the sweeps while it leads: its own (releasing due
    notices, housekeeping) and the capabilities' jobs it was given (`bot.capabilities`)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        election: Election,
        *,
        clock: Clock,
        settings: Settings,
        jobs: Sequence[Job] = (),
        notice_kinds: NoticeKinds | None = None,
        unit_of_work: Callable[[async_sessionmaker[AsyncSession]], UnitOfWork] = UnitOfWork,
        retry: float = 5.0,
        on_enqueued: Callable[[], None] | None = None,
        outbox_retention: timedelta = OUTBOX_RETENTION,
    ) -> None:
        self.sessions, self.election, self.settings = sessions, election, settings
        self.jobs = {job.name: job for job in jobs}
        self.notice_kinds = notice_kinds or {}
        self.unit_of_work = unit_of_work
        self.outbox_retention = outbox_retention
        self.clock, self.retry = clock, retry
        self.on_enqueued = on_enqueued or (lambda: None)
        self.leading = False
        self.scheduler: AsyncIOScheduler | None = None
        self._catch_up: asyncio.Task[None] | None = None
        self._running: set[asyncio.Task[object]] = set()

    # The jobs, each in its own unit of work. They can also be called directly (tests, CLI).

    async def release_notices(self) -> tuple[int, int]:
        async with self.unit_of_work(self.sessions) as uow:  # the sender wakes at each commit
            return await release_due_notices(uow, now=self.clock(), kinds=self.notice_kinds,
                                             on_released=self.on_enqueued)

    async def housekeeping(self) -> int:
        async with self.unit_of_work(self.sessions) as uow:
            return await purge(uow, now=self.clock(), outbox_retention=self.outbox_retention)

    async def run_job(self, name: str) -> int:
        """One run of a capability's job, by name, in a unit of work of its own."""
        job = self.jobs[name]
        async with self.unit_of_work(self.sessions) as uow:
            done = await job.run(JobContext(uow=uow, now=self.clock(), settings=self.settings,
                                            on_enqueued=self.on_enqueued))
        if done:
            self.on_enqueued()
        return done

    def _start_jobs(self) -> None:
        scheduler = AsyncIOScheduler(timezone=ROME)
        # Each sweep runs once at once (catching up after downtime: what is due is decided by
        # the jobs, with the injected clock), then on its interval, which APScheduler paces
        # by itself; late runs are coalesced into one and never skipped.
        common = {"coalesce": True, "misfire_grace_time": None, "max_instances": 1}
        for job, interval, name in self._sweeps():
            scheduler.add_job(self._tracked, "interval", args=[job], id=name,
                              seconds=interval.total_seconds(), **common)
        scheduler.start()
        self.scheduler = scheduler
        self._catch_up = asyncio.create_task(self._run_all_once())

    def _sweeps(self) -> list[tuple[Callable[[], Awaitable[object]], timedelta, str]]:
        sweeps: list[tuple[Callable[[], Awaitable[object]], timedelta, str]] = [
            (self.release_notices, timedelta(seconds=30), "notices"),
            (self.housekeeping, timedelta(hours=6), "housekeeping")]
        sweeps += [(partial(self.run_job, job.name), job.every, job.name)
                   for job in self.jobs.values()]
        return sweeps

    async def _run_all_once(self) -> None:
        for job, _interval, name in self._sweeps():
            try:
                await self._tracked(job)
            except Exception:
                log.exception("scheduler: the %s sweep failed; it runs again on its interval", name)

    async def _tracked(self, job: Callable[[], Awaitable[object]]) -> object:
        """Run a job, remembered while it runs, so standing down waits for it to finish."""
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            return await job()
        finally:
            if task is not None:
                self._running.discard(task)

    async def _stop_jobs(self) -> None:
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self.scheduler = None
        # A sweep under way is let finish (bounded), not cancelled in the middle of a statement.
        running: set[asyncio.Future[Any]] = {
            task for task in self._running if task is not asyncio.current_task()}
        if self._catch_up is not None:
            running.add(self._catch_up)
            self._catch_up = None
        if running:
            await asyncio.wait(running, timeout=30)

    async def tick(self) -> bool:
        """One round of the election: become leader, stay leader, or stand by."""
        if self.leading and not await self.election.still_leader():
            self.leading = False
            await self._stop_jobs()
        if not self.leading and await self.election.acquire():
            self.leading = True
            log.info("this scheduler leads: running the jobs")
            self._start_jobs()
        return self.leading

    async def run(self, stop: asyncio.Event) -> None:
        try:
            while not stop.is_set():
                try:
                    await self.tick()
                except Exception as error:  # the database is away: say so, stand by, retry
                    log.error("scheduler election failed (%r); standing by, retrying in %.0f s",
                              error, self.retry)
                    if self.leading:
                        self.leading = False
                        await self._stop_jobs()
                try:
                    await asyncio.wait_for(stop.wait(), timeout=self.retry)
                except TimeoutError:
                    pass
        finally:
            await self._stop_jobs()
            if self.leading:
                await self.election.release()
            self.leading = False


def election_for(engine: AsyncEngine) -> Election:
    return AdvisoryLock(engine) if engine.dialect.name == "postgresql" else SingleProcess()
