"""Training queries: a member's enrolment and progress, the sweep's due members (one query),
its bulk update (one executemany) and the push log (keys inserted once). Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, false, update
from sqlalchemy import select as select_columns
from sqlmodel import col, select

from storage.models import GroupChat, Member, Team
from storage.models.base import UTCDateTime
from storage.models.training import TrainingEnrolment, TrainingProgress, TrainingPush
from storage.repositories.base import _insert_many_ignoring_duplicates, _Repository, _table

ENROLMENT = _table(TrainingEnrolment)
PUSH = _table(TrainingPush)
CHUNK = 1000


@dataclass(frozen=True, slots=True)
class DueEnrolment:
    """A member whose next push is due, with what the push needs."""

    telegram_id: int
    language: str
    path: str        # JSON list of module ids
    position: int
    rhythm: str
    due_at: datetime


@dataclass(frozen=True, slots=True)
class Advance:
    """After a push: the member's new position and next due time (None: path finished);
    applied only if the due time is still the one the sweep read."""

    telegram_id: int
    was_due: datetime
    position: int
    next_due_at: datetime | None


@dataclass(frozen=True, slots=True)
class PushRow:
    key: str
    module_id: str
    member_telegram_id: int | None = None
    group_chat_id: int | None = None


@dataclass(frozen=True, slots=True)
class PillGroup:
    team_id: int
    team_name: str
    chat_id: int
    language: str


class TrainingRepository(_Repository):
    async def enrolment(self, telegram_id: int) -> TrainingEnrolment | None:
        query = select(TrainingEnrolment).where(
            TrainingEnrolment.member_telegram_id == telegram_id)
        return (await self.session.exec(query)).first()

    async def enrol(self, enrolment: TrainingEnrolment) -> TrainingEnrolment:
        self.session.add(enrolment)
        await self.session.flush()
        return enrolment

    async def progress(self, telegram_id: int) -> dict[str, TrainingProgress]:
        """module id -> the member's progress row, for every module they opened."""
        query = select(TrainingProgress).where(
            TrainingProgress.member_telegram_id == telegram_id).order_by(
            col(TrainingProgress.opened_at), col(TrainingProgress.id))
        return {row.module_id: row for row in (await self.session.exec(query)).all()}

    async def progress_of(self, telegram_id: int, module_id: str) -> TrainingProgress | None:
        query = select(TrainingProgress).where(
            TrainingProgress.member_telegram_id == telegram_id,
            TrainingProgress.module_id == module_id)
        return (await self.session.exec(query)).first()

    async def opened(self, telegram_id: int, module_id: str, now: datetime) -> TrainingProgress:
        """The member's progress row for a module, made the first time it is opened."""
        row = await self.progress_of(telegram_id, module_id)
        if row is None:
            row = TrainingProgress(member_telegram_id=telegram_id, module_id=module_id,
                                   opened_at=now)
            self.session.add(row)
            await self.session.flush()
        return row

    async def due(self, now: datetime, *, limit: int) -> list[DueEnrolment]:
        """Enrolled members whose push is due: not paused, registered, not unreachable (one who
        blocked the bot has left us); erased members have no enrolment. One query."""
        query = (select_columns(col(TrainingEnrolment.member_telegram_id), col(Member.language),
                                col(TrainingEnrolment.path), col(TrainingEnrolment.position),
                                col(TrainingEnrolment.rhythm), col(TrainingEnrolment.next_due_at))
                 .join(Member, col(Member.telegram_id) == col(TrainingEnrolment.member_telegram_id))
                 .where(col(TrainingEnrolment.paused) == false(),
                        col(TrainingEnrolment.next_due_at) <= now,
                        col(Member.unreachable_at).is_(None),
                        col(Member.onboarded_at).is_not(None))
                 .order_by(col(TrainingEnrolment.next_due_at), col(TrainingEnrolment.id))
                 .limit(limit))
        return [DueEnrolment(int(tid), language, path, int(position), rhythm, due_at)
                for tid, language, path, position, rhythm, due_at
                in (await self.session.exec(query)).all()]  # type: ignore[call-overload]

    async def advance_many(self, advances: Sequence[Advance], *, now: datetime) -> None:
        """Every pushed member's position and next due time, in one executemany."""
        if not advances:
            return
        table = ENROLMENT
        statement = (update(table)
                     .where(table.c.member_telegram_id == bindparam("b_tid"),
                            table.c.next_due_at == bindparam("b_was", type_=UTCDateTime))
                     .values(position=bindparam("b_position"),
                             next_due_at=bindparam("b_next", type_=UTCDateTime),
                             updated_at=bindparam("b_now", type_=UTCDateTime)))
        rows: list[dict[str, Any]] = [
            {"b_tid": a.telegram_id, "b_was": a.was_due, "b_position": a.position,
             "b_next": a.next_due_at, "b_now": now} for a in advances]
        await self.session.exec(statement, params=rows)

    async def log_pushes(self, pushes: Sequence[PushRow], *, now: datetime) -> list[str]:
        """Record pushes (a key already logged is skipped); returns the keys added."""
        added: list[str] = []
        rows = [{"key": p.key, "module_id": p.module_id, "member_telegram_id": p.member_telegram_id,
                 "group_chat_id": p.group_chat_id, "sent_at": now} for p in pushes]
        for start in range(0, len(rows), CHUNK):
            statement = _insert_many_ignoring_duplicates(self.session, PUSH, "key").returning(
                PUSH.c.key)
            result = await self.session.exec(statement, params=rows[start:start + CHUNK])
            added += [str(key) for key in result.scalars().all()]
        return added

    async def pushes_of(self, telegram_id: int) -> Sequence[TrainingPush]:
        query = select(TrainingPush).where(
            TrainingPush.member_telegram_id == telegram_id).order_by(col(TrainingPush.sent_at))
        return (await self.session.exec(query)).all()

    async def pill_groups(self) -> list[PillGroup]:
        """Every linked team group the bot can still post in (not left, not unreachable), in
        its language (the team's when the bot never saw the group join). One query."""
        query = (select_columns(col(Team.id), col(Team.name), col(Team.group_chat_id),
                                col(Team.language), col(GroupChat.language),
                                col(GroupChat.left_at), col(GroupChat.unreachable_at))
                 .outerjoin(GroupChat, col(GroupChat.chat_id) == col(Team.group_chat_id))
                 .where(col(Team.group_chat_id).is_not(None))
                 .order_by(col(Team.id)))
        found = []
        for team_id, name, chat_id, team_language, group_language, left_at, unreachable_at in (
                await self.session.exec(query)).all():  # type: ignore[call-overload]
            if left_at is None and unreachable_at is None:
                found.append(PillGroup(int(team_id), name, int(chat_id),
                                       group_language or team_language))
        return found

    async def forget_person(self, telegram_id: int) -> None:
        """Erasure: the member's enrolment, progress and pushes go (the foreign keys would take
        them with the member row too; this does not rely on the backend enforcing them)."""
        for model in (TrainingPush, TrainingProgress, TrainingEnrolment):
            table = _table(model)
            await self.session.exec(delete(table).where(
                table.c.member_telegram_id == telegram_id))


# The filters and orders its queries lean on — (table, leading columns, predicate of a partial
# index or None) — each led by an index (tests/schema/test_indexes.py checks, from every
# repository module's FILTERED).
FILTERED: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("training_enrolment", ("member_telegram_id",), None),  # enrolment, advance_many, forget_person
    ("training_enrolment", ("paused", "next_due_at"), None),  # due (the sweep)
    ("training_progress", ("member_telegram_id", "module_id"), None),  # progress(_of), opened
    ("training_push", ("key",), None),  # log_pushes' ON CONFLICT
    ("training_push", ("member_telegram_id",), None),  # pushes_of, forget_person
)
