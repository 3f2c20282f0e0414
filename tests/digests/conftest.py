"""A small world for the digests, written as rows (every figure can be worked out from here):
four teams with linked groups and three observers, around a Monday's 09:00 in Rome.

- Milano (group -1001, Italian): posted A (hours, 2 of 10 pledged this week) three days before
  the moment; B (parcels, nothing pledged, posted 20 days before: unanswered); C (covered this
  week, 3 parcels delivered this week); D (4 of 5 parcels, a month old); a closed need; a table
  held last week, one cancelled, one ahead ("Casa & quartiere"); a member's self-assessment.
- Monza (group -1002, English): M posted this week, nothing pledged.
- Roma (group -1003): nothing at all — its group gets no digest.
- Bergamo (group -1004): a need this week, but its digest is off.
- Observers: 9001 of Lombardia (R-03, a member speaking English), 9002 of the province of Milano
  (no member row: Italian), 9003 of Sardegna (R-20: no team, nothing to say).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from domain.calendar import ROME
from storage.models import TerritorialTable
from storage.models.need import NeedEventKind
from storage.uow import UnitOfWork
from tests.helpers.rows import add_member, add_need, add_pledge, add_team, finish_assessment

MILANO_GROUP, MONZA_GROUP, ROMA_GROUP, BERGAMO_GROUP = -1001, -1002, -1003, -1004
LOMBARDIA_OBSERVER, MILANO_OBSERVER, SARDEGNA_OBSERVER = 9001, 9002, 9003
GIULIA = 5001

Factory = Callable[[], UnitOfWork]


def monday_after(day: date) -> date:
    return day + timedelta(days=7 - day.weekday())


def rome(day: date, hour: int, minute: int = 0) -> datetime:
    """A Rome wall-clock time, as the aware UTC datetime the clock gives."""
    return datetime.combine(day, time(hour, minute), tzinfo=ROME).astimezone(UTC)


async def link(uow: UnitOfWork, team: int, chat_id: int, language: str, now: datetime) -> None:
    found = await uow.teams.get(team)
    assert found is not None
    found.group_chat_id, found.linked_at, found.language = chat_id, now, language
    await uow.groups.record_joined(chat_id=chat_id, title=f"group {chat_id}", language=language,
                                   now=now)


async def build_scene(uow: UnitOfWork, moment: datetime) -> dict[str, int]:
    """The scene around `moment` (a Monday, 09:00 in Rome); returns the needs' ids by letter."""
    early = moment - timedelta(days=60)
    milano = await add_team(uow, "Cohesion Milano", "F205", early)
    monza = await add_team(uow, "Cohesion Monza", "F704", early)
    roma = await add_team(uow, "Cohesion Roma", "H501", early)
    bergamo = await add_team(uow, "Cohesion Bergamo", "A794", early)
    for team, chat, language in ((milano, MILANO_GROUP, "it"), (monza, MONZA_GROUP, "en"),
                                 (roma, ROMA_GROUP, "it"), (bergamo, BERGAMO_GROUP, "it")):
        await link(uow, team, chat, language, early)
    group = await uow.groups.get(BERGAMO_GROUP)
    assert group is not None
    group.digest_off = True

    ids = {
        "A": await add_need(uow, team=milano, title="Accompagnare anziani", target=10,
                            pledged=2, unit="hours", now=moment, days_ago=3,
                            first_pledge_after=timedelta(days=1)),
        "B": await add_need(uow, team=milano, title="Coperte per il dormitorio", target=6,
                            now=moment, days_ago=20),
        "C": await add_need(uow, team=milano, title="Spesa per famiglie", target=4, pledged=4,
                            delivered=3, now=moment, days_ago=10,
                            covered_after=timedelta(days=8)),
        "D": await add_need(uow, team=milano, title="Cappotti", target=5, pledged=4,
                            now=moment, days_ago=30),
        "closed": await add_need(uow, team=milano, title="Chiuso", target=5, now=moment,
                                 days_ago=2, status="closed"),
        "M": await add_need(uow, team=monza, title="Tutoring <kids>", target=8, unit="hours",
                            territory="F704", now=moment, days_ago=2),
        "G": await add_need(uow, team=bergamo, title="Legna", target=8, territory="A794",
                            now=moment, days_ago=2),
    }
    await add_pledge(uow, need=ids["A"], member=None, quantity=2, now=moment - timedelta(days=2))
    await add_pledge(uow, need=ids["C"], member=None, quantity=4, now=moment - timedelta(days=9))
    await uow.needs.record(need_id=ids["C"], at=moment - timedelta(days=1), by=None,
                           kind=NeedEventKind.DELIVERED,
                           details={"pledge": 2, "quantity": Decimal(3), "whole": False})
    await uow.needs.record(need_id=ids["D"], at=moment - timedelta(days=9), by=None,  # too early
                           kind=NeedEventKind.DELIVERED, details={"quantity": Decimal(1)})
    for starts, status, place in ((moment - timedelta(days=4), "scheduled", "Sala civica"),
                                  (moment - timedelta(days=3), "cancelled", "Annullato"),
                                  (moment + timedelta(days=2, hours=9), "scheduled",
                                   "Casa & quartiere"),
                                  (moment + timedelta(days=9), "scheduled", "Troppo tardi")):
        uow.session.add(TerritorialTable(team_id=milano, starts_at=starts, place=place,
                                         status=status, created_at=early, updated_at=early))
    member = await add_member(uow, GIULIA, "Giulia", now=early)
    assert member.id is not None
    await uow.memberships.join(member_id=member.id, team_id=milano, now=early)
    await finish_assessment(uow, GIULIA, {"networking": 3.0}, moment - timedelta(days=1))

    await add_member(uow, LOMBARDIA_OBSERVER, "Olga", now=early, language="en")
    for observer, code in ((LOMBARDIA_OBSERVER, "R-03"), (MILANO_OBSERVER, "P-MI"),
                           (SARDEGNA_OBSERVER, "R-20")):
        await uow.roles.grant(telegram_id=observer, role="observer", territory_code=code,
                              now=early)
    return ids | {"milano": milano, "monza": monza, "roma": roma, "bergamo": bergamo}
