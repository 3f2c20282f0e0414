"""A team's announcements: scheduled as a notice the scheduler releases at its time, to the
team's group and, if asked, to each of its members in their language (`bot/notify/team.py`
words them). Today `cohesion announce` schedules them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from storage.uow import UnitOfWork

KIND = "team_announcement"
MAX_LENGTH = 3500


class AnnouncementProblem(ValueError):
    """`code`: "no_team" or "bad_text"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class Scheduled:
    team_name: str
    due_at: datetime
    expires_at: datetime
    added: bool  # False: the same announcement was already scheduled


@dataclass(frozen=True, slots=True)
class AnnouncementScheduled:
    """An announcement to a team was scheduled (by `by`; None: the command line with no --by).
    Only the audit trail listens: the notice itself is worded when it falls due."""

    team_id: int
    due_at: datetime
    members: bool
    length: int
    now: datetime
    by: int | None = None


async def schedule(uow: UnitOfWork, *, team_id: int, text: str, due_at: datetime,
                   expires_at: datetime, members: bool, now: datetime,
                   by: int | None = None) -> Scheduled:
    """Schedule `text` for `team_id` at `due_at`; dropped if it cannot go out by `expires_at`.
    `now` and `by` (who): for the audit trail."""
    text = text.strip()
    if not 1 <= len(text) <= MAX_LENGTH:
        raise AnnouncementProblem("bad_text")
    team = await uow.teams.get(team_id)
    if team is None:
        raise AnnouncementProblem("no_team")
    # A stable digest (Python's hash() changes between processes): the same announcement
    # scheduled twice, from any process, is one notice.
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    added = await uow.notices.schedule(
        key=f"announce:{team.id}:{due_at.isoformat()}:{digest}", kind=KIND, due_at=due_at,
        expires_at=expires_at, params={"team_id": team.id, "text": text, "members": members})
    if added:
        assert team.id is not None
        uow.emit(AnnouncementScheduled(team.id, due_at, members, len(text), now, by=by))
    return Scheduled(team_name=team.name, due_at=due_at, expires_at=expires_at, added=added)
