"""The role grant table and the role names it holds."""

import enum
from datetime import datetime

from sqlalchemy import BigInteger, Column, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime


class RoleName(enum.StrEnum):
    DESIGNER = "designer"
    OBSERVER = "observer"
    EXPERT = "expert"
    ADMIN = "admin"


class PledgeDigest(enum.StrEnum):
    HOURLY = "hourly"
    DAILY = "daily"


class RoleGrant(SQLModel, table=True):
    """A role beyond plain member: designer of a team, observer of a territory, expert, admin.

    Keyed by the Telegram id, not by a member row: an admin grants a role to someone who may
    not have talked to the bot yet, and we hold no data on a person before their consent.
    Erasure (/deleteme) deletes the person's grants with the rest.
    """

    id: int | None = Field(default=None, primary_key=True)
    telegram_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    role: str = Field(sa_column=Column(String(12), nullable=False))
    team_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("team.id", ondelete="CASCADE"), nullable=True,
                         index=True),
    )
    territory_code: str | None = Field(default=None, foreign_key="territory.code", max_length=8,
                                       index=True)
    granted_at: datetime = Field(sa_type=UTCDateTime)
    # A designer's choice of how pledges and withdrawals are told: grouped by need at most
    # once an hour ("hourly"), or one summary a day ("daily").
    pledge_digest: str = Field(default="hourly", sa_column=Column(
        String(8), nullable=False, server_default="hourly"))
    # Who granted it (a Telegram id; NULL: from the command line without --by, before this was
    # recorded, or the granter was erased). The audit trail keeps it after a revocation.
    granted_by: int | None = Field(
        default=None, sa_column=Column(BigInteger, nullable=True, index=True))
    # The language chosen with /language by a role holder who is not a member (an observer,
    # an expert, an admin: no member row holds it); NULL: their Telegram language.
    language: str | None = Field(default=None, sa_column=Column(String(5), nullable=True))
