"""Cancel and reschedule up to the cut-off (refused after it), reminders a day and an hour
before to both sides, each sent once and dropped with the booking, and the one-tap feedback
after the hour — the clock is moved, the scheduler's release job run, never a sleep."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import Clock
from tests.expert.conftest import ANNA, ELENA, GIULIA, LUCA, PAOLO, add_slot, bookings, notices, rome
from tests.helpers.outbox import calendar_of, deliver, release, text_of
from tests.helpers.outbox import outbox_rows as outbox
from tests.world import Forge, Press, World


async def book(world: World, user: int, slot_id: int) -> int:
    await world.converse(user, [("/expert", "👤"), (Forge(f"xbook:{slot_id}:0"), ["✅"])])
    [booking] = [b for b in await bookings(world) if b.member_telegram_id == user
                 and b.status == "active"]
    assert booking.id is not None
    return booking.id


async def test_cancel_gives_the_hour_back_and_tells_the_expert_in_italian(
        world: World, clock: Clock) -> None:
    slot = await add_slot(world, ELENA, rome(10, 15))
    booking = await book(world, GIULIA, slot)
    await world.converse(GIULIA, [
        ("/expert", "📅 La tua ora gratuita"),
        (Press("Annulla"), ["Annulli la tua ora gratuita con <b>Elena Rossi</b>, giovedì 10 "
                            "dicembre 2026, 15:00–16:00?", "Sì, annulla", "No, lasciala così"]),
        (Press("No, lasciala"), "Confermata: a presto!"),
        ("/expert", "📅 La tua ora gratuita"),
        (Press("Annulla"), "Annulli"),
        (Press("Sì, annulla"), "Annullata. La tua ora gratuita è di nuovo tua"),
    ])
    [row] = await bookings(world)
    assert (row.status, row.cancelled_at) == ("cancelled", clock.now)
    assert set((await notices(world)).values()) == {"dropped"}
    [freed] = [r for r in await outbox(world) if r.key.startswith("expert-freed:")]
    assert freed.chat_id == ELENA and "è di nuovo libera" in text_of(freed)
    # The stale button of the cancelled booking changes nothing.
    await world.converse(GIULIA, [(Forge(f"xbkg:{booking}:cancel_yes"),
                                   "Questa prenotazione non è più attiva.")])
    # No reminder goes out for it.
    clock.now = rome(9, 15)
    assert await release(world, clock) == (0, 0)
    # The hour is hers again: she books the same slot, and Anna cannot.
    await world.converse(GIULIA, [("/expert", "👤 Elena Rossi (1)")])
    again = await book(world, GIULIA, slot)
    assert again != booking
    await world.converse(ANNA, [(Forge(f"xbook:{slot}:0"), "appena stata presa")])
    assert [(b.member_telegram_id, b.status) for b in await bookings(world)] == [
        (GIULIA, "cancelled"), (GIULIA, "active")]


async def test_reschedule_to_another_expert_in_english(world: World, clock: Clock) -> None:
    elena = await add_slot(world, ELENA, rome(10, 15))
    paolo = await add_slot(world, PAOLO, rome(12, 11))
    booking = await book(world, LUCA, elena)
    await world.converse(LUCA, [
        ("/expert", ["📅 Your free hour: with <b>Elena Rossi</b>", "🔁 Move it", "✖️ Cancel it"]),
        (Press("Move it"), ["Choose your new hour", "👤 Paolo Bianchi (1)"]),
        (Press("Paolo"), "Sat 12 Dec, 11:00"),
        (Press("Sat 12 Dec"), ["Move your free hour to <b>Saturday, December 12, 2026, "
                               "11:00–12:00</b> with <b>Paolo Bianchi</b>", "✅ Move it here"]),
        (Press("Move it here"), "🔁 Moved: your free hour with <b>Paolo Bianchi</b> is now "
                                "Saturday, December 12, 2026, 11:00–12:00."),
    ])
    [row] = await bookings(world)
    assert (row.id, row.slot_id, row.revision, row.status) == (booking, paolo, 2, "active")
    assert await notices(world) == {
        f"expert:{booking}:r1:1440": "dropped", f"expert:{booking}:r1:60": "dropped",
        f"expert:{booking}:r1:feedback": "dropped", f"expert:{booking}:r2:1440": "pending",
        f"expert:{booking}:r2:60": "pending", f"expert:{booking}:r2:feedback": "pending"}
    rows = await outbox(world)
    moved = {r.chat_id: r for r in rows if r.key.startswith(f"expert-booked:{booking}:r2")}
    assert set(moved) == {LUCA, PAOLO}
    assert "Your free hour has moved: with <b>Paolo Bianchi</b>" in text_of(moved[LUCA])
    [event] = calendar_of(moved[LUCA]).walk("VEVENT")
    assert (event.decoded("dtstart"), int(event["sequence"])) == (rome(12, 11), 1)
    assert str(event["uid"]) == f"expert-booking-{booking}@cohesionmakers"
    [freed] = [r for r in rows if r.key.startswith("expert-freed:")]
    assert freed.chat_id == ELENA
    # Elena's hour is free again for others; moving to one's own slot is refused.
    await world.converse(LUCA, [(Forge(f"xbook:{paolo}:{booking}"), "That is already your hour.")])
    await world.converse(GIULIA, [("/expert", "👤 Elena Rossi (1)")])


async def test_after_the_cut_off_nothing_can_be_changed(world: World, clock: Clock) -> None:
    slot = await add_slot(world, ELENA, rome(10, 15))
    other = await add_slot(world, ELENA, rome(11, 15))
    booking = await book(world, GIULIA, slot)
    clock.now = rome(10, 3, 1)  # 11 h 59 min before
    await world.converse(GIULIA, [
        ("/expert", ["📅 La tua ora gratuita", "Mancano meno di 12 ore all’inizio"]),
        (Forge(f"xbkg:{booking}:cancel"), "Mancano meno di 12 ore"),
        (Forge(f"xbkg:{booking}:cancel_yes"), "Mancano meno di 12 ore"),
        (Forge(f"xbkg:{booking}:move"), "Mancano meno di 12 ore"),
        (Forge(f"xbook:{other}:{booking}"), "Mancano meno di 12 ore"),
    ])
    outputs = await world.converse(GIULIA, [("/expert", "La tua ora gratuita")])
    # Nothing to change any more; only the way to reach the expert (issue 22, point 9).
    assert outputs[-1].buttons == [["💬 Scrivi a Elena Rossi"]]
    [row] = await bookings(world)
    assert (row.status, row.slot_id, row.revision) == ("active", slot, 1)


async def test_reminders_are_sent_once_to_both_sides_then_feedback_is_asked(
        world: World, clock: Clock) -> None:
    slot = await add_slot(world, ELENA, rome(10, 15))
    booking = await book(world, LUCA, slot)

    def reminders(rows: list) -> list[tuple[int, str]]:  # type: ignore[type-arg]
        return sorted((r.chat_id, text_of(r)) for r in rows if "⏰" in text_of(r))

    clock.now = rome(9, 15) - timedelta(minutes=1)
    assert await release(world, clock) == (0, 0)
    clock.now = rome(9, 15)
    assert await release(world, clock) == (1, 0)
    sent = reminders(await outbox(world))
    assert sent == [
        (LUCA, "⏰ Reminder: your free hour with <b>Elena Rossi</b> is in 24 hours – Thursday, "
               "December 10, 2026, 15:00–16:00."),
        (ELENA, '⏰ Promemoria: la tua ora con <a href="tg://user?id=3003">Luca</a> è tra 24 ore '
                "– giovedì 10 dicembre 2026, 15:00–16:00.")]
    clock.now = rome(9, 18)
    assert await release(world, clock) == (0, 0)  # sent once
    clock.now = rome(10, 14)
    assert await release(world, clock) == (1, 0)
    sent = reminders(await outbox(world))
    assert len(sent) == 4
    assert (LUCA, "⏰ Reminder: your free hour with <b>Elena Rossi</b> is in 1 hour – Thursday, "
                  "December 10, 2026, 15:00–16:00.") in sent
    assert any(chat == ELENA and "è tra 1 ora" in text for chat, text in sent)

    # The hour ends: Luca is asked, once, with one tap.
    clock.now = rome(10, 16)
    assert await release(world, clock) == (1, 0)
    assert await release(world, clock) == (0, 0)
    [ask] = [r for r in await outbox(world) if "How was your free hour" in text_of(r)]
    assert ask.chat_id == LUCA
    await deliver(world, clock)
    await world.converse(LUCA, [
        (Forge(f"xrate:{booking}:9"), "This button is no longer valid."),
        (Press("4"), "Thank you! You gave 4 out of 5."),
        (Forge(f"xrate:{booking}:1"), "You already told us how it went"),
    ])
    await world.converse(GIULIA, [(Forge(f"xrate:{booking}:1"), "non è più attiva")])
    [row] = await bookings(world)
    assert (row.feedback, row.feedback_at) == (4, clock.now)
    # The hour is used: /expert says so, and no second one can be booked.
    later = await add_slot(world, ELENA, rome(20, 10))
    await world.converse(LUCA, [
        ("/expert", "You have already had your free hour (with Elena Rossi"),
        (Forge(f"xbook:{later}:0"), "You have already had your free hour: there is one per member."),
    ])
    assert len(await bookings(world)) == 1
