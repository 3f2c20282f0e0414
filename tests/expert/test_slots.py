"""/slots for experts, in Italian and English: publishing an hour typed in Rome time (checked:
readable, a real day, ahead, not overlapping one's own), seeing one's hours and bookings,
removing a free one; refused to members, and forged buttons change nothing."""

from __future__ import annotations

from tests.conftest import Clock
from tests.expert.conftest import ELENA, GIULIA, PAOLO, add_slot, rome, slots
from tests.world import Forge, Press, World


async def test_an_expert_publishes_and_removes_hours_in_italian(world: World, clock: Clock) -> None:
    await add_slot(world, ELENA, rome(10, 15))
    await world.converse(ELENA, [
        ("/slots", ["🗓 <b>Le tue ore</b> (ora di Roma)",
                    "• giovedì 10 dicembre 2026, 15:00–16:00 – libera", "🗑 gio 10 dic, 15:00",
                    "➕ Aggiungi un’ora"]),
        (Press("Aggiungi"), "Quando comincia l’ora? Scrivi il giorno e l’ora (ora di Roma)"),
        ("domani pomeriggio", "Non sono riuscito a leggerlo"),
        ("31/11 15:00", "Quel giorno o quell’ora non esiste"),
        ("20/11/2026 10:00", "Quell’orario è già passato"),
        ("10/12/2028 10:00", "È tra più di un anno"),
        ("10/12 15:30", "Quell’ora si sovrappone a una delle tue"),
        ("10/12 16:00", ["✅ Ora aggiunta: giovedì 10 dicembre 2026, 16:00–17:00",
                         "• giovedì 10 dicembre 2026, 16:00–17:00 – libera"]),
        ("11/12 9:30", "Non ho capito"),  # one hour per ➕: the state ended
    ])


async def test_typed_hours_and_removal(world: World, clock: Clock) -> None:
    await world.converse(ELENA, [
        ("/slots", "Non hai ore in programma"),
        (Press("Aggiungi"), "Quando comincia"),
        ("10/12 16:00", "✅ Ora aggiunta: giovedì 10 dicembre 2026, 16:00–17:00"),
        (Press("Aggiungi"), "Quando comincia"),
        ("2026-12-11 9:30", "✅ Ora aggiunta: venerdì 11 dicembre 2026, 09:30–10:30"),
    ])
    assert [(s.starts_at, s.ends_at) for s in await slots(world)] == [
        (rome(10, 16), rome(10, 17)), (rome(11, 9, 30), rome(11, 10, 30))]
    await world.converse(ELENA, [
        ("/slots", "🗑 ven 11 dic, 09:30"),
        (Press("🗑 ven 11 dic"), ["🗑 Ora tolta: venerdì 11 dicembre 2026, 09:30–10:30"]),
    ])
    removed = [s for s in await slots(world) if s.removed_at is not None]
    assert [s.starts_at for s in removed] == [rome(11, 9, 30)]
    # A removed hour is not offered any more.
    await world.converse(GIULIA, [("/expert", "👤 Elena Rossi (1)"),
                                  (Forge(f"xslot:{removed[0].id}:0"),
                                   "Quell’ora non è più disponibile.")])


async def test_bookings_shown_and_booked_hours_kept_in_english(world: World, clock: Clock) -> None:
    slot = await add_slot(world, PAOLO, rome(14, 18))
    elena = await add_slot(world, ELENA, rome(10, 15))
    await world.converse(GIULIA, [("/expert", "Paolo"), (Forge(f"xbook:{slot}:0"), "Prenotata")])
    await world.converse(PAOLO, [
        ("/slots", ["🗓 <b>Your hours</b> (Europe/Rome time)",
                    "• Monday, December 14, 2026, 18:00–19:00 – booked by <b>Giulia</b>",
                    "➕ Add an hour"]),
        (Forge(f"slotrm:{slot}"), "That hour is booked: it cannot be removed"),
        (Forge(f"slotrm:{elena}"), "That hour is no longer yours to change."),
        (Press("Add an hour"), "When does the hour begin?"),
        ("/cancel", "Stopped: no hour added."),
        ("14/12 18:00", "I didn't understand"),
    ])
    assert all(s.removed_at is None for s in await slots(world))


async def test_members_cannot_use_slots(world: World, clock: Clock) -> None:
    slot = await add_slot(world, ELENA, rome(10, 15))
    await world.converse(GIULIA, [
        ("/slots", "Solo gli esperti pubblicano ore."),
        (Forge(f"slotrm:{slot}"), "Solo gli esperti pubblicano ore."),
        (Forge("slotadd:1"), "Solo gli esperti pubblicano ore."),
        ("10/12 18:00", "Non ho capito"),
    ])
    assert [s.removed_at for s in await slots(world)] == [None]
    assert len(await slots(world)) == 1


async def test_help_shows_each_their_commands(world: World) -> None:
    [shown] = await world.converse(ELENA, [("/help", ["<b>Come esperto</b>", "/slots – pubblica",
                                                      "prenotano le tue ore con /expert"])])
    assert "coming soon" not in shown.text and "/expert –" not in shown.text  # not a member
    [shown] = await world.converse(GIULIA, [("/help", "/expert – prenota la tua ora gratuita")])
    assert "/slots" not in shown.text
