"""Due notices reach the outbox in bulk: 10,000 announcements due at once are all released by
one sweep, in statements that grow with the batches, not with the notices.

Each test says in a comment whether it fails before this change and why.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.capabilities import notice_kinds
from scheduler.jobs import RELEASE_BATCH, release_due_notices
from storage.db import create_engine, create_session_factory
from storage.models import GroupChat, Member, Team
from storage.repositories import NOTICES, OUTBOX
from storage.repositories.notice import NoticeItem
from storage.uow import UnitOfWork
from tests.conftest import Clock

TEAMS, MEMBERS_PER_TEAM = 40, 2


@contextmanager
def statements(engine: AsyncEngine) -> Iterator[list[str]]:
    """Every statement sent meanwhile (an executemany counts once: it is one round of the
    driver's, whatever the number of rows)."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        seen.append(" ".join(statement.split()).upper())

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


def kind_of(statement: str) -> str:
    for table in ("SCHEDULED_NOTICE", "OUTBOX", "MEMBERSHIP", "TEAM"):
        if f" {table} " in f" {statement} " or f"{table}." in statement:
            return f"{statement.split()[0]} {table.lower()}"
    return statement[:40]


async def teams_with_groups_and_members(uow: UnitOfWork, clock: Clock) -> list[int]:
    ids = []
    for n in range(TEAMS):
        group = -1002000000000 - n
        team = await uow.teams.add(Team(name=f"Team {n}", territory_code="F205",
                                        group_chat_id=group, linked_at=clock(),
                                        created_at=clock()))
        uow.session.add(GroupChat(chat_id=group, title=team.name,
                                  language="en" if n % 2 else "it", joined_at=clock()))
        for m in range(MEMBERS_PER_TEAM):
            person = await uow.members.add(Member(
                telegram_id=700_000 + n * 10 + m, display_name=f"P{n}.{m}",
                language="en" if m else "it", consent_at=clock(), created_at=clock()))
            await uow.memberships.join(member_id=person.id or 0, team_id=team.id or 0,
                                       now=clock())
        ids.append(team.id or 0)
    return ids


@pytest.mark.timeout(300)
async def test_10000_notices_due_at_once_are_released_in_one_call(db_url: str,
                                                                  clock: Clock) -> None:
    # Fails before: a sweep took at most 100 due notices, with several queries per notice, so
    # 10,000 announcements needed 100 sweeps (50 min at one every 30 s) and ~60,000 statements.
    engine = create_engine(db_url)
    sessions = create_session_factory(engine)
    backend = engine.dialect.name
    try:
        async with UnitOfWork(sessions) as uow:
            team_ids = await teams_with_groups_and_members(uow, clock)
            due = clock() - timedelta(minutes=5)
            notices = [NoticeItem(key=f"bulk-{n}", kind="team_announcement", due_at=due,
                                  expires_at=due + timedelta(hours=1),
                                  params={"team_id": team_ids[n % TEAMS], "text": f"Tavolo {n}",
                                          "members": n % 2 == 0})
                       for n in range(10_000)]
            notices += [NoticeItem(key=f"late-{n}", kind="team_announcement", due_at=due,
                                   expires_at=due + timedelta(minutes=1),
                                   params={"team_id": team_ids[0], "text": "late"})
                        for n in range(100)]
            notices += [NoticeItem(key=f"odd-{n}", kind="no_such_kind", due_at=due, params={})
                        for n in range(10)]
            assert await uow.notices.schedule_many(notices) == 10_110
        async with UnitOfWork(sessions) as uow:
            with statements(engine) as seen:
                started = time.perf_counter()
                released, dropped = await release_due_notices(uow, now=clock(), kinds=notice_kinds())
                took = time.perf_counter() - started
        async with UnitOfWork(sessions) as uow:
            outbox_rows = (await uow.session.exec(select(func.count()).select_from(OUTBOX))  # type: ignore[call-overload]
                           ).scalar_one()
            by_status = dict((await uow.session.exec(  # type: ignore[call-overload]
                select(NOTICES.c.status, func.count()).group_by(NOTICES.c.status))).all())
            with_members = await uow.notices.get("bulk-0")
            group_only = await uow.notices.get("bulk-1")
            late = await uow.notices.get("late-0")
            odd = await uow.notices.get("odd-0")
            row = next(r for r in await uow.outbox.all() if r.key.startswith(
                f"notice:{with_members.id if with_members else 0}:7"))
    finally:
        await engine.dispose()
    batches = math.ceil(10_110 / RELEASE_BATCH)
    counted = Counter(kind_of(statement) for statement in seen)
    print(f"\n{backend}: 10,110 due notices -> {outbox_rows} outbox rows in {took:.2f} s, "
          f"{len(seen)} statements in {batches} batches: {dict(counted)}")
    assert (released, dropped) == (10_000, 110)
    assert by_status == {"released": 10_000, "dropped": 110}
    assert outbox_rows == 5_000 * (1 + MEMBERS_PER_TEAM) + 5_000 * 1
    assert with_members is not None and with_members.note == "3 messages"
    assert group_only is not None and group_only.note == "1 messages"
    assert late is not None and late.status == "dropped" and "expired" in (late.note or "")
    assert odd is not None and odd.note == "unknown kind"
    assert "Tavolo 0" in row.payload
    # Per batch: the due notices, the teams with their groups, the members, the settling
    # UPDATE (one executemany each), and the INSERTs of ≤ 1,000 rows each (≤ 2,000 rows a batch).
    assert counted["SELECT scheduled_notice"] == batches
    assert counted["UPDATE scheduled_notice"] == batches
    assert counted["SELECT team"] <= batches  # the last batch: only the dropped ones
    assert counted["SELECT membership"] <= batches
    assert counted["INSERT outbox"] <= 2 * batches
    assert len(seen) <= 6 * batches, seen[:20]


async def test_each_batch_is_committed_before_the_next(sqlite_url: str, clock: Clock,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # Fails before (there were no batches: one transaction took 100 notices). A failure in the
    # third batch keeps what the first two released: notices and their outbox rows together.
    engine = create_engine(sqlite_url)
    sessions = create_session_factory(engine)
    try:
        async with UnitOfWork(sessions) as uow:
            [team_id] = (await teams_with_groups_and_members(uow, clock))[:1]
            await uow.notices.schedule_many([
                NoticeItem(key=f"n{n}", kind="team_announcement", due_at=clock(),
                           params={"team_id": team_id, "text": "x"}) for n in range(5)])
        calls = 0
        kinds = notice_kinds()
        original = kinds["team_announcement"]

        async def failing_third(*args: Any) -> Any:
            nonlocal calls
            calls += 1
            if calls == 3:
                raise RuntimeError("database went away")
            return await original(*args)

        kinds["team_announcement"] = failing_third
        woken = []
        with pytest.raises(RuntimeError):
            async with UnitOfWork(sessions) as uow:
                await release_due_notices(uow, now=clock(), kinds=kinds, batch=2,
                                          on_released=lambda: woken.append(1))
        async with UnitOfWork(sessions) as uow:
            states = {n.key: n.status for n in await uow.notices.all()}
            outbox = await uow.outbox.all()
    finally:
        await engine.dispose()
    assert states == {"n0": "released", "n1": "released", "n2": "released",
                      "n3": "released", "n4": "pending"}
    assert len(outbox) == 4 and len(woken) == 2  # the group of each of the four, sender woken


async def test_a_notice_with_unreadable_params_is_dropped_not_stuck(sqlite_url: str,
                                                                    clock: Clock) -> None:
    # Fails before: json.loads raised, the sweep failed, and since due notices are taken in
    # order, that one notice held back every notice due after it, on every sweep.
    engine = create_engine(sqlite_url)
    sessions = create_session_factory(engine)
    try:
        async with UnitOfWork(sessions) as uow:
            [team_id] = (await teams_with_groups_and_members(uow, clock))[:1]
            await uow.notices.schedule_many([
                NoticeItem(key="broken", kind="team_announcement",
                           due_at=clock() - timedelta(minutes=1), params={}),
                NoticeItem(key="fine", kind="team_announcement", due_at=clock(),
                           params={"team_id": team_id, "text": "x"})])
            await uow.session.exec(update(NOTICES).where(NOTICES.c.key == "broken")  # type: ignore[call-overload]
                                   .values(params="{not json"))
        async with UnitOfWork(sessions) as uow:
            assert await release_due_notices(uow, now=clock(), kinds=notice_kinds()) == (1, 1)
            broken, fine = await uow.notices.get("broken"), await uow.notices.get("fine")
    finally:
        await engine.dispose()
    assert broken is not None and (broken.status, broken.note) == ("dropped", "unreadable params")
    assert fine is not None and fine.status == "released"
