"""Posted messages kept up to date (see ``storage.models.posted``): recorded by the sender
when Telegram accepts the message or an edit of it, read by the notifiers that re-render
them and by the sender that edits them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select

from storage.models.posted import PostedMessage
from storage.repositories.base import _Repository, _rowcount, _table

POSTED = _table(PostedMessage)


def fingerprint(text: str, markup: Any) -> str:
    """What a message shows, as the fingerprint ``shown`` keeps: its text and buttons."""
    body = json.dumps({"text": text, "markup": markup or None}, sort_keys=True,
                      ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


class PostedMessageRepository(_Repository):
    async def record(self, *, subject: str, chat_id: int, message_id: int | None, shown: str,
                     markup: str | None, now: datetime) -> None:
        """A message posted (``message_id`` given: it becomes the subject's message in that
        chat) or edited (``None``: only what it shows changes)."""
        if message_id is None:
            await self.session.exec(update(POSTED).where(
                POSTED.c.subject == subject, POSTED.c.chat_id == chat_id).values(
                shown=shown, updated_at=now))
            return
        values = {"subject": subject, "chat_id": chat_id, "message_id": message_id,
                  "shown": shown, "markup": markup, "updated_at": now}
        insert = (pg_insert if self.session.get_bind().dialect.name == "postgresql"
                  else sqlite_insert)
        statement = insert(POSTED).values(**values)
        await self.session.exec(statement.on_conflict_do_update(
            index_elements=["subject", "chat_id"],
            set_={"message_id": message_id, "shown": shown, "markup": markup,
                  "updated_at": now}))

    async def of_subject(self, subject: str) -> Sequence[PostedMessage]:
        query = (select(PostedMessage).where(PostedMessage.subject == subject)
                 .order_by(col(PostedMessage.chat_id)))
        return (await self.session.exec(query)).all()

    async def lookup(self, pairs: Iterable[tuple[str, int]]) -> dict[tuple[str, int], int]:
        """The message id of each (subject, chat) posted, for the sender's edits."""
        wanted = sorted(set(pairs))
        if not wanted:
            return {}
        query = select(PostedMessage.subject, PostedMessage.chat_id,
                       PostedMessage.message_id).where(
            tuple_(col(PostedMessage.subject), col(PostedMessage.chat_id)).in_(wanted))
        return {(subject, chat): message
                for subject, chat, message in (await self.session.exec(query)).all()}

    async def of_chat(self, chat_id: int) -> Sequence[PostedMessage]:
        query = select(PostedMessage).where(PostedMessage.chat_id == chat_id)
        return (await self.session.exec(query)).all()

    async def forget_chat(self, chat_id: int) -> int:
        """Erasure: the messages a person was sent are no longer kept up to date."""
        return _rowcount(await self.session.exec(delete(POSTED).where(
            POSTED.c.chat_id == chat_id)))


# The filters its queries lean on (tests/schema/test_indexes.py checks each is led by an index).
FILTERED: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("posted_message", ("subject", "chat_id"), None),  # record, of_subject, lookup
    ("posted_message", ("chat_id",), None),  # of_chat, forget_chat
)
