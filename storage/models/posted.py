"""Messages the bot posted that it keeps up to date: a need's announcement in its team's
group, a table's announcement and its private invitations.

The outbox row that posts such a message names its ``subject`` (``need:<id>``,
``table:<id>``); when Telegram accepts it, the sender records here the message id Telegram
returned, with a fingerprint of what the message shows now (and its buttons), so a later
``editMessageText`` knows which message to change and is skipped when nothing would change.
"""

from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, String, Text
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime


class PostedMessage(SQLModel, table=True):
    """One message about one subject in one chat (the newest, if it was posted again)."""

    __tablename__ = "posted_message"
    __table_args__ = (
        # The messages of a subject (the edits), one per chat; the sender's upsert.
        Index("ix_posted_message_subject_chat", "subject", "chat_id", unique=True),
        # Erasure: the invitations a person was sent.
        Index("ix_posted_message_chat", "chat_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subject: str = Field(sa_column=Column(String(60), nullable=False))
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    message_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    # sha256 of the text and buttons shown now: an edit to the same is not sent.
    shown: str = Field(sa_column=Column(String(64), nullable=False))
    # The buttons it was posted with (JSON), kept by an edit that has none of its own.
    markup: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    updated_at: datetime = Field(sa_type=UTCDateTime)
