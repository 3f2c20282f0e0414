"""Organisations — non-profits, companies, institutions — as records of their own, and the
people who act for them.

A member acts for at most one organisation at a time (``organisation_member`` is unique on the
person). The first person to name a new organisation is its first confirmed member; anyone
after asks to join and is confirmed by a confirmed member or by a designer of the
organisation's territory. A pledge made by a confirmed member acting for it is recorded with
the organisation (``pledge.organisation_id``), so what an organisation gave holds when people
change organisation or erase themselves.
"""

import enum
from datetime import datetime

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, String
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime


class OrganisationKind(enum.StrEnum):
    """The same codes as the member's actor types that act for an organisation."""

    NPO = "npo"
    COMPANY = "company"
    INSTITUTION = "institution"


class OrganisationMemberStatus(enum.StrEnum):
    PENDING = "pending"      # asked to act for it, waiting for a confirmation
    CONFIRMED = "confirmed"


class Organisation(SQLModel, table=True):
    __tablename__ = "organisation"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String(100), nullable=False))
    # ``domain.organisations.name_key`` of the name: what fuzzy matching compares.
    name_key: str = Field(sa_column=Column(String(100), nullable=False, index=True))
    kind: str = Field(sa_column=Column(String(12), nullable=False))
    # Its comune (or wider territory); NULL until the first member's place is known.
    territory_code: str | None = Field(default=None, sa_column=Column(
        String(8), ForeignKey("territory.code"), nullable=True, index=True))
    description: str | None = Field(default=None, sa_column=Column(String(280), nullable=True))
    website: str | None = Field(default=None, sa_column=Column(String(200), nullable=True))
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class OrganisationMember(SQLModel, table=True):
    """A person acting for an organisation, pending or confirmed."""

    __tablename__ = "organisation_member"
    __table_args__ = (
        # An organisation's members by status (its roster, the requests to confirm).
        Index("ix_organisation_member_org_status", "organisation_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(sa_column=Column(
        Integer, ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False))
    member_telegram_id: int = Field(sa_column=Column(BigInteger, nullable=False, unique=True))
    status: str = Field(sa_column=Column(String(10), nullable=False))
    requested_at: datetime = Field(sa_type=UTCDateTime)
    confirmed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Who confirmed them (a confirmed member or a designer); NULL for the first member, and
    # once that person is erased.
    confirmed_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
