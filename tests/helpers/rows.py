"""Rows written directly and found again, for tests that set a scene without the conversations
that would make it (every figure in a test can then be worked out from what is written)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal

from domain.assessment import load_framework
from storage.models import Member, Need, Pledge, Team
from storage.uow import UnitOfWork
from tests.world import World, open_uow


async def team_named_in(where: World | UnitOfWork, name: str) -> Team:
    """The team with this name (the demo's "Cohesion Makers Milano", …)."""
    async with open_uow(where) as uow:
        return next(t for t in await uow.teams.all() if t.name == name)


async def team_id(where: World | UnitOfWork, name: str) -> int:
    team = await team_named_in(where, name)
    assert team.id is not None
    return team.id


async def add_team(uow: UnitOfWork, name: str, territory: str, now: datetime) -> int:
    team = await uow.teams.add(Team(name=name, territory_code=territory, created_at=now))
    assert team.id is not None
    return team.id


async def add_member(uow: UnitOfWork, telegram_id: int, name: str, *, now: datetime,
                     language: str = "it", territory: str = "F205", skills: str | None = None,
                     availability: str | None = "week", consent: bool = True,
                     nudges_off: bool = False) -> Member:
    """A registered citizen (consented and onboarded at ``now``, unless ``consent`` is false)."""
    return await uow.members.add(Member(
        telegram_id=telegram_id, display_name=name, language=language,
        consent_at=now if consent else None, onboarded_at=now if consent else None,
        actor_type="citizen", territory_code=territory, skills=skills,
        availability=availability, nudges_off=nudges_off, created_at=now))


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


async def finish_assessment(uow: UnitOfWork, telegram_id: int, scores: Mapping[str, float],
                            now: datetime) -> None:
    """A self-assessment finished at ``now`` with these scores, each at the framework's level."""
    framework = load_framework()
    run = await uow.assessments.start(telegram_id=telegram_id,
                                      framework_version=framework.version, now=now)
    await uow.assessments.finish(run, scores={cid: (score, framework.level_of(score).id)
                                              for cid, score in scores.items()}, now=now)
