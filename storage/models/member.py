"""The member table, with the values its profile columns take (actor type, availability)."""

import enum
from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Column, Date, false
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime


class ActorType(enum.StrEnum):
    CITIZEN = "citizen"
    NPO = "npo"
    COMPANY = "company"
    INSTITUTION = "institution"


class Availability(enum.StrEnum):
    FEW_HOURS_MONTH = "month"
    FEW_HOURS_WEEK = "week"
    WEEKENDS = "weekends"
    ON_CALL = "oncall"


class Member(SQLModel, table=True):
    """A person who talks to the bot. Only what the product needs; no phone numbers."""

    id: int | None = Field(default=None, primary_key=True)
    telegram_id: int = Field(sa_column=Column(BigInteger, unique=True, nullable=False))
    display_name: str | None = Field(default=None, max_length=64)
    language: str = Field(default="it", max_length=5)
    consent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    actor_type: str | None = Field(default=None, max_length=12)
    organisation_name: str | None = Field(default=None, max_length=100)
    territory_code: str | None = Field(default=None, foreign_key="territory.code", max_length=8,
                                       index=True)
    skills: str | None = Field(default=None, max_length=300)
    availability: str | None = Field(default=None, max_length=12)
    onboarded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    unreachable_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # blocked the bot
    # /profile "Suggestions of needs: off": the balance's nudges skip them.
    nudges_off: bool = Field(default=False, sa_column=Column(Boolean, nullable=False,
                                                             server_default=false()))
    # The last day (Rome) they wrote to the bot, written at most once a day: /members' "last
    # active", coarse on purpose.
    last_seen_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    created_at: datetime = Field(sa_type=UTCDateTime)

    @property
    def is_onboarded(self) -> bool:
        return self.onboarded_at is not None
