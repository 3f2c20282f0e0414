"""The outbox table (messages the bot sends on its own initiative) and its row statuses."""

import enum
from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, String, Text, text
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"        # waiting for its turn (and for not_before)
    SENDING = "sending"        # claimed by a sender
    SENT = "sent"
    UNREACHABLE = "unreachable"  # blocked, kicked, chat not found: never retried
    DEAD = "dead"              # gave up after retries, or Telegram refused it: last_error says why


OPEN_STATUSES = (OutboxStatus.PENDING.value, OutboxStatus.SENDING.value)
FINISHED_STATUSES = (OutboxStatus.SENT.value, OutboxStatus.UNREACHABLE.value,
                     OutboxStatus.DEAD.value)
# The predicates of the partial indexes, written exactly as the queries write them: SQLite uses
# a partial index only when the query's WHERE contains the index's terms as written.
PENDING_ROWS = "status = 'pending'"
OPEN_ROWS = "status IN ('pending', 'sending')"
SENT_ROWS = "status = 'sent'"


def _partial(name: str, *columns: str, where: str) -> Index:
    return Index(name, *columns, postgresql_where=text(where), sqlite_where=text(where))


class OutboxMessage(SQLModel, table=True):
    """A message the bot sends on its own initiative, written in the transaction that caused it.

    `key` makes enqueuing the same notice twice a no-op. Rows of one chat are delivered in id
    order, one at a time, within that chat's limit.

    Sent rows pile up (they are purged after OUTBOX_RETENTION_DAYS), so what the senders ask
    many times a second reads partial indexes over the few open rows, and the recent sent rows
    of one chat: a claim costs the same with 200,000 rows of history as with none.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        # Rows of one status by due time: the health check's counts, the backlog, stale claims,
        # the purge of finished rows by age.
        Index("ix_outbox_due", "status", "not_before"),
        # The claim walks the pending rows in id order, stopping at its limit.
        _partial("ix_outbox_pending", "id", where=PENDING_ROWS),
        # "Has this chat an earlier open row?"; closing and moving a chat's open rows.
        _partial("ix_outbox_open_chat", "chat_id", "id", where=OPEN_ROWS),
        # "Was this chat sent a message within its gap?"
        _partial("ix_outbox_sent_chat", "chat_id", "sent_at", where=SENT_ROWS),
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
