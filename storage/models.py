"""The tables. One `table=True` model each; timestamps are timezone-aware UTC on every backend."""

import enum
from datetime import UTC, datetime

from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


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
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

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
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Membership(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("member_id", "team_id", name="uq_membership"),)

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(
        sa_column=Column(Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=False)
    )
    team_id: int = Field(
        sa_column=Column(Integer, ForeignKey("team.id", ondelete="CASCADE"), nullable=False)
    )
    joined_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class RoleGrant(SQLModel, table=True):
    """A role beyond plain member: designer of a team, observer of a territory, expert, admin."""

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    role: str = Field(sa_column=Column(String(12), nullable=False))
    team_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("team.id", ondelete="CASCADE"), nullable=True),
    )
    territory_code: str | None = Field(default=None, foreign_key="territory.code", max_length=8)
    granted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class GroupChat(SQLModel, table=True):
    """A group the bot was added to; it stays only if a designer links it to a team."""

    chat_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    title: str | None = Field(default=None, max_length=128)
    language: str = Field(default="it", max_length=5)
    joined_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    left_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
