"""Resetting the demo: every row but the reference data goes, and the demo comes back with
its own ids, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import col, func, select

from bot.demo import load_demo, reset_demo
from storage.models import Member, Team, Territory
from storage.uow import UnitOfWork
from tests.conftest import T0


async def test_a_reset_leaves_the_demo_as_new_and_the_territories_as_they_were(
        uow_factory: Callable[[], UnitOfWork]) -> None:
    async with uow_factory() as uow:
        territories = (await uow.session.exec(select(func.count()).select_from(Territory))).one()
        assert await load_demo(uow, now=T0)
        await uow.teams.add(Team(name="CM Extra", territory_code="R-03", created_at=T0))
        await uow.members.add(Member(telegram_id=777, display_name="Extra", created_at=T0))
        await uow.commit()
    async with uow_factory() as uow:
        await reset_demo(uow, now=T0)
        await uow.commit()
    async with uow_factory() as uow:
        teams = (await uow.session.exec(select(Team).order_by(col(Team.id)))).all()
        assert [(t.id, t.name) for t in teams][:1] == [(1, "Cohesion Makers Milano")]
        assert "CM Extra" not in {t.name for t in teams} and len(teams) == 4
        assert await uow.members.get(777) is None
        assert (await uow.session.exec(select(func.count()).select_from(Territory))).one() \
            == territories > 0
