"""Organisations and the people acting for them: lookups and writes, never a commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func
from sqlalchemy.orm import aliased
from sqlmodel import col, or_, select

from storage.models.member import Member
from storage.models.need import Pledge
from storage.models.organisation import (
    Organisation,
    OrganisationKind,
    OrganisationMember,
    OrganisationMemberStatus,
)
from storage.models.territory import Territory
from storage.repositories.base import _Repository


class OrganisationRepository(_Repository):
    async def get(self, organisation_id: int) -> Organisation | None:
        return await self.session.get(Organisation, organisation_id)

    async def names(self, ids: Sequence[int]) -> dict[int, str]:
        """Each organisation's name by id, in one query."""
        if not ids:
            return {}
        rows = await self.session.exec(select(Organisation.id, Organisation.name)
                                       .where(col(Organisation.id).in_(set(ids))))
        return {int(i): str(name) for i, name in rows.all() if i is not None}

    async def add(self, *, name: str, name_key: str, kind: str, territory_code: str | None,
                  now: datetime) -> Organisation:
        organisation = Organisation(name=name, name_key=name_key, kind=kind,
                                    territory_code=territory_code, created_at=now,
                                    updated_at=now)
        self.session.add(organisation)
        await self.session.flush()
        return organisation

    async def of_kind(self, kind: str) -> Sequence[tuple[int, str, str]]:
        """(id, name, name_key) of every organisation of a kind: what a typed name is matched
        against."""
        rows = await self.session.exec(
            select(Organisation.id, Organisation.name, Organisation.name_key)
            .where(Organisation.kind == kind).order_by(col(Organisation.id)))
        return [(int(i), str(n), str(k)) for i, n, k in rows.all() if i is not None]

    async def npos_in(self, territory_code: str, *, limit: int) -> Sequence[Organisation]:
        """The non-profits whose place is ``territory_code`` or lies inside it (a comune of a
        province, or of a region), by name; at most ``limit``."""
        place, parent = aliased(Territory), aliased(Territory)
        rows = await self.session.exec(
            select(Organisation)
            .join(place, col(place.code) == col(Organisation.territory_code))
            .outerjoin(parent, col(parent.code) == col(place.parent_code))
            .where(Organisation.kind == OrganisationKind.NPO.value,
                   or_(col(place.code) == territory_code,
                       col(place.parent_code) == territory_code,
                       col(parent.parent_code) == territory_code))
            .order_by(col(Organisation.name_key), col(Organisation.id)).limit(limit))
        return rows.all()

    async def membership_of(self, telegram_id: int) -> OrganisationMember | None:
        """The person's link to an organisation, pending or confirmed (one at most)."""
        return (await self.session.exec(
            select(OrganisationMember)
            .where(OrganisationMember.member_telegram_id == telegram_id))).first()

    async def acting_for(self, telegram_id: int) -> Organisation | None:
        """The organisation the person is a confirmed member of, if any."""
        return (await self.session.exec(
            select(Organisation).join(OrganisationMember,
                                      col(OrganisationMember.organisation_id) == col(Organisation.id))
            .where(OrganisationMember.member_telegram_id == telegram_id,
                   OrganisationMember.status == OrganisationMemberStatus.CONFIRMED.value))
        ).first()

    async def add_member(self, *, organisation_id: int, telegram_id: int, confirmed: bool,
                         confirmed_by: int | None, now: datetime) -> OrganisationMember:
        """Link the person to the organisation (drop their earlier link first)."""
        link = OrganisationMember(
            organisation_id=organisation_id, member_telegram_id=telegram_id,
            status=(OrganisationMemberStatus.CONFIRMED if confirmed
                    else OrganisationMemberStatus.PENDING).value,
            requested_at=now, confirmed_at=now if confirmed else None,
            confirmed_by=confirmed_by if confirmed else None)
        self.session.add(link)
        await self.session.flush()
        return link

    async def members(self, organisation_id: int,
                      status: OrganisationMemberStatus | None = None
                      ) -> Sequence[OrganisationMember]:
        query = select(OrganisationMember).where(
            OrganisationMember.organisation_id == organisation_id)
        if status is not None:
            query = query.where(OrganisationMember.status == status.value)
        return (await self.session.exec(query.order_by(col(OrganisationMember.id)))).all()

    async def link(self, link_id: int) -> OrganisationMember | None:
        return await self.session.get(OrganisationMember, link_id)

    async def drop_link(self, link: OrganisationMember) -> None:
        await self.session.delete(link)
        await self.session.flush()

    async def confirmed_count(self, organisation_id: int) -> int:
        return int((await self.session.exec(
            select(func.count()).select_from(OrganisationMember)
            .where(OrganisationMember.organisation_id == organisation_id,
                   OrganisationMember.status == OrganisationMemberStatus.CONFIRMED.value))
        ).one())

    async def remove_if_unused(self, organisation_id: int) -> bool:
        """Delete the organisation when nobody acts for it (pending or confirmed) and nothing
        is recorded with it (no pledge); whether it was deleted."""
        people = (await self.session.exec(
            select(func.count()).select_from(OrganisationMember)
            .where(OrganisationMember.organisation_id == organisation_id))).one()
        pledges = (await self.session.exec(
            select(func.count()).select_from(Pledge)
            .where(Pledge.organisation_id == organisation_id))).one()
        if people or pledges:
            return False
        await self.session.exec(delete(Organisation).where(
            col(Organisation.id) == organisation_id))
        await self.session.flush()
        return True

    async def pending(self, organisation_ids: Sequence[int] | None = None
                      ) -> Sequence[tuple[OrganisationMember, Organisation, str | None]]:
        """Requests waiting for a confirmation (of these organisations, else all), oldest
        first, with the organisation and the requester's name."""
        query = (
            select(OrganisationMember, Organisation, Member.display_name)
            .join(Organisation, col(Organisation.id) == col(OrganisationMember.organisation_id))
            .outerjoin(Member, col(Member.telegram_id) == col(OrganisationMember.member_telegram_id))
            .where(OrganisationMember.status == OrganisationMemberStatus.PENDING.value))
        if organisation_ids is not None:
            query = query.where(col(OrganisationMember.organisation_id).in_(organisation_ids))
        rows = await self.session.exec(query.order_by(col(OrganisationMember.requested_at),
                                                      col(OrganisationMember.id)))
        return [(link, organisation, name) for link, organisation, name in rows.all()]

    async def listing(self, kind: str | None = None) -> Sequence[tuple[Organisation, int]]:
        """Every organisation (of a kind) with its number of confirmed members, by name."""
        confirmed = (
            select(OrganisationMember.organisation_id, func.count().label("n"))
            .where(OrganisationMember.status == OrganisationMemberStatus.CONFIRMED.value)
            .group_by(col(OrganisationMember.organisation_id)).subquery())
        query = (select(Organisation, func.coalesce(confirmed.c.n, 0))
                 .outerjoin(confirmed, confirmed.c.organisation_id == col(Organisation.id)))
        if kind is not None:
            query = query.where(Organisation.kind == kind)
        rows = await self.session.exec(query.order_by(col(Organisation.name_key),
                                                      col(Organisation.id)))
        return [(organisation, int(n)) for organisation, n in rows.all()]
