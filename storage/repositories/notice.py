"""Scheduled notice queries: schedule once per key, and the due ones for the scheduler."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from storage.models.notice import ScheduledNotice
from storage.repositories.base import _insert_ignoring_duplicates, _Repository, _rowcount, _table

NOTICES = _table(ScheduledNotice)


class NoticeRepository(_Repository):
    async def schedule(self, *, key: str, kind: str, params: dict[str, Any], due_at: datetime,
                       expires_at: datetime | None) -> bool:
        values = {"key": key, "kind": kind, "params": json.dumps(params, ensure_ascii=False),
                  "due_at": due_at, "expires_at": expires_at, "status": "pending"}
        statement = _insert_ignoring_duplicates(self.session, NOTICES, values,
                                                "key")
        return _rowcount(await self.session.exec(statement)) > 0

    async def due(self, now: datetime, *, limit: int = 100) -> Sequence[ScheduledNotice]:
        query = (select(ScheduledNotice)
                 .where(ScheduledNotice.status == "pending", col(ScheduledNotice.due_at) <= now)
                 .order_by(col(ScheduledNotice.due_at)).limit(limit)
                 .with_for_update(skip_locked=True))
        return (await self.session.exec(query)).all()

    async def get(self, key: str) -> ScheduledNotice | None:
        query = select(ScheduledNotice).where(ScheduledNotice.key == key)
        return (await self.session.exec(query)).one_or_none()
