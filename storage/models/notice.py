"""The scheduled notice table: timed work the scheduler releases into the outbox."""

from datetime import datetime

from sqlalchemy import Column, Index, String, Text
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime


class ScheduledNotice(SQLModel, table=True):
    """Timed work kept in the database, so downtime loses none of it.

    The scheduler releases a notice into the outbox when it falls due; one released after
    `expires_at` (a reminder for a meeting that already happened) is dropped and logged.
    """

    __tablename__ = "scheduled_notice"
    __table_args__ = (Index("ix_notice_due", "status", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_column=Column(String(200), unique=True, nullable=False))
    kind: str = Field(max_length=40)
    params: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    due_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: str = Field(default="pending", max_length=12)  # pending | released | dropped
    handled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    note: str | None = Field(default=None, max_length=300)
