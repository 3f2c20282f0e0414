"""Repositories: the queries, by table. They add and flush; the unit of work commits.

Writes that stamp a row take `now` from the caller (who has the injected clock)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Table, case, delete, exists, insert, literal, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import SQLModel, col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import (
    FailedUpdate,
    GroupChat,
    Member,
    Membership,
    OutboxMessage,
    OutboxStatus,
    ProcessedUpdate,
    RoleGrant,
    RoleName,
    ScheduledNotice,
    Team,
    Territory,
    UTCDateTime,
)

OPEN_STATUSES = (OutboxStatus.PENDING.value, OutboxStatus.SENDING.value)


def _table(model: type[SQLModel]) -> Table:
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


OUTBOX = _table(OutboxMessage)
NOTICES = _table(ScheduledNotice)
PROCESSED = _table(ProcessedUpdate)


def _rowcount(result: Any) -> int:
    return int(cast(CursorResult[Any], result).rowcount or 0)


class _Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session


class TerritoryRepository(_Repository):
    async def get(self, code: str) -> Territory | None:
        return await self.session.get(Territory, code)

    async def count(self) -> int:
        return (await self.session.exec(select(func.count()).select_from(Territory))).one()

    async def all(self) -> Sequence[Territory]:
        return (await self.session.exec(select(Territory))).all()

    async def add_many(self, rows: Iterable[dict[str, str | None]]) -> int:
        """Insert rows (dicts of Territory fields) in chunks; returns how many were inserted."""
        batch: list[dict[str, str | None]] = []
        total = 0
        for row in rows:
            batch.append(row)
            if len(batch) == 1000:
                await self.session.exec(insert(Territory), params=batch)
                total, batch = total + len(batch), []
        if batch:
            await self.session.exec(insert(Territory), params=batch)
            total += len(batch)
        return total



class MemberRepository(_Repository):
    async def get(self, member_id: int) -> Member | None:
        return await self.session.get(Member, member_id)

    async def by_telegram_id(self, telegram_id: int) -> Member | None:
        query = select(Member).where(Member.telegram_id == telegram_id)
        return (await self.session.exec(query)).one_or_none()

    async def add(self, member: Member) -> Member:
        self.session.add(member)
        await self.session.flush()
        return member

    async def get_or_create(self, *, telegram_id: int, now: datetime) -> Member:
        member = await self.by_telegram_id(telegram_id)
        if member is None:
            member = await self.add(Member(telegram_id=telegram_id, created_at=now))
        return member

    async def language(self, telegram_id: int) -> str | None:
        query = select(Member.language).where(Member.telegram_id == telegram_id)
        return (await self.session.exec(query)).one_or_none()


class TeamRepository(_Repository):
    async def get(self, team_id: int) -> Team | None:
        return await self.session.get(Team, team_id)

    async def add(self, team: Team) -> Team:
        self.session.add(team)
        await self.session.flush()
        return team

    async def all(self) -> Sequence[Team]:
        return (await self.session.exec(select(Team).order_by(col(Team.id)))).all()

    async def by_ids(self, ids: Sequence[int]) -> Sequence[Team]:
        """The teams with these ids, in the order given (unknown ids are left out)."""
        if not ids:
            return []
        found = {team.id: team for team in
                 (await self.session.exec(select(Team).where(col(Team.id).in_(ids)))).all()}
        return [found[i] for i in ids if i in found]

    async def in_territories(self, codes: Sequence[str]) -> Sequence[Team]:
        if not codes:
            return []
        query = select(Team).where(col(Team.territory_code).in_(codes)).order_by(col(Team.id))
        return (await self.session.exec(query)).all()

    async def by_group_chat(self, chat_id: int) -> Team | None:
        query = select(Team).where(Team.group_chat_id == chat_id)
        return (await self.session.exec(query)).one_or_none()

    async def of_member(self, member_id: int) -> Sequence[Team]:
        query = (
            select(Team)
            .join(Membership, col(Membership.team_id) == col(Team.id))
            .where(Membership.member_id == member_id)
            .order_by(col(Membership.joined_at))
        )
        return (await self.session.exec(query)).all()

    async def member_count(self, team_id: int) -> int:
        query = select(func.count()).select_from(Membership).where(Membership.team_id == team_id)
        return (await self.session.exec(query)).one()

    async def member_counts(self, team_ids: Sequence[int]) -> dict[int, int]:
        """Members per team, for many teams in one query (teams with none are absent)."""
        if not team_ids:
            return {}
        query = (select(Membership.team_id, func.count()).where(
            col(Membership.team_id).in_(team_ids)).group_by(col(Membership.team_id)))
        return {team_id: int(count) for team_id, count in (await self.session.exec(query)).all()}

    async def all_with_member_counts(self) -> list[tuple[Team, int]]:
        """Every team with its member count, in one query."""
        counts = (select(Membership.team_id, func.count().label("members"))
                  .group_by(col(Membership.team_id)).subquery())
        query = (select(Team, func.coalesce(counts.c.members, 0))
                 .outerjoin(counts, counts.c.team_id == col(Team.id)).order_by(col(Team.id)))
        return [(team, int(count)) for team, count in (await self.session.exec(query)).all()]

    async def members(self, team_id: int) -> Sequence[Member]:
        query = (
            select(Member)
            .join(Membership, col(Membership.member_id) == col(Member.id))
            .where(Membership.team_id == team_id)
            .order_by(col(Member.id))
        )
        return (await self.session.exec(query)).all()

    async def reachable_members(self, team_id: int) -> list[tuple[int, str]]:
        """(Telegram id, language) of the members who consented and have not blocked the bot."""
        query = (
            select(Member.telegram_id, Member.language)
            .join(Membership, col(Membership.member_id) == col(Member.id))
            .where(Membership.team_id == team_id, col(Member.unreachable_at).is_(None),
                   col(Member.consent_at).is_not(None))
            .order_by(col(Member.id))
        )
        return [(int(chat_id), language) for chat_id, language in
                (await self.session.exec(query)).all()]

    async def designers(self, team_id: int) -> Sequence[Member]:
        query = (
            select(Member)
            .join(RoleGrant, col(RoleGrant.telegram_id) == col(Member.telegram_id))
            .where(RoleGrant.team_id == team_id, RoleGrant.role == RoleName.DESIGNER.value)
            .order_by(col(RoleGrant.granted_at))
        )
        return (await self.session.exec(query)).all()

    async def designer_names(self, team_ids: Sequence[int]) -> dict[int, list[str]]:
        """The designers' names of many teams in one query (designers who never consented to
        the bot have no member row, so no name: they show as "?")."""
        if not team_ids:
            return {}
        query = (
            select(RoleGrant.team_id, Member.display_name)
            .outerjoin(Member, col(Member.telegram_id) == col(RoleGrant.telegram_id))
            .where(col(RoleGrant.team_id).in_(team_ids),
                   RoleGrant.role == RoleName.DESIGNER.value)
            .order_by(col(RoleGrant.granted_at), col(RoleGrant.id))
        )
        names: dict[int, list[str]] = {}
        for team_id, name in (await self.session.exec(query)).all():
            names.setdefault(int(team_id or 0), []).append(name or "?")
        return names

    async def designed_by(self, telegram_id: int) -> Sequence[Team]:
        """The teams a person is a designer of, in one query."""
        query = (
            select(Team)
            .join(RoleGrant, col(RoleGrant.team_id) == col(Team.id))
            .where(RoleGrant.telegram_id == telegram_id,
                   RoleGrant.role == RoleName.DESIGNER.value)
            .order_by(col(Team.id))
        )
        return (await self.session.exec(query)).all()


class MembershipRepository(_Repository):
    async def get(self, *, member_id: int, team_id: int) -> Membership | None:
        query = select(Membership).where(
            Membership.member_id == member_id, Membership.team_id == team_id
        )
        return (await self.session.exec(query)).one_or_none()

    async def join(self, *, member_id: int, team_id: int, now: datetime
                   ) -> tuple[Membership, bool]:
        """Idempotent: returns the membership and whether it is new."""
        existing = await self.get(member_id=member_id, team_id=team_id)
        if existing is not None:
            return existing, False
        membership = Membership(member_id=member_id, team_id=team_id, joined_at=now)
        self.session.add(membership)
        await self.session.flush()
        return membership, True


class RoleRepository(_Repository):
    """Role grants, by Telegram id (see RoleGrant)."""

    async def of_person(self, telegram_id: int) -> Sequence[RoleGrant]:
        query = (select(RoleGrant).where(RoleGrant.telegram_id == telegram_id)
                 .order_by(col(RoleGrant.id)))
        return (await self.session.exec(query)).all()

    async def find(
        self, *, telegram_id: int, role: str, team_id: int | None = None,
        territory_code: str | None = None,
    ) -> RoleGrant | None:
        query = select(RoleGrant).where(
            RoleGrant.telegram_id == telegram_id,
            RoleGrant.role == role,
            col(RoleGrant.team_id) == team_id if team_id is not None
            else col(RoleGrant.team_id).is_(None),
            RoleGrant.territory_code == territory_code
            if territory_code is not None
            else col(RoleGrant.territory_code).is_(None),
        )
        return (await self.session.exec(query)).one_or_none()

    async def grant(
        self, *, telegram_id: int, role: str, now: datetime, team_id: int | None = None,
        territory_code: str | None = None,
    ) -> tuple[RoleGrant, bool]:
        """Idempotent (NULLs defeat a unique index, so uniqueness is checked here)."""
        existing = await self.find(
            telegram_id=telegram_id, role=role, team_id=team_id, territory_code=territory_code
        )
        if existing is not None:
            return existing, False
        grant = RoleGrant(telegram_id=telegram_id, role=role, team_id=team_id,
                          territory_code=territory_code, granted_at=now)
        self.session.add(grant)
        await self.session.flush()
        return grant, True

    async def revoke(
        self, *, telegram_id: int, role: str, team_id: int | None = None,
        territory_code: str | None = None,
    ) -> bool:
        grant = await self.find(
            telegram_id=telegram_id, role=role, team_id=team_id, territory_code=territory_code
        )
        if grant is None:
            return False
        await self.session.delete(grant)
        await self.session.flush()
        return True

    async def forget_person(self, telegram_id: int) -> int:
        """Erasure: every grant of this person."""
        statement = delete(RoleGrant).where(col(RoleGrant.telegram_id) == telegram_id)
        return _rowcount(await self.session.exec(statement))

    async def all(self) -> Sequence[tuple[RoleGrant, Member | None]]:
        """Every grant, with the person's member row where they have one."""
        query = (
            select(RoleGrant, Member)
            .outerjoin(Member, col(Member.telegram_id) == col(RoleGrant.telegram_id))
            .order_by(col(RoleGrant.id))
        )
        return [(grant, member) for grant, member in (await self.session.exec(query)).all()]


