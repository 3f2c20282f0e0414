"""Scheduled notice queries: schedule once per key, and the due ones for the scheduler, taken
and settled a batch at a time."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, or_, update
from sqlalchemy import select as select_columns
from sqlmodel import col, select

from storage.models.notice import ScheduledNotice
from storage.repositories.base import (
    _insert_ignoring_duplicates,
    _insert_many_ignoring_duplicates,
    _Repository,
    _rowcount,
    _table,
)

NOTICES = _table(ScheduledNotice)
SCHEDULE_CHUNK = 1000


@dataclass(frozen=True, slots=True)
class NoticeItem:
    """One notice to schedule (see ScheduledNotice)."""

    key: str
    kind: str
    params: dict[str, Any]
    due_at: datetime
    expires_at: datetime | None = None

    def row(self) -> dict[str, Any]:
        return {"key": self.key, "kind": self.kind,
                "params": json.dumps(self.params, ensure_ascii=False), "due_at": self.due_at,
                "expires_at": self.expires_at, "status": "pending"}


@dataclass(frozen=True, slots=True)
class DueNotice:
    """A pending notice whose time has come: what releasing it needs (a plain object: the
    scheduler settles notices with one UPDATE per batch, not through the session's objects)."""

    id: int
    key: str
    kind: str
    params: str
    due_at: datetime
    expires_at: datetime | None


@dataclass(frozen=True, slots=True)
class NoticeOutcome:
    """What became of a notice: "released" or "dropped", and why, for a person to read."""

    id: int
    status: str
    note: str


class NoticeRepository(_Repository):
    async def schedule(self, *, key: str, kind: str, params: dict[str, Any], due_at: datetime,
                       expires_at: datetime | None) -> bool:
        values = NoticeItem(key=key, kind=kind, params=params, due_at=due_at,
                            expires_at=expires_at).row()
        statement = _insert_ignoring_duplicates(self.session, NOTICES, values, "key")
        return _rowcount(await self.session.exec(statement)) > 0

    async def schedule_many(self, items: Sequence[NoticeItem]) -> int:
        """Schedule many notices, one executemany per SCHEDULE_CHUNK (keys that exist are
        skipped); returns how many were added."""
        added = 0
        rows = [item.row() for item in items]
        for start in range(0, len(rows), SCHEDULE_CHUNK):
            statement = _insert_many_ignoring_duplicates(self.session, NOTICES, "key").returning(
                NOTICES.c.id)
            result = await self.session.exec(statement,
                                              params=rows[start:start + SCHEDULE_CHUNK])
            added += len(result.all())
        return added

    async def due(self, now: datetime, *, limit: int = 1000) -> list[DueNotice]:
        """Up to `limit` pending notices due by `now`, earliest first, in one query (locked
        with SKIP LOCKED on PostgreSQL, so two releasers never take the same notice)."""
        table = NOTICES
        query = (select_columns(table.c.id, table.c.key, table.c.kind, table.c.params, table.c.due_at,
                                table.c.expires_at)
                 .where(table.c.status == "pending", table.c.due_at <= now)
                 .order_by(table.c.due_at, table.c.id).limit(limit)
                 .with_for_update(skip_locked=True))
        rows = (await self.session.exec(query)).all()  # type: ignore[call-overload]
        return [DueNotice(id=r.id, key=r.key, kind=r.kind, params=r.params, due_at=r.due_at,
                          expires_at=r.expires_at) for r in rows]

    async def settle(self, outcomes: Sequence[NoticeOutcome], *, now: datetime) -> None:
        """Record what became of many notices in one executemany UPDATE."""
        if not outcomes:
            return
        table = NOTICES
        statement = (update(table).where(table.c.id == bindparam("notice_id"))
                     .values(status=bindparam("new_status"), note=bindparam("new_note"),
                             handled_at=bindparam("handled")))
        await self.session.exec(statement, params=[
            {"notice_id": o.id, "new_status": o.status, "new_note": o.note[:300],
             "handled": now} for o in outcomes])

    async def get(self, key: str) -> ScheduledNotice | None:
        query = select(ScheduledNotice).where(ScheduledNotice.key == key)
        return (await self.session.exec(query)).one_or_none()

    async def all(self) -> list[ScheduledNotice]:
        return list((await self.session.exec(select(ScheduledNotice)
                                             .order_by(col(ScheduledNotice.id)))).all())

    async def holding(self, fragments: Sequence[str]) -> list[ScheduledNotice]:
        """Notices whose params hold one of `fragments` (an announcement's text may name
        someone), in any letter case. A scan: erasure is rare."""
        if not fragments:
            return []
        query = select(ScheduledNotice).where(or_(*[
            col(ScheduledNotice.params).icontains(fragment, autoescape=True)
            for fragment in fragments])).order_by(col(ScheduledNotice.id))
        return list((await self.session.exec(query)).all())

    async def rewrite_params(self, notice_id: int, params: str) -> None:
        await self.session.exec(update(ScheduledNotice).where(
            col(ScheduledNotice.id) == notice_id).values(params=params))

    async def drop_pending(self, key_prefix: str, *, now: datetime, note: str) -> int:
        """The notices not yet sent whose key starts with `key_prefix`, dropped (what they
        were about moved or was cancelled); returns how many."""
        statement = (update(ScheduledNotice)
                     .where(col(ScheduledNotice.key).startswith(key_prefix),
                            col(ScheduledNotice.status) == "pending")
                     .values(status="dropped", handled_at=now, note=note[:300]))
        return _rowcount(await self.session.exec(statement))


# The filters and orders its queries lean on — (table, leading columns, predicate of a partial
# index or None) — each led by an index (tests/schema/test_indexes.py checks, from every
# repository module's FILTERED).
FILTERED: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("scheduled_notice", ("key",), None),  # get, schedule's ON CONFLICT
    ("scheduled_notice", ("status", "due_at"), None),  # due
)
