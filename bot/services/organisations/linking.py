"""A person's link to an organisation: the organisations a typed name may be, creating one
(its first confirmed member), asking to act for an existing one (a pending request its members
or its territory's designers confirm), and dropping the link (a citizen acts for none).

``member.organisation_name`` is kept as the linked organisation's name, so the screens that
show it stay right. An organisation nobody acts for any more and nothing is recorded with (no
pledge) is deleted with its last link; otherwise it stays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.services import places
from bot.services.organisations.events import JoinRequested
from domain import organisations as rules
from domain.territory import Gazetteer
from storage.models import Member, RoleName
from storage.models.organisation import Organisation, OrganisationMemberStatus
from storage.uow import UnitOfWork


class OrganisationProblem(Exception):
    """A use case refused. ``code``: "gone" (no such organisation or request, or no longer
    pending), "kind" (not of the person's kind), "self" (one's own request), "not_allowed"
    (neither a confirmed member of it, nor a designer of its territory, nor an admin),
    "not_member" (acts for no organisation, or is not confirmed yet)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class OrganisationView:
    id: int
    name: str
    kind: str
    territory_code: str | None
    description: str | None
    website: str | None


def view(organisation: Organisation) -> OrganisationView:
    assert organisation.id is not None
    return OrganisationView(id=organisation.id, name=organisation.name, kind=organisation.kind,
                            territory_code=organisation.territory_code,
                            description=organisation.description, website=organisation.website)


@dataclass(frozen=True, slots=True)
class Candidates:
    """``one``: a single clear match; ``several``: to choose from; ``none``: a new name."""

    status: str
    organisations: tuple[OrganisationView, ...]


async def candidates(uow: UnitOfWork, *, kind: str, typed: str) -> Candidates:
    """The organisations of ``kind`` the typed name likely is, best first."""
    known = await uow.organisations.of_kind(kind)
    found = rules.match(typed, [(i, key) for i, _name, key in known])
    views = []
    for organisation_id in found.ids:
        organisation = await uow.organisations.get(organisation_id)
        if organisation is not None:
            views.append(view(organisation))
    return Candidates(found.status, tuple(views))


async def linked_to(uow: UnitOfWork, *, telegram_id: int) -> int | None:
    """The organisation the person is linked to (pending or confirmed), if any."""
    link = await uow.organisations.membership_of(telegram_id)
    return link.organisation_id if link is not None else None


async def drop_link(uow: UnitOfWork, *, telegram_id: int) -> None:
    """The person acts for no organisation any more (the organisation goes too if nobody else
    acts for it and nothing is recorded with it)."""
    link = await uow.organisations.membership_of(telegram_id)
    if link is None:
        return
    await uow.organisations.drop_link(link)
    await uow.organisations.remove_if_unused(link.organisation_id)


async def create_for(uow: UnitOfWork, *, member: Member, name: str,
                     now: datetime) -> OrganisationView:
    """A new organisation of the member's kind, named ``name``; they are its first confirmed
    member (its comune is theirs, once known)."""
    await drop_link(uow, telegram_id=member.telegram_id)
    organisation = await uow.organisations.add(
        name=name, name_key=rules.name_key(name), kind=member.actor_type or "",
        territory_code=member.territory_code, now=now)
    assert organisation.id is not None
    await uow.organisations.add_member(organisation_id=organisation.id,
                                       telegram_id=member.telegram_id, confirmed=True,
                                       confirmed_by=None, now=now)
    member.organisation_name = organisation.name
    return view(organisation)


async def deciders(uow: UnitOfWork, gazetteer: Gazetteer, organisation: Organisation,
                   *, but: int) -> tuple[int, ...]:
    """Who is asked to confirm a request: the organisation's confirmed members, or if it has
    none the designers of the teams of its territory, or if there are none the admins — so no
    request waits unseen (never the requester)."""
    assert organisation.id is not None
    people = [link.member_telegram_id for link in await uow.organisations.members(
        organisation.id, OrganisationMemberStatus.CONFIRMED)]
    if not people and organisation.territory_code:
        teams = await uow.teams.in_territories(places.chain(gazetteer,
                                                            organisation.territory_code))
        for team in teams:
            people += [d.telegram_id for d in await uow.teams.designers(team.id or 0)]
    people = [p for p in people if p != but]
    if not people:
        people = [grant.telegram_id for grant, _member in await uow.roles.all()
                  if grant.role == RoleName.ADMIN.value and grant.telegram_id != but]
    return tuple(dict.fromkeys(people))


async def ask_to_join(uow: UnitOfWork, gazetteer: Gazetteer, *, member: Member,
                      organisation_id: int, now: datetime) -> tuple[OrganisationView, bool]:
    """The member asks to act for an existing organisation of their kind: a pending request
    (kept as it is if they already are linked to it); (the organisation, whether confirmed)."""
    organisation = await uow.organisations.get(organisation_id)
    if organisation is None:
        raise OrganisationProblem("gone")
    if organisation.kind != member.actor_type:
        raise OrganisationProblem("kind")
    link = await uow.organisations.membership_of(member.telegram_id)
    if link is not None and link.organisation_id == organisation_id:
        member.organisation_name = organisation.name
        return view(organisation), link.status == OrganisationMemberStatus.CONFIRMED.value
    await drop_link(uow, telegram_id=member.telegram_id)
    link = await uow.organisations.add_member(organisation_id=organisation_id,
                                              telegram_id=member.telegram_id, confirmed=False,
                                              confirmed_by=None, now=now)
    assert link.id is not None
    member.organisation_name = organisation.name
    uow.emit(JoinRequested(
        link_id=link.id, organisation=organisation.name, requester=member.telegram_id,
        requester_name=member.display_name or "?",
        deciders=await deciders(uow, gazetteer, organisation, but=member.telegram_id), now=now))
    return view(organisation), False


async def settle_territory(uow: UnitOfWork, *, member: Member, now: datetime) -> None:
    """An organisation created before its first member said where they are takes their place."""
    if not member.territory_code:
        return
    link = await uow.organisations.membership_of(member.telegram_id)
    if link is None or link.status != OrganisationMemberStatus.CONFIRMED.value:
        return
    organisation = await uow.organisations.get(link.organisation_id)
    if organisation is not None and organisation.territory_code is None:
        organisation.territory_code = member.territory_code
        organisation.updated_at = now
