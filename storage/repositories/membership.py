"""Membership queries: who is in which team, and the idempotent join."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import select

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
