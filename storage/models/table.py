"""Territorial tables: a team's meetings, the members' answers to them, and their minutes.

A table keeps its ``revision``: moving it bumps the revision, and the reminders scheduled for an
older revision are dropped (and, if one slipped through, ignored when released). Telegram ids
are kept rather than member rows, as for pledges: erasure sets them to NULL.
"""

import enum
from datetime import datetime

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, String, Text
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime


class TableStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    SKIPPED = "skipped"  # one meeting of a series left out (a holiday): the series goes on


class RsvpAnswer(enum.StrEnum):
    YES = "yes"
    MAYBE = "maybe"
    NO = "no"


class TerritorialTable(SQLModel, table=True):
    """One meeting of a team: when, where, what about, and how it is announced."""

    __tablename__ = "territorial_table"
    __table_args__ = (
        # /tables: a team's tables in time order; leads the FK.
        Index("ix_table_team_starts", "team_id", "starts_at"),
        # the minutes reminder: scheduled tables whose time has passed.
        Index("ix_table_status_starts", "status", "starts_at"),
        # a recurring table's next occurrence: at most one per table (the sweep is idempotent).
        Index("ix_table_follows", "follows_id", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(sa_column=Column(Integer, ForeignKey("team.id", ondelete="CASCADE"),
                                          nullable=False))
    starts_at: datetime = Field(sa_type=UTCDateTime)
    place: str = Field(sa_column=Column(String(300), nullable=False))
    agenda: str = Field(default="", sa_column=Column(Text, nullable=False))
    capacity: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    recurrence: str = Field(default="none", sa_column=Column(String(10), nullable=False))
    reminders: str = Field(default="1440,60", sa_column=Column(String(60), nullable=False))
    status: str = Field(default=TableStatus.SCHEDULED.value,
                        sa_column=Column(String(10), nullable=False))
    revision: int = Field(default=1, sa_column=Column(Integer, nullable=False))
    created_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True,
                                                                  index=True))
    group_chat_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    group_message_id: int | None = Field(default=None,
                                         sa_column=Column(BigInteger, nullable=True))
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    # the table of the series this one comes after (set by the scheduler for recurring tables)
    follows_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("territorial_table.id", ondelete="SET NULL"), nullable=True))


class TableRsvp(SQLModel, table=True):
    """A member's answer to a table; ``seq`` orders the "yes" answers (the waiting list)."""

    __tablename__ = "table_rsvp"
    __table_args__ = (
        Index("ix_table_rsvp_table_member", "table_id", "member_telegram_id", unique=True),
        Index("ix_table_rsvp_table_answer_seq", "table_id", "answer", "seq"),
        Index("ix_table_rsvp_member", "member_telegram_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    table_id: int = Field(sa_column=Column(
        Integer, ForeignKey("territorial_table.id", ondelete="CASCADE"), nullable=False))
    member_telegram_id: int | None = Field(default=None,
                                           sa_column=Column(BigInteger, nullable=True))
    answer: str = Field(sa_column=Column(String(8), nullable=False))
    seq: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    answered_at: datetime = Field(sa_type=UTCDateTime)


class TableMinutes(SQLModel, table=True):
    """What a table decided, who came, and notes: posted to the group and kept.

    ``attendance`` is the list of names as the designer kept or wrote them; ``attendee_ids``
    says who each one was (a Telegram id, or null for a name the bot could not tie to anyone),
    recorded when the minutes are written, so erasing a person replaces their own entry — not
    everyone who shares their name — with "a former member" in the minutes' ``language``.
    Minutes written before it was recorded have NULL there.
    """

    __tablename__ = "table_minutes"

    id: int | None = Field(default=None, primary_key=True)
    table_id: int = Field(sa_column=Column(
        Integer, ForeignKey("territorial_table.id", ondelete="CASCADE"), nullable=False,
        unique=True, index=True))
    attendance: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    decisions: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    notes: str = Field(default="", sa_column=Column(Text, nullable=False))
    attendee_ids: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    language: str = Field(default="it", sa_column=Column(String(5), nullable=False,
                                                         server_default="it"))
    written_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True,
                                                                  index=True))
    written_at: datetime = Field(sa_type=UTCDateTime)
