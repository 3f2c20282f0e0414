"""Group chat queries: joins, languages, unlinked groups, supergroup migration."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import update
from sqlmodel import col, select

from storage.models.group import GroupChat
from storage.models.team import Team
from storage.repositories.base import _Repository, _table


class GroupChatRepository(_Repository):
    async def get(self, chat_id: int) -> GroupChat | None:
        return await self.session.get(GroupChat, chat_id)

    async def language(self, chat_id: int) -> str | None:
        query = select(GroupChat.language).where(GroupChat.chat_id == chat_id)
        return (await self.session.exec(query)).one_or_none()

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

    async def move(self, old_chat_id: int, new_chat_id: int) -> None:
        """The group became a supergroup with a new id."""
        table = _table(GroupChat)
        if await self.get(new_chat_id) is None:
            await self.session.exec(update(table).where(table.c.chat_id == old_chat_id)
                                       .values(chat_id=new_chat_id))


# The filters and orders its queries lean on — (table, leading columns, predicate of a partial
# index or None) — each led by an index (tests/schema/test_indexes.py checks, from every
# repository module's FILTERED).
FILTERED: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("groupchat", ("joined_at",), None),  # unlinked_joined_before
)
