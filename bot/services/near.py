"""/near: what lies around a member — open needs they can help with, the public tables of the
next 30 days, approved local services — around their comune or a location they shared.

The location is used for this answer only and never stored. Every list is short (``LIMIT``);
the database is asked only for candidates (needs of the comuni within ``AROUND_KM`` and of the
province and region, by the indexed place column; services by province or bounding box), and
ranking happens on those few rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.services import local_services, places
from bot.services.local_services import ServiceView
from bot.services.needs.checks import place_chain
from bot.services.needs.values import NeedView, need_view
from domain.near import AROUND_KM, Atlas, Placed, box_around, haversine_km, rank
from domain.territory import Gazetteer
from storage.models import Member
from storage.uow import UnitOfWork

LIMIT = 5
TABLES_AHEAD = timedelta(days=30)
_NEED_CANDIDATES = 60


@dataclass(frozen=True, slots=True)
class Where:
    """Where /near looked: the comune, whether its point is approximate (the province's),
    whether a shared location was used, and a shared location that found no comune."""

    code: str | None
    name: str | None
    approximate: bool
    located: bool
    lost: bool = False


@dataclass(frozen=True, slots=True)
class NearNeed:
    need: NeedView
    place: str
    distance_km: float | None


@dataclass(frozen=True, slots=True)
class NearTable:
    table_id: int
    team: str
    starts_at: datetime
    place: str
    distance_km: float | None


@dataclass(frozen=True, slots=True)
class NearView:
    where: Where
    needs: tuple[NearNeed, ...]
    tables: tuple[NearTable, ...]
    services: tuple[ServiceView, ...]


def locate(gazetteer: Gazetteer, member: Member, location: tuple[float, float] | None
           ) -> tuple[Where, tuple[float, float] | None]:
    """The comune to look around and the point distances are measured from."""
    atlas = Atlas.load()
    if location is not None:
        found = atlas.nearest(*location)
        if found is not None:
            return Where(found[0], _name(gazetteer, found[0]), False, True), location
    code = member.territory_code
    point = atlas.point(code)
    where = Where(code, _name(gazetteer, code), point is not None and point.approximate,
                  False, lost=location is not None)
    return where, ((point.lat, point.lon) if point is not None else None)


def _name(gazetteer: Gazetteer, code: str | None) -> str | None:
    place = places.view_of(gazetteer, code)
    return place.name if place is not None else None


async def around(uow: UnitOfWork, gazetteer: Gazetteer, *, member: Member,
                 location: tuple[float, float] | None, now: datetime) -> NearView:
    where, centre = locate(gazetteer, member, location)
    atlas = Atlas.load()
    chain = await place_chain(uow, where.code) if where.code else []
    nearby = atlas.within(*centre, AROUND_KM) if centre is not None else []
    show_distance = where.located

    def distance(code: str) -> float | None:
        point = atlas.point(code)
        if not show_distance or centre is None or point is None:
            return None
        return haversine_km(centre[0], centre[1], point.lat, point.lon)

    # needs: of the comuni around, and of the province and region
    codes = list(dict.fromkeys([*chain, *(c for c, _ in nearby)]))
    candidates = await uow.needs.open_near(team_ids=[], territory_codes=codes,
                                           limit=_NEED_CANDIDATES) if codes else []
    skills = (member.skills or "").lower()
    preferred = frozenset(n.id for n in candidates
                          if n.id is not None and skills and n.category.lower() in skills)
    by_id = {n.id: n for n in candidates if n.id is not None}
    ranked = rank([Placed(i, n.territory_code, _far(atlas, centre, n.territory_code))
                   for i, n in by_id.items()], chain=chain, limit=LIMIT, preferred=preferred)
    needs = tuple(NearNeed(need_view(by_id[p.key]), _name(gazetteer, p.territory_code) or "",
                           distance(p.territory_code)) for p in ranked)

    # tables: of the teams of these places, the next 30 days
    teams = [t for t in await uow.teams.in_territories(codes) if t.id is not None] if codes else []
    team_by_id = {t.id: t for t in teams}
    upcoming = []
    for team in teams:
        assert team.id is not None
        for table in await uow.tables.upcoming_of_team(team.id, now=now, limit=LIMIT):
            if table.starts_at <= now + TABLES_AHEAD and table.id is not None:
                upcoming.append(table)
    upcoming.sort(key=lambda t: (t.starts_at, t.id or 0))
    tables = tuple(NearTable(t.id or 0, team_by_id[t.team_id].name, t.starts_at, t.place,
                             distance(team_by_id[t.team_id].territory_code))
                   for t in upcoming[:LIMIT])

    # services: approved, of the province or within the box
    province = chain[1] if len(chain) > 1 else (chain[0] if chain else None)
    box = box_around(*centre, AROUND_KM) if centre is not None else None
    rows = await uow.local_services.approved_around(
        province_code=province,
        box=(box.min_lat, box.max_lat, box.min_lon, box.max_lon) if box else None)
    ranked_services = rank([Placed(s.id or 0, s.territory_code,
                                   _far_point(centre, s.lat, s.lon)) for s in rows],
                           chain=chain, limit=LIMIT)
    service_by_id = {s.id: s for s in rows}
    services = []
    for p in ranked_services:
        s = service_by_id[p.key]
        organisation = await uow.organisations.get(s.organisation_id)
        services.append(local_services.view(
            s, organisation.name if organisation else "",
            _name(gazetteer, s.territory_code) or "",
            p.distance_km if show_distance else None))
    return NearView(where, needs, tables, tuple(services))


def _far(atlas: Atlas, centre: tuple[float, float] | None, code: str) -> float | None:
    point = atlas.point(code)
    return _far_point(centre, point.lat, point.lon) if point is not None else None


def _far_point(centre: tuple[float, float] | None, lat: float | None, lon: float | None
               ) -> float | None:
    if centre is None or lat is None or lon is None:
        return None
    return haversine_km(centre[0], centre[1], lat, lon)
