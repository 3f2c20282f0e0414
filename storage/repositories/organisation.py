"""Organisations and the people acting for them: lookups and writes, never a commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import col, select

from storage.models.organisation import (
    Organisation,
    OrganisationMember,
    OrganisationMemberStatus,
)
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