class GroupChatRepository(_Repository):
    async def get(self, chat_id: int) -> GroupChat | None:
        return await self.session.get(GroupChat, chat_id)

    async def language(self, chat_id: int) -> str | None:
        query = select(GroupChat.language).where(GroupChat.chat_id == chat_id)
        return (await self.session.exec(query)).one_or_none()

    async def record_joined(
        self, *, chat_id: int, title: str | None, language: str, now: datetime
    ) -> GroupChat:
        group = await self.get(chat_id)
        if group is None:
            group = GroupChat(chat_id=chat_id, title=title, language=language, joined_at=now)
            self.session.add(group)
        else:
            group.title, group.joined_at, group.left_at = title, now, None
        await self.session.flush()
        return group

    async def unlinked_joined_before(self, moment: datetime) -> Sequence[GroupChat]:
        linked = select(Team.group_chat_id).where(col(Team.group_chat_id).is_not(None))
        query = select(GroupChat).where(
            col(GroupChat.left_at).is_(None),
            col(GroupChat.joined_at) < moment,
            col(GroupChat.chat_id).not_in(linked),
        )
        return (await self.session.exec(query)).all()

    async def move(self, old_chat_id: int, new_chat_id: int) -> None:
        """The group became a supergroup with a new id."""
        table = _table(GroupChat)
        if await self.get(new_chat_id) is None:
            await self.session.exec(update(table).where(table.c.chat_id == old_chat_id)
                                       .values(chat_id=new_chat_id))



