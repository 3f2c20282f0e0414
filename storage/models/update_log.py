"""The update log: update ids the webhook workers have seen, and dead-lettered updates."""

from datetime import datetime

from sqlalchemy import BigInteger, Column, Text
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime


class ProcessedUpdate(SQLModel, table=True):
    """Update ids seen by the webhook workers (kept a day), so a redelivery is processed once."""

    __tablename__ = "processed_update"

    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    status: str = Field(default="processing", max_length=12)  # processing | done | failed
    seen_at: datetime = Field(sa_type=UTCDateTime, index=True)


class FailedUpdate(SQLModel, table=True):
    """Dead letters: updates whose handler raised a bug, kept with the error for a person to read."""

    __tablename__ = "failed_update"

    id: int | None = Field(default=None, primary_key=True)
    update_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    payload: str = Field(sa_column=Column(Text, nullable=False))
    error: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(sa_type=UTCDateTime)
