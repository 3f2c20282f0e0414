"""Teams: which one serves a place, joining, the team card, designers and roles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bot.personal import Person, Shown
from bot.services import places
from bot.services.places import PlaceView
from domain.teams import nearest_teams
from domain.territory import Gazetteer
from storage.models import Member, Team
from storage.models.need import PLEDGEABLE
from storage.models.table import TableStatus
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class TeamView:
    id: int
    name: str
    place: PlaceView


@dataclass(frozen=True, slots=True)
class NextTableView:
    starts_at: datetime
    place: str


@dataclass(frozen=True, slots=True)
class TeamCardView:
    team: TeamView
    designers: Sequence[str]
    member_count: int
    group_linked: bool
    group_chat_id: int | None = None
    invite_link: str | None = None  # the bot's link into the group, once it made one
    next_table: NextTableView | None = None
    open_needs: Sequence[str] = ()  # the first few titles, most recent first
    open_need_count: int = 0
    led: bool = False  # the member is a designer of it (who leads a team does not leave it)


@dataclass(frozen=True, slots=True)
class MemberJoinedTeam:
    """A member joined a team (not one they were in already): the tables notifier sends them
    the team's upcoming tables, so nobody who joins late is left without a way to answer."""

    team_id: int
    telegram_id: int
    now: datetime


def view(gazetteer: Gazetteer, team: Team) -> TeamView:
    place = places.view_of(gazetteer, team.territory_code)
    assert team.id is not None and place is not None
    return TeamView(id=team.id, name=team.name, place=place)


@dataclass(frozen=True, slots=True)
class Offer:
    """Teams to offer a person from `place`: the team of an invitation ("invited"), the
    place's own ("local"), a wider area's, or none; `joined` are the ids of the teams the
    person is in already."""

    kind: str  # "invited" | "local" | "wider" | "none"
    place: PlaceView
    area: PlaceView | None
    teams: list[TeamView]
    joined: frozenset[int] = frozenset()

    @property
    def open(self) -> list[TeamView]:
        """The offered teams the person can still join."""
        return [team for team in self.teams if team.id not in self.joined]


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


async def offer_for_member(uow: UnitOfWork, gazetteer: Gazetteer, *, member: Member,
                           invited_team_id: int | None = None) -> Offer:
    """The team `member` was invited to, else the nearest teams of their territory."""
    assert member.id is not None and member.territory_code is not None
    joined = frozenset(team.id for team in await uow.teams.of_member(member.id)
                       if team.id is not None)
    invited = await uow.teams.get(invited_team_id) if invited_team_id else None
    if invited is not None:
        team = view(gazetteer, invited)
        return Offer("invited", team.place, None, [team], joined)
    return replace(await offer_for_place(uow, gazetteer, member.territory_code), joined=joined)


async def invited_team(uow: UnitOfWork, team_id: int | None) -> Team | None:
    """The team of an invitation link, if it (still) exists."""
    return await uow.teams.get(team_id) if team_id else None


async def join(uow: UnitOfWork, *, member: Member, team_id: int, now: datetime
               ) -> tuple[Team | None, bool]:
    team = await uow.teams.get(team_id)
    if team is None or member.id is None:
        return None, False
    _membership, new = await uow.memberships.join(member_id=member.id, team_id=team_id, now=now)
    if new:
        uow.emit(MemberJoinedTeam(team_id, member.telegram_id, now))
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


CARD_NEEDS = 3  # open needs named on a team's card (the rest are counted)


async def cards_of_member(uow: UnitOfWork, gazetteer: Gazetteer, member: Member, *,
                          now: datetime) -> list[TeamCardView]:
    """The cards of the teams `member` has joined (none: an empty list), with what a member
    needs to take part: the next table, the open needs, the way into the group."""
    assert member.id is not None
    joined = await uow.teams.of_member(member.id)
    if not joined:
        return []
    ids = [team.id for team in joined if team.id is not None]
    groups = await uow.teams.with_groups(ids)
    led = {team.id for team in await uow.teams.designed_by(member.telegram_id)}
    upcoming: dict[int, NextTableView] = {}
    for table in await uow.tables.of_teams(ids):  # in order of starting time
        if (table.status == TableStatus.SCHEDULED.value and table.starts_at > now
                and table.team_id not in upcoming):
            upcoming[table.team_id] = NextTableView(table.starts_at, table.place)
    needs = await uow.needs.open_titles_of_teams(ids, statuses=PLEDGEABLE, limit=CARD_NEEDS)
    found = []
    for card in await cards(uow, gazetteer, joined):
        titles, count = needs.get(card.team.id, ([], 0))
        group = groups.get(card.team.id, (None, None))[1]
        found.append(replace(
            card, group_chat_id=groups[card.team.id][0].group_chat_id,
            invite_link=group.invite_link if group is not None and card.group_linked else None,
            next_table=upcoming.get(card.team.id), open_needs=titles, open_need_count=count,
            led=card.team.id in led))
    return found


async def designed_by_person(uow: UnitOfWork, telegram_id: int) -> list[Team]:
    """The teams a person (by Telegram id: perhaps not a member yet) is a designer of."""
    return list(await uow.teams.designed_by(telegram_id))


def views(gazetteer: Gazetteer, teams: Sequence[Team]) -> list[TeamView]:
    return [view(gazetteer, team) for team in teams]


async def views_of(uow: UnitOfWork, gazetteer: Gazetteer, team_ids: Sequence[int]
                   ) -> list[TeamView]:
    return views(gazetteer, await uow.teams.by_ids(team_ids))


async def show(uow: UnitOfWork, person: Person) -> Shown:
    """/mydata: the teams the member is in."""
    if person.member is None or person.member.id is None:
        return {}
    return {"teams": [{"id": team.id, "name": team.name}
                      for team in await uow.teams.of_member(person.member.id)]}


async def create(uow: UnitOfWork, *, name: str, territory_code: str, language: str,
                 now: datetime) -> Team:
    """A new territorial team (the command line resolved the place and checked the name)."""
    return await uow.teams.add(Team(name=name, territory_code=territory_code, language=language,
                                    created_at=now))

