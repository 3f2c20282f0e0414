"""Team queries: look-ups, members and their counts, designers (set-based, one query each)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy
from sqlmodel import col, func, select

from storage.models.group import GroupChat
from storage.models.member import Member
from storage.models.role import RoleGrant, RoleName
from storage.models.team import Membership, Team
from storage.repositories.base import _Repository


@dataclass(frozen=True, slots=True)
class TeamListing:
    """A team as `cohesion team list` shows it, with its member count."""

    id: int
    name: str
    territory_code: str
    language: str
    group_linked: bool
    members: int


class TeamRepository(_Repository):
    async def get(self, team_id: int) -> Team | None:
        return await self.session.get(Team, team_id)

    async def add(self, team: Team) -> Team:
        self.session.add(team)
        await self.session.flush()
        return team

    async def all(self) -> Sequence[Team]:
        return (await self.session.exec(select(Team).order_by(col(Team.id)))).all()

    async def by_ids(self, ids: Sequence[int]) -> Sequence[Team]:
        """The teams with these ids, in the order given (unknown ids are left out)."""
        if not ids:
            return []
        found = {team.id: team for team in
                 (await self.session.exec(select(Team).where(col(Team.id).in_(ids)))).all()}
        return [found[i] for i in ids if i in found]

    async def in_territories(self, codes: Sequence[str]) -> Sequence[Team]:
        if not codes:
            return []
        query = select(Team).where(col(Team.territory_code).in_(codes)).order_by(col(Team.id))
        return (await self.session.exec(query)).all()

    async def by_group_chat(self, chat_id: int) -> Team | None:
        query = select(Team).where(Team.group_chat_id == chat_id)
        return (await self.session.exec(query)).one_or_none()

    async def of_member(self, member_id: int) -> Sequence[Team]:
        query = (
            select(Team)
            .join(Membership, col(Membership.team_id) == col(Team.id))
            .where(Membership.member_id == member_id)
            .order_by(col(Membership.joined_at))
        )
        return (await self.session.exec(query)).all()

    async def member_count(self, team_id: int) -> int:
        query = select(func.count()).select_from(Membership).where(Membership.team_id == team_id)
        return (await self.session.exec(query)).one()

    async def member_counts(self, team_ids: Sequence[int]) -> dict[int, int]:
        """Members per team, for many teams in one query (teams with none are absent)."""
        if not team_ids:
            return {}
        query = (select(Membership.team_id, func.count()).where(
            col(Membership.team_id).in_(team_ids)).group_by(col(Membership.team_id)))
        return {team_id: int(count) for team_id, count in (await self.session.exec(query)).all()}

    async def all_with_member_counts(self) -> list[TeamListing]:
        """Every team with its member count, in one query, in id order.

        The count is a scalar subquery per team row, an index-only count on
        `ix_membership_team_id`: on PostgreSQL at 200,000 members it took 11 ms, against 25 ms
        for a join to a GROUP BY over the whole membership table (bench/scale_bench.py). Plain
        rows of the listed columns, not `Team` entities: building 2,001 entities was about half
        of the read at that size."""
        members = (select(func.count()).select_from(Membership)
                   .where(col(Membership.team_id) == col(Team.id))
                   .correlate(Team).scalar_subquery())
        # SQLAlchemy's own select: sqlmodel's takes at most four columns.
        query = sqlalchemy.select(col(Team.id), col(Team.name), col(Team.territory_code),
                                  col(Team.language), col(Team.group_chat_id).is_not(None),
                                  members).order_by(col(Team.id))
        connection = await self.session.connection()
        return [TeamListing(int(team_id), name, code, language, bool(linked), int(count))
                for team_id, name, code, language, linked, count
                in (await connection.execute(query)).all()]

    async def members(self, team_id: int) -> Sequence[Member]:
        query = (
            select(Member)
            .join(Membership, col(Membership.member_id) == col(Member.id))
            .where(Membership.team_id == team_id)
            .order_by(col(Member.id))
        )
        return (await self.session.exec(query)).all()

    async def reachable_members_of(self, team_ids: Sequence[int]
                                   ) -> dict[int, list[tuple[int, str]]]:
        """(Telegram id, language) of the members who consented and have not blocked the bot,
        for many teams in one query: team id -> its reachable members, in member order (teams
        with none are absent)."""
        if not team_ids:
            return {}
        query = (
            select(Membership.team_id, Member.telegram_id, Member.language)
            .join(Membership, col(Membership.member_id) == col(Member.id))
            .where(col(Membership.team_id).in_(sorted(set(team_ids))),
                   col(Member.unreachable_at).is_(None), col(Member.consent_at).is_not(None))
            .order_by(col(Membership.team_id), col(Member.id))
        )
        found: dict[int, list[tuple[int, str]]] = {}
        # Plain rows through the connection: thousands of them for a big team, and the ORM's
        # result processing (nothing here is an entity) was about a tenth of the read.
        connection = await self.session.connection()
        for team_id, chat_id, language in (await connection.execute(query)).all():
            found.setdefault(int(team_id), []).append((int(chat_id), language))
        return found

    async def with_groups(self, team_ids: Sequence[int]
                          ) -> dict[int, tuple[Team, GroupChat | None]]:
        """Many teams with their linked group's row (None if unlinked, or the bot never saw
        the group join), in one query; unknown ids are absent."""
        if not team_ids:
            return {}
        query = (select(Team, GroupChat)
                 .outerjoin(GroupChat, col(GroupChat.chat_id) == col(Team.group_chat_id))
                 .where(col(Team.id).in_(sorted(set(team_ids)))))
        return {int(team.id or 0): (team, group)
                for team, group in (await self.session.exec(query)).all()}

    async def designers(self, team_id: int) -> Sequence[Member]:
        query = (
            select(Member)
            .join(RoleGrant, col(RoleGrant.telegram_id) == col(Member.telegram_id))
            .where(RoleGrant.team_id == team_id, RoleGrant.role == RoleName.DESIGNER.value)
            .order_by(col(RoleGrant.granted_at))
        )
        return (await self.session.exec(query)).all()

    async def designer_names(self, team_ids: Sequence[int]) -> dict[int, list[str]]:
        """The designers' names of many teams in one query (designers who never consented to
        the bot have no member row, so no name: they show as "?")."""
        if not team_ids:
            return {}
        query = (
            select(RoleGrant.team_id, Member.display_name)
            .outerjoin(Member, col(Member.telegram_id) == col(RoleGrant.telegram_id))
            .where(col(RoleGrant.team_id).in_(team_ids),
                   RoleGrant.role == RoleName.DESIGNER.value)
            .order_by(col(RoleGrant.granted_at), col(RoleGrant.id))
        )
        names: dict[int, list[str]] = {}
        for team_id, name in (await self.session.exec(query)).all():
            names.setdefault(int(team_id or 0), []).append(name or "?")
        return names

    async def designed_by(self, telegram_id: int) -> Sequence[Team]:
        """The teams a person is a designer of, in one query."""
        query = (
            select(Team)
            .join(RoleGrant, col(RoleGrant.team_id) == col(Team.id))
            .where(RoleGrant.telegram_id == telegram_id,
                   RoleGrant.role == RoleName.DESIGNER.value)
            .order_by(col(Team.id))
        )
        return (await self.session.exec(query)).all()


# The filters and orders its queries lean on — (table, leading columns, predicate of a partial
# index or None) — each led by an index (tests/schema/test_indexes.py checks, from every
# repository module's FILTERED).
FILTERED: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("team", ("territory_code",), None),  # in_territories
    ("team", ("group_chat_id",), None),  # by_group_chat, with_groups, unlinked groups
)
