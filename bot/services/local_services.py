"""Local services (/services): a confirmed member of a non-profit or institution lists what it
offers; a designer of a team covering the service's comune approves or declines it (a reason);
the organisation's member is told; /near shows approved ones. Every press is checked here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bot.personal import Person, Shown
from bot.services import places
from bot.services.needs.checks import place_chain
from domain.near import Atlas
from domain.territory import Gazetteer
from storage.models.organisation import Organisation, OrganisationKind
from storage.models.service import LocalService, ServiceStatus
from storage.uow import UnitOfWork

NAME_MAX, WHAT_MAX, WHEN_MAX, REACH_MAX, REASON_MAX = 100, 500, 200, 300, 300

_PHONE = re.compile(r"(\d[\s./-]?){7,}|\+\s?\d{2}|\btel\b|\btel\.|telefono|phone|cell",
                    re.IGNORECASE)
_LINK = re.compile(r"^https?://[^\s/$.?#].[^\s]*$", re.IGNORECASE)


class ServiceProblem(ValueError):
    """Why a step or a press was refused: ``code`` for the texts."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def check_reach(text: str) -> str:
    """A link (http/https) or an address; never a phone number (a run of 7 or more digits,
    "+39…", "tel")."""
    text = " ".join(text.split())
    if not text or len(text) > REACH_MAX:
        raise ServiceProblem("reach_length")
    if _LINK.match(text):
        return text
    if _PHONE.search(text):
        raise ServiceProblem("phone")
    if text.lower().startswith(("http:", "https:", "www.")):
        raise ServiceProblem("bad_link")
    return text


def check_text(text: str, limit: int) -> str:
    text = text.strip()
    if not text:
        raise ServiceProblem("empty")
    if len(text) > limit:
        raise ServiceProblem("too_long")
    if _PHONE.search(text) and re.search(r"\d{7,}|\+\s?\d{2}", text.replace(" ", "")):
        raise ServiceProblem("phone")
    return text


@dataclass(frozen=True, slots=True)
class ServiceView:
    id: int
    name: str
    category: str
    what: str
    when: str
    reach: str
    place: str
    status: str
    organisation: str
    decline_reason: str | None = None
    distance_km: float | None = None


def view(service: LocalService, organisation: str, place: str,
         distance_km: float | None = None) -> ServiceView:
    assert service.id is not None
    return ServiceView(service.id, service.name, service.category, service.what,
                       service.when_text, service.reach, place, service.status, organisation,
                       service.decline_reason, distance_km)


@dataclass(frozen=True, slots=True)
class ServiceSubmitted:
    service_id: int
    designers: tuple[int, ...]
    now: datetime


@dataclass(frozen=True, slots=True)
class ServiceReviewed:
    service_id: int
    submitter: int | None
    approved: bool
    now: datetime


async def organisation_for(uow: UnitOfWork, telegram_id: int) -> Organisation:
    """The non-profit or institution the person is a confirmed member of; refused otherwise
    (``company`` for a company's member, ``no_organisation`` for anyone else)."""
    organisation = await uow.organisations.acting_for(telegram_id)
    if organisation is None or organisation.id is None:
        raise ServiceProblem("no_organisation")
    if organisation.kind == OrganisationKind.COMPANY.value:
        raise ServiceProblem("company")
    return organisation


async def list_of(uow: UnitOfWork, gazetteer: Gazetteer, organisation: Organisation
                  ) -> list[ServiceView]:
    assert organisation.id is not None
    return [view(s, organisation.name, _place(gazetteer, s.territory_code))
            for s in await uow.local_services.of_organisation(organisation.id)]


def _place(gazetteer: Gazetteer, code: str) -> str:
    place = places.view_of(gazetteer, code)
    return place.name if place is not None else code


async def designers_covering(uow: UnitOfWork, territory_code: str) -> list[int]:
    chain = set(await place_chain(uow, territory_code))
    teams = [t for t in await uow.teams.in_territories(sorted(chain)) if t.id is not None]
    people: list[int] = []
    for team in teams:
        assert team.id is not None
        for designer in await uow.teams.designers(team.id):
            if designer.telegram_id not in people:
                people.append(designer.telegram_id)
    return people


