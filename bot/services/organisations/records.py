"""What /organisation shows and changes: a person's organisation and their status in it, the
requests waiting for a confirmation (its members', and a designer's of their territories),
confirming or refusing one, and editing the description and the website.

Every decision is checked here again (a button can be forged or stale): only a confirmed member
of that organisation, a designer of a team whose territory holds the organisation's, or an
admin decides — never the requester."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.services import places, roles
from bot.services.organisations.events import JoinDecided
from bot.services.organisations.linking import OrganisationProblem, OrganisationView, view
from domain.territory import Gazetteer
from storage.models import RoleName
from storage.models.organisation import Organisation, OrganisationMemberStatus
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class Request:
    """A request to act for an organisation, waiting for a confirmation."""

    link_id: int
    organisation: str
    requester_name: str


@dataclass(frozen=True, slots=True)
class Card:
    """A person's organisation: the record, how many confirmed members, whether they are
    confirmed, and (for a confirmed member) the requests waiting."""

    organisation: OrganisationView
    confirmed_members: int
    confirmed: bool
    requests: tuple[Request, ...]


def _requests(rows: Sequence[tuple[object, Organisation, str | None]]) -> tuple[Request, ...]:
    out = []
    for link, organisation, name in rows:
        link_id = getattr(link, "id", None)
        assert isinstance(link_id, int)
        out.append(Request(link_id, organisation.name, name or "?"))
    return tuple(out)


async def card_of(uow: UnitOfWork, *, telegram_id: int) -> Card | None:
    link = await uow.organisations.membership_of(telegram_id)
    if link is None:
        return None
    organisation = await uow.organisations.get(link.organisation_id)
    if organisation is None:
        return None
    confirmed = link.status == OrganisationMemberStatus.CONFIRMED.value
    requests = (_requests(await uow.organisations.pending([link.organisation_id]))
                if confirmed else ())
    return Card(view(organisation), await uow.organisations.confirmed_count(link.organisation_id),
                confirmed, requests)


async def _designs_for(uow: UnitOfWork, gazetteer: Gazetteer, telegram_id: int,
                       organisation: Organisation) -> bool:
    if not organisation.territory_code:
        return False
    chain = set(places.chain(gazetteer, organisation.territory_code))
    return any(team.territory_code in chain
               for team in await uow.teams.designed_by(telegram_id))


async def requests_for_designer(uow: UnitOfWork, gazetteer: Gazetteer, *,
                                telegram_id: int) -> tuple[Request, ...]:
    """The requests waiting in the territories of the teams the person designs for (but their
    own)."""
    codes = {team.territory_code for team in await uow.teams.designed_by(telegram_id)}
    if not codes:
        return ()
    rows = [row for row in await uow.organisations.pending()
            if row[0].member_telegram_id != telegram_id and row[1].territory_code
            and codes & set(places.chain(gazetteer, row[1].territory_code))]
    return _requests(rows)


async def may_decide(uow: UnitOfWork, gazetteer: Gazetteer, *, telegram_id: int,
                     organisation: Organisation) -> bool:
    assert organisation.id is not None
    own = await uow.organisations.membership_of(telegram_id)
    if (own is not None and own.organisation_id == organisation.id
            and own.status == OrganisationMemberStatus.CONFIRMED.value):
        return True
    return (await roles.holds(uow, telegram_id=telegram_id, role=RoleName.ADMIN)
            or await _designs_for(uow, gazetteer, telegram_id, organisation))


async def decide(uow: UnitOfWork, gazetteer: Gazetteer, *, by: int, link_id: int,
                 accept: bool, now: datetime) -> tuple[str, str]:
    """Confirm or refuse a pending request; (the organisation's name, the requester's name).
    A refused request is deleted, and the requester's profile names no organisation."""
    link = await uow.organisations.link(link_id)
    if link is None or link.status != OrganisationMemberStatus.PENDING.value:
        raise OrganisationProblem("gone")
    if link.member_telegram_id == by:
        raise OrganisationProblem("self")
    organisation = await uow.organisations.get(link.organisation_id)
    if organisation is None:
        raise OrganisationProblem("gone")
    if not await may_decide(uow, gazetteer, telegram_id=by, organisation=organisation):
        raise OrganisationProblem("not_allowed")
    requester = await uow.members.by_telegram_id(link.member_telegram_id)
    name = (requester.display_name if requester else None) or "?"
    if accept:
        link.status = OrganisationMemberStatus.CONFIRMED.value
        link.confirmed_at, link.confirmed_by = now, by
        uow.session.add(link)
    else:
        await uow.organisations.drop_link(link)
        if requester is not None and requester.organisation_name == organisation.name:
            requester.organisation_name = None
    uow.emit(JoinDecided(link_id=link_id, organisation=organisation.name,
                         requester=link.member_telegram_id, confirmed=accept, by=by, now=now))
    return organisation.name, name


async def edit(uow: UnitOfWork, *, telegram_id: int, field: Literal["description", "website"],
               value: str | None, now: datetime) -> OrganisationView:
    """A confirmed member changes the description or the website (None clears it); the value
    is already checked (``domain``/the flow)."""
    link = await uow.organisations.membership_of(telegram_id)
    if link is None or link.status != OrganisationMemberStatus.CONFIRMED.value:
        raise OrganisationProblem("not_member")
    organisation = await uow.organisations.get(link.organisation_id)
    if organisation is None:
        raise OrganisationProblem("gone")
    if field == "description":
        organisation.description = value
    else:
        organisation.website = value
    organisation.updated_at = now
    uow.session.add(organisation)
    return view(organisation)


async def listing(uow: UnitOfWork, gazetteer: Gazetteer, *, kind: str | None = None,
                  territory: str | None = None) -> list[tuple[OrganisationView, int]]:
    """Every organisation (of a kind, within a territory's code) with its confirmed members."""
    out = []
    for organisation, confirmed in await uow.organisations.listing(kind):
        if territory is not None and (
                not organisation.territory_code
                or territory not in places.chain(gazetteer, organisation.territory_code)):
            continue
        out.append((view(organisation), confirmed))
    return out
