"""Hand-made needs, pledges and members for the balance's tests (rows written directly, so
every figure in the tests is worked out by hand from what is written here)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from sqlmodel import select

from storage.models import Member, Need, OutboxMessage, Pledge, Team
from storage.uow import UnitOfWork


async def team_id(uow: UnitOfWork, name: str) -> int:
    team = next(t for t in await uow.teams.all() if t.name == name)
    assert team.id is not None
    return team.id


async def add_team(uow: UnitOfWork, name: str, territory: str, now: datetime) -> int:
    team = await uow.teams.add(Team(name=name, territory_code=territory, created_at=now))
    assert team.id is not None
    return team.id


async def add_need(uow: UnitOfWork, *, team: int, title: str, target: int, pledged: int = 0,
                   now: datetime, days_ago: float, unit: str = "parcels",
                   category: str = "food", territory: str = "F205", delivered: int = 0,
                   status: str | None = None, first_pledge_after: timedelta | None = None,
                   covered_after: timedelta | None = None) -> int:
    posted = now - timedelta(days=days_ago)
    resource = {"hours": "time", "eur": "money", "skill_hours": "skills"}.get(unit, "goods")
    need = await uow.needs.add(Need(
        team_id=team, territory_code=territory, title=title, category=category,
        resource=resource, unit=unit, target=Decimal(target), urgency="normal",
        status=status or ("covered" if pledged >= target else "open"),
        pledged=Decimal(pledged), delivered=Decimal(delivered),
        first_pledge_at=posted + first_pledge_after if first_pledge_after else None,
        covered_at=posted + covered_after if covered_after else None,
        created_at=posted, updated_at=posted))
    assert need.id is not None
    return need.id


async def add_pledge(uow: UnitOfWork, *, need: int, member: int | None, quantity: int,
                     now: datetime, status: str = "active") -> None:
    uow.session.add(Pledge(need_id=need, member_telegram_id=member, quantity=Decimal(quantity),
                           delivered=Decimal(0), status=status, created_at=now, updated_at=now))
    await uow.session.flush()


async def add_member(uow: UnitOfWork, telegram_id: int, name: str, *, now: datetime,
                     language: str = "it", territory: str = "F205", skills: str | None = None,
                     availability: str | None = "week", consent: bool = True,
                     nudges_off: bool = False) -> Member:
    return await uow.members.add(Member(
        telegram_id=telegram_id, display_name=name, language=language,
        consent_at=now if consent else None, onboarded_at=now if consent else None,
        actor_type="citizen", territory_code=territory, skills=skills,
        availability=availability, nudges_off=nudges_off, created_at=now))


async def outbox_rows(uow: UnitOfWork) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)  # type: ignore[arg-type]
    return list((await uow.session.exec(query)).all())
