"""Stories: a practice a member shares (/share), reviewed by the team's designer, published to
the team's group and, once a week, in a digest to the region's other teams; "useful" taps.

A story keeps its `useful` count in its own row (the taps' table only stops a second tap), so
browsing by usefulness reads one row per story and the count survives a tapper's erasure.
"""

import enum
from datetime import datetime

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime


class StoryStatus(enum.StrEnum):
    PENDING = "pending"      # shared, waiting for a designer of its team
    PUBLISHED = "published"  # approved: the team's, in its group and the digests
    DECLINED = "declined"    # turned down, with a reason the author read


class Story(SQLModel, table=True):
    __tablename__ = "story"
    __table_args__ = (
        Index("ix_story_status_published_at", "status", "published_at"),
        Index("ix_story_team_status", "team_id", "status"),
        Index("ix_story_author", "author_telegram_id"),
        # a need or table deleted sets its stories' origin to NULL
        Index("ix_story_origin_need", "origin_need_id"),
        Index("ix_story_origin_table", "origin_table_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(sa_column=Column(Integer, ForeignKey("team.id", ondelete="CASCADE"),
                                          nullable=False))
    # NULL once the author is erased (a published story stays, as the team's).
    author_telegram_id: int | None = Field(default=None, sa_column=Column(BigInteger,
                                                                          nullable=True))
    title: str = Field(max_length=120)
    done: str = Field(max_length=1000)     # what was done
    worked: str = Field(max_length=1000)   # what worked
    photo_file_id: str | None = Field(default=None, max_length=200)
    link: str | None = Field(default=None, max_length=300)
    category: str = Field(max_length=32)
    origin_need_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("need.id", ondelete="SET NULL"), nullable=True))
    origin_table_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("territorial_table.id", ondelete="SET NULL"), nullable=True))
    language: str = Field(max_length=5)    # the language it was written in
    status: str = Field(max_length=10)
    decline_reason: str | None = Field(default=None, max_length=300)
    created_at: datetime = Field(sa_type=UTCDateTime)
    reviewed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    useful: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))


class StoryUseful(SQLModel, table=True):
    """One person found one story useful (one tap each)."""

    __tablename__ = "story_useful"
    __table_args__ = (UniqueConstraint("story_id", "member_telegram_id",
                                       name="uq_story_useful"),
                      Index("ix_story_useful_member", "member_telegram_id"))

    id: int | None = Field(default=None, primary_key=True)
    story_id: int = Field(sa_column=Column(Integer, ForeignKey("story.id", ondelete="CASCADE"),
                                           nullable=False))
    member_telegram_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    at: datetime = Field(sa_type=UTCDateTime)


class StorySweep(SQLModel, table=True):
    """The week's regional stories digests were released: later sweeps that week stop here
    (the outbox keys still make a repeat send nothing)."""

    __tablename__ = "story_sweep"

    week: str = Field(sa_column=Column(String(8), primary_key=True))  # "2026-W50"
    done_at: datetime = Field(sa_type=UTCDateTime)
    groups: int = Field(sa_column=Column(Integer, nullable=False))
