"""The tables, one module per aggregate. One `table=True` model each; timestamps are
timezone-aware UTC on every backend (see storage.models.base).

Importing this package imports every model module — found, not listed: a new aggregate's
module registers its tables by being here — so SQLModel.metadata knows every table (Alembic's
env.py, autogenerate and the schema tests rely on it). `from storage.models import X` works for
the names below; new code imports from the aggregate's module directly."""

import importlib
import pkgutil

from storage.models.assessment import AssessmentAnswer, AssessmentRun, AssessmentScore
from storage.models.base import UTCDateTime
from storage.models.expert import BookingStatus, ExpertBooking, ExpertProfile, ExpertSlot
from storage.models.group import GroupChat
from storage.models.member import ActorType, Availability, Member
from storage.models.need import Need, NeedEvent, NeedEventKind, NeedStatus, Pledge, PledgeStatus, Urgency
from storage.models.notice import ScheduledNotice
from storage.models.nudge import Nudge, NudgeKind, NudgeMute
from storage.models.outbox import OutboxMessage, OutboxStatus
from storage.models.role import RoleGrant, RoleName
from storage.models.table import (
    RsvpAnswer,
    TableMinutes,
    TableRsvp,
    TableStatus,
    TerritorialTable,
)
from storage.models.team import Membership, Team
from storage.models.territory import Territory
from storage.models.training import TrainingEnrolment, TrainingProgress, TrainingPush
from storage.models.update_log import FailedUpdate, ProcessedUpdate

__all__ = [
    "ActorType",
    "AssessmentAnswer",
    "AssessmentRun",
    "AssessmentScore",
    "Availability",
    "BookingStatus",
    "ExpertBooking",
    "ExpertProfile",
    "ExpertSlot",
    "FailedUpdate",
    "GroupChat",
    "Member",
    "Membership",
    "Need",
    "NeedEvent",
    "NeedEventKind",
    "NeedStatus",
    "Nudge",
    "NudgeKind",
    "NudgeMute",
    "OutboxMessage",
    "OutboxStatus",
    "Pledge",
    "PledgeStatus",
    "ProcessedUpdate",
    "RoleGrant",
    "RoleName",
    "RsvpAnswer",
    "ScheduledNotice",
    "TableMinutes",
    "TableRsvp",
    "TableStatus",
    "Team",
    "TerritorialTable",
    "Territory",
    "TrainingEnrolment",
    "TrainingProgress",
    "TrainingPush",
    "UTCDateTime",
    "Urgency",
]

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
