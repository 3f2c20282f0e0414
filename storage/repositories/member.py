"""Member queries: by id or Telegram id, get-or-create, a person's language."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import select

from storage.models.member import Member
from storage.repositories.base import _Repository


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

    async def get_or_create(self, *, telegram_id: int, now: datetime) -> Member:
        member = await self.by_telegram_id(telegram_id)
        if member is None:
            member = await self.add(Member(telegram_id=telegram_id, created_at=now))
        return member

    async def language(self, telegram_id: int) -> str | None:
        query = select(Member.language).where(Member.telegram_id == telegram_id)
        return (await self.session.exec(query)).one_or_none()
