"""Engine and session factory for SQLite (default) and PostgreSQL.

Plain `sqlite:///…` and `postgresql://…` URLs are accepted and given their async driver here,
so the rest of the code never has to care which one runs.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, exc, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg",
                  "postgres": "postgresql+asyncpg"}


def async_url(url: str) -> str:
    """The same database with its async driver: sqlite→aiosqlite, postgresql→asyncpg."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if parsed.drivername in _ASYNC_DRIVERS:
        parsed = parsed.set(drivername=_ASYNC_DRIVERS[parsed.drivername])
    elif backend == "postgresql" and parsed.get_driver_name() != "asyncpg":
        parsed = parsed.set(drivername="postgresql+asyncpg")
    elif backend == "sqlite" and parsed.get_driver_name() != "aiosqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL + synchronous=NORMAL commits single rows ~3x faster than the default journal,
    # and foreign keys are off in SQLite unless asked for. secure_delete overwrites what a
    # delete or an update frees with zeros, so an erased person's words do not linger in the
    # file's free space (docs/privacy.md); the WAL is emptied after an erasure (`scrub`).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


#: A pooled PostgreSQL connection idle longer than this is pinged before it is handed out.
IDLE_PING_AFTER = 10.0  # seconds


def _ping_idle_connections(engine: AsyncEngine, idle_after: float) -> None:
    """Ping a pooled connection before use only if it sat idle for `idle_after` seconds.

    `pool_pre_ping` pings on every checkout; with asyncpg that ping is BEGIN, SELECT 1,
    ROLLBACK — three round trips, which cost more than a whole short update's queries
    (bench/routers_bench.py). A connection in steady use was just proven alive by its last
    statement; one that sat idle (a quiet night, a database restart) is pinged, and a dead one
    is replaced before anyone uses it (DisconnectionError makes the pool retry). A server that
    restarts within the idle window still costs the one update that finds its connection
    closed: SQLAlchemy then invalidates the pool, and the error takes the update's usual path
    (an apology; 503 and a redelivery in webhook mode).
    """
    dialect = engine.sync_engine.dialect

    def checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    def checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("idle_since")
        if since is not None and time.monotonic() - since > idle_after:
            try:
                dialect.do_ping(dbapi_connection)
            except Exception as error:
                raise exc.DisconnectionError() from error

    event.listen(engine.sync_engine, "checkin", checked_in)
    event.listen(engine.sync_engine, "checkout", checkout)


def create_engine(url: str, *, echo: bool = False,
                  idle_ping_after: float = IDLE_PING_AFTER) -> AsyncEngine:
    """An async engine for `url`; SQLite files get their folder created and sane pragmas."""
    full = async_url(url)
    # hide_parameters: a database error's message (logged, kept in a dead letter) would
    # otherwise quote the values bound to the statement — names, words a person typed.
    kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
    if is_sqlite(full):
        database = make_url(full).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
    else:
        kwargs.update(pool_size=10, max_overflow=10)
    engine = create_async_engine(full, **kwargs)
    if is_sqlite(full):
        # aiosqlite logs every statement with its values at DEBUG: names, words a person
        # typed. The log carries neither (docs/privacy.md), whatever the level asked.
        logging.getLogger("aiosqlite").setLevel(max(logging.INFO,
                                                    logging.getLogger("aiosqlite").level))
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    else:
        _ping_idle_connections(engine, idle_ping_after)
    return engine


async def scrub(session: AsyncSession) -> None:
    """After an erasure has committed: on SQLite, copy the write-ahead log into the database
    and truncate it to nothing, so the log keeps no copy of the pages as they were before
    (secure_delete has already zeroed them in the pages written). Nothing to do on PostgreSQL
    (docs/privacy.md says what VACUUM does there)."""
    if session.bind is None or session.bind.dialect.name != "sqlite":
        return
    await session.exec(text("PRAGMA wal_checkpoint(TRUNCATE)"))  # type: ignore[call-overload]
    await session.commit()


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
