"""The weekly digests' sweeps: one row per ISO week whose digests went out."""

from datetime import datetime

from sqlalchemy import Column, Integer, String
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime


class DigestSweep(SQLModel, table=True):
    """The week's digests were released (to every linked group and observer with something
    to say) at `done_at`: the sweeps later that week stop at this row instead of working the
    week's figures out again. The outbox keys still make a repeat send nothing."""

    __tablename__ = "digest_sweep"

    week: str = Field(sa_column=Column(String(8), primary_key=True))  # "2026-W50"
    done_at: datetime = Field(sa_type=UTCDateTime)
    groups: int = Field(sa_column=Column(Integer, nullable=False))
    observers: int = Field(sa_column=Column(Integer, nullable=False))
