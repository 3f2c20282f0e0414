"""The world of the expert hour: Giulia and Anna (Italian) and Luca (English) are registered
members; Elena Rossi (Italian and English; networking, co-design) and Paolo Bianchi (Italian
and English; digital, impact) are experts, Marta Verdi (Italian only; ethics) too. The clock
stands on Thursday 26 November 2026, 10:00 in Rome."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from icalendar import Calendar
from sqlmodel import col, select

from bot.config import Settings
from bot.services import expert
from storage.models import (
    AssessmentRun,
    AssessmentScore,
    ExpertBooking,
    ExpertSlot,
    Member,
    OutboxMessage,
    ScheduledNotice,
)
from tests.conftest import Clock
from tests.world import World

GIULIA, ANNA, LUCA = 3001, 3002, 3003
ELENA, PAOLO, MARTA = 3101, 3102, 3103


def rome(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    """A December 2026 time in Rome (UTC+1), as UTC."""
    return datetime(2026, month, day, hour - 1, minute, tzinfo=UTC)


async def add_member(world: World, telegram_id: int, name: str, language: str) -> None:
    now = world.clock()  # type: ignore[operator]
    async with world.uow() as uow:
        await uow.members.add(Member(
            telegram_id=telegram_id, display_name=name, language=language, consent_at=now,
            actor_type="citizen", territory_code="F205", onboarded_at=now, created_at=now))
    world.person(telegram_id, name, language)


async def add_expert(world: World, telegram_id: int, name: str, competences: list[str],
                     languages: list[str], language_code: str = "it") -> None:
    async with world.uow() as uow:
        await expert.add_expert(uow, now=world.clock(), telegram_id=telegram_id,  # type: ignore[arg-type]
                                competences=competences, languages=languages, name=name)
    world.person(telegram_id, name, language_code)


async def add_slot(world: World, telegram_id: int, starts_at: datetime) -> int:
    async with world.uow() as uow:
        view = await expert.add_slot(uow, now=world.clock(), telegram_id=telegram_id,  # type: ignore[arg-type]
                                     starts_at=starts_at)
    return view.id


async def assess(world: World, telegram_id: int, scores: dict[str, float]) -> None:
    """A finished assessment with these scores (the rest of the framework scored high)."""
    now = world.clock()  # type: ignore[operator]
    async with world.uow() as uow:
        run = AssessmentRun(member_telegram_id=telegram_id, framework_version=1, started_at=now,
                            finished_at=now)
        uow.session.add(run)
        await uow.session.flush()
        assert run.id is not None
        for competence in ("reading_needs", "networking", "mobilising", "codesign",
                           "communication", "digital", "ethics", "impact"):
            score = scores.get(competence, 4.5)
            uow.session.add(AssessmentScore(run_id=run.id, competence_id=competence, score=score,
                                            level="advanced" if score >= 4 else "foundation"))


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    world = World(settings, clock)
    await add_member(world, GIULIA, "Giulia", "it")
    await add_member(world, ANNA, "Anna", "it")
    await add_member(world, LUCA, "Luca", "en")
    await add_expert(world, ELENA, "Elena Rossi", ["networking", "codesign"], ["it", "en"])
    await add_expert(world, PAOLO, "Paolo Bianchi", ["digital", "impact"], ["it", "en"], "en")
    await add_expert(world, MARTA, "Marta Verdi", ["ethics"], ["it"])
    yield world
    await world.close()


async def bookings(world: World) -> list[ExpertBooking]:
    async with world.uow() as uow:
        return await uow.experts.all_bookings()


async def slots(world: World) -> list[ExpertSlot]:
    async with world.uow() as uow:
        return list((await uow.session.exec(select(ExpertSlot).order_by(col(ExpertSlot.id)))).all())


async def notices(world: World) -> dict[str, str]:
    async with world.uow() as uow:
        return {n.key: n.status for n in await uow.notices.all()}


async def notice_rows(world: World) -> list[ScheduledNotice]:
    async with world.uow() as uow:
        return list(await uow.notices.all())


async def outbox(world: World) -> list[OutboxMessage]:
    async with world.uow() as uow:
        return list(await uow.outbox.all())


def payload(row: OutboxMessage) -> dict[str, object]:
    return dict(json.loads(row.payload))


def text_of(row: OutboxMessage) -> str:
    body = payload(row)
    return str(body.get("text") or body.get("caption") or "")


def calendar_of(row: OutboxMessage) -> Calendar:
    """The .ics a document row carries, parsed back with icalendar."""
    import base64

    assert row.method == "sendDocument"
    return Calendar.from_ical(base64.b64decode(str(payload(row)["document"])))


async def deliver(world: World, clock: Clock) -> None:
    from scheduler.sender import OutboxSender
    sender = OutboxSender(world.bot, world.sessions, clock=clock)
    await sender.drain(idle=clock.tick)


async def release(world: World, clock: Clock) -> tuple[int, int]:
    from bot.capabilities import notice_kinds
    from scheduler.jobs import release_due_notices
    async with world.uow() as uow:
        return await release_due_notices(uow, now=clock(), kinds=notice_kinds())
