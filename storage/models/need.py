"""Needs, the pledges made against them, and the record of every change to either.

A need keeps its running totals (``pledged``, ``delivered``) in its own row, kept in step by
``NeedRepository`` in the same transaction as the pledge that moves them: ``/needs``, the
coverage bar and the balance read one row per need, never a SUM over pledges, and the
conditional UPDATE of ``pledged`` is what stops concurrent pledges from passing the limit.

Quantities are ``Numeric(12, 2)`` (the domain allows at most two decimals, see
``domain.needs.MAX_DECIMALS``). Units, resources and statuses are the codes of
``domain.needs``. Telegram ids are kept, not member rows: erasure sets them to NULL and the
pledges stay, counted, as "a deleted member".
"""

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
)
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime

#: Quantities: ten digits before the point (the largest unit maximum is 1,000,000), two after.
QUANTITY = Numeric(12, 2)


class NeedStatus(enum.StrEnum):
    PROPOSED = "proposed"    # a member's /propose, waiting for the designer
    DECLINED = "declined"    # a proposal the designer turned down (the reason is in the event)
    OPEN = "open"
    COVERED = "covered"      # pledged >= target
    FULFILLED = "fulfilled"  # delivered >= target
    CLOSED = "closed"        # by the designer
    EXPIRED = "expired"      # the deadline passed (the scheduler's job)


#: Needs still taking pledges (the conditional UPDATE writes these literally).
PLEDGEABLE = (NeedStatus.OPEN.value, NeedStatus.COVERED.value)


class Urgency(enum.StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"


class PledgeStatus(enum.StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"
    DELIVERED = "delivered"


class NeedEventKind(enum.StrEnum):
    POSTED = "posted"
    EDITED = "edited"
    CLOSED = "closed"
    REOPENED = "reopened"
    COVERED = "covered"
    FULFILLED = "fulfilled"
    EXPIRED = "expired"
    PLEDGED = "pledged"
    WITHDRAWN = "withdrawn"
    REDUCED = "reduced"  # a pledge lowered to a smaller quantity
    DELIVERED = "delivered"
    PROPOSED = "proposed"
    APPROVED = "approved"
    DECLINED = "declined"


class Need(SQLModel, table=True):
    """Something a team asks for: a quantity of one unit, by a deadline, in a place.

    ``target``, ``unit`` and ``resource`` may be missing only on a proposal (a member signals
    a need with fewer fields; the designer completes it when approving).
    """

    __tablename__ = "need"
    __table_args__ = (
        # The team's needs by status (designer's lists, the team card); leads the team FK.
        Index("ix_need_team_status", "team_id", "status"),
        # The needs of a place by status (/needs near a member, the balance); leads the FK.
        Index("ix_need_territory_status", "territory_code", "status"),
        # The expiry job: live needs whose deadline passed.
        Index("ix_need_status_deadline", "status", "deadline"),
        CheckConstraint("status IN ('proposed', 'declined') OR (target IS NOT NULL AND target > 0"
                        " AND unit IS NOT NULL AND resource IS NOT NULL)", name="ck_need_target"),
        CheckConstraint("pledged >= 0 AND delivered >= 0", name="ck_need_totals"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(sa_column=Column(Integer, ForeignKey("team.id", ondelete="CASCADE"),
                                          nullable=False))
    territory_code: str = Field(sa_column=Column(String(8), ForeignKey("territory.code"),
                                                 nullable=False))
    title: str = Field(sa_column=Column(String(120), nullable=False))
    description: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    category: str = Field(sa_column=Column(String(40), nullable=False))
    resource: str | None = Field(default=None, sa_column=Column(String(8), nullable=True))
    unit: str | None = Field(default=None, sa_column=Column(String(40), nullable=True))
    skill: str | None = Field(default=None, sa_column=Column(String(100), nullable=True))
    target: Decimal | None = Field(default=None, sa_column=Column(QUANTITY, nullable=True))
    urgency: str = Field(sa_column=Column(String(8), nullable=False))
    deadline: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    beneficiary: str | None = Field(default=None, sa_column=Column(String(120), nullable=True))
    status: str = Field(sa_column=Column(String(10), nullable=False))
    # Who posted it (the designer; the approver of a proposal); NULL once erased.
    posted_by: int | None = Field(default=None,
                                  sa_column=Column(BigInteger, nullable=True, index=True))
    proposed_by: int | None = Field(default=None,
                                    sa_column=Column(BigInteger, nullable=True, index=True))
    pledged: Decimal = Field(default=Decimal(0), sa_column=Column(QUANTITY, nullable=False))
    delivered: Decimal = Field(default=Decimal(0), sa_column=Column(QUANTITY, nullable=False))
    # For the balance (time to first pledge, time to coverage); kept when pledges drop again.
    first_pledge_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    covered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Goods only, optional: what one unit is worth in euro, as the designer declared it (the
    # social value estimate values delivered goods with it; none declared, none counted).
    unit_value: Decimal | None = Field(default=None, sa_column=Column(QUANTITY, nullable=True))
    # The table whose minutes' decision this need was posted from; NULL for any other need, and
    # when that table is deleted.
    from_table_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("territorial_table.id", ondelete="SET NULL"), nullable=True,
        index=True))
    # Fundraising only: where to give (an http(s) address); the bot never handles money.
    link: str | None = Field(default=None, sa_column=Column(String(300), nullable=True))
    # The non-profit the need is for (fundraising, capacity building); NULL for the others,
    # and when that organisation is deleted.
    organisation_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("organisation.id", ondelete="SET NULL"), nullable=True,
        index=True))


class Pledge(SQLModel, table=True):
    """A member's promise of part of a need; ``delivered`` grows as the designer confirms."""

    __tablename__ = "pledge"
    __table_args__ = (
        # The pledges of a need by status (pledgers to tell, pending deliveries); leads the FK.
        Index("ix_pledge_need_status", "need_id", "status"),
        # /pledges: a member's pledges; erasure finds them by this too.
        Index("ix_pledge_member_status", "member_telegram_id", "status"),
        CheckConstraint("quantity > 0 AND delivered >= 0 AND delivered <= quantity",
                        name="ck_pledge_quantities"),
    )

    id: int | None = Field(default=None, primary_key=True)
    need_id: int = Field(sa_column=Column(Integer, ForeignKey("need.id", ondelete="CASCADE"),
                                          nullable=False))
    member_telegram_id: int | None = Field(default=None,
                                           sa_column=Column(BigInteger, nullable=True))
    quantity: Decimal = Field(sa_column=Column(QUANTITY, nullable=False))
    delivered: Decimal = Field(default=Decimal(0), sa_column=Column(QUANTITY, nullable=False))
    status: str = Field(sa_column=Column(String(10), nullable=False))
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    # The organisation the pledger acted for when pledging (a confirmed member of it), kept
    # when they leave it or are erased: what an organisation gave is counted by this.
    organisation_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("organisation.id", ondelete="SET NULL"), nullable=True, index=True))


class NeedEvent(SQLModel, table=True):
    """One change to a need or its pledges: what, when, by whom (NULL: the scheduler, or an
    erased person), and its particulars as JSON text."""

    __tablename__ = "need_event"
    __table_args__ = (
        # A need's history in order; "was it ever covered?" (notices go once); leads the FK.
        Index("ix_need_event_need_kind", "need_id", "kind", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    need_id: int = Field(sa_column=Column(Integer, ForeignKey("need.id", ondelete="CASCADE"),
                                          nullable=False))
    at: datetime = Field(sa_type=UTCDateTime)
    by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True, index=True))
    kind: str = Field(sa_column=Column(String(12), nullable=False))
    details: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