def _insert_ignoring_duplicates(session: AsyncSession, table: Any, values: dict[str, Any],
                                key: str) -> Any:
    """INSERT … ON CONFLICT (key) DO NOTHING, in the dialect of the session's database."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return pg_insert(table).values(**values).on_conflict_do_nothing(index_elements=[key])
    return sqlite_insert(table).values(**values).on_conflict_do_nothing(index_elements=[key])


def _insert_many_ignoring_duplicates(session: AsyncSession, table: Any, key: str) -> Any:
    """The same, for an executemany of parameter rows."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return pg_insert(table).on_conflict_do_nothing(index_elements=[key])
    return sqlite_insert(table).on_conflict_do_nothing(index_elements=[key])


ENQUEUE_CHUNK = 1000


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
        if not items:
            return 0
        rows = [item.row(now) for item in items]
        added = 0
        for start in range(0, len(rows), ENQUEUE_CHUNK):
            # RETURNING counts the rows added: asyncpg's executemany reports no rowcount (-1).
            statement = _insert_many_ignoring_duplicates(self.session, OUTBOX, "key").returning(
                OUTBOX.c.id)
            result = await self.session.exec(statement, params=rows[start:start + ENQUEUE_CHUNK])
            added += len(result.all())
        return added

    async def claim(self, *, sender_id: str, now: datetime, limit: int, private_gap: timedelta,
                    group_gap: timedelta) -> list[ClaimedMessage]:
        """Take up to `limit` due rows: for each chat only its oldest open row, and only once the
        chat's previous message is older than its gap (1 s private, 3 s group by default).

        On PostgreSQL rows are locked with SKIP LOCKED, so concurrent senders never share a row;
        SQLite runs the UPDATE … RETURNING as one write, which gives the same guarantee.
        """
        o = OUTBOX.alias("o")
        earlier = OUTBOX.alias("earlier")
        recent = OUTBOX.alias("recent")
        now_v = literal(now, UTCDateTime)
        cutoff = case((o.c.chat_id < 0, literal(now - group_gap, UTCDateTime)),
                      else_=literal(now - private_gap, UTCDateTime))
        open_before = exists().where(earlier.c.chat_id == o.c.chat_id, earlier.c.id < o.c.id,
                                     earlier.c.status.in_(OPEN_STATUSES))
        sent_lately = exists().where(recent.c.chat_id == o.c.chat_id,
                                     recent.c.status == OutboxStatus.SENT.value,
                                     recent.c.sent_at > cutoff)
        candidates = (select(o.c.id)
                      .where(o.c.status == OutboxStatus.PENDING.value, o.c.not_before <= now_v,
                             ~open_before, ~sent_lately)
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
                     .where(table.c.chat_id == chat_id, table.c.status.in_(OPEN_STATUSES))
                     .values(status=status, last_error=reason[:500]))
        return _rowcount(await self.session.exec(statement))

    async def move_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        table = OUTBOX
        await self.session.exec(update(table)
                                   .where(table.c.chat_id == old_chat_id,
                                          table.c.status.in_(OPEN_STATUSES))
                                   .values(chat_id=new_chat_id))

    async def backlog(self) -> tuple[int, datetime | None]:
        """How many rows wait or are being sent, and since when the oldest waits."""
        query = select(func.count(), func.min(OutboxMessage.not_before)).where(
            col(OutboxMessage.status).in_(OPEN_STATUSES))
        count, oldest = (await self.session.exec(query)).one()
        return int(count), oldest

    async def open_rows(self, *, limit: int) -> Sequence[OutboxMessage]:
        """The oldest rows still waiting or being sent (for a readable "stuck" report)."""
        query = (select(OutboxMessage).where(col(OutboxMessage.status).in_(OPEN_STATUSES))
                 .order_by(col(OutboxMessage.id)).limit(limit))
        return (await self.session.exec(query)).all()

    async def by_status(self) -> dict[str, int]:
        query = select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        return {status: int(count) for status, count in (await self.session.exec(query)).all()}

    async def all(self) -> Sequence[OutboxMessage]:
        return (await self.session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id)))).all()


