"""A company's CSR statement as issued: the figures it showed, for which organisation and
period, and the verification code anyone can check (``domain.statement``).

The figures are kept as their canonical JSON text, exactly what the code signs: checking a
code recomputes it from this text (an altered figure no longer matches) and compares the text
with the figures the records give now.
"""

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, Date, ForeignKey, Integer, String, Text
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime


class OrgStatement(SQLModel, table=True):
    __tablename__ = "org_statement"

    id: int | None = Field(default=None, primary_key=True)
    # "CM-XXXX-XXXX-XXXX": the same organisation, period and figures give the same code.
    code: str = Field(sa_column=Column(String(20), nullable=False, unique=True))
    organisation_id: int = Field(sa_column=Column(
        Integer, ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False, index=True))
    period_start: date = Field(sa_column=Column(Date, nullable=False))
    period_end: date = Field(sa_column=Column(Date, nullable=False))
    # The language it was first issued in ("it", "en"); the code does not depend on it.
    language: str = Field(sa_column=Column(String(5), nullable=False))
    figures: str = Field(sa_column=Column(Text, nullable=False))
    issued_at: datetime = Field(sa_type=UTCDateTime)
    # Who asked for it first (a member, designer, observer or admin); NULL from the command
    # line, and once that person is erased.
    issued_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True,
                                                                 index=True))
