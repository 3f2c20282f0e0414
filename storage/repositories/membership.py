"""Membership queries: who is in which team, and the idempotent join."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import col, select

from storage.models.member import Member
from storage.models.team import Membership
from storage.repositories.base import _Repository


class MembershipRepository(_Repository):
    async def get(self, *, member_id: int, team_id: int) -> Membership | None:
        query = select(Membership).where(
            Membership.member_id == member_id, Membership.team_id == team_id
        )
        return (await self.session.exec(query)).one_or_none()

    async def join(self, *, member_id: int, team_id: int, now: datetime
                   ) -> tuple[Membership, bool]:
        """Idempotent: returns the membership and whether it is new."""
        existing = await self.get(member_id=member_id, team_id=team_id)
        if existing is not None:
            return existing, False
        membership = Membership(member_id=member_id, team_id=team_id, joined_at=now)
        self.session.add(membership)
        await self.session.flush()
        return membership, True

    async def remove(self, *, member_id: int, team_id: int) -> bool:
        """The member leaves the team; False if they were not in it."""
        existing = await self.get(member_id=member_id, team_id=team_id)
        if existing is None:
            return False
        await self.session.delete(existing)
        await self.session.flush()
        return True

    async def roster(self, team_id: int, *, limit: int | None = None, offset: int = 0
                     ) -> Sequence[tuple[Member, datetime]]:
        """The team's members with the time each joined, in joining order: a page of
        ``limit`` from ``offset``, or all."""
        query = (select(Member, Membership.joined_at)
                 .join(Membership, col(Membership.member_id) == col(Member.id))
                 .where(Membership.team_id == team_id)
                 .order_by(col(Membership.joined_at), col(Member.id)).offset(offset))
        if limit is not None:
            query = query.limit(limit)
        return (await self.session.exec(query)).all()


# The filters and orders its queries lean on — (table, leading columns, predicate of a partial
# index or None) — each led by an index (tests/schema/test_indexes.py checks, from every
# repository module's FILTERED).
FILTERED: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("membership", ("member_id", "team_id"), None),  # get; teams.of_member
    ("membership", ("team_id",), None),  # member_count(s), members, reachable_members
)
