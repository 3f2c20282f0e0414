"""The world of the expert hour: Giulia and Anna (Italian) and Luca (English) are registered
members; Elena Rossi (Italian and English; networking, co-design) and Paolo Bianchi (Italian
and English; digital, impact) are experts, Marta Verdi (Italian only; ethics) too. The clock
stands on Thursday 26 November 2026, 10:00 in Rome."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlmodel import col, select

from bot.config import Settings
from bot.services import expert
from domain.assessment import load_framework
from storage.models import ExpertBooking, ExpertSlot
from tests.conftest import Clock
from tests.helpers.rows import add_member, finish_assessment
from tests.world import World, open_world

GIULIA, ANNA, LUCA = 3001, 3002, 3003
ELENA, PAOLO, MARTA = 3101, 3102, 3103


def rome(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    """A December 2026 time in Rome (UTC+1), as UTC."""
    return datetime(2026, month, day, hour - 1, minute, tzinfo=UTC)


async def register(world: World, telegram_id: int, name: str, language: str) -> None:
    """A registered member, who can write to the bot."""
    async with world.uow() as uow:
        await add_member(uow, telegram_id, name, now=world.clock(),  # type: ignore[arg-type]
                         language=language, availability=None)
    world.person(telegram_id, name, language)


async def add_expert(world: World, telegram_id: int, name: str, competences: list[str],
                     languages: list[str], language_code: str = "it") -> None:
    async with world.uow() as uow:
        await expert.add_expert(uow, now=world.clock(), telegram_id=telegram_id,  # type: ignore[arg-type]
                                competences=competences, languages=languages, name=name,
                                menu=False)  # their menus are tests/menus' concern
    world.person(telegram_id, name, language_code)


async def add_slot(world: World, telegram_id: int, starts_at: datetime) -> int:
    async with world.uow() as uow:
        view = await expert.add_slot(uow, now=world.clock(), telegram_id=telegram_id,  # type: ignore[arg-type]
                                     starts_at=starts_at)
    return view.id


async def assess(world: World, telegram_id: int, scores: dict[str, float]) -> None:
    """A finished assessment with these scores (the rest of the framework scored high)."""
    every = {competence.id: 4.5 for competence in load_framework().competences}
    async with world.uow() as uow:
        await finish_assessment(uow, telegram_id, every | scores, world.clock())  # type: ignore[arg-type]


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    async with open_world(settings, clock, demo=False) as world:
        await register(world, GIULIA, "Giulia", "it")
        await register(world, ANNA, "Anna", "it")
        await register(world, LUCA, "Luca", "en")
        await add_expert(world, ELENA, "Elena Rossi", ["networking", "codesign"], ["it", "en"])
        await add_expert(world, PAOLO, "Paolo Bianchi", ["digital", "impact"], ["it", "en"], "en")
        await add_expert(world, MARTA, "Marta Verdi", ["ethics"], ["it"])
        yield world


async def bookings(world: World) -> list[ExpertBooking]:
    async with world.uow() as uow:
        return await uow.experts.all_bookings()


async def slots(world: World) -> list[ExpertSlot]:
    async with world.uow() as uow:
        return list((await uow.session.exec(select(ExpertSlot).order_by(col(ExpertSlot.id)))).all())


async def notices(world: World) -> dict[str, str]:
    async with world.uow() as uow:
        return {n.key: n.status for n in await uow.notices.all()}
