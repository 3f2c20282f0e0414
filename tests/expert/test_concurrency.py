"""On PostgreSQL, two workers (two dispatchers, each with its own engine, sharing the
database) take presses at the same moment: two people booking one slot end with exactly one
booking, the other told it was just taken; one person pressing two slots at once on two
workers gets one free hour. The database's partial unique indexes decide, not the timing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.config import Settings
from bot.services import expert
from bot.services.expert import ExpertProblem
from bot.services.expert import booking as booking_service
from storage.repositories.expert import ExpertRepository
from tests.conftest import Clock
from tests.expert.conftest import ANNA, ELENA, GIULIA, add_expert, add_slot, register, rome
from tests.world import World


@pytest.fixture
async def workers(pg_url: str, clock: Clock) -> AsyncIterator[tuple[World, World]]:
    settings = Settings(_env_file=None, bot_token=None, database_url=pg_url,  # type: ignore[call-arg]
                        redis_url=None)
    first, second = World(settings, clock), World(settings, clock)
    await register(first, GIULIA, "Giulia", "it")
    await register(first, ANNA, "Anna", "it")
    await add_expert(first, ELENA, "Elena Rossi", ["networking"], ["it"])
    for person, name in ((GIULIA, "Giulia"), (ANNA, "Anna"), (ELENA, "Elena Rossi")):
        second.person(person, name, "it")
    yield first, second
    await first.close()
    await second.close()


async def _active(world: World) -> list[tuple[int | None, int]]:
    async with world.uow() as uow:
        return [(b.member_telegram_id, b.slot_id) for b in await uow.experts.all_bookings()
                if b.status == "active"]


async def test_two_people_pressing_one_slot_at_once_on_two_workers(
        workers: tuple[World, World]) -> None:
    first, second = workers
    slot = await add_slot(first, ELENA, rome(10, 15))
    for round_ in range(3):  # each round: both press together; then the winner cancels
        await first.converse(GIULIA, [("/expert", "Elena Rossi")])
        await second.converse(ANNA, [("/expert", "Elena Rossi")])
        giulia, anna = await asyncio.gather(
            first.chat.press_data(GIULIA, f"xbook:{slot}:0"),
            second.chat.press_data(ANNA, f"xbook:{slot}:0"))
        [(winner, booked)] = await _active(first)
        assert booked == slot and winner in (GIULIA, ANNA)
        async with first.uow() as uow:  # the loser's insert left no row at all
            assert len(await uow.experts.all_bookings()) == round_ + 1
        loser = anna if winner == GIULIA else giulia
        said = " ".join(o.text for o in loser)
        assert "quell’ora è appena stata presa da qualcun altro" in said
        won = giulia if winner == GIULIA else anna
        assert "✅ Prenotata" in " ".join(o.text for o in won)
        async with first.uow() as uow:
            booking = await uow.experts.active_booking_of(winner)
            assert booking is not None and booking.id is not None
            await expert.cancel(uow, now=first.clock(), telegram_id=winner,  # type: ignore[arg-type]
                                booking_id=booking.id)


async def test_the_database_refuses_the_second_booking_whatever_the_checks_saw(
        workers: tuple[World, World], clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    # Both units of work read the slot free, then both insert: the second insert is refused
    # by the partial unique index and answered as "taken" (its transaction rolled back).
    first, _second = workers
    slot = await add_slot(first, ELENA, rome(10, 15))
    other = await add_slot(first, ELENA, rome(10, 17))

    async def book(who: int, slot_id: int) -> str:
        async with first.uow() as uow:
            try:
                await expert.book(uow, now=clock(), telegram_id=who, slot_id=slot_id)
            except ExpertProblem as problem:
                return problem.code
            return "booked"

    refused: list[str] = []
    real_refusal = booking_service._refusal

    def spy(error):  # type: ignore[no-untyped-def]
        refused.append(real_refusal(error).code)
        return real_refusal(error)

    monkeypatch.setattr(booking_service, "_refusal", spy)
    # Both inserts wait until both units of work have passed every check (so the timing of a
    # loaded machine cannot let one finish first): only the database can refuse the second.
    real_add = ExpertRepository.add_booking
    together = [asyncio.Barrier(2)]

    async def add_together(self, booking):  # type: ignore[no-untyped-def]
        await together[0].wait()
        return await real_add(self, booking)

    monkeypatch.setattr(ExpertRepository, "add_booking", add_together)
    outcomes = await asyncio.gather(book(GIULIA, slot), book(ANNA, slot))
    assert sorted(outcomes) == ["booked", "taken"]
    assert refused == ["taken"]  # the checks both saw the slot free: the index refused
    assert len(await _active(first)) == 1
    # One person, two slots at once: one free hour.
    loser = ANNA if (await _active(first))[0][0] == GIULIA else GIULIA
    third = await add_slot(first, ELENA, rome(11, 9))
    together[0] = asyncio.Barrier(2)
    outcomes = await asyncio.gather(book(loser, other), book(loser, third))
    assert sorted(outcomes) == ["booked", "has_booking"]
    assert refused == ["taken", "has_booking"]
    assert len([b for b in await _active(first) if b[0] == loser]) == 1
