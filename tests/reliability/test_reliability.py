"""Reliability: which faults are transient, replies only after the commit, supervised services,
a scheduler that stands down for good and keeps electing, a resolver that fails loudly.

Each test names, in a comment, the old behaviour it would catch.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram.types import Message
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import Session as SyncSession
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import Settings
from bot.faults import is_transient
from cohesion.app import scheduler_service
from cohesion.run import supervise
from domain.territory import Gazetteer
from scheduler.runner import AdvisoryLock
from storage.db import create_engine, create_session_factory
from storage.models import FailedUpdate, Member, ProcessedUpdate
from storage.uow import UnitOfWork
from tests.conftest import Clock
from tests.helpers.webhook import GIULIA, SECRET, local_telegram, start_workers, stop_workers
from tests.world import Press, World, open_world

MARCO = 2001  # demo persona: registered, consented, writes in Italian
APOLOGY_IT = "Scusa, qualcosa è andato storto"
LANGUAGE_SET_EN = "Done: from now on I'll write in English."


# --- 1. which faults are transient -------------------------------------------------------------
# Old behaviour: OSError itself was in TRANSIENT, so a missing file or a refused permission was
# "the database is away": 503 and a redelivery by Telegram, for ever.


@pytest.mark.parametrize("error", [
    FileNotFoundError(errno.ENOENT, "No such file or directory", "/srv/cm/template.txt"),
    PermissionError(errno.EACCES, "Permission denied", "/srv/cm/export"),
    OSError(errno.ENOSPC, "No space left on device"),
    OSError("something local went wrong"),  # no errno, and not asyncio's connection failure
], ids=["file-not-found", "permission", "unrelated-errno", "no-errno"])
def test_local_os_errors_are_not_transient(error: OSError) -> None:
    assert not is_transient(error)


@pytest.mark.parametrize("error", [
    ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"),
    OSError(errno.EHOSTUNREACH, "No route to host"),
    OSError("Multiple exceptions: [Errno 111] Connect call failed ('127.0.0.1', 5432), "
            "[Errno 99] Cannot assign requested address"),
    socket.gaierror(socket.EAI_NONAME, "Name or service not known"),
    TimeoutError(),
    OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly")),
], ids=["refused", "unreachable-errno", "multiple-exceptions", "gaierror", "timeout",
        "operational"])
def test_network_and_database_faults_are_transient(error: BaseException) -> None:
    # Would catch an over-tight fix: the network's OSErrors (errno or asyncio's "Multiple
    # exceptions" with no errno), a name that did not resolve, a timeout and the database
    # being away must still be answered 503 and redelivered.
    assert is_transient(error)


async def test_a_missing_file_in_a_handler_is_a_dead_letter_answered_200(
        settings: Settings) -> None:
    # Old behaviour: FileNotFoundError was transient, so the worker answered 503, forgot the
    # update id and kept no dead letter; Telegram would redeliver an update that fails the same
    # way every time.
    async def nofile(message: Message) -> None:
        with open("/nonexistent/cohesion-makers/template.txt") as template:  # noqa: ASYNC230
            await message.answer(template.read())

    api, telegram, base = await local_telegram()
    urls, runners, engine, sessions = await start_workers(settings, base, 1,
                                                          commands=[("nofile", nofile)])
    update = api.message_update(user_id=GIULIA, chat_id=GIULIA, text="/nofile")
    try:
        assert await telegram.deliver_webhook(update, url=urls[0], secret_token=SECRET) == 200
        assert APOLOGY_IT in api.outputs[-1].text
        async with UnitOfWork(sessions) as uow:  # type: ignore[arg-type]
            letters = await uow.updates.dead_letters()
            processed = (await uow.session.exec(select(ProcessedUpdate))).all()
        assert [(letter.update_id, letter.error.split(":")[0]) for letter in letters] == [
            (update["update_id"], "FileNotFoundError")]
        assert [(row.update_id, row.status) for row in processed] == [
            (update["update_id"], "done")]  # kept: the redelivery is not run again
        assert await telegram.deliver_webhook(update, url=urls[0], secret_token=SECRET) == 200
        async with UnitOfWork(sessions) as uow:  # type: ignore[arg-type]
            assert len((await uow.session.exec(select(FailedUpdate))).all()) == 1
    finally:
        await stop_workers(runners, engine)
        await telegram.stop()


# --- 2. a reply that reports a change goes out after the commit ----------------------------------


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    async with open_world(settings, clock, (MARCO, "Marco", "it")) as world:
        yield world


async def language_of(world: World, telegram_id: int) -> str:
    async with world.uow() as uow:
        member = await uow.members.by_telegram_id(telegram_id)
    assert isinstance(member, Member)
    return member.language


def fail_commits_that_carry_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The database refuses every commit that would write something (the disk is failing);
    commits with nothing to write still go through, so the update gets as far as the change.
    A change already flushed counts too: a notifier's query before the commit autoflushes it
    (a designer's new language is flushed when the menus notifier reads their roles)."""
    real_commit = AsyncSession.commit
    real_flush = SyncSession.flush

    def flush(self: SyncSession, objects: Any = None) -> None:
        if self.new or self.dirty or self.deleted:
            self.info["wrote"] = True
        real_flush(self, objects)

    async def commit(self: AsyncSession) -> None:
        if self.new or self.dirty or self.deleted or self.sync_session.info.get("wrote"):
            raise OperationalError("COMMIT", {}, Exception("disk I/O error"))
        await real_commit(self)

    monkeypatch.setattr(SyncSession, "flush", flush)
    monkeypatch.setattr(AsyncSession, "commit", commit)


