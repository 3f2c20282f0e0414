"""The free expert hour: experts' profiles, their slots, and the members' bookings."""

import enum
from datetime import datetime

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, SmallInteger, text
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime

# The predicate of the partial unique indexes, written as the queries write it.
ACTIVE_BOOKINGS = "status = 'active'"


class BookingStatus(enum.StrEnum):
    ACTIVE = "active"        # booked; once its slot is over, the hour has been held (still used)
    CANCELLED = "cancelled"  # gives the free hour back and frees the slot


class ExpertProfile(SQLModel, table=True):
    """An expert's competences (framework ids) and languages, granted from the CLI with the
    expert role. Keyed by the Telegram id like the role: an expert need not be a member."""

    __tablename__ = "expert_profile"

    id: int | None = Field(default=None, primary_key=True)
    telegram_id: int = Field(sa_column=Column(BigInteger, nullable=False, unique=True))
    display_name: str | None = Field(default=None, max_length=64)
    competences: str = Field(default="", max_length=400)  # comma-separated framework ids
    languages: str = Field(default="it", max_length=40)   # comma-separated language codes
    active: bool = Field(default=True, index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    # How the hour happens (domain.expert.check_meeting): "place", "video" or "chat"; the
    # place or the http(s) link as the expert typed it. NULL: not said yet.
    meeting: str | None = Field(default=None, max_length=8)
    meeting_detail: str | None = Field(default=None, max_length=300)

    @property
    def competence_ids(self) -> list[str]:
        return [c for c in self.competences.split(",") if c]

    @property
    def language_codes(self) -> list[str]:
        return [c for c in self.languages.split(",") if c]


class ExpertSlot(SQLModel, table=True):
    """One hour an expert offers. A removed slot keeps its row (bookings may refer to it); so
    does an hour a member booked once its expert erased their data, with `expert_id` NULL (the
    member's record, and a held hour still counted, without the expert)."""

    __tablename__ = "expert_slot"
    __table_args__ = (Index("ix_expert_slot_expert_start", "expert_id", "starts_at"),
                      Index("ix_expert_slot_start", "starts_at"))

    id: int | None = Field(default=None, primary_key=True)
    expert_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("expert_profile.id", ondelete="CASCADE"), nullable=True))
    starts_at: datetime = Field(sa_type=UTCDateTime)
    ends_at: datetime = Field(sa_type=UTCDateTime)
    removed_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)


class ExpertBooking(SQLModel, table=True):
    """A member's free hour on a slot. The database keeps the two promises: one active booking
    per slot, one active (or held) booking per member — partial unique indexes, so two people
    pressing at once on two workers cannot both win. Rescheduling moves the row to another
    slot and bumps `revision` (the reminders' keys follow it)."""

    __tablename__ = "expert_booking"
    __table_args__ = (
        Index("uq_expert_booking_slot_active", "slot_id", unique=True,
              postgresql_where=text(ACTIVE_BOOKINGS), sqlite_where=text(ACTIVE_BOOKINGS)),
        Index("uq_expert_booking_member_active", "member_telegram_id", unique=True,
              postgresql_where=text(ACTIVE_BOOKINGS), sqlite_where=text(ACTIVE_BOOKINGS)),
    )

    id: int | None = Field(default=None, primary_key=True)
    slot_id: int = Field(sa_column=Column(
        Integer, ForeignKey("expert_slot.id", ondelete="CASCADE"), nullable=False, index=True))
    # NULL once the member erased their data (a past hour stays counted, without them).
    member_telegram_id: int | None = Field(default=None, sa_column=Column(
        BigInteger, ForeignKey("member.telegram_id", ondelete="SET NULL"), nullable=True,
        index=True))
    status: str = Field(default=BookingStatus.ACTIVE.value, max_length=12, index=True)
    revision: int = Field(default=1)
    feedback: int | None = Field(default=None, sa_column=Column(SmallInteger, nullable=True))
    feedback_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
