"""The hourly values an admin set for the social value estimate, over the shipped defaults
(``storage/data/impact/hour_values.json``): one row per need category, or ``default`` (a
category without its own value) or ``skills`` (professional hours)."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Column, Integer, Numeric, String, Text
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime


class ImpactRate(SQLModel, table=True):
    __tablename__ = "impact_rate"

    category: str = Field(sa_column=Column(String(40), primary_key=True))
    eur_per_hour: Decimal = Field(sa_column=Column(Numeric(8, 2), nullable=False))
    source: str = Field(sa_column=Column(Text, nullable=False))
    year: int = Field(sa_column=Column(Integer, nullable=False))
    updated_at: datetime = Field(sa_type=UTCDateTime)
