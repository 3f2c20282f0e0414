"""Local services: what a non-profit or an institution offers the people of a place (a help
desk, a food bank's opening hours…), listed with /services by one of its confirmed members and
shown by /near once a designer of the territory approved it.

The service is the organisation's public offer; only ``submitted_by`` and ``reviewed_by`` name
a person. ``lat``/``lon`` copy the comune's point (``domain.near``) so /near prefilters by a
bounding box in the database; ``province_code`` lets it ask for a province without a join.
"""

import enum
from datetime import datetime

from sqlalchemy import BigInteger, Column, Float, ForeignKey, Index, Integer, String
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime


class ServiceStatus(enum.StrEnum):
    PENDING = "pending"      # waiting for a designer of the territory
    APPROVED = "approved"    # shown by /near
    DECLINED = "declined"    # with a reason, told to the submitter
    WITHDRAWN = "withdrawn"  # taken back by the organisation


class LocalService(SQLModel, table=True):
    __tablename__ = "local_service"
    __table_args__ = (
        # /near: the approved services of a bounding box, and of a province.
        Index("ix_local_service_status_lat", "status", "lat"),
        Index("ix_local_service_status_province", "status", "province_code"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(sa_column=Column(
        Integer, ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False, index=True))
    submitted_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True,
                                                                   index=True))
    name: str = Field(sa_column=Column(String(100), nullable=False))
    category: str = Field(sa_column=Column(String(40), nullable=False))
    what: str = Field(sa_column=Column(String(500), nullable=False))
    when_text: str = Field(sa_column=Column(String(200), nullable=False))
    reach: str = Field(sa_column=Column(String(300), nullable=False))
    territory_code: str = Field(sa_column=Column(String(8), ForeignKey("territory.code"),
                                                 nullable=False, index=True))
    province_code: str | None = Field(default=None, sa_column=Column(String(8), nullable=True))
    lat: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    lon: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    status: str = Field(sa_column=Column(String(10), nullable=False))
    decline_reason: str | None = Field(default=None, sa_column=Column(String(300),
                                                                      nullable=True))
    reviewed_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    created_at: datetime = Field(sa_type=UTCDateTime)
    reviewed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
