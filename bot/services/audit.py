"""The audit trail, read: `cohesion audit`'s listing, a person's /mydata entry, and erasure of
an actor (the entries are written by the audit notifier, `bot/notify/audit.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.personal import Person, Shown
from storage.models.audit import AuditEntry
from storage.repositories.audit import AuditRepository
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class AuditLine:
    at: datetime
    actor: str  # "designer 2001", "a former designer", "console"
    action: str
    team_id: int | None
    target: str  # "table 3", "role of 555"
    summary: str


def actor_of(entry: AuditEntry) -> str:
    if entry.actor_telegram_id is not None:
        return f"{entry.actor_role} {entry.actor_telegram_id}"
    if entry.actor_role == "console":
        return "the command line"
    return f"a former {entry.actor_role}"


def target_of(entry: AuditEntry) -> str:
    if entry.object_kind == "role":
        return (f"role of {entry.subject_telegram_id}" if entry.subject_telegram_id is not None
                else "role of a former member")
    return f"{entry.object_kind} {entry.object_id}" if entry.object_id is not None \
        else entry.object_kind


async def entries(uow: UnitOfWork, *, team_id: int | None = None, actor: int | None = None,
                  action: str | None = None, since: datetime | None = None,
                  until: datetime | None = None, limit: int = 100) -> list[AuditLine]:
    """The newest `limit` entries passing the filters, newest first."""
    found = await uow.repository(AuditRepository).entries(
        team_id=team_id, actor=actor, action=action, since=since, until=until, limit=limit)
    return [_line(entry) for entry in found]


def _line(entry: AuditEntry) -> AuditLine:
    return AuditLine(at=entry.at, actor=actor_of(entry), action=entry.action,
                     team_id=entry.team_id, target=target_of(entry), summary=entry.summary)


async def show(uow: UnitOfWork, person: Person) -> Shown:
    """/mydata: what the person did in their roles (an observer, expert or admin too)."""
    done: Sequence[AuditEntry] = await uow.repository(AuditRepository).by_actor(
        person.telegram_id)
    if not done:
        return {}
    return {"actions_in_a_role": [
        {"at": entry.at.isoformat(), "role": entry.actor_role, "action": entry.action,
         "team_id": entry.team_id, "object": target_of(entry), "summary": entry.summary}
        for entry in done]}


async def erase(uow: UnitOfWork, person: Person, now: datetime) -> None:
    """/deleteme: the actions stay, done by "a former <role>"; the person's id leaves them."""
    await uow.repository(AuditRepository).forget_person(person.telegram_id)
