"""Teams: which one serves a place, joining, the team card, designers and group links."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.services import places
from bot.ui.texts import PlaceView, TeamCardView, TeamView
from domain.teams import nearest_teams
from domain.territory import Gazetteer
from storage.models import Member, Team
from storage.uow import UnitOfWork


def view(gazetteer: Gazetteer, team: Team) -> TeamView:
    place = places.view_of(gazetteer, team.territory_code)
    assert team.id is not None and place is not None
    return TeamView(id=team.id, name=team.name, place=place)


@dataclass(frozen=True, slots=True)
class Offer:
    """Teams to offer a person from `place`: its own ("local"), a wider area's, or none."""

    kind: str  # "local" | "wider" | "none"
    place: PlaceView
    area: PlaceView | None
    teams: list[TeamView]


async def offer_for_place(uow: UnitOfWork, gazetteer: Gazetteer, code: str) -> Offer:
    codes = places.chain(gazetteer, code)
    by_territory: dict[str, list[Team]] = defaultdict(list)
    for team in await uow.teams.in_territories(codes):
        by_territory[team.territory_code].append(team)
    found, teams = nearest_teams(codes, by_territory)
    place = places.view_of(gazetteer, code)
    assert place is not None
    if found is None:
        return Offer("none", place, None, [])
    kind = "local" if found == code else "wider"
    return Offer(kind, place, places.view_of(gazetteer, found),
                 [view(gazetteer, team) for team in teams[:5]])


async def join(uow: UnitOfWork, *, member: Member, team_id: int, now: datetime
               ) -> tuple[Team | None, bool]:
    team = await uow.teams.get(team_id)
    if team is None or member.id is None:
        return None, False
    _membership, new = await uow.memberships.join(member_id=member.id, team_id=team_id, now=now)
    return team, new


async def cards(uow: UnitOfWork, gazetteer: Gazetteer, teams: Sequence[Team]
                ) -> list[TeamCardView]:
    """The cards of several teams: designers and member counts in one query each, not per team."""
    ids = [team.id for team in teams if team.id is not None]
    designers = await uow.teams.designer_names(ids)
    counts = await uow.teams.member_counts(ids)
    return [TeamCardView(team=view(gazetteer, team), designers=designers.get(team.id or 0, []),
                         member_count=counts.get(team.id or 0, 0),
                         group_linked=team.group_chat_id is not None)
            for team in teams]


async def designed_by(uow: UnitOfWork, member: Member) -> list[Team]:
    """The teams `member` is a designer of."""
    return list(await uow.teams.designed_by(member.telegram_id))


async def role_names(uow: UnitOfWork, member: Member | None) -> set[str]:
    if member is None:
        return set()
    return {grant.role for grant in await uow.roles.of_person(member.telegram_id)}


async def link_group(uow: UnitOfWork, *, team: Team, chat_id: int, title: str | None,
                     now: datetime) -> bool:
    """Bind `team` to the group; returns True if the team had another group before."""
    moved = team.group_chat_id is not None and team.group_chat_id != chat_id
    team.group_chat_id, team.linked_at = chat_id, now
    group = await uow.groups.record_joined(chat_id=chat_id, title=title, language=team.language,
                                           now=now)
    group.language = team.language
    await uow.session.flush()
    return moved


def views(gazetteer: Gazetteer, teams: Sequence[Team]) -> list[TeamView]:
    return [view(gazetteer, team) for team in teams]
