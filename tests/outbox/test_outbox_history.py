"""The outbox with history: a claim that costs the same with 200,000 sent rows as with none, and
finished rows purged after the retention period.

Each test says in a comment whether it fails before this change (migration 0004, the partial
indexes, OutboxRepository.purge_finished, OUTBOX_RETENTION_DAYS) and why.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import asyncpg
import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Settings
from cohesion.app import create_scheduler, scheduler_service
from scheduler.jobs import purge
from scheduler.runner import SingleProcess
from storage.db import create_engine, create_session_factory
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork
from tests.conftest import Clock

GAPS = {"private_gap": timedelta(seconds=1), "group_gap": timedelta(seconds=3)}


async def sent_history(engine: AsyncEngine, clock: Clock, rows: int) -> None:
    """`rows` sent rows, built by the server in one statement: a quarter to group -100 (the
    last one a minute ago), the rest spread over 3,000 private chats, one a second before."""
    async with engine.begin() as connection:
        await connection.execute(text(
            "INSERT INTO outbox (key, chat_id, method, payload, status, attempts, not_before, "
            "claimed_by, claimed_at, sent_at, created_at) "
            "SELECT 'history:' || g, CASE WHEN g % 4 = 0 THEN -100 ELSE 1000 + g % 3000 END, "
            "'sendMessage', '{}', 'sent', 0, t, 'old-sender', t, t, t "
            "FROM (SELECT g, CAST(:now AS timestamptz) - (:rows + 60 - g) * interval '1 second' "
            "AS t FROM generate_series(1, :rows) AS g) AS history"),
            {"now": clock(), "rows": rows})
        await connection.execute(text("ANALYZE outbox"))


@contextmanager
def captured(engine: AsyncEngine) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, params: Any, _context: Any,
               _many: bool) -> None:
        seen.append((statement, params))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


def plan_nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


async def test_a_claim_reads_only_open_rows_and_recent_ones_with_200k_sent_rows(
        pg_url: str, clock: Clock) -> None:
    # Fails before: with ix_outbox_chat (chat_id, status, id) the claim walked the primary key
    # past all 200,000 sent rows and then every sent row of each candidate's chat to find its
    # last message (~180,000 buffers, ~950 ms); now each part reads a partial index.
    engine = create_engine(pg_url)
    sessions = create_session_factory(engine)
    try:
        await sent_history(engine, clock, 200_000)
        async with UnitOfWork(sessions) as uow:
            await uow.outbox.enqueue_many(
                [OutboxItem(key=f"new:{n}", chat_id=-100 if n < 10 else 1000 + n, text="hi")
                 for n in range(300)], now=clock())
        async with engine.begin() as connection:
            await connection.execute(text("ANALYZE outbox"))
        uow = UnitOfWork(sessions)
        with captured(engine) as seen:
            claimed = await uow.outbox.claim(sender_id="s", now=clock(), limit=50, **GAPS)
        await uow.rollback()
        await uow.close()
        assert len(claimed) == 50
        sql, params = next((s, p) for s, p in seen if s.lstrip().startswith("UPDATE outbox"))
        connection = await asyncpg.connect(pg_url.replace("postgresql://", "postgres://"))
        transaction = connection.transaction()  # EXPLAIN ANALYZE runs the UPDATE: undo it
        await transaction.start()
        try:
            [[raw]] = await connection.fetch(
                "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, *params)
            plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]
        finally:
            await transaction.rollback()
            await connection.close()
    finally:
        await engine.dispose()
    nodes = list(plan_nodes(plan["Plan"]))
    used = {(node.get("Alias"), node.get("Index Name")) for node in nodes if "Alias" in node}
    print("\nclaim plan with 200k sent rows:", sorted(used, key=str),
          f"{plan['Execution Time']:.1f} ms,",
          plan["Plan"].get("Shared Hit Blocks", 0) + plan["Plan"].get("Shared Read Blocks", 0),
          "buffers")
    assert ("o", "ix_outbox_pending") in used
    assert ("earlier", "ix_outbox_open_chat") in used
    assert ("recent", "ix_outbox_sent_chat") in used
    # Nothing of the history is read and thrown away (before: 200,000 + 25,000 per candidate).
    discarded = sum(node.get("Rows Removed by Filter", 0) * node.get("Actual Loops", 1)
                    for node in nodes)
    assert discarded < 1_000, discarded


async def outbox_row(uow: UnitOfWork, key: str, *, status: str, created: timedelta,
                     clock: Clock, claimed: timedelta | None = None,
                     sent: timedelta | None = None, chat_id: int = 5) -> None:
    """A row created `created` ago, claimed and sent as long ago as given."""
    now = clock()
    await uow.outbox.enqueue_many([OutboxItem(key=key, chat_id=chat_id, text=key)],
                                  now=now - created)
    row = next(r for r in await uow.outbox.all() if r.key == key)
    await uow.outbox.finish(row.id or 0, status=status,
                            claimed_at=None if claimed is None else now - claimed,
                            sent_at=None if sent is None else now - sent)


async def test_a_claim_still_takes_the_right_rows_among_50k_sent(pg_url: str,
                                                                  clock: Clock) -> None:
    # Passes before and after: it guards the rewrite (literal statuses, new indexes) against
    # taking a row too early or missing one, with enough history for the planner to use them.
    engine = create_engine(pg_url)
    sessions = create_session_factory(engine)
    now = clock()
    try:
        await sent_history(engine, clock, 50_000)  # group -100's last message: a minute ago
        async with UnitOfWork(sessions) as uow:
            await outbox_row(uow, "g200-sent", status="sent", created=timedelta(seconds=5),
                             sent=timedelta(seconds=1), chat_id=-200, clock=clock)
            await outbox_row(uow, "p9-sending", status="sending", created=timedelta(seconds=5),
                             claimed=timedelta(seconds=1), chat_id=9, clock=clock)
            await uow.outbox.enqueue_many([
                OutboxItem(key="p7-first", chat_id=7, text="1"),
                OutboxItem(key="p7-second", chat_id=7, text="2"),   # after p7-first
                OutboxItem(key="g100", chat_id=-100, text="g"),     # its gap is over
                OutboxItem(key="g200", chat_id=-200, text="g"),     # within its 3 s gap
                OutboxItem(key="p8-later", chat_id=8, text="l",
                           not_before=now + timedelta(minutes=1)),  # not due yet
                OutboxItem(key="p9-next", chat_id=9, text="n"),     # p9-sending is out
                OutboxItem(key="p1001", chat_id=1001, text="h"),    # history, long ago
            ], now=now)
        async with engine.begin() as connection:
            await connection.execute(text("ANALYZE outbox"))
        async with UnitOfWork(sessions) as uow:
            claimed = await uow.outbox.claim(sender_id="s", now=now, limit=50, **GAPS)
            again = await uow.outbox.claim(sender_id="s", now=now, limit=50, **GAPS)
    finally:
        await engine.dispose()
    assert [message.key for message in claimed] == ["p7-first", "g100", "p1001"]
    assert again == []  # p7-second waits for p7-first to finish


async def test_finished_rows_go_after_the_retention_open_ones_stay(db_url: str,
                                                                   clock: Clock) -> None:
    # Fails before: housekeeping only forgot update ids; the outbox grew with every message
    # ever sent (and so did the claim's cost, before the partial indexes).
    engine = create_engine(db_url)
    sessions = create_session_factory(engine)
    day = timedelta(days=1)
    try:
        async with UnitOfWork(sessions) as uow:
            for n in range(5):
                await outbox_row(uow, f"old-sent-{n}", status="sent", created=9 * day,
                                 claimed=9 * day, sent=9 * day, clock=clock)
            await outbox_row(uow, "recent-sent", status="sent", created=9 * day,
                             claimed=day, sent=day, clock=clock)    # retried, sent yesterday
            await outbox_row(uow, "old-dead", status="dead", created=10 * day, claimed=8 * day,
                             clock=clock)
            await outbox_row(uow, "recent-dead", status="dead", created=10 * day,
                             claimed=6 * day, clock=clock)
            await outbox_row(uow, "old-unreachable", status="unreachable", created=30 * day,
                             clock=clock)                             # never claimed
            await outbox_row(uow, "old-pending", status="pending", created=30 * day,
                             clock=clock)
            await outbox_row(uow, "old-sending", status="sending", created=30 * day,
                             claimed=29 * day, clock=clock)
        async with UnitOfWork(sessions) as uow:
            await uow.updates.claim(1, now=clock() - 2 * day)
            await uow.updates.claim(2, now=clock())
        settings = Settings(_env_file=None, outbox_retention_days=7)  # type: ignore[call-arg]
        service = scheduler_service(settings, sessions, SingleProcess(), clock=clock)
        assert await service.housekeeping() == 1 + 5 + 1 + 1   # ids, sent, dead, unreachable
        async with UnitOfWork(sessions) as uow:
            left = sorted(row.key for row in await uow.outbox.all())
        assert left == ["old-pending", "old-sending", "recent-dead", "recent-sent"]
        async with UnitOfWork(sessions) as uow:
            assert await service.housekeeping() == 0          # nothing more to do
    finally:
        await engine.dispose()


async def test_the_purge_goes_in_bounded_batches(db_url: str, clock: Clock) -> None:
    # Fails before (no purge of the outbox). Each batch is its own statement and transaction,
    # so a large backlog of history never holds the senders up in one long delete.
    engine = create_engine(db_url)
    sessions = create_session_factory(engine)
    try:
        async with UnitOfWork(sessions) as uow:
            for n in range(7):
                await outbox_row(uow, f"old-{n}", status="sent", created=timedelta(days=9),
                                 sent=timedelta(days=9), clock=clock)
        deletes: list[str] = []

        def record(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
            if statement.lstrip().upper().startswith("DELETE FROM OUTBOX"):
                deletes.append(statement)

        event.listen(engine.sync_engine, "before_cursor_execute", record)
        async with UnitOfWork(sessions) as uow:
            assert await purge(uow, now=clock(), outbox_retention=timedelta(days=7),
                               batch=3) == 7
        event.remove(engine.sync_engine, "before_cursor_execute", record)
        assert len(deletes) == 3  # 3 + 3 + 1
        async with UnitOfWork(sessions) as uow:
            assert await uow.outbox.all() == []
    finally:
        await engine.dispose()


async def test_the_retention_is_a_setting_the_scheduler_gets(
        monkeypatch: pytest.MonkeyPatch, sqlite_url: str, clock: Clock) -> None:
    # Fails before: there was no OUTBOX_RETENTION_DAYS, and nothing to pass it to.
    assert Settings(_env_file=None).outbox_retention_days == 7  # type: ignore[call-arg]
    monkeypatch.setenv("OUTBOX_RETENTION_DAYS", "3")
    settings = Settings(_env_file=None, database_url=sqlite_url)  # type: ignore[call-arg]
    engine = create_engine(sqlite_url)
    try:
        service = create_scheduler(settings, engine, create_session_factory(engine), clock=clock)
    finally:
        await engine.dispose()
    assert service.outbox_retention == timedelta(days=3)
    monkeypatch.setenv("OUTBOX_RETENTION_DAYS", "0")  # the "sent lately" check needs history
    with pytest.raises(ValueError):
        Settings(_env_file=None)  # type: ignore[call-arg]