class NoticeRepository(_Repository):
    async def schedule(self, *, key: str, kind: str, params: dict[str, Any], due_at: datetime,
                       expires_at: datetime | None) -> bool:
        values = {"key": key, "kind": kind, "params": json.dumps(params, ensure_ascii=False),
                  "due_at": due_at, "expires_at": expires_at, "status": "pending"}
        statement = _insert_ignoring_duplicates(self.session, NOTICES, values,
                                                "key")
        return _rowcount(await self.session.exec(statement)) > 0

    async def due(self, now: datetime, *, limit: int = 100) -> Sequence[ScheduledNotice]:
        query = (select(ScheduledNotice)
                 .where(ScheduledNotice.status == "pending", col(ScheduledNotice.due_at) <= now)
                 .order_by(col(ScheduledNotice.due_at)).limit(limit)
                 .with_for_update(skip_locked=True))
        return (await self.session.exec(query)).all()

    async def get(self, key: str) -> ScheduledNotice | None:
        query = select(ScheduledNotice).where(ScheduledNotice.key == key)
        return (await self.session.exec(query)).one_or_none()


class UpdateLogRepository(_Repository):
    """Which update ids the webhook workers have seen, and the updates whose handler failed."""

    async def claim(self, update_id: int, *, now: datetime,
                    stale_after: timedelta = timedelta(minutes=2)) -> bool:
        """True if this worker is the one to process `update_id`: the first to see it, or the
        one taking over from a worker that started it `stale_after` ago and never finished."""
        values = {"update_id": update_id, "status": "processing", "seen_at": now}
        statement = _insert_ignoring_duplicates(self.session, PROCESSED, values, "update_id")
        if _rowcount(await self.session.exec(statement)) > 0:
            return True
        take_over = (update(PROCESSED)
                     .where(PROCESSED.c.update_id == update_id,
                            PROCESSED.c.status == "processing",
                            PROCESSED.c.seen_at < literal(now - stale_after, UTCDateTime))
                     .values(seen_at=now))
        return _rowcount(await self.session.exec(take_over)) > 0

    async def set_status(self, update_id: int, status: str) -> None:
        table = PROCESSED
        await self.session.exec(update(table).where(table.c.update_id == update_id)
                                   .values(status=status))

    async def release(self, update_id: int) -> None:
        """Forget the id, so Telegram's retry of this update is processed."""
        await self.session.exec(delete(ProcessedUpdate).where(
            col(ProcessedUpdate.update_id) == update_id))

    async def forget_before(self, moment: datetime) -> int:
        statement = delete(ProcessedUpdate).where(col(ProcessedUpdate.seen_at) < moment)
        return _rowcount(await self.session.exec(statement))

    async def dead_letter(self, *, update_id: int, payload: str, error: str, now: datetime
                          ) -> None:
        self.session.add(FailedUpdate(update_id=update_id, payload=payload, error=error,
                                      created_at=now))
        await self.session.flush()

    async def dead_letters(self) -> Sequence[FailedUpdate]:
        return (await self.session.exec(select(FailedUpdate).order_by(col(FailedUpdate.id)))).all()
