"""Territory queries: look-ups and the bulk load storage.migrate uses."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import insert
from sqlmodel import func, select

from storage.models.territory import Territory
from storage.repositories.base import _Repository


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
