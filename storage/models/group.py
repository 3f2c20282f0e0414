"""The group chat table: the groups the bot was added to."""

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Column, false
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime


class GroupChat(SQLModel, table=True):
    """A group the bot was added to; it stays only if a designer links it to a team."""

    chat_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    title: str | None = Field(default=None, max_length=128)
    language: str = Field(default="it", max_length=5)
    joined_at: datetime = Field(sa_type=UTCDateTime, index=True)  # groups left unlinked
    left_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    unreachable_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # kicked, gone
    # The invite link the bot created there (join requests, approved for the team's members).
    invite_link: str | None = Field(default=None, max_length=200)
    # A group administrator's /weekly off: no weekly digest in this group (on by default).
    digest_off: bool = Field(default=False, sa_column=Column(Boolean, nullable=False,
                                                             server_default=false()))
