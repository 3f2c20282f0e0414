"""The tables. One `table=True` model each; timestamps are timezone-aware UTC on every backend.

No column has a default time: the code that writes a row passes its clock's `now`, so rows
never mix the injected clock with the machine's (a missing time fails the NOT NULL)."""

import enum
from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC and always gives back an aware datetime (SQLite would hand back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class ActorType(enum.StrEnum):
    CITIZEN = "citizen"
    NPO = "npo"
    COMPANY = "company"
    INSTITUTION = "institution"


class RoleName(enum.StrEnum):
    DESIGNER = "designer"
    OBSERVER = "observer"
    EXPERT = "expert"
    ADMIN = "admin"


class Availability(enum.StrEnum):
    FEW_HOURS_MONTH = "month"
    FEW_HOURS_WEEK = "week"
    WEEKENDS = "weekends"
    ON_CALL = "oncall"


class Territory(SQLModel, table=True):
    """A region, province or comune of the ISTAT hierarchy (codes as in domain.territory)."""

    code: str = Field(primary_key=True, max_length=8)
    kind: str = Field(max_length=10)
    name: str = Field(max_length=120)
    parent_code: str | None = Field(default=None, max_length=8, index=True)
    region_code: str = Field(max_length=8, index=True)


class Member(SQLModel, table=True):
    """A person who talks to the bot. Only what the product needs; no phone numbers."""

    id: int | None = Field(default=None, primary_key=True)
    telegram_id: int = Field(sa_column=Column(BigInteger, unique=True, nullable=False))
    display_name: str | None = Field(default=None, max_length=64)
    language: str = Field(default="it", max_length=5)
    consent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    actor_type: str | None = Field(default=None, max_length=12)
    organisation_name: str | None = Field(default=None, max_length=100)
    territory_code: str | None = Field(default=None, foreign_key="territory.code", max_length=8)
    skills: str | None = Field(default=None, max_length=300)
    availability: str | None = Field(default=None, max_length=12)
    onboarded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    unreachable_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # blocked the bot
    created_at: datetime = Field(sa_type=UTCDateTime)

    @property
    def is_onboarded(self) -> bool:
        return self.onboarded_at is not None


class Team(SQLModel, table=True):
    """A territorial team of cohesion makers; its group chat, once linked, gets its announcements."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    territory_code: str = Field(foreign_key="territory.code", max_length=8, index=True)
    language: str = Field(default="it", max_length=5)
    group_chat_id: int | None = Field(
        default=None, sa_column=Column(BigInteger, unique=True, nullable=True)
    )
    linked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)


class Membership(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("member_id", "team_id", name="uq_membership"),)

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(
        sa_column=Column(Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=False)
    )
    team_id: int = Field(
        sa_column=Column(Integer, ForeignKey("team.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    )
    joined_at: datetime = Field(sa_type=UTCDateTime)


class RoleGrant(SQLModel, table=True):
    """A role beyond plain member: designer of a team, observer of a territory, expert, admin.

    Keyed by the Telegram id, not by a member row: an admin grants a role to someone who may
    not have talked to the bot yet, and we hold no data on a person before their consent.
    Erasure (/deleteme) deletes the person's grants with the rest.
    """

    id: int | None = Field(default=None, primary_key=True)
    telegram_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    role: str = Field(sa_column=Column(String(12), nullable=False))
    team_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("team.id", ondelete="CASCADE"), nullable=True,
                         index=True),
    )
    territory_code: str | None = Field(default=None, foreign_key="territory.code", max_length=8)
    granted_at: datetime = Field(sa_type=UTCDateTime)


class GroupChat(SQLModel, table=True):
    """A group the bot was added to; it stays only if a designer links it to a team."""

    chat_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    title: str | None = Field(default=None, max_length=128)
    language: str = Field(default="it", max_length=5)
    joined_at: datetime = Field(sa_type=UTCDateTime)
    left_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    unreachable_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # kicked, gone


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
