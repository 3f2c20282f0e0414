"""/near: what lies around a member — open needs they can help with, the public tables of the
next 30 days, approved local services — around their comune or a location they shared.

The location is used for this answer only and never stored. Every list is short (``LIMIT``).
The database is asked for a few columns of the candidates (the open needs of the comuni within
``AROUND_KM`` and of the province and region, by the indexed place column; the approved
services of the province or the bounding box; the tables of the teams of those places in the
next 30 days, in one query), ranking happens on those, and only the handful shown are loaded
whole: eleven statements for /near and its answer (``bench/near_bench.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.services import local_services, places
from bot.services.local_services import ServiceView
from bot.services.needs.checks import place_chain
from bot.services.needs.values import NeedView, need_view
from domain.matching import skill_categories
from domain.near import (
    AROUND_KM,
    Atlas,
    Placed,
    box_around,
    first_steps,
    haversine_km,
    place_steps,
    rank,
)
from domain.territory import Gazetteer
from storage.models import Member
from storage.uow import UnitOfWork

LIMIT = 5
TABLES_AHEAD = timedelta(days=30)


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

    # needs: of the comuni around, and of the province and region, nearest first (those of
    # a category the member's skills match first among equally near ones): the database
    # counts them per place, then orders those of the nearest places holding enough by each
    # place's step (``place_steps``, ``first_steps``) and returns only the few shown.
    codes = list(dict.fromkeys([*chain, *(c for c, _ in nearby)]))
    far = dict(nearby)
    steps = place_steps({code: far.get(code) if code in far else _far(atlas, centre, code)
                         for code in codes}, chain=chain)
    steps = first_steps(steps, await uow.needs.open_counts(codes), LIMIT) if codes else {}
    found = await uow.needs.open_nearest(steps=steps, chain=chain,
                                         categories=skill_categories(member.skills),
                                         limit=LIMIT) if codes else []
    needs = tuple(NearNeed(need_view(n), _name(gazetteer, n.territory_code) or "",
                           distance(n.territory_code)) for n in found)

    # tables: of the teams of these places, the next 30 days (one query)
    upcoming = await uow.tables.upcoming_in(codes, now=now, until=now + TABLES_AHEAD,
                                            limit=LIMIT) if codes else []
    tables = tuple(NearTable(t.id or 0, team.name, t.starts_at, t.place,
                             distance(team.territory_code))
                   for t, team in upcoming if t.id is not None)

    # services: approved, of the province or within the box
    province = chain[1] if len(chain) > 1 else (chain[0] if chain else None)
    box = box_around(*centre, AROUND_KM) if centre is not None else None
    spots_of_services = await uow.local_services.approved_spots(
        province_code=province,
        box=(box.min_lat, box.max_lat, box.min_lon, box.max_lon) if box else None)
    ranked_services = rank([Placed(i, code, _far_point(centre, lat, lon))
                            for i, code, lat, lon in spots_of_services],
                           chain=chain, limit=LIMIT)
    chosen = await uow.local_services.by_ids([p.key for p in ranked_services])
    organisations = await uow.organisations.names([s.organisation_id for s in chosen.values()])
    services = [local_services.view(s, organisations.get(s.organisation_id, ""),
                                    _name(gazetteer, s.territory_code) or "",
                                    p.distance_km if show_distance else None)
                for p in ranked_services if (s := chosen.get(p.key)) is not None]
    return NearView(where, needs, tables, tuple(services))


def _far(atlas: Atlas, centre: tuple[float, float] | None, code: str) -> float | None:
    point = atlas.point(code)
    return _far_point(centre, point.lat, point.lon) if point is not None else None


def _far_point(centre: tuple[float, float] | None, lat: float | None, lon: float | None
               ) -> float | None:
    if centre is None or lat is None or lon is None:
        return None
    return haversine_km(centre[0], centre[1], lat, lon)
