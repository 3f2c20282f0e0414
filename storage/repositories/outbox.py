"""Outbox queries: enqueue in the caller's transaction; claim, reclaim and rewrite for senders."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
    and_,
    case,
    delete,
    literal,
    literal_column,
    or_,
    update,
)
from sqlalchemy.sql.elements import ColumnClause
from sqlmodel import col, func, select

from storage.models.base import UTCDateTime
from storage.models.outbox import FINISHED_STATUSES, OPEN_STATUSES, OutboxMessage, OutboxStatus
from storage.repositories.base import _insert_many_ignoring_duplicates, _Repository, _rowcount, _table

OUTBOX = _table(OutboxMessage)
ENQUEUE_CHUNK = 1000
PURGE_CHUNK = 5000
NEVER = datetime(1970, 1, 1, tzinfo=UTC)  # "no message sent yet", for the gap check


def _status(value: str) -> ColumnClause[Any]:
    """A status written into the SQL, not bound: a partial index applies only to a query whose
    WHERE implies the index's, which PostgreSQL cannot prove for a parameter in a cached generic
    plan, nor SQLite for a parameter at all (and SQLite only for the predicate's terms written
    the same way: `status IN ('pending', 'sending')` is not implied by `status = 'pending'`)."""
    return literal_column(f"'{OutboxStatus(value).value}'")


def _is_open(table: FromClause) -> ColumnElement[bool]:
    """`status IN ('pending', 'sending')`, as the open-row indexes' predicate reads."""
    return table.c.status.in_([_status(value) for value in OPEN_STATUSES])


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One message to enqueue: a text (sendMessage) or another method with its payload."""

    key: str
    chat_id: int
    text: str | None = None
    method: str = "sendMessage"
    payload: dict[str, Any] | None = None
    not_before: datetime | None = None

    def row(self, now: datetime) -> dict[str, Any]:
        body = dict(self.payload or {})
        if self.text is not None:
            body["text"] = self.text
        return {"key": self.key, "chat_id": self.chat_id, "method": self.method,
                "payload": json.dumps(body, ensure_ascii=False),
                "status": OutboxStatus.PENDING.value, "attempts": 0,
                "not_before": self.not_before or now, "created_at": now}


@dataclass(frozen=True, slots=True)
class ClaimedMessage:
    """An outbox row a sender holds: just what delivering it needs (a plain object, because
    validating a full model per row costs a tenth of a millisecond on the sender's hot path)."""

    id: int
    key: str
    chat_id: int
    method: str
    payload: str
    attempts: int


class OutboxRepository(_Repository):
    """The outbox: enqueue in the caller's transaction; claim, reclaim and rewrite for senders."""

    async def enqueue(self, *, key: str, chat_id: int, now: datetime, text: str | None = None,
                      method: str = "sendMessage", payload: dict[str, Any] | None = None,
                      not_before: datetime | None = None) -> bool:
        """Add a message unless one with `key` exists; True if added. Due at `not_before`, or
        at once (`now`, the caller's clock)."""
        return await self.enqueue_many([OutboxItem(key=key, chat_id=chat_id, text=text,
                                                   method=method, payload=payload,
                                                   not_before=not_before)], now=now) > 0

    async def enqueue_many(self, items: Sequence[OutboxItem], *, now: datetime) -> int:
        """Add many messages in one statement (those whose key exists are skipped); returns
        how many were added."""
        return len(await self.enqueue_many_keys(items, now=now))

    async def enqueue_many_keys(self, items: Sequence[OutboxItem], *, now: datetime) -> list[str]:
        """The same (one executemany per ENQUEUE_CHUNK rows), returning the keys added."""
        if not items:
            return []
        rows = [item.row(now) for item in items]
        added: list[str] = []
        for start in range(0, len(rows), ENQUEUE_CHUNK):
            # RETURNING tells the rows added: asyncpg's executemany reports no rowcount (-1).
            statement = _insert_many_ignoring_duplicates(self.session, OUTBOX, "key").returning(
                OUTBOX.c.key)
            result = await self.session.exec(statement, params=rows[start:start + ENQUEUE_CHUNK])
            added += [str(key) for key in result.scalars().all()]
        return added

    async def claim(self, *, sender_id: str, now: datetime, limit: int, private_gap: timedelta,
                    group_gap: timedelta) -> list[ClaimedMessage]:
        """Take up to `limit` due rows: for each chat only its oldest open row, and only once the
        chat's previous message is older than its gap (1 s private, 3 s group by default).

        On PostgreSQL rows are locked with SKIP LOCKED, so concurrent senders never share a row;
        SQLite runs the UPDATE … RETURNING as one write, which gives the same guarantee.

        Each part reads a partial index (see OutboxMessage), so its cost depends on the open
        rows and the chats' last few seconds, never on how many rows were sent before. The two
        per-chat checks are scalar subqueries (the chat's first open row; its last sent time),
        not EXISTS: PostgreSQL turns an EXISTS into an anti-join whose plan rests on the table's
        statistics, and with statistics taken before a backlog arrived (a big outbox is far
        below autovacuum's analyze threshold) it scanned every open row for each candidate —
        1.2 s per claim of 500 with 1M sent rows, against 10 ms now, whatever the statistics.
        """
        o = OUTBOX.alias("o")
        earlier = OUTBOX.alias("earlier")
        recent = OUTBOX.alias("recent")
        now_v = literal(now, UTCDateTime)
        cutoff = case((o.c.chat_id < 0, literal(now - group_gap, UTCDateTime)),
                      else_=literal(now - private_gap, UTCDateTime))
        first_open = (select(func.min(earlier.c.id))                    # ix_outbox_open_chat
                      .where(earlier.c.chat_id == o.c.chat_id, _is_open(earlier))
                      .scalar_subquery())
        last_sent = (select(func.max(recent.c.sent_at))                 # ix_outbox_sent_chat
                     .where(recent.c.chat_id == o.c.chat_id,
                            recent.c.status == _status(OutboxStatus.SENT))
                     .scalar_subquery())
        never = literal(NEVER, UTCDateTime)
        candidates = (select(o.c.id)                                    # ix_outbox_pending
                      .where(o.c.status == _status(OutboxStatus.PENDING),
                             o.c.not_before <= now_v, o.c.id == first_open,
                             func.coalesce(last_sent, never) <= cutoff)
                      .order_by(o.c.id).limit(limit).with_for_update(skip_locked=True))
        table = OUTBOX
        statement = (update(table).where(table.c.id.in_(candidates.scalar_subquery()))
                     .values(status=OutboxStatus.SENDING.value, claimed_by=sender_id,
                             claimed_at=now)
                     .returning(table.c.id, table.c.key, table.c.chat_id, table.c.method,
                                table.c.payload, table.c.attempts))
        rows = (await self.session.exec(statement)).all()
        return sorted((ClaimedMessage(id=r.id, key=r.key, chat_id=r.chat_id, method=r.method,
                                      payload=r.payload, attempts=r.attempts) for r in rows),
                      key=lambda message: message.id)

    async def reclaim_stale(self, *, claimed_before: datetime) -> int:
        """Rows a sender claimed and never finished (it died): back to pending."""
        table = OUTBOX
        statement = (update(table)
                     .where(table.c.status == OutboxStatus.SENDING.value,
                            table.c.claimed_at < literal(claimed_before, UTCDateTime))
                     .values(status=OutboxStatus.PENDING.value, claimed_by=None))
        return _rowcount(await self.session.exec(statement))

    async def finish(self, message_id: int, **values: Any) -> None:
        table = OUTBOX
        await self.session.exec(update(table).where(table.c.id == message_id).values(**values))

    async def mark_sent(self, ids: Sequence[int], *, sent_at: datetime) -> None:
        await self.session.exec(update(OUTBOX).where(OUTBOX.c.id.in_(ids))
                                   .values(status=OutboxStatus.SENT.value, sent_at=sent_at))

    async def close_chat(self, chat_id: int, *, status: str, reason: str) -> int:
        """Every open row of a chat that cannot be reached any more."""
        table = OUTBOX
        statement = (update(table)
                     .where(table.c.chat_id == chat_id, _is_open(table))
                     .values(status=status, last_error=reason[:500]))
        return _rowcount(await self.session.exec(statement))

    async def move_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        table = OUTBOX
        await self.session.exec(update(table)
                                   .where(table.c.chat_id == old_chat_id, _is_open(table))
                                   .values(chat_id=new_chat_id))

    async def backlog(self) -> tuple[int, datetime | None]:
        """How many rows wait or are being sent, and since when the oldest waits."""
        query = select(func.count(), func.min(OutboxMessage.not_before)).where(_is_open(OUTBOX))
        count, oldest = (await self.session.exec(query)).one()
        return int(count), oldest

    async def open_rows(self, *, limit: int) -> Sequence[OutboxMessage]:
        """The rows waiting longest or being sent (for a readable "stuck" report): by due time,
        which ix_outbox_due gives per status (in id order the planner would walk the primary key
        through every sent row to find the open ones at its end)."""
        query = (select(OutboxMessage).where(_is_open(OUTBOX))
                 .order_by(col(OutboxMessage.not_before), col(OutboxMessage.id)).limit(limit))
        return (await self.session.exec(query)).all()

    async def purge_finished(self, *, before: datetime, limit: int = PURGE_CHUNK) -> int:
        """Delete up to `limit` finished rows (sent, unreachable, dead) that nothing happened
        to since `before`: due, claimed and sent (whichever they were) before it. Open rows
        stay whatever their age. Returns how many went; call again until fewer than `limit`.

        The age test reads ix_outbox_due (status, not_before) for each finished status."""
        table = OUTBOX
        moment = literal(before, UTCDateTime)
        old = [table.c.not_before < moment, table.c.created_at < moment,
               or_(table.c.claimed_at.is_(None), table.c.claimed_at < moment),
               or_(table.c.sent_at.is_(None), table.c.sent_at < moment)]
        finished = table.c.status.in_([_status(value) for value in FINISHED_STATUSES])
        batch = select(table.c.id).where(and_(finished, *old)).limit(limit)
        statement = delete(table).where(table.c.id.in_(batch.scalar_subquery()))
        return _rowcount(await self.session.exec(statement))

    # --- erasure (/deleteme): what names a person ------------------------------------------

    async def naming(self, *, chat_id: int, fragments: Sequence[str]) -> Sequence[OutboxMessage]:
        """Rows that may name a person, whatever their status: addressed to `chat_id`, holding
        one of `fragments` in their key or (in any letter case) their payload, or carrying a
        file (base64 in the row, which only the caller can read). The caller decides which do.

        A scan of the whole outbox, with no index to lead it: erasure is rare, and the outbox
        holds about a week of rows (sent ones are purged after OUTBOX_RETENTION_DAYS)."""
        conditions = [col(OutboxMessage.chat_id) == chat_id,
                      col(OutboxMessage.method) == "sendDocument"]
        for fragment in fragments:
            conditions += [col(OutboxMessage.key).contains(fragment, autoescape=True),
                           col(OutboxMessage.payload).icontains(fragment, autoescape=True)]
        query = select(OutboxMessage).where(or_(*conditions)).order_by(col(OutboxMessage.id))
        return (await self.session.exec(query)).all()

    async def delete_keyed(self, prefix: str) -> int:
        """Every row whose key starts with `prefix`, whatever its status."""
        statement = delete(OUTBOX).where(OUTBOX.c.key.startswith(prefix, autoescape=True))
        return _rowcount(await self.session.exec(statement))

    async def delete(self, ids: Sequence[int]) -> int:
        if not ids:
            return 0
        return _rowcount(await self.session.exec(delete(OUTBOX).where(OUTBOX.c.id.in_(ids))))

    async def rewrite_payload(self, message_id: int, payload: str) -> None:
        """A row's message, changed in place (its key, chat and status stay)."""
        await self.session.exec(update(OUTBOX).where(OUTBOX.c.id == message_id)
                                   .values(payload=payload))

    async def withdraw(self, message_id: int, *, payload: str, reason: str) -> bool:
        """An open row that must not go out any more: finished as dead, with why; False if a
        sender finished it first."""
        statement = (update(OUTBOX).where(OUTBOX.c.id == message_id, _is_open(OUTBOX))
                     .values(status=OutboxStatus.DEAD.value, payload=payload,
                             last_error=reason[:500]))
        return _rowcount(await self.session.exec(statement)) > 0

    async def by_status(self) -> dict[str, int]:
        query = select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        return {status: int(count) for status, count in (await self.session.exec(query)).all()}

    async def all(self) -> Sequence[OutboxMessage]:
        return (await self.session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id)))).all()


# The filters and orders its queries lean on — (table, leading columns, predicate of a partial
# index or None) — each led by an index (tests/schema/test_indexes.py checks, from every
# repository module's FILTERED).
FILTERED: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("outbox", ("key",), None),  # enqueue's ON CONFLICT
    ("outbox", ("status", "not_before"), None),  # backlog, open_rows, reclaim_stale, purge, by_status
    ("outbox", ("id",), "status = 'pending'"),  # claim: the candidates, in id order
    ("outbox", ("chat_id", "id"), "status IN ('pending', 'sending')"),  # claim, close/move_chat
    ("outbox", ("chat_id", "sent_at"), "status = 'sent'"),  # claim: sent lately
)
