"""What the organisations keep about a person: which organisation they act for (and whether
confirmed), and whom they confirmed. /deleteme drops the link and the "confirmed by"; the
organisation, and the pledges recorded with it, stay (they are the organisation's) — unless
they were its last member and nothing is recorded with it: then it goes too."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import col

from bot.personal import Person, Shown
from storage.models.organisation import OrganisationMember
from storage.uow import UnitOfWork


async def show_person(uow: UnitOfWork, person: Person) -> Shown:
    link = await uow.organisations.membership_of(person.telegram_id)
    if link is None:
        return {}
    organisation = await uow.organisations.get(link.organisation_id)
    return {"organisation": {
        "name": organisation.name if organisation is not None else None,
        "kind": organisation.kind if organisation is not None else None,
        "status": link.status, "since": link.requested_at.isoformat(),
        "confirmed_at": link.confirmed_at.isoformat() if link.confirmed_at else None}}


async def erase_person(uow: UnitOfWork, person: Person, now: datetime) -> None:
    link = await uow.organisations.membership_of(person.telegram_id)
    if link is not None:
        await uow.organisations.drop_link(link)
        await uow.organisations.remove_if_unused(link.organisation_id)
    await uow.session.exec(
        update(OrganisationMember).where(col(OrganisationMember.confirmed_by) == person.telegram_id)
        .values(confirmed_by=None))
    await uow.session.flush()