async def submit(uow: UnitOfWork, *, telegram_id: int, name: str, category: str, what: str,
                 when: str, reach: str, territory_code: str | None, now: datetime
                 ) -> LocalService:
    """A new pending service of the person's organisation, in its comune (or the one given);
    the designers covering that comune are sent it to review."""
    organisation = await organisation_for(uow, telegram_id)
    assert organisation.id is not None
    code = territory_code or organisation.territory_code
    if code is None:
        member = await uow.members.by_telegram_id(telegram_id)
        code = member.territory_code if member is not None else None
    if code is None:
        raise ServiceProblem("no_place")
    place = await uow.territories.get(code)
    point = Atlas.load().point(code)
    service = await uow.local_services.add(LocalService(
        organisation_id=organisation.id, submitted_by=telegram_id,
        name=check_text(name, NAME_MAX), category=category, what=check_text(what, WHAT_MAX),
        when_text=check_text(when, WHEN_MAX), reach=check_reach(reach), territory_code=code,
        province_code=(place.parent_code if place is not None and place.kind == "comune"
                       else code),
        lat=point.lat if point else None, lon=point.lon if point else None,
        status=ServiceStatus.PENDING.value, created_at=now))
    assert service.id is not None
    uow.emit(ServiceSubmitted(service.id, tuple(await designers_covering(uow, code)), now))
    return service


async def _reviewable(uow: UnitOfWork, *, telegram_id: int, service_id: int) -> LocalService:
    service = await uow.local_services.get(service_id)
    if service is None:
        raise ServiceProblem("no_such_service")
    if telegram_id not in await designers_covering(uow, service.territory_code):
        raise ServiceProblem("not_designer")
    if service.status != ServiceStatus.PENDING.value:
        raise ServiceProblem("already_reviewed")
    return service


async def check_review(uow: UnitOfWork, *, telegram_id: int, service_id: int) -> LocalService:
    """The service a designer may review now (else ServiceProblem)."""
    return await _reviewable(uow, telegram_id=telegram_id, service_id=service_id)


async def review(uow: UnitOfWork, *, telegram_id: int, service_id: int, approve: bool,
                 reason: str | None, now: datetime) -> LocalService:
    service = await _reviewable(uow, telegram_id=telegram_id, service_id=service_id)
    if not approve:
        reason = (reason or "").strip()
        if not reason or len(reason) > REASON_MAX:
            raise ServiceProblem("reason")
        service.decline_reason = reason
    service.status = (ServiceStatus.APPROVED if approve else ServiceStatus.DECLINED).value
    service.reviewed_by, service.reviewed_at = telegram_id, now
    await uow.local_services.save(service)
    assert service.id is not None
    uow.emit(ServiceReviewed(service.id, service.submitted_by, approve, now))
    return service


async def withdraw(uow: UnitOfWork, *, telegram_id: int, service_id: int) -> LocalService:
    """A confirmed member of the service's organisation takes it back."""
    organisation = await organisation_for(uow, telegram_id)
    service = await uow.local_services.get(service_id)
    if service is None or service.organisation_id != organisation.id:
        raise ServiceProblem("not_yours")
    if service.status == ServiceStatus.WITHDRAWN.value:
        raise ServiceProblem("already_withdrawn")
    service.status = ServiceStatus.WITHDRAWN.value
    await uow.local_services.save(service)
    return service


async def view_of(uow: UnitOfWork, gazetteer: Gazetteer, service_id: int) -> ServiceView | None:
    service = await uow.local_services.get(service_id)
    if service is None:
        return None
    organisation = await uow.organisations.get(service.organisation_id)
    return view(service, organisation.name if organisation else "",
                _place(gazetteer, service.territory_code))


# --- personal data --------------------------------------------------------------------------------

async def show_person(uow: UnitOfWork, person: Person) -> Shown:
    rows = await uow.local_services.submitted_by(person.telegram_id)
    if not rows:
        return {}
    return {"services_submitted": [
        {"id": s.id, "name": s.name, "status": s.status, "what": s.what, "when": s.when_text,
         "reach": s.reach, "territory": s.territory_code,
         "created_at": s.created_at.isoformat()} for s in rows]}


async def erase_person(uow: UnitOfWork, person: Person, now: datetime) -> None:
    await uow.local_services.forget_person(person.telegram_id)
