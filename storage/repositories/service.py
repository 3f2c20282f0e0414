"""Local services: lookups and writes, never a commit."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select as select_columns
from sqlmodel import col, or_, select, update

from storage.models.service import LocalService, ServiceStatus
from storage.repositories.base import _Repository


class LocalServiceRepository(_Repository):
    async def add(self, service: LocalService) -> LocalService:
        self.session.add(service)
        await self.session.flush()
        return service

    async def get(self, service_id: int) -> LocalService | None:
        return await self.session.get(LocalService, service_id, populate_existing=True)

    async def save(self, service: LocalService) -> LocalService:
        self.session.add(service)
        await self.session.flush()
        return service

    async def of_organisation(self, organisation_id: int) -> Sequence[LocalService]:
        """An organisation's services still listed or waiting (not withdrawn), newest first."""
        return (await self.session.exec(
            select(LocalService).where(
                LocalService.organisation_id == organisation_id,
                col(LocalService.status) != ServiceStatus.WITHDRAWN.value)
            .order_by(col(LocalService.id).desc()))).all()

    async def pending_in(self, territory_codes: Sequence[str]) -> Sequence[LocalService]:
        """Services waiting for a review in these comuni or provinces, oldest first."""
        if not territory_codes:
            return []
        return (await self.session.exec(
            select(LocalService).where(
                col(LocalService.status) == ServiceStatus.PENDING.value,
                or_(col(LocalService.territory_code).in_(territory_codes),
                    col(LocalService.province_code).in_(territory_codes)))
            .order_by(col(LocalService.id)))).all()

    async def approved_spots(self, *, province_code: str | None,
                             box: tuple[float, float, float, float] | None
                             ) -> list[tuple[int, str, float | None, float | None]]:
        """(id, comune, lat, lon) of the approved services of a province or inside a
        (min_lat, max_lat, min_lon, max_lon) box: the few columns /near ranks by distance
        (both indexed by status first) before it loads the handful it shows."""
        where = []
        if province_code is not None:
            where.append(col(LocalService.province_code) == province_code)
        if box is not None:
            min_lat, max_lat, min_lon, max_lon = box
            where.append(col(LocalService.lat).between(min_lat, max_lat)
                         & col(LocalService.lon).between(min_lon, max_lon))
        if not where:
            return []
        connection = await self.session.connection()  # plain rows: nothing here is an entity
        rows = await connection.execute(
            select_columns(col(LocalService.id), col(LocalService.territory_code),
                           col(LocalService.lat), col(LocalService.lon))
            .where(col(LocalService.status) == ServiceStatus.APPROVED.value, or_(*where))
            .order_by(col(LocalService.id)))
        return [(i, str(code), lat, lon) for i, code, lat, lon in rows.all() if i is not None]

    async def by_ids(self, ids: Sequence[int]) -> dict[int, LocalService]:
        if not ids:
            return {}
        rows = await self.session.exec(
            select(LocalService).where(col(LocalService.id).in_(set(ids))))
        return {s.id: s for s in rows.all() if s.id is not None}

    async def submitted_by(self, telegram_id: int) -> Sequence[LocalService]:
        return (await self.session.exec(
            select(LocalService).where(LocalService.submitted_by == telegram_id)
            .order_by(col(LocalService.id)))).all()

    async def forget_person(self, telegram_id: int) -> None:
        """The person's words go from what was never published (pending, declined); every
        service keeps its organisation but no longer names who submitted or reviewed it."""
        await self.session.exec(
            update(LocalService)
            .where(col(LocalService.submitted_by) == telegram_id,
                   col(LocalService.status).in_([ServiceStatus.PENDING.value,
                                                 ServiceStatus.DECLINED.value]))
            .values(name="—", what="", when_text="", reach="", decline_reason=None,
                    status=ServiceStatus.WITHDRAWN.value))
        await self.session.exec(
            update(LocalService).where(col(LocalService.submitted_by) == telegram_id)
            .values(submitted_by=None))
        await self.session.exec(
            update(LocalService).where(col(LocalService.reviewed_by) == telegram_id)
            .values(reviewed_by=None))
