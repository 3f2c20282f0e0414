"""The outbox table (messages the bot sends on its own initiative) and its row statuses."""

import enum
from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, String, Text
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"        # waiting for its turn (and for not_before)
    SENDING = "sending"        # claimed by a sender
    SENT = "sent"
    UNREACHABLE = "unreachable"  # blocked, kicked, chat not found: never retried
    DEAD = "dead"              # gave up after retries, or Telegram refused it: last_error says why


class OutboxMessage(SQLModel, table=True):
    """A message the bot sends on its own initiative, written in the transaction that caused it.

    `key` makes enqueuing the same notice twice a no-op. Rows of one chat are delivered in id
    order, one at a time, within that chat's limit.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "status", "not_before"),
        Index("ix_outbox_chat", "chat_id", "status", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_column=Column(String(200), unique=True, nullable=False))
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    method: str = Field(default="sendMessage", max_length=20)
    payload: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    status: str = Field(default=OutboxStatus.PENDING.value, max_length=12)
    attempts: int = Field(default=0)
    not_before: datetime = Field(sa_type=UTCDateTime)
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(sa_type=UTCDateTime)
