"""The audit trail: what designers, observers, experts and admins did to shared data."""

from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, Integer, String
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime


class AuditEntry(SQLModel, table=True):
    """One action that changed shared data: who (a Telegram id and the role they acted in),
    what (an action, the object it touched, a short impersonal summary), when.

    Written by the audit notifier in the action's own transaction. Erasing the actor sets
    `actor_telegram_id` to NULL and keeps the rest — "a former designer" did it — and the same
    for `subject_telegram_id`, the person a role action was about. Nothing here is a name or a
    word someone typed: the summary is built from ids, codes and times.
    """

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_team_at", "team_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime, index=True)
    actor_telegram_id: int | None = Field(
        default=None, sa_column=Column(BigInteger, nullable=True, index=True))
    actor_role: str = Field(sa_column=Column(String(12), nullable=False))
    action: str = Field(sa_column=Column(String(24), nullable=False, index=True))
    team_id: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    object_kind: str = Field(sa_column=Column(String(12), nullable=False))
    object_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    subject_telegram_id: int | None = Field(
        default=None, sa_column=Column(BigInteger, nullable=True, index=True))
    summary: str = Field(default="", sa_column=Column(String(200), nullable=False))
