"""The PostgreSQL pool: a connection that died while idle is replaced before anyone uses it."""

from __future__ import annotations

from sqlalchemy import text

from storage.db import create_engine


async def _backend_pid(engine) -> int:  # type: ignore[no-untyped-def]
    async with engine.connect() as connection:
        return int((await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def test_an_idle_connection_killed_by_the_server_is_replaced(pg_url: str) -> None:
    engine = create_engine(pg_url, idle_ping_after=0.0)   # ping every reused connection
    admin = create_engine(pg_url)
    try:
        first = await _backend_pid(engine)                 # back in the pool, idle
        async with admin.connect() as connection:
            killed = (await connection.execute(
                text("SELECT pg_terminate_backend(:pid)"), {"pid": first})).scalar_one()
        assert killed is True
        second = await _backend_pid(engine)                # no error: pinged, replaced
        assert second != first
    finally:
        await engine.dispose()
        await admin.dispose()


async def test_a_connection_in_steady_use_is_not_pinged(pg_url: str) -> None:
    engine = create_engine(pg_url, idle_ping_after=3600.0)
    statements: list[str] = []
    try:
        from sqlalchemy import event

        event.listen(engine.sync_engine, "before_cursor_execute",
                     lambda *args: statements.append(args[2]))
        pings = 0
        original = engine.sync_engine.dialect.do_ping

        def counting_ping(connection):  # type: ignore[no-untyped-def]
            nonlocal pings
            pings += 1
            return original(connection)

        engine.sync_engine.dialect.do_ping = counting_ping  # type: ignore[method-assign]
        for _ in range(5):
            await _backend_pid(engine)
        assert pings == 0
        assert statements.count("SELECT pg_backend_pid()") == 5
    finally:
        await engine.dispose()
