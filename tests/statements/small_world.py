"""A company's small world, every figure of its November 2026 statement worked out by hand.

Acme S.p.A. (a company): A (Italian) and B (English) its confirmed members, P asked to join (pending). Aiuto
Onlus (a non-profit): N its member. Teams Milano (F205) and Monza (F704); designers DM
(Milano) and DZ (Monza); observers OL (Lombardia) and OR (Lazio); admin AD.

Acme's pledges (each recorded with the organisation):

    p1  A  5 h   health (Milano)        3 Nov   delivery of 3 confirmed 10 Nov, 2 on 2 Dec
    p2  B  20 parcels food (Milano, 10 € each)  4 Nov   8 confirmed 12 Nov
    p3  A  100 € education (Monza)      5 Nov   not delivered
    p4  A  4 h   health (Milano)        6 Nov   withdrawn
    p5  A  2 h   loneliness (Monza)    20 Oct   2 confirmed 2 Nov (delivered in the period)
    p6  B  5 parcels food (Milano)      1 Dec   after the period
    and N's 7 h for Aiuto Onlus on the health need: not Acme's.

November: pledged 5 h, 20 parcels, 100 € (3 standing pledges); delivered 3 + 2 = 5 h,
8 parcels, 0 €; teams Milano and Monza; places Milano and Monza; categories education, food,
health, loneliness. Tables (minutes' attendee ids): 15 Nov [A, X, null], 20 Nov cancelled
[B], 22 Nov [A, B] → 2 tables, 3 attendances. Social value (shipped hourly values: health
20 €, loneliness 16 €): 3 × 20 + 2 × 16 + 8 × 10 = 172 €.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from domain.period import Period
from storage.models import Need, Pledge, RoleGrant, TableMinutes, TerritorialTable
from storage.uow import UnitOfWork
from tests.helpers.rows import add_member, add_team

NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))
A, B, P, N, X = 101, 102, 103, 104, 105
DM, DZ, OL, OR, AD, CITIZEN = 9001, 9002, 9003, 9004, 9005, 9006


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


@dataclass(frozen=True)
class SmallWorld:
    acme: int
    onlus: int
    milano: int
    monza: int


async def _need(uow: UnitOfWork, team: int, place: str, unit: str, category: str, target: int,
                unit_value: str | None = None) -> int:
    resource = {"hours": "time", "eur": "money"}.get(unit, "goods")
    row = await uow.needs.add(Need(
        team_id=team, territory_code=place, title=f"{unit} {category}", category=category,
        resource=resource, unit=unit, target=Decimal(target), urgency="normal", status="open",
        created_at=at(10, 1), updated_at=at(10, 1),
        unit_value=None if unit_value is None else Decimal(unit_value)))
    assert row.id is not None
    return row.id


async def pledge(uow: UnitOfWork, need: int, who: int | None, quantity: int, made: datetime,
                 organisation: int | None, *, status: str = "active",
                 deliveries: tuple[tuple[int, datetime], ...] = ()) -> int:
    row = Pledge(need_id=need, member_telegram_id=who, quantity=Decimal(quantity),
                 delivered=Decimal(sum(q for q, _ in deliveries)), status=status,
                 created_at=made, updated_at=made, organisation_id=organisation)
    uow.session.add(row)
    await uow.session.flush()
    assert row.id is not None
    for amount, moment in deliveries:
        await uow.needs.record(need_id=need, at=moment, by=DM, kind="delivered",
                               details={"pledge": row.id, "quantity": Decimal(amount),
                                        "whole": False})
    return row.id


async def _table(uow: UnitOfWork, team: int, day: int, attendees: list[int | None],
                 status: str = "scheduled") -> None:
    table = TerritorialTable(team_id=team, starts_at=at(11, day), place="Sala", status=status,
                             created_at=at(10, 1), updated_at=at(10, 1))
    uow.session.add(table)
    await uow.session.flush()
    assert table.id is not None
    uow.session.add(TableMinutes(table_id=table.id, attendance=json.dumps(
        [f"p{i}" for i in attendees]), attendee_ids=json.dumps(attendees),
        written_at=at(11, day)))
    await uow.session.flush()


async def build(uow: UnitOfWork, *, members: bool = True) -> SmallWorld:
    now = at(10, 1)
    milano = await add_team(uow, "Milano", "F205", now)
    monza = await add_team(uow, "Monza", "F704", now)
    orgs = uow.organisations
    acme = await orgs.add(name="Acme S.p.A.", name_key="acme spa", kind="company",
                          territory_code="F205", now=now)
    onlus = await orgs.add(name="Aiuto Onlus", name_key="aiuto onlus", kind="npo",
                           territory_code="F205", now=now)
    assert acme.id is not None and onlus.id is not None
    if members:
        for who, name, language in ((A, "Anna", "it"), (B, "Bruno", "en"), (P, "Paola", "it"),
                                    (N, "Nino", "it"), (CITIZEN, "Carla", "en"),
                                    (DM, "Dario", "it")):
            await add_member(uow, who, name, now=now, language=language)
        for who, org, confirmed in ((A, acme.id, True), (B, acme.id, True),
                                    (P, acme.id, False), (N, onlus.id, True)):
            await orgs.add_member(organisation_id=org, telegram_id=who, confirmed=confirmed,
                                  confirmed_by=None, now=now)
    for tid, role, team, place in ((DM, "designer", milano, None), (DZ, "designer", monza, None),
                                   (OL, "observer", None, "R-03"), (OR, "observer", None, "R-12"),
                                   (AD, "admin", None, None)):
        uow.session.add(RoleGrant(telegram_id=tid, role=role, team_id=team,
                                  territory_code=place, granted_at=now))
    health = await _need(uow, milano, "F205", "hours", "health", 20)
    food = await _need(uow, milano, "F205", "parcels", "food", 50, unit_value="10")
    school = await _need(uow, monza, "F704", "eur", "education", 500)
    lonely = await _need(uow, monza, "F704", "hours", "loneliness", 10)
    await pledge(uow, health, A, 5, at(11, 3), acme.id,
                 deliveries=((3, at(11, 10)), (2, at(12, 2))))
    await pledge(uow, food, B, 20, at(11, 4), acme.id, deliveries=((8, at(11, 12)),))
    await pledge(uow, school, A, 100, at(11, 5), acme.id)
    await pledge(uow, health, A, 4, at(11, 6), acme.id, status="withdrawn")
    await pledge(uow, lonely, A, 2, at(10, 20), acme.id, status="delivered",
                 deliveries=((2, at(11, 2)),))
    await pledge(uow, food, B, 5, at(12, 1), acme.id)
    await pledge(uow, health, N, 7, at(11, 7), onlus.id)
    await _table(uow, milano, 15, [A, X, None])
    await _table(uow, milano, 20, [B], status="cancelled")
    await _table(uow, monza, 22, [A, B])
    return SmallWorld(acme.id, onlus.id, milano, monza)
