"""Training: a member's enrolment in their path, their progress through its modules, and the
log of pushes (to members and to team groups), each keyed so it is sent once.

Kept by Telegram id with a foreign key to the member, ON DELETE CASCADE: erasure (/deleteme
deletes the member row) takes the enrolment, the progress and the member's pushes with it.
"""

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    false,
)
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime


class TrainingEnrolment(SQLModel, table=True):
    """One per member: their path (module ids, JSON), where they are in it, their rhythm and
    when the next push falls due (NULL: nothing left to push)."""

    @property
    def assessed(self) -> bool:
        return self.tailored_at is not None

    __tablename__ = "training_enrolment"
    __table_args__ = (
        # the sweep: who is due (not paused, next_due_at passed)
        Index("ix_training_enrolment_due", "paused", "next_due_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    member_telegram_id: int = Field(sa_column=Column(
        BigInteger, ForeignKey("member.telegram_id", ondelete="CASCADE"), nullable=False,
        unique=True))
    path: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    # when the path was chosen from an assessment: the finished run it read (NULL: the
    # starter path); a run finished later tailors it again
    tailored_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    position: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    rhythm: str = Field(default="weekly", sa_column=Column(String(10), nullable=False))
    paused: bool = Field(default=False, sa_column=Column(Boolean, nullable=False,
                                                         server_default=false()))
    next_due_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    enrolled_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class TrainingProgress(SQLModel, table=True):
    """A member and one module: opened, the check's answer, done, and "useful?"."""

    __tablename__ = "training_progress"
    __table_args__ = (
        Index("ix_training_progress_member_module", "member_telegram_id", "module_id",
              unique=True),
        # the impact report: feedback over a period
        Index("ix_training_progress_feedback", "feedback_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    member_telegram_id: int = Field(sa_column=Column(
        BigInteger, ForeignKey("member.telegram_id", ondelete="CASCADE"), nullable=False))
    module_id: str = Field(sa_column=Column(String(40), nullable=False))
    opened_at: datetime = Field(sa_type=UTCDateTime)
    answer: int | None = Field(default=None, sa_column=Column(SmallInteger, nullable=True))
    correct: bool | None = Field(default=None, sa_column=Column(Boolean, nullable=True))
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    useful: bool | None = Field(default=None, sa_column=Column(Boolean, nullable=True))
    feedback_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class TrainingPush(SQLModel, table=True):
    """A module pushed to a member, or a week's pill to a group; ``key`` is unique (the same
    key the outbox row carries), so a push is recorded, and sent, once."""

    __tablename__ = "training_push"
    __table_args__ = (
        Index("ix_training_push_member", "member_telegram_id"),
        Index("ix_training_push_sent", "sent_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_column=Column(String(120), nullable=False, unique=True))
    member_telegram_id: int | None = Field(default=None, sa_column=Column(
        BigInteger, ForeignKey("member.telegram_id", ondelete="CASCADE"), nullable=True))
    group_chat_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    module_id: str = Field(sa_column=Column(String(40), nullable=False))
    sent_at: datetime = Field(sa_type=UTCDateTime)
