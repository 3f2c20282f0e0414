"""Nudges: a suggestion of a need sent to a member, one row per member, need and kind.

The row is the cap (at most one nudge per member per ``nudge_cap_days``: the sweep reads when
each member was last nudged) and the idempotency (a member is never offered the same need for
the same reason twice). Kept by Telegram id like pledges, with a foreign key to the member so
erasure (/deleteme deletes the member row) takes the person's nudges with it.
"""

import enum
from datetime import datetime

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime


class NudgeKind(enum.StrEnum):
    UNCOVERED = "uncovered"  # a need nobody has covered, offered to a member who matches it
    SURPLUS = "surplus"      # a pledger of an over-covered need pointed at a similar one


class Nudge(SQLModel, table=True):
    __tablename__ = "nudge"
    __table_args__ = (
        # Idempotency, and a member's nudges (erasure's cascade, "already offered").
        UniqueConstraint("member_telegram_id", "need_id", "kind", name="uq_nudge"),
        # The cap: who was nudged since a moment.
        Index("ix_nudge_at", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    member_telegram_id: int = Field(sa_column=Column(
        BigInteger, ForeignKey("member.telegram_id", ondelete="CASCADE"), nullable=False))
    need_id: int = Field(sa_column=Column(Integer, ForeignKey("need.id", ondelete="CASCADE"),
                                          nullable=False, index=True))
    kind: str = Field(sa_column=Column(String(10), nullable=False))
    at: datetime = Field(sa_type=UTCDateTime)


class NudgeMute(SQLModel, table=True):
    """A member's "not for me" on a nudge: no suggestions of needs of ``category`` until
    ``until`` (30 days after the press). One row per member and category (a second press
    moves ``until``); the member's foreign key takes it along on erasure."""

    __tablename__ = "nudge_mute"
    __table_args__ = (UniqueConstraint("member_telegram_id", "category", name="uq_nudge_mute"),
                      # The sweep reads the mutes still running.
                      Index("ix_nudge_mute_until", "until"))

    id: int | None = Field(default=None, primary_key=True)
    member_telegram_id: int = Field(sa_column=Column(
        BigInteger, ForeignKey("member.telegram_id", ondelete="CASCADE"), nullable=False))
    category: str = Field(sa_column=Column(String(40), nullable=False))
    until: datetime = Field(sa_type=UTCDateTime)
