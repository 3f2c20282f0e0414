"""A team's announcements: scheduled as a notice the scheduler releases at its time, to the
team's group and, if asked, to each of its members in their language (`bot/notify/team.py`
words them). `cohesion announce` and a designer's /announce schedule them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.services import roles
from storage.models import RoleName
from storage.uow import UnitOfWork

KIND = "team_announcement"
MAX_LENGTH = 3500


class AnnouncementProblem(ValueError):
    """`code`: "no_team", "bad_text" or "no_audience"."""

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
    group: bool = True
    as_designer: bool = False  # a designer's /announce (else an admin's `cohesion announce`)


async def schedule(uow: UnitOfWork, *, team_id: int, text: str, due_at: datetime,
                   expires_at: datetime, members: bool, now: datetime,
                   by: int | None = None, group: bool = True,
                   as_designer: bool = False) -> Scheduled:
    """Schedule `text` for `team_id` at `due_at`; dropped if it cannot go out by `expires_at`.
    It goes to the team's linked group (unless `group` is false) and, with `members`, to each
    member privately. `now` and `by` (who): for the audit trail."""
    text = text.strip()
    if not 1 <= len(text) <= MAX_LENGTH:
        raise AnnouncementProblem("bad_text")
    team = await uow.teams.get(team_id)
    if team is None:
        raise AnnouncementProblem("no_team")
    # A stable digest (Python's hash() changes between processes): the same announcement
    # scheduled twice, from any process, is one notice.
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    params: dict[str, object] = {"team_id": team.id, "text": text, "members": members}
    if not group:
        params["group"] = False
        digest += ":m"  # the same text to other people is another announcement
    added = await uow.notices.schedule(
        key=f"announce:{team.id}:{due_at.isoformat()}:{digest}", kind=KIND, due_at=due_at,
        expires_at=expires_at, params=params)
    if added:
        assert team.id is not None
        uow.emit(AnnouncementScheduled(team.id, due_at, members, len(text), now, by=by,
                                       group=group, as_designer=as_designer))
    return Scheduled(team_name=team.name, due_at=due_at, expires_at=expires_at, added=added)


EXPIRES_AFTER = timedelta(hours=24)  # as `cohesion announce`'s default


async def announce(uow: UnitOfWork, *, by: int, team_id: int, text: str, group: bool,
                   members: bool, due_at: datetime, now: datetime) -> Scheduled:
    """A designer's /announce: `by` must design the team; at least one audience."""
    await roles.require(uow, telegram_id=by, role=RoleName.DESIGNER, team_id=team_id)
    if not (group or members):
        raise AnnouncementProblem("no_audience")
    return await schedule(uow, team_id=team_id, text=text, due_at=due_at,
                          expires_at=due_at + EXPIRES_AFTER, members=members, group=group,
                          now=now, by=by, as_designer=True)
