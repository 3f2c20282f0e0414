"""The team table and the membership table that puts members in teams."""

from datetime import datetime

from sqlalchemy import BigInteger, Column, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime


class Team(SQLModel, table=True):
    """A territorial team of cohesion makers; its group chat, once linked, gets its announcements."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    territory_code: str = Field(foreign_key="territory.code", max_length=8, index=True)
    language: str = Field(default="it", max_length=5)
    group_chat_id: int | None = Field(
        default=None, sa_column=Column(BigInteger, unique=True, nullable=True)
    )
    linked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)


class Membership(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("member_id", "team_id", name="uq_membership"),)

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(
        sa_column=Column(Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=False)
    )
    team_id: int = Field(
        sa_column=Column(Integer, ForeignKey("team.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    )
    joined_at: datetime = Field(sa_type=UTCDateTime)
