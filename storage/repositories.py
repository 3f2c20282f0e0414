"""Repositories: the queries, by table. They add and flush; the unit of work commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, insert
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import GroupChat, Member, Membership, RoleGrant, RoleName, Team, Territory


class _Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session


class TerritoryRepository(_Repository):
    async def get(self, code: str) -> Territory | None:
        return await self.session.get(Territory, code)

    async def count(self) -> int:
        return (await self.session.exec(select(func.count()).select_from(Territory))).one()

    async def all(self) -> Sequence[Territory]:
        return (await self.session.exec(select(Territory))).all()

    async def add_many(self, rows: Iterable[dict[str, str | None]]) -> int:
        """Insert rows (dicts of Territory fields) in chunks; returns how many were inserted."""
        batch: list[dict[str, str | None]] = []
        total = 0
        for row in rows:
            batch.append(row)
            if len(batch) == 1000:
                await self.session.exec(insert(Territory), params=batch)
                total, batch = total + len(batch), []
        if batch:
            await self.session.exec(insert(Territory), params=batch)
            total += len(batch)
        return total



class MemberRepository(_Repository):
    async def get(self, member_id: int) -> Member | None:
        return await self.session.get(Member, member_id)

    async def by_telegram_id(self, telegram_id: int) -> Member | None:
        query = select(Member).where(Member.telegram_id == telegram_id)
        return (await self.session.exec(query)).one_or_none()

    async def add(self, member: Member) -> Member:
        self.session.add(member)
        await self.session.flush()
        return member

    async def get_or_create(self, *, telegram_id: int) -> Member:
        member = await self.by_telegram_id(telegram_id)
        if member is None:
            member = await self.add(Member(telegram_id=telegram_id))
        return member


class TeamRepository(_Repository):
    async def get(self, team_id: int) -> Team | None:
        return await self.session.get(Team, team_id)

    async def add(self, team: Team) -> Team:
        self.session.add(team)
        await self.session.flush()
        return team

    async def all(self) -> Sequence[Team]:
        return (await self.session.exec(select(Team).order_by(col(Team.id)))).all()

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

    async def designers(self, team_id: int) -> Sequence[Member]:
        query = (
            select(Member)
            .join(RoleGrant, col(RoleGrant.member_id) == col(Member.id))
            .where(RoleGrant.team_id == team_id, RoleGrant.role == RoleName.DESIGNER.value)
            .order_by(col(RoleGrant.granted_at))
        )
        return (await self.session.exec(query)).all()


class MembershipRepository(_Repository):
    async def get(self, *, member_id: int, team_id: int) -> Membership | None:
        query = select(Membership).where(
            Membership.member_id == member_id, Membership.team_id == team_id
        )
        return (await self.session.exec(query)).one_or_none()

    async def join(self, *, member_id: int, team_id: int) -> tuple[Membership, bool]:
        """Idempotent: returns the membership and whether it is new."""
        existing = await self.get(member_id=member_id, team_id=team_id)
        if existing is not None:
            return existing, False
        membership = Membership(member_id=member_id, team_id=team_id)
        self.session.add(membership)
        await self.session.flush()
        return membership, True


class RoleRepository(_Repository):
    async def of_member(self, member_id: int) -> Sequence[RoleGrant]:
        query = select(RoleGrant).where(RoleGrant.member_id == member_id).order_by(col(RoleGrant.id))
        return (await self.session.exec(query)).all()

    async def find(
        self, *, member_id: int, role: str, team_id: int | None = None,
        territory_code: str | None = None,
    ) -> RoleGrant | None:
        query = select(RoleGrant).where(
            RoleGrant.member_id == member_id,
            RoleGrant.role == role,
            col(RoleGrant.team_id) == team_id if team_id is not None
            else col(RoleGrant.team_id).is_(None),
            RoleGrant.territory_code == territory_code
            if territory_code is not None
            else col(RoleGrant.territory_code).is_(None),
        )
        return (await self.session.exec(query)).one_or_none()

    async def grant(
        self, *, member_id: int, role: str, team_id: int | None = None,
        territory_code: str | None = None,
    ) -> tuple[RoleGrant, bool]:
        """Idempotent (NULLs defeat a unique index, so uniqueness is checked here)."""
        existing = await self.find(
            member_id=member_id, role=role, team_id=team_id, territory_code=territory_code
        )
        if existing is not None:
            return existing, False
        grant = RoleGrant(
            member_id=member_id, role=role, team_id=team_id, territory_code=territory_code
        )
        self.session.add(grant)
        await self.session.flush()
        return grant, True

    async def revoke(
        self, *, member_id: int, role: str, team_id: int | None = None,
        territory_code: str | None = None,
    ) -> bool:
        grant = await self.find(
            member_id=member_id, role=role, team_id=team_id, territory_code=territory_code
        )
        if grant is None:
            return False
        await self.session.delete(grant)
        await self.session.flush()
        return True

    async def all(self) -> Sequence[tuple[RoleGrant, Member]]:
        query = (
            select(RoleGrant, Member)
            .join(Member, col(Member.id) == col(RoleGrant.member_id))
            .order_by(col(RoleGrant.id))
        )
        return [(grant, member) for grant, member in (await self.session.exec(query)).all()]


class GroupChatRepository(_Repository):
    async def get(self, chat_id: int) -> GroupChat | None:
        return await self.session.get(GroupChat, chat_id)

    async def record_joined(
        self, *, chat_id: int, title: str | None, language: str, now: datetime
    ) -> GroupChat:
        group = await self.get(chat_id)
        if group is None:
            group = GroupChat(chat_id=chat_id, title=title, language=language, joined_at=now)
            self.session.add(group)
        else:
            group.title, group.joined_at, group.left_at = title, now, None
        await self.session.flush()
        return group

    async def unlinked_joined_before(self, moment: datetime) -> Sequence[GroupChat]:
        linked = select(Team.group_chat_id).where(col(Team.group_chat_id).is_not(None))
        query = select(GroupChat).where(
            col(GroupChat.left_at).is_(None),
            col(GroupChat.joined_at) < moment,
            col(GroupChat.chat_id).not_in(linked),
        )
        return (await self.session.exec(query)).all()

    async def forget(self, chat_id: int) -> None:
        await self.session.exec(delete(GroupChat).where(col(GroupChat.chat_id) == chat_id))
