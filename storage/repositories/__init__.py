"""Repositories: the queries, one module per aggregate. They add and flush; the unit of work commits.

Writes that stamp a row take `now` from the caller (who has the injected clock).
`from storage.repositories import X` works for every public name; new code may import from the
aggregate's module directly."""

from storage.models.outbox import OPEN_STATUSES
from storage.repositories.group import GroupChatRepository
from storage.repositories.member import MemberRepository
from storage.repositories.membership import MembershipRepository
from storage.repositories.need import BalanceRow, NeedRepository, PledgeRefusal
from storage.repositories.notice import NOTICES, NoticeRepository
from storage.repositories.nudge import NudgeCandidate, NudgeRepository
from storage.repositories.outbox import (
    ENQUEUE_CHUNK,
    OUTBOX,
    ClaimedMessage,
    OutboxItem,
    OutboxRepository,
)
from storage.repositories.role import RoleRepository
from storage.repositories.table import TableRepository
from storage.repositories.team import TeamRepository
from storage.repositories.territory import TerritoryRepository
from storage.repositories.update_log import PROCESSED, UpdateLogRepository

__all__ = [
    "ENQUEUE_CHUNK",
    "NOTICES",
    "OPEN_STATUSES",
    "OUTBOX",
    "PROCESSED",
    "BalanceRow",
    "ClaimedMessage",
    "GroupChatRepository",
    "MemberRepository",
    "MembershipRepository",
    "NeedRepository",
    "NoticeRepository",
    "NudgeCandidate",
    "NudgeRepository",
    "OutboxItem",
    "OutboxRepository",
    "PledgeRefusal",
    "RoleRepository",
    "TableRepository",
    "TeamRepository",
    "TerritoryRepository",
    "UpdateLogRepository",
]
