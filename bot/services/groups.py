"""Team group chats: the bot joining and leaving a group, linking it to a team, its language.

A group the bot joined and nobody linked is left after a grace period (bot/notify/groups.py),
so
the time it joined is recorded here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.services import roles, teams
from bot.services.teams import TeamView
from domain.territory import Gazetteer
from storage.models import RoleName, Team
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class Arrival:
    """The bot was added to a group: the language to greet it in, and its team if linked."""

    language: str
    team: TeamView | None


@dataclass(frozen=True, slots=True)
class Link:
    team: TeamView
    language: str  # the team's: the group speaks it from now on
    moved: bool  # the team was linked to another group before


async def bot_added(uow: UnitOfWork, gazetteer: Gazetteer, *, chat_id: int, title: str | None,
                    language: str, now: datetime) -> Arrival:
    """Record the group as joined now; a group already linked speaks its team's language,
    another one `language` (the adder's)."""
    team = await uow.teams.by_group_chat(chat_id)
    language = team.language if team is not None else language
    await uow.groups.record_joined(chat_id=chat_id, title=title, language=language, now=now)
    uow.note_language(chat_id, language)
    return Arrival(language=language,
                   team=teams.view(gazetteer, team) if team is not None else None)


async def bot_removed(uow: UnitOfWork, *, chat_id: int, now: datetime) -> None:
    """The bot left or was removed: the group is left now, and its team has no group."""
    group = await uow.groups.get(chat_id)
    if group is not None:
        group.left_at = now
    team = await uow.teams.by_group_chat(chat_id)
    if team is not None:
        team.group_chat_id = None


async def linked_team(uow: UnitOfWork, gazetteer: Gazetteer, chat_id: int) -> TeamView | None:
    """The team the group is linked to, if any."""
    team = await uow.teams.by_group_chat(chat_id)
    return teams.view(gazetteer, team) if team is not None else None


@dataclass(frozen=True, slots=True)
class GroupLinked:
    """A designer (`by`) linked the team's group (`moved`: it had another one). Only the audit
    trail listens: the bot answers in the group itself."""

    team_id: int
    chat_id: int
    moved: bool
    now: datetime
    by: int | None = None


async def link_team(uow: UnitOfWork, gazetteer: Gazetteer, *, team: Team, chat_id: int,
                    title: str | None, now: datetime, by: int) -> Link:
    """Bind `team` to the group, which takes the team's language. `by` (a Telegram id) must
    be a designer of that team."""
    await roles.require(uow, telegram_id=by, role=RoleName.DESIGNER, team_id=team.id)
    moved = team.group_chat_id is not None and team.group_chat_id != chat_id
    team.group_chat_id, team.linked_at = chat_id, now
    group = await uow.groups.record_joined(chat_id=chat_id, title=title, language=team.language,
                                           now=now)
    group.language = team.language
    uow.note_language(chat_id, team.language)
    await uow.session.flush()
    assert team.id is not None
    uow.emit(GroupLinked(team.id, chat_id, moved, now, by=by))
    return Link(team=teams.view(gazetteer, team), language=team.language, moved=moved)


async def set_language(uow: UnitOfWork, *, chat_id: int, title: str | None, language: str,
                       now: datetime) -> None:
    """The group's language, chosen by one of its administrators (a group we never saw join
    is recorded as joined now)."""
    group = await uow.groups.get(chat_id) or await uow.groups.record_joined(
        chat_id=chat_id, title=title, language=language, now=now)
    group.language = language
    uow.note_language(chat_id, language)


@dataclass(frozen=True, slots=True)
class GroupAbandoned:
    """Nobody linked a group the bot joined within the grace period: it says why and leaves."""

    chat_id: int
    language: str
    joined_at: datetime
    now: datetime


async def abandon_unlinked(uow: UnitOfWork, *, now: datetime, grace: timedelta) -> int:
    """Every group joined more than `grace` ago and never linked is left (once: it is marked
    left now). Returns how many."""
    groups = await uow.groups.unlinked_joined_before(now - grace)
    for group in groups:
        group.left_at = now
        uow.emit(GroupAbandoned(group.chat_id, group.language, group.joined_at, now))
    await uow.session.flush()
    return len(groups)
