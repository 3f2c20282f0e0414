"""Booking the free hour through the real dispatcher, in Italian and English: experts matching
the weakest competences first, free hours in Rome time and the member's language, the confirm
screen, the booking with a calendar file to both sides (parsed back), one free hour per
member, and forged or stale buttons that change nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from playground.api import Output
from tests.conftest import Clock
from tests.expert.conftest import (
    ANNA,
    ELENA,
    GIULIA,
    LUCA,
    MARTA,
    PAOLO,
    add_slot,
    assess,
    bookings,
    notices,
    rome,
)
from tests.helpers.outbox import calendar_of, deliver, text_of
from tests.helpers.outbox import outbox_rows as outbox
from tests.world import Forge, Press, World


async def test_a_member_books_the_free_hour_in_italian(world: World, clock: Clock,
                                                       tmp_path: Path) -> None:
    first = await add_slot(world, ELENA, rome(10, 15))
    await add_slot(world, ELENA, rome(11, 9, 30))
    await add_slot(world, PAOLO, rome(12, 11))
    await add_slot(world, ELENA, clock.now + timedelta(minutes=30))
    clock.now += timedelta(hours=1)  # that one has begun: not offered
    await world.converse(GIULIA, [
        ("/expert", ["La tua ora gratuita con un esperto", "Elena Rossi",
                     "Fare rete tra settori, Co-progettazione e facilitazione", "Paolo Bianchi",
                     "Fai prima /assessment", "👤 Elena Rossi (2)", "👤 Paolo Bianchi (1)"]),
        (Press("Elena Rossi"), ["Ore libere di <b>Elena Rossi</b> (ora di Roma)",
                                "gio 10 dic, 15:00", "ven 11 dic, 09:30", "Indietro"]),
        (Press("gio 10 dic"), ["Prenoti la tua ora gratuita con <b>Elena Rossi</b>",
                               "<b>giovedì 10 dicembre 2026, 15:00–16:00</b>",
                               "fino a 12 ore prima", "✅ Prenota", "Altre ore"]),
        (Press("Prenota"), "✅ Prenotata: la tua ora gratuita con <b>Elena Rossi</b>, "
                           "giovedì 10 dicembre 2026, 15:00–16:00"),
    ])
    [booking] = await bookings(world)
    assert (booking.slot_id, booking.member_telegram_id, booking.status, booking.revision) == (
        first, GIULIA, "active", 1)
    assert await notices(world) == {f"expert:{booking.id}:r1:1440": "pending",
                                    f"expert:{booking.id}:r1:60": "pending",
                                    f"expert:{booking.id}:r1:feedback": "pending"}

    # Both sides: a confirmation with a calendar file, each in their language.
    documents = {row.chat_id: row for row in await outbox(world)}
    assert set(documents) == {GIULIA, ELENA}
    assert "La tua ora gratuita con <b>Elena Rossi</b>" in text_of(documents[GIULIA])
    assert "/expert" in text_of(documents[GIULIA])
    assert 'Nuova prenotazione: <a href="tg://user?id=3001">Giulia</a>' in text_of(
        documents[ELENA])
    for chat, title in ((GIULIA, "Ora gratuita con Elena Rossi (Cohesion Makers)"),
                        (ELENA, "Ora gratuita con Giulia (Cohesion Makers)")):
        [event] = calendar_of(documents[chat]).walk("VEVENT")
        assert str(event["summary"]) == title
        assert event.decoded("dtstart") == rome(10, 15)
        assert event.decoded("dtend") == rome(10, 16)
        assert str(event["uid"]) == f"expert-booking-{booking.id}@cohesionmakers"
    # The sender delivers them as files.
    world.api.media_dir = tmp_path
    seen: list[Output] = []
    world.api.listeners.append(seen.append)
    await deliver(world, clock)
    assert all(row.status == "sent" for row in await outbox(world))
    files = {o.chat_id: o.path for o in seen if o.kind == "document"}
    assert set(files) == {GIULIA, ELENA}
    for path in files.values():
        assert path is not None and path.read_bytes().startswith(b"BEGIN:VCALENDAR")

    # The booking in place; a second free hour is refused, by button or forged.
    await world.converse(GIULIA, [
        ("/expert", ["📅 La tua ora gratuita: con <b>Elena Rossi</b>, giovedì 10 dicembre 2026",
                     "🔁 Spostala", "✖️ Annulla"]),
        (Forge(f"xpick:{ELENA}:0"), "Hai già prenotato un’ora gratuita"),
        (Forge(f"xbook:{first + 1}:0"), "Hai già prenotato un’ora gratuita"),
    ])
    assert len(await bookings(world)) == 1

    # Someone else cannot take the booked slot, and never sees it.
    await world.converse(ANNA, [
        ("/expert", "👤 Elena Rossi (1)"),
        (Forge(f"xbook:{first}:0"), "quell’ora è appena stata presa da qualcun altro"),
        (Forge(f"xslot:{first}:0"), "quell’ora è appena stata presa"),
        (Forge(f"xbkg:{booking.id}:cancel_yes"), "Questa prenotazione non è più attiva."),
        (Forge(f"xbkg:{booking.id}:move"), "Questa prenotazione non è più attiva."),
    ])
    [booking] = await bookings(world)
    assert (booking.member_telegram_id, booking.status) == (GIULIA, "active")


async def test_weakest_competences_first_and_the_members_language_in_english(
        world: World, clock: Clock) -> None:
    await add_slot(world, ELENA, rome(10, 15))
    paolo = await add_slot(world, PAOLO, rome(14, 18))
    await add_slot(world, MARTA, rome(10, 17))  # she speaks Italian only
    await assess(world, LUCA, {"digital": 1.5, "networking": 2.5, "impact": 3.0})
    outputs = await world.converse(LUCA, [
        ("/expert", ["Your free hour with an expert", "for what you most want to grow: "
                     "Digital collaboration, Measuring impact", "Networking across sectors"]),
    ])
    shown = outputs[-1]
    assert shown.text.index("Paolo Bianchi") < shown.text.index("Elena Rossi")
    assert "Marta" not in shown.text and "/assessment" not in shown.text
    assert shown.buttons == [["👤 Paolo Bianchi (1)"], ["👤 Elena Rossi (1)"]]
    await world.converse(LUCA, [
        (Forge(f"xpick:{3}:0"), "That expert does not speak your language."),
        (Press("Paolo"), ["Free hours of <b>Paolo Bianchi</b> (Europe/Rome time)",
                          "Mon 14 Dec, 18:00"]),
        (Press("Back"), "Choose an expert"),
        (Press("Paolo"), "Mon 14 Dec, 18:00"),
        (Press("Mon 14 Dec"), ["Book your free hour with <b>Paolo Bianchi</b> on <b>Monday, "
                               "December 14, 2026, 18:00–19:00</b>", "up to 12 hours before"]),
        (Press("Book it"), "✅ Booked: your free hour with <b>Paolo Bianchi</b>"),
    ])
    [booking] = await bookings(world)
    assert (booking.slot_id, booking.member_telegram_id) == (paolo, LUCA)
    rows = {row.chat_id: row for row in await outbox(world)}
    assert "Your free hour with <b>Paolo Bianchi</b>: Monday, December 14, 2026, 18:00–19:00" \
        in text_of(rows[LUCA])
    [event] = calendar_of(rows[LUCA]).walk("VEVENT")
    assert str(event["summary"]) == "Free hour with Paolo Bianchi (Cohesion Makers)"
    # Paolo has no member row: he is spoken to in his first language.
    assert "New booking" not in text_of(rows[PAOLO]) and "Nuova prenotazione" in text_of(rows[PAOLO])


async def test_without_free_hours_or_registration(world: World, clock: Clock) -> None:
    world.person(4000, "Nuovo", "it")
    await world.converse(4000, [("/expert", "Prima registriamoci: invia /start.")])
    await world.converse(LUCA, [("/expert", "No expert has free hours in your language")])
    assert await bookings(world) == []
