"""Update log queries: claim an update id once across workers, release it, dead-letter failures."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, literal, or_, update
from sqlmodel import col, select

from storage.models.base import UTCDateTime
from storage.models.update_log import FailedUpdate, ProcessedUpdate
from storage.repositories.base import _insert_ignoring_duplicates, _Repository, _rowcount, _table

PROCESSED = _table(ProcessedUpdate)


class UpdateLogRepository(_Repository):
    """Which update ids the webhook workers have seen, and the updates whose handler failed."""

    async def claim(self, update_id: int, *, now: datetime,
                    stale_after: timedelta = timedelta(minutes=2)) -> bool:
        """True if this worker is the one to process `update_id`: the first to see it, or the
        one taking over from a worker that started it `stale_after` ago and never finished."""
        values = {"update_id": update_id, "status": "processing", "seen_at": now}
        statement = _insert_ignoring_duplicates(self.session, PROCESSED, values, "update_id")
        if _rowcount(await self.session.exec(statement)) > 0:
            return True
        take_over = (update(PROCESSED)
                     .where(PROCESSED.c.update_id == update_id,
                            PROCESSED.c.status == "processing",
                            PROCESSED.c.seen_at < literal(now - stale_after, UTCDateTime))
                     .values(seen_at=now))
        return _rowcount(await self.session.exec(take_over)) > 0

    async def set_status(self, update_id: int, status: str) -> None:
        table = PROCESSED
        await self.session.exec(update(table).where(table.c.update_id == update_id)
                                   .values(status=status))

    async def release(self, update_id: int) -> None:
        """Forget the id, so Telegram's retry of this update is processed."""
        await self.session.exec(delete(ProcessedUpdate).where(
            col(ProcessedUpdate.update_id) == update_id))

    async def forget_before(self, moment: datetime) -> int:
        statement = delete(ProcessedUpdate).where(col(ProcessedUpdate.seen_at) < moment)
        return _rowcount(await self.session.exec(statement))

    async def dead_letter(self, *, update_id: int, payload: str, error: str, now: datetime
                          ) -> None:
        self.session.add(FailedUpdate(update_id=update_id, payload=payload, error=error,
                                      created_at=now))
        await self.session.flush()

    async def dead_letters(self) -> Sequence[FailedUpdate]:
        return (await self.session.exec(select(FailedUpdate).order_by(col(FailedUpdate.id)))).all()

    async def dead_letters_holding(self, fragments: Sequence[str]) -> Sequence[FailedUpdate]:
        """Dead letters whose update or error holds one of `fragments`, in any letter case (the
        caller decides which name a person). A scan: erasure is rare, dead letters few."""
        if not fragments:
            return []
        conditions = [column.icontains(fragment, autoescape=True) for fragment in fragments
                      for column in (col(FailedUpdate.payload), col(FailedUpdate.error))]
        query = select(FailedUpdate).where(or_(*conditions)).order_by(col(FailedUpdate.id))
        return (await self.session.exec(query)).all()

    async def delete_dead_letters(self, ids: Sequence[int]) -> int:
        if not ids:
            return 0
        return _rowcount(await self.session.exec(delete(FailedUpdate).where(
            col(FailedUpdate.id).in_(ids))))

    async def purge_dead_letters(self, *, before: datetime) -> int:
        """Retention: the raw updates kept for failed handling, recorded before `before`, go."""
        return _rowcount(await self.session.exec(delete(FailedUpdate).where(
            col(FailedUpdate.created_at) < before)))

    async def rewrite_dead_letter(self, letter_id: int, *, payload: str, error: str) -> None:
        await self.session.exec(update(FailedUpdate).where(col(FailedUpdate.id) == letter_id)
                                   .values(payload=payload, error=error))


# The filters and orders its queries lean on — (table, leading columns, predicate of a partial
# index or None) — each led by an index (tests/schema/test_indexes.py checks, from every
# repository module's FILTERED).
FILTERED: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("processed_update", ("seen_at",), None),  # forget_before
)
