"""`cohesion expert` and `cohesion slots`: experts granted with competences and languages,
listed and removed (their bookings ahead cancelled and members told), hours added in Rome
time and listed; clear errors."""

from __future__ import annotations

import asyncio

import pytest

from storage.db import create_engine, create_session_factory
from storage.models import ExpertBooking, Member
from storage.uow import UnitOfWork
from tests.conftest import T0


async def _in_db(url: str, work):  # type: ignore[no-untyped-def]
    engine = create_engine(url)
    try:
        async with UnitOfWork(create_session_factory(engine)) as uow:
            return await work(uow)
    finally:
        await engine.dispose()


def test_experts_and_their_hours(cli, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("expert", "add", "777", "--competences", "networking,digital",
                       "--languages", "it,en", "--name", "Elena Rossi")
    assert code == 0 and out.strip() == "expert 777 added: networking, digital; speaks it, en"
    assert "expert 777 updated" in cli("expert", "add", "777", "--competences", "digital")[1]
    assert "777  (not in the bot yet)  expert" in cli("role", "list")[1]
    code, out, _ = cli("slots", "add", "777", "2026-12-10T15:00")
    assert code == 0 and out.strip() == "slot 1 added: 2026-12-10 15:00-16:00 (Rome)"
    assert cli("slots", "add", "777", "2026-12-11 09:30")[0] == 0
    out = cli("slots", "list", "777")[1]
    assert "2026-12-10 15:00-16:00  free" in out and "2026-12-11 09:30-10:30  free" in out
    assert "777  Elena Rossi  digital  [it]  2 free, 0 booked" in cli("expert", "list")[1]

    async def book(uow: UnitOfWork) -> None:
        uow.session.add(Member(telegram_id=888, display_name="Giulia", language="it",
                               consent_at=T0, onboarded_at=T0, created_at=T0))
        await uow.session.flush()
        uow.session.add(ExpertBooking(slot_id=1, member_telegram_id=888, created_at=T0,
                                      updated_at=T0))

    asyncio.run(_in_db(sqlite_url, book))
    assert "2026-12-10 15:00-16:00  booked by Giulia" in cli("slots", "list", "777")[1]
    code, out, _ = cli("expert", "remove", "777")
    assert code == 0 and "1 booking(s) ahead cancelled" in out
    assert "(removed)" in cli("expert", "list")[1]
    assert "777" not in cli("role", "list")[1]

    async def rows(uow: UnitOfWork):  # type: ignore[no-untyped-def]
        return await uow.experts.all_bookings(), await uow.outbox.all()

    booking_rows, outbox = asyncio.run(_in_db(sqlite_url, rows))
    [booking] = booking_rows
    [told] = [row for row in outbox if row.method == "sendMessage"]
    assert booking.status == "cancelled"
    assert told.chat_id == 888 and "l’esperto non è più disponibile" in told.payload
    # The expert's own menu came with the role, and went with it (issue 22, point 6).
    assert [(row.chat_id, row.method) for row in outbox if row.method != "sendMessage"] == [
        (777, "setMyCommands"), (777, "deleteMyCommands")]


@pytest.mark.parametrize(("args", "message"), [
    (("expert", "add", "5", "--competences", "juggling"), "--competences takes framework ids"),
    (("expert", "add", "5", "--competences", "digital", "--languages", "fr"),
     "--languages takes it and/or en"),
    (("expert", "remove", "5"), "that person is not an expert"),
    (("slots", "add", "5", "2026-12-10T15:00"), "that person is not an expert"),
    (("slots", "add", "6", "tomorrow"), "give a Rome time like 2026-12-10T15:00"),
    (("slots", "add", "6", "2026-11-01T15:00"), "that time has already passed"),
    (("slots", "add", "6", "2026-12-10T15:30"), "overlaps one of the expert's hours"),
    (("slots", "list", "5"), "that person is not an expert"),
])
def test_bad_arguments_get_clear_errors(cli, args, message) -> None:  # type: ignore[no-untyped-def]
    cli("expert", "add", "6", "--competences", "ethics")
    cli("slots", "add", "6", "2026-12-10T15:00")
    code, _out, err = cli(*args)
    assert code == 2 and err.startswith("error: ") and message in err
