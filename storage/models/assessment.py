"""Self-assessment runs: one row per attempt, its answers as they are given, its scores when
it is finished.

Each answer is written the moment it is given, so a paused or interrupted run resumes from the
database (after a restart, on any worker); at most one unfinished run per member. A finished
run keeps its scores, so retaking adds history rather than replacing it. Kept by Telegram id
with a foreign key to the member: erasure (/deleteme) takes the runs with it.
"""

from datetime import datetime

from sqlalchemy import BigInteger, Column, Float, ForeignKey, Index, Integer, SmallInteger, String
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime


class AssessmentRun(SQLModel, table=True):
    __tablename__ = "assessment_run"
    __table_args__ = (
        # a member's runs in time order (history, the latest result, the open run)
        Index("ix_assessment_run_member", "member_telegram_id", "started_at"),
        # reports over a period
        Index("ix_assessment_run_finished", "finished_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    member_telegram_id: int = Field(sa_column=Column(
        BigInteger, ForeignKey("member.telegram_id", ondelete="CASCADE"), nullable=False))
    framework_version: int = Field(sa_column=Column(Integer, nullable=False))
    started_at: datetime = Field(sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # started again before finishing: kept (answers deleted) so its id is never reused
    discarded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AssessmentAnswer(SQLModel, table=True):
    __tablename__ = "assessment_answer"
    __table_args__ = (
        Index("ix_assessment_answer_run_statement", "run_id", "statement_id", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(sa_column=Column(
        Integer, ForeignKey("assessment_run.id", ondelete="CASCADE"), nullable=False))
    statement_id: str = Field(sa_column=Column(String(40), nullable=False))
    rating: int = Field(sa_column=Column(SmallInteger, nullable=False))
    answered_at: datetime = Field(sa_type=UTCDateTime)


class AssessmentScore(SQLModel, table=True):
    """A finished run's score (1–5) and level per competence."""

    __tablename__ = "assessment_score"
    __table_args__ = (
        Index("ix_assessment_score_run_competence", "run_id", "competence_id", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(sa_column=Column(
        Integer, ForeignKey("assessment_run.id", ondelete="CASCADE"), nullable=False))
    competence_id: str = Field(sa_column=Column(String(40), nullable=False))
    score: float = Field(sa_column=Column(Float, nullable=False))
    level: str = Field(sa_column=Column(String(20), nullable=False))
