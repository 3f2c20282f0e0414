"""A team's roster for its designers (/members): who is in, as what, offering what, since when,
and the last day they wrote to the bot — a page at a time, or all of it for a CSV file.

Every read checks that the person asking designs the team (a button carries a team id that
anyone can forge).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.services import roles
from storage.models import Member, RoleName, Team
from storage.uow import UnitOfWork

PAGE_SIZE = 10


@dataclass(frozen=True, slots=True)
class RosterLine:
    name: str
    actor_type: str | None
    organisation: str | None
    skills: str | None
    availability: str | None
    territory_code: str | None
    joined_at: datetime
    last_seen_on: date | None


@dataclass(frozen=True, slots=True)
class RosterPage:
    team_id: int
    team_name: str
    lines: Sequence[RosterLine]
    page: int  # 0-based
    pages: int
    total: int
    first: int  # the 1-based number of the page's first line


async def teams_of_designer(uow: UnitOfWork, telegram_id: int) -> list[Team]:
    return list(await uow.teams.designed_by(telegram_id))


async def _team(uow: UnitOfWork, *, by: int, team_id: int) -> Team:
    await roles.require(uow, telegram_id=by, role=RoleName.DESIGNER, team_id=team_id)
    team = await uow.teams.get(team_id)
    if team is None:
        raise roles.NotAllowed(f"team {team_id} is gone")
    return team


def _lines(rows: Sequence[tuple[Member, datetime]]) -> list[RosterLine]:
    return [RosterLine(name=member.display_name or "?", actor_type=member.actor_type,
                       organisation=member.organisation_name, skills=member.skills,
                       availability=member.availability, territory_code=member.territory_code,
                       joined_at=joined_at, last_seen_on=member.last_seen_on)
            for member, joined_at in rows]


async def page(uow: UnitOfWork, *, by: int, team_id: int, number: int) -> RosterPage:
    """Page `number` (0-based; one past the end shows the last) of the team's members."""
    team = await _team(uow, by=by, team_id=team_id)
    total = await uow.teams.member_count(team_id)
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(max(number, 0), pages - 1)
    rows = await uow.memberships.roster(team_id, limit=PAGE_SIZE, offset=number * PAGE_SIZE)
    return RosterPage(team_id=team_id, team_name=team.name, lines=_lines(rows), page=number,
                      pages=pages, total=total, first=number * PAGE_SIZE + 1)


async def everyone(uow: UnitOfWork, *, by: int, team_id: int) -> tuple[str, list[RosterLine]]:
    """The team's name and all its members (the CSV file)."""
    team = await _team(uow, by=by, team_id=team_id)
    return team.name, _lines(await uow.memberships.roster(team_id))
