"""Territorial table queries: tables of teams, the answers to them, their minutes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select

from storage.models.table import TableMinutes, TableRsvp, TerritorialTable
from storage.repositories.base import _Repository


def reminder_key_prefix(table_id: int) -> str:
    """Every scheduled notice of a table has a key starting with this."""
    return f"table:{table_id}:"


class TableRepository(_Repository):
    async def add(self, table: TerritorialTable) -> TerritorialTable:
        self.session.add(table)
        await self.session.flush()
        return table

    async def get(self, table_id: int) -> TerritorialTable | None:
        return await self.session.get(TerritorialTable, table_id)

    async def by_ids(self, ids: Sequence[int]) -> dict[int, TerritorialTable]:
        if not ids:
            return {}
        query = select(TerritorialTable).where(col(TerritorialTable.id).in_(list(ids)))
        return {t.id: t for t in (await self.session.exec(query)).all() if t.id is not None}

    async def of_teams(self, team_ids: Sequence[int]) -> list[TerritorialTable]:
        if not team_ids:
            return []
        query = (select(TerritorialTable)
                 .where(col(TerritorialTable.team_id).in_(list(team_ids)))
                 .order_by(col(TerritorialTable.starts_at), col(TerritorialTable.id)))
        return list((await self.session.exec(query)).all())

    async def rsvps(self, table_id: int) -> list[TableRsvp]:
        """Every answer to a table, the "yes" in the order they were given."""
        query = (select(TableRsvp).where(TableRsvp.table_id == table_id)
                 .order_by(col(TableRsvp.seq), col(TableRsvp.id)))
        return list((await self.session.exec(query)).all())

    async def rsvps_of(self, telegram_id: int, table_ids: Sequence[int]) -> dict[int, str]:
        if not table_ids:
            return {}
        query = select(TableRsvp).where(TableRsvp.member_telegram_id == telegram_id,
                                        col(TableRsvp.table_id).in_(list(table_ids)))
        return {r.table_id: r.answer for r in (await self.session.exec(query)).all()}

    async def answer(self, *, table_id: int, telegram_id: int, answer: str,
                     now: datetime) -> TableRsvp:
        """Record an answer; a new "yes" goes to the end of the line (``seq``)."""
        query = select(TableRsvp).where(TableRsvp.table_id == table_id,
                                        TableRsvp.member_telegram_id == telegram_id)
        row = (await self.session.exec(query)).one_or_none()
        if row is None:
            row = TableRsvp(table_id=table_id, member_telegram_id=telegram_id, answer=answer,
                            answered_at=now)
            self.session.add(row)
        elif row.answer == answer:
            return row
        if answer == "yes":
            last = (await self.session.exec(
                select(func.max(TableRsvp.seq)).where(TableRsvp.table_id == table_id))).one()
            row.seq = int(last or 0) + 1
        row.answer = answer
        row.answered_at = now
        await self.session.flush()
        return row

    async def minutes(self, table_id: int) -> TableMinutes | None:
        query = select(TableMinutes).where(TableMinutes.table_id == table_id)
        return (await self.session.exec(query)).one_or_none()

    async def add_minutes(self, minutes: TableMinutes) -> TableMinutes:
        self.session.add(minutes)
        await self.session.flush()
        return minutes

    async def recurring_without_next(self, *, now: datetime, limit: int = 200
                                     ) -> list[TerritorialTable]:
        """Scheduled recurring tables whose time has passed and that no table follows yet."""
        follower = select(TerritorialTable.follows_id).where(
            col(TerritorialTable.follows_id).is_not(None))
        query = (select(TerritorialTable)
                 .where(col(TerritorialTable.status) == "scheduled",
                        col(TerritorialTable.recurrence) != "none",
                        col(TerritorialTable.starts_at) <= now,
                        col(TerritorialTable.id).not_in(follower))
                 .order_by(col(TerritorialTable.starts_at), col(TerritorialTable.id))
                 .limit(limit))
        return list((await self.session.exec(query)).all())
