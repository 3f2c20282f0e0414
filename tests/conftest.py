"""Shared fixtures: migrated databases (SQLite per test, PostgreSQL per run), the local Bot API,
the real dispatcher, and a fixed clock."""

from __future__ import annotations

import asyncio
import os
import shutil
import time
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.config import Settings
from bot.i18n import LANGUAGES, LOCALES_DIR

if TYPE_CHECKING:
    from storage.uow import UnitOfWork

T = TypeVar("T")
CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# The clock is pinned, so every update of a long conversation arrives "at once": a flood to
# the throttle. Its own tests (tests/throttle) set real limits; everything else runs unthrottled.
os.environ.setdefault("THROTTLE_PERSON_UPDATES", "1000000")
os.environ.setdefault("THROTTLE_GROUP_UPDATES", "1000000")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Build the .mo catalogs if a plain `pytest` runs before `make catalogs`."""
    for language in LANGUAGES:
        folder = LOCALES_DIR / language / "LC_MESSAGES"
        po, mo = folder / "messages.po", folder / "messages.mo"
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source, mo.open("wb") as target:
                write_mo(target, read_po(source, locale=language))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite database (schema + territories), copied for each test."""
    from storage.migrate import prepare_database

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    run_apart(lambda: prepare_database(f"sqlite:///{path}"))
    return path


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "cohesion.sqlite3"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


async def _pg_admin(sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(PG_ADMIN_URL.replace("postgresql://", "postgres://"))
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def run_apart(work: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to the end on its own loop, in a thread: session fixtures may be first
    asked for from inside an async test, where the test's loop is already running."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(work())).result()


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this run, migrated; dropped at the end."""
    import asyncpg

    name = f"cm_test_{uuid.uuid4().hex[:12]}"
    try:
        run_apart(lambda: _pg_admin(f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError) as error:
        if CI:
            pytest.fail(f"PostgreSQL is required under CI=true: {error}")
        pytest.skip(f"PostgreSQL not reachable: {error}")
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    url = f"{base}/{name}"
    from storage.migrate import prepare_database

    run_apart(lambda: prepare_database(url))
    yield url
    run_apart(lambda: _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
async def pg_url(pg_database: str) -> AsyncIterator[str]:
    """The run's PostgreSQL database, emptied of everything but territories after each test."""
    yield pg_database
    from storage.db import create_engine, create_session_factory
    from storage.migrate import empty_data
    from storage.uow import UnitOfWork

    engine = create_engine(pg_database)
    async with UnitOfWork(create_session_factory(engine)) as uow:
        await empty_data(uow)  # the demo reset's own emptying: one list of what is kept
    await engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """Both backends: repository and migration tests run on each."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
async def uow_factory(db_url: str) -> AsyncIterator[Callable[[], UnitOfWork]]:
    """Units of work on each backend in turn (db_url), for repository and service tests: made
    as the bot makes them, so the events a service emits reach the notifiers."""
    from bot.capabilities import unit_of_work
    from storage.db import create_engine, create_session_factory

    engine = create_engine(db_url)
    sessions = create_session_factory(engine)
    yield lambda: unit_of_work(sessions)
    await engine.dispose()


class Clock:
    """An injected clock: tests move time forward instead of sleeping."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    async def tick(self, seconds: float = 1.0) -> None:
        """For OutboxSender.drain(idle=…): time passes only when the test says so."""
        self.now += timedelta(seconds=seconds)


class RunningClock(Clock):
    """Pinned to a start, then moving with real (monotonic) time: for tests whose pacing is
    real — a sender that must wait out a chat's gap — yet must not depend on today's date."""

    def __init__(self, start: datetime) -> None:
        super().__init__(start)
        self._started = time.monotonic()

    def __call__(self) -> datetime:
        return self.now + timedelta(seconds=time.monotonic() - self._started)


T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock(T0)


@pytest.fixture
def running_clock() -> RunningClock:
    return RunningClock(T0)


@pytest.fixture
def settings(sqlite_url: str) -> Settings:
    return Settings(_env_file=None, bot_token=None, database_url=sqlite_url,  # type: ignore[call-arg]
                    redis_url=None)


@pytest.fixture
async def redis_prefix() -> AsyncIterator[str]:
    """A key prefix of this test's own in the real Redis, deleted afterwards."""
    from redis.asyncio import Redis

    client = Redis.from_url(REDIS_URL)
    try:
        await client.ping()
    except Exception as error:  # noqa: BLE001
        await client.aclose()
        if CI:
            pytest.fail(f"Redis is required under CI=true: {error}")
        pytest.skip(f"Redis not reachable: {error}")
    prefix = f"cm_test_{uuid.uuid4().hex[:10]}"
    yield prefix
    keys = [key async for key in client.scan_iter(f"{prefix}:*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


