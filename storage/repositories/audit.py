"""Audit trail queries: add an entry, list entries by filters, erase an actor's id."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import update
from sqlmodel import col, select

from storage.models.audit import AuditEntry
from storage.repositories.base import _Repository, _rowcount


class AuditRepository(_Repository):
    """`uow.repository(AuditRepository)`: written only by the audit notifier."""

    async def add(self, entry: AuditEntry) -> AuditEntry:
        self.session.add(entry)
        await self.session.flush()
        return entry

    async def entries(self, *, team_id: int | None = None, actor: int | None = None,
                      action: str | None = None, since: datetime | None = None,
                      until: datetime | None = None, limit: int = 100) -> Sequence[AuditEntry]:
        """The newest `limit` entries that pass every filter given, newest first. `action`
        ending with "." is a prefix ("table." for every table action); `until` is exclusive."""
        query = select(AuditEntry)
        if team_id is not None:
            query = query.where(col(AuditEntry.team_id) == team_id)
        if actor is not None:
            query = query.where(col(AuditEntry.actor_telegram_id) == actor)
        if action is not None:
            query = query.where(col(AuditEntry.action).startswith(action) if action.endswith(".")
                                else col(AuditEntry.action) == action)
        if since is not None:
            query = query.where(col(AuditEntry.at) >= since)
        if until is not None:
            query = query.where(col(AuditEntry.at) < until)
        query = query.order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc()).limit(limit)
        return (await self.session.exec(query)).all()

    async def by_actor(self, telegram_id: int) -> Sequence[AuditEntry]:
        """Everything a person did in a role, oldest first (their /mydata)."""
        query = (select(AuditEntry).where(col(AuditEntry.actor_telegram_id) == telegram_id)
                 .order_by(col(AuditEntry.at), col(AuditEntry.id)))
        return (await self.session.exec(query)).all()

    async def forget_person(self, telegram_id: int) -> int:
        """Erasure: the person's id leaves every entry (as actor, or as the one a role action
        was about); the actions stay, done by "a former <role>"."""
        changed = 0
        for column in (AuditEntry.actor_telegram_id, AuditEntry.subject_telegram_id):
            statement = (update(AuditEntry).where(col(column) == telegram_id)
                         .values({column: None}))
            changed += _rowcount(await self.session.exec(statement))
        return changed


# The filters and orders its queries lean on (tests/schema/test_indexes.py).
FILTERED: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("audit_entry", ("at",), None),  # entries: newest first, by time
    ("audit_entry", ("team_id", "at"), None),  # entries --team
    ("audit_entry", ("actor_telegram_id",), None),  # entries --actor, by_actor, forget_person
    ("audit_entry", ("action",), None),  # entries --action
    ("audit_entry", ("subject_telegram_id",), None),  # forget_person
)