async def test_when_the_commit_fails_the_change_is_not_reported_and_not_made(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    # Old behaviour: the handler's reply went out as soon as it was written and the unit of
    # work committed only when the handler returned, so Marco read "Done: from now on I'll
    # write in English" (and then an apology) while his language stayed Italian.
    await world.converse(MARCO, [("/language", "Scegli la lingua")])
    fail_commits_that_carry_changes(monkeypatch)
    outputs = await world.converse(MARCO, [(Press("English"), APOLOGY_IT)])
    assert not any(LANGUAGE_SET_EN in output.text for output in outputs)
    assert all(LANGUAGE_SET_EN not in output.text for output in world.api.outputs)
    monkeypatch.undo()
    assert await language_of(world, MARCO) == "it"
    # The next update still speaks Italian: the failed change did not reach the locale cache.
    await world.converse(MARCO, [("/deleteme", "Così cancelli tutto ciò che abbiamo su di te")])


async def test_a_change_is_committed_before_the_reply_that_reports_it(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    # Old behaviour: the reply was sent with the change still in the open transaction; another
    # connection (another worker, the person's next update on another worker) reading at that
    # moment saw the old language. Here the row is read, from its own session, while the
    # confirming message is being sent.
    seen_while_sending: list[str] = []
    session = world.bot.session
    real_make_request = session.make_request

    async def make_request(bot: Any, method: Any, timeout: int | None = None) -> Any:
        if LANGUAGE_SET_EN in str(getattr(method, "text", "")):
            seen_while_sending.append(await language_of(world, MARCO))
        return await real_make_request(bot, method, timeout)

    monkeypatch.setattr(session, "make_request", make_request)
    await world.converse(MARCO, [
        ("/language", "Scegli la lingua"),
        (Press("English"), LANGUAGE_SET_EN),
    ])
    assert seen_while_sending == ["en"]
    assert await language_of(world, MARCO) == "en"
    await world.converse(MARCO, [("/deleteme", "Are you sure")])  # and the bot now speaks English


# --- 3. supervised background services ---------------------------------------------------------
# Old behaviour: the sender and the scheduler were bare tasks: one that crashed, or returned,
# was gone for good and nothing said so.


class FlakyService:
    """Fails (raises, or returns early) on its first `bad_runs` runs, then runs until stopped."""

    def __init__(self, *, bad_runs: int, crash: bool) -> None:
        self.bad_runs, self.crash = bad_runs, crash
        self.runs = 0
        self.started, self.running = asyncio.Event(), asyncio.Event()

    async def __call__(self, stop: asyncio.Event) -> None:
        self.runs += 1
        self.started.set()
        if self.runs <= self.bad_runs:
            if self.crash:
                raise RuntimeError(f"sender broke on run {self.runs}")
            return  # returned early, stop not set
        self.running.set()
        await stop.wait()


@pytest.mark.parametrize("crash", [True, False], ids=["crashes", "returns-early"])
async def test_a_failed_service_is_logged_and_restarted_until_stopped(
        crash: bool, caplog: pytest.LogCaptureFixture) -> None:
    service, stop = FlakyService(bad_runs=2, crash=crash), asyncio.Event()
    with caplog.at_level(logging.ERROR, logger="cohesion.run"):
        task = asyncio.create_task(supervise("outbox sender", service, stop,
                                             backoff=0.01, max_backoff=0.02))
        await asyncio.wait_for(service.running.wait(), timeout=2)
        assert service.runs == 3 and not task.done()   # restarted twice, now running
        stop.set()
        await asyncio.wait_for(task, timeout=2)        # stop set: supervise returns
    errors = [r for r in caplog.records if r.name == "cohesion.run" and r.levelno == logging.ERROR]
    assert len(errors) == 2
    assert all("outbox sender" in r.getMessage() for r in errors)
    if crash:
        assert all("crashed" in r.getMessage() for r in errors)
        assert all(r.exc_info and isinstance(r.exc_info[1], RuntimeError) for r in errors)
    else:
        assert all("stopped by itself" in r.getMessage() for r in errors)


async def test_stop_during_the_backoff_ends_supervision_at_once() -> None:
    # Would catch a backoff slept on the clock instead of waited on `stop`: shutting down
    # would hang for the whole backoff (here 30 s, far past the 1 s allowed).
    service, stop = FlakyService(bad_runs=10**6, crash=True), asyncio.Event()
    task = asyncio.create_task(supervise("scheduler", service, stop, backoff=30, max_backoff=30))
    await asyncio.wait_for(service.started.wait(), timeout=1)
    stop.set()
    await asyncio.wait_for(task, timeout=1)
    assert service.runs == 1


async def test_a_service_that_ends_after_stop_is_not_restarted(
        caplog: pytest.LogCaptureFixture) -> None:
    stop = asyncio.Event()
    runs = 0

    async def service(event: asyncio.Event) -> None:
        nonlocal runs
        runs += 1
        event.set()  # e.g. it was told to stop from inside, then returned

    with caplog.at_level(logging.ERROR, logger="cohesion.run"):
        await asyncio.wait_for(supervise("outbox sender", service, stop, backoff=0.01), 1)
    assert runs == 1 and not [r for r in caplog.records if r.levelno >= logging.ERROR]


# --- 4. the scheduler's election ----------------------------------------------------------------


async def test_a_leader_whose_check_fails_releases_the_lock_for_a_standby(pg_url: str) -> None:
    # Old behaviour: a failed leadership check closed the connection back into the pool; the
    # pooled session still held the advisory lock, so no standby could ever take over while
    # this process lived — and it no longer ran the jobs either.
    engine_a, engine_b = create_engine(pg_url), create_engine(pg_url)
    a, b = AdvisoryLock(engine_a), AdvisoryLock(engine_b)
    try:
        assert await a.acquire() is True
        assert await b.acquire() is False
        assert await a.still_leader() is True
        checked = a.connection
        real_execute = AsyncConnection.execute
        failures: list[object] = []

        async def execute(self: AsyncConnection, *args: Any, **kwargs: Any) -> Any:
            if self is checked and not failures:  # A's next check fails; its link is fine
                failures.append(args)
                raise OperationalError("SELECT 1", {}, Exception("canceling statement due to "
                                                                 "statement timeout"))
            return await real_execute(self, *args, **kwargs)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(AsyncConnection, "execute", execute)
            assert await a.still_leader() is False
        assert failures and a.connection is None
        # The server ends the old session asynchronously: give it a moment, not for ever.
        for _ in range(300):
            if await b.acquire():
                break
            await asyncio.sleep(0.01)
        else:
            pytest.fail("the standby never got the lock: the stood-down leader still holds it")
        assert await b.still_leader() is True
        assert await a.acquire() is False  # A is a standby now
    finally:
        await a.release()
        await b.release()
        await engine_a.dispose()
        await engine_b.dispose()


class FlakyElection:
    """An election whose first `failures` acquire() calls raise (the database is away)."""

    def __init__(self, error: Exception, *, failures: int = 1) -> None:
        self.error, self.failures = error, failures
        self.attempts = 0
        self.released = False
        self.led = asyncio.Event()

    async def acquire(self) -> bool:
        self.attempts += 1
        if self.attempts <= self.failures:
            raise self.error
        self.led.set()
        return True

    async def still_leader(self) -> bool:
        return True

    async def release(self) -> None:
        self.released = True


@pytest.mark.parametrize("error", [
    RuntimeError("election exploded"),
    OperationalError("SELECT pg_try_advisory_lock(1)", {}, Exception("connection refused")),
], ids=["runtime", "operational"])
async def test_the_scheduler_keeps_electing_after_the_election_raises(
        error: Exception, sqlite_url: str, clock: Clock,
        caplog: pytest.LogCaptureFixture) -> None:
    # Old behaviour: run() let the exception out, so the scheduler task ended on the first
    # database hiccup and no process ever ran the jobs again.
    engine = create_engine(sqlite_url)
    election = FlakyElection(error, failures=2)
    service = scheduler_service(Settings(_env_file=None), create_session_factory(engine),  # type: ignore[call-arg]
                                election, clock=clock, retry=0.01)

    stop = asyncio.Event()
    try:
        with caplog.at_level(logging.ERROR, logger="scheduler.runner"):
            task = asyncio.create_task(service.run(stop))
            await asyncio.wait_for(election.led.wait(), timeout=2)
            assert service.leading and service.scheduler is not None
            assert service.scheduler.running and not task.done()
            stop.set()
            await asyncio.wait_for(task, timeout=2)
        assert election.attempts == 3 and election.released
        assert not service.leading and service.scheduler is None
        failed = [r for r in caplog.records
                  if r.name == "scheduler.runner" and r.levelno == logging.ERROR]
        assert len(failed) == 2
        assert all("election failed" in r.getMessage() and repr(error) in r.getMessage()
                   for r in failed)
    finally:
        await service._stop_jobs()
        await engine.dispose()


# --- the territory resolver -------------------------------------------------------------------


def test_a_resolver_failure_is_logged_and_read_as_not_found(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    # Old behaviour: the exception was swallowed silently and read as an unknown place, so a
    # bug in the resolver looked, in the logs, like people typing nonsense.
    gazetteer = Gazetteer.load()
    assert gazetteer.resolve("Milano").status == "found"

    def broken(text: str) -> Any:
        raise IndexError("index out of range in the fuzzy matcher")

    monkeypatch.setattr(gazetteer, "_resolve", broken)
    with caplog.at_level(logging.ERROR, logger="domain.territory"):
        result = gazetteer.resolve("Milano")
    assert result.status == "not_found" and result.place is None
    [record] = [r for r in caplog.records if r.name == "domain.territory"]
    assert record.levelno == logging.ERROR and "Milano" in record.getMessage()
    assert record.exc_info is not None and isinstance(record.exc_info[1], IndexError)
