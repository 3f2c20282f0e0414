"""A small world for the export's tests, every figure of which is worked out by hand below.

The period is October 2026 (Rome days; summer time ends on the 25th); the clock stands at
T0, 26 November 2026. Teams: Milano (F205) and Bergamo (A794), both in Lombardia (R-03), and
Roma (H501), outside it.

Milano's needs:
  N1 food, 10 parcels, posted 5 Oct 10:00 UTC, first pledge 6 Oct 22:00 UTC (= 7 Oct in Rome:
     1.5 days), covered 8 Oct 10:00 (3 days), 10 pledged, 4 delivered, 12.50 EUR a parcel,
     from the table T1's decision                                    -> in (posted in October)
  N2 health, 20 hours, posted 20 Sep, open, 6 pledged                 -> in (live in October)
  N3 closed on 25 Sep                                                 -> out (ended before)
  N4 posted 3 Nov, open                                               -> out (after); live now
  N7 a proposal of 10 Oct                                             -> out (not a need yet)
Bergamo's N5, posted 12 Oct (in Lombardia's export only); Roma's N6 (in no export here).

Pledges (Milano): p1 Anna (a citizen who wrote a parish as her organisation) 4 parcels to N1,
delivered on 10 Oct; p2 Bruno (a non-profit, "Banco Alimentare Lombardia") 6 parcels, 8 Oct;
p3 Dario's 2.5 hours to N2 on 12 Oct (Dario then erased his data: the pledge stays, without
him); p4 Carla's (a company, "Navigli Logistica Srl") 2 hours to N2 on 21 Sep -> out; p5
Carla's 3.5 hours to N2 on 20 Oct.

Tables (Milano): T1 15 Oct 17:00 UTC at an address, 2 yes, 1 no, 1 maybe, minutes with 3
present and 2 decisions, N1 posted from it; T2 22 Oct online (a link), cancelled, no minutes;
T3 5 Nov -> out.

Assessments (Milano's members): reading_needs — Anna 2.0 (Sep) then 3.0 (Oct), Bruno 3.0
then 3.5, Carla 1.0 then 2.5, Eve 4.0 (Oct only): 4 runs in October, 4 people, mean
(3 + 3.5 + 2.5 + 4) / 4 = 3.25; 3 retakers, mean change (1 + 0.5 + 1.5) / 3 = 1.0.
networking — only Eve, 5.0 in October: 1 person, so its mean is left empty.

Milano now: 4 members, 1 designer, live needs N1 (covered), N2 (6/20), N4 (0/10): coverage
(1 + 0.3 + 0) / 3 = 0.433; 1 need posted in October (N1).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from domain.period import Period
from storage.models import (
    Member,
    Need,
    Pledge,
    TableMinutes,
    TableRsvp,
    Team,
    TerritorialTable,
)
from storage.uow import UnitOfWork
from tests.helpers.rows import finish_assessment

OCTOBER = Period(date(2026, 10, 1), date(2026, 10, 31))

ANNA, BRUNO, CARLA, DARIO, EVE = 700000101, 700000102, 700000103, 700000104, 700000105
DESIGNER, OBSERVER, ADMIN, STRANGER = 700000201, 700000202, 700000203, 700000204
#: Who each person is, as nothing in an export may show them.
PEOPLE = {ANNA: "Anna Bianchi", BRUNO: "Bruno Verdi", CARLA: "Carla Neri", DARIO: "Dario Gialli",
          EVE: "Eve Rossi"}
CITIZEN_ORGANISATION = "Parrocchia San Luca"
NPO = "Banco Alimentare Lombardia"
COMPANY = "Navigli Logistica Srl"
TABLE_ADDRESS = "Via Solferino 7, Milano"


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


@dataclass(frozen=True)
class ExportWorld:
    milano: int
    bergamo: int
    roma: int
    needs: dict[str, int]
    pledges: dict[str, int]
    tables: dict[str, int]


async def _member(uow: UnitOfWork, telegram_id: int, *, actor: str, organisation: str | None,
                  team: int, now: datetime) -> None:
    member = await uow.members.add(Member(
        telegram_id=telegram_id, display_name=PEOPLE[telegram_id], language="it",
        consent_at=now, onboarded_at=now, actor_type=actor, organisation_name=organisation,
        territory_code="F205", created_at=now))
    assert member.id is not None
    await uow.memberships.join(member_id=member.id, team_id=team, now=now)


async def _need(uow: UnitOfWork, team: int, territory: str, posted: datetime, *,
                unit: str = "parcels", category: str = "food", target: int = 10,
                pledged: Decimal | int = 0, delivered: int = 0, status: str = "open",
                **more: object) -> int:
    resource = {"hours": "time"}.get(unit, "goods")
    need = await uow.needs.add(Need(
        team_id=team, territory_code=territory, title=f"Bisogno di {PEOPLE[ANNA]}",
        description=f"per {PEOPLE[BRUNO]}", category=category, resource=resource, unit=unit,
        target=Decimal(target), urgency="normal", status=status, pledged=Decimal(pledged),
        delivered=Decimal(delivered), created_at=posted, updated_at=posted,
        beneficiary=PEOPLE[CARLA], **more))  # type: ignore[arg-type]
    assert need.id is not None
    return need.id


async def _pledge(uow: UnitOfWork, need: int, member: int | None, quantity: str,
                  made: datetime, *, delivered: str = "0", status: str = "active",
                  changed: datetime | None = None) -> int:
    pledge = Pledge(need_id=need, member_telegram_id=member, quantity=Decimal(quantity),
                    delivered=Decimal(delivered), status=status, created_at=made,
                    updated_at=changed or made)
    uow.session.add(pledge)
    await uow.session.flush()
    assert pledge.id is not None
    return pledge.id


async def _table(uow: UnitOfWork, team: int, starts: datetime, place: str, *,
                 status: str = "scheduled") -> int:
    table = TerritorialTable(team_id=team, starts_at=starts, place=place,
                             agenda=f"con {PEOPLE[EVE]}", status=status, created_at=starts,
                             updated_at=starts)
    uow.session.add(table)
    await uow.session.flush()
    assert table.id is not None
    return table.id


async def build(uow: UnitOfWork, now: datetime) -> ExportWorld:
    milano = (await uow.teams.add(Team(name="Cohesion Makers Milano", territory_code="F205",
                                       created_at=now))).id
    bergamo = (await uow.teams.add(Team(name="Cohesion Makers Bergamo", territory_code="A794",
                                        created_at=now))).id
    roma = (await uow.teams.add(Team(name="Cohesion Makers Roma", territory_code="H501",
                                     created_at=now))).id
    assert milano and bergamo and roma
    await _member(uow, ANNA, actor="citizen", organisation=CITIZEN_ORGANISATION, team=milano,
                  now=now)
    await _member(uow, BRUNO, actor="npo", organisation=NPO, team=milano, now=now)
    await _member(uow, CARLA, actor="company", organisation=COMPANY, team=milano, now=now)
    await _member(uow, EVE, actor="citizen", organisation=None, team=milano, now=now)
    await uow.roles.grant(telegram_id=DESIGNER, role="designer", team_id=milano, now=now)
    await uow.roles.grant(telegram_id=OBSERVER, role="observer", territory_code="R-03", now=now)
    await uow.roles.grant(telegram_id=ADMIN, role="admin", now=now)

    t1 = await _table(uow, milano, at("2026-10-15", 17), TABLE_ADDRESS)
    t2 = await _table(uow, milano, at("2026-10-22", 17), "https://meet.google.com/abc-defg-hij",
                      status="cancelled")
    t3 = await _table(uow, milano, at("2026-11-05", 17), TABLE_ADDRESS)
    for member, answer in ((ANNA, "yes"), (BRUNO, "yes"), (CARLA, "no"), (EVE, "maybe")):
        uow.session.add(TableRsvp(table_id=t1, member_telegram_id=member, answer=answer,
                                  answered_at=at("2026-10-10")))
    uow.session.add(TableMinutes(
        table_id=t1, attendance=json.dumps([PEOPLE[ANNA], PEOPLE[BRUNO], PEOPLE[CARLA]]),
        attendee_ids=json.dumps([ANNA, BRUNO, CARLA]),
        decisions=json.dumps(["Raccolta alimentare", f"Chiamare {PEOPLE[DARIO]}"]),
        notes=PEOPLE[EVE], written_at=at("2026-10-16")))

    n1 = await _need(uow, milano, "F205", at("2026-10-05"), pledged=10, delivered=4,
                     status="covered", first_pledge_at=at("2026-10-06", 22),
                     covered_at=at("2026-10-08"), unit_value=Decimal("12.50"),
                     from_table_id=t1)
    n2 = await _need(uow, milano, "F205", at("2026-09-20"), unit="hours", category="health",
                     target=20, pledged=6, first_pledge_at=at("2026-09-21"))
    n3 = await _need(uow, milano, "F205", at("2026-09-01"), status="closed",
                     closed_at=at("2026-09-25"))
    n4 = await _need(uow, milano, "F205", at("2026-11-03"))
    n5 = await _need(uow, bergamo, "A794", at("2026-10-12"))
    n6 = await _need(uow, roma, "H501", at("2026-10-12"))
    n7 = await _need(uow, milano, "F205", at("2026-10-10"), status="proposed")

    p1 = await _pledge(uow, n1, ANNA, "4", at("2026-10-06", 22), delivered="4",
                       status="delivered", changed=at("2026-10-10"))
    p2 = await _pledge(uow, n1, BRUNO, "6", at("2026-10-08"))
    p3 = await _pledge(uow, n2, None, "2.5", at("2026-10-12"))  # Dario's, after his erasure
    p4 = await _pledge(uow, n2, CARLA, "2", at("2026-09-21"))
    p5 = await _pledge(uow, n2, CARLA, "3.5", at("2026-10-20"))
    await _pledge(uow, n5, BRUNO, "1", at("2026-10-13"))

    for member, before, after in ((ANNA, 2.0, 3.0), (BRUNO, 3.0, 3.5), (CARLA, 1.0, 2.5)):
        await finish_assessment(uow, member, {"reading_needs": before}, at("2026-09-10"))
        await finish_assessment(uow, member, {"reading_needs": after},
                                at("2026-10-20") + timedelta(hours=member % 7))
    await finish_assessment(uow, EVE, {"reading_needs": 4.0, "networking": 5.0},
                            at("2026-10-21"))
    return ExportWorld(milano, bergamo, roma,
                       {"n1": n1, "n2": n2, "n3": n3, "n4": n4, "n5": n5, "n6": n6, "n7": n7},
                       {"p1": p1, "p2": p2, "p3": p3, "p4": p4, "p5": p5},
                       {"t1": t1, "t2": t2, "t3": t3})
