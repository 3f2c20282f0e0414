"""Member queries: by id or Telegram id, get-or-create, a person's language (or many people's)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import col, select

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

    async def languages(self, telegram_ids: Iterable[int]) -> dict[int, str | None]:
        """The language of each of these people who has a member row, in one query."""
        ids = sorted(set(telegram_ids))
        if not ids:
            return {}
        query = select(Member.telegram_id, Member.language).where(
            col(Member.telegram_id).in_(ids))
        return {int(telegram_id): language
                for telegram_id, language in (await self.session.exec(query)).all()}


# The filters and orders its queries lean on — (table, leading columns, predicate of a partial
# index or None) — each led by an index (tests/schema/test_indexes.py checks, from every
# repository module's FILTERED).
FILTERED: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("member", ("telegram_id",), None),  # by_telegram_id, language, roles' joins
)
