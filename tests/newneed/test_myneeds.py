"""/myneeds: editing (its pledger told, in their language), closing with a reason, reopening
(an expired need after a new deadline), paging, and forged buttons from a designer of
another team refused with nothing changed."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

from bot.services import needs
from tests.conftest import Clock
from tests.helpers.needs import MILANO_GROUP, post
from tests.helpers.outbox import outbox_rows, payload
from tests.newneed.conftest import LUCA, MARCO, SARA, event_kinds, events, needs_rows
from tests.world import Forge, Press, World


async def pledge(world: World, clock: Clock, who: int, need_id: int, quantity: int) -> None:
    async with world.uow() as uow:
        done = await needs.pledge(uow, now=clock(), telegram_id=who, need_id=need_id,
                                  quantity=Decimal(quantity), margin=Decimal("0.1"))
    assert isinstance(done, needs.Pledged)


async def test_edit_tells_the_pledger_in_their_language(world: World, clock: Clock) -> None:
    need_id = await post(world, "Accompagnare anziani alle visite")
    await pledge(world, clock, LUCA, need_id, 5)
    await world.converse(MARCO, [
        ("/myneeds", ["<b>I bisogni dei tuoi team</b> (1 in tutto, pagina 1 di 1)",
                      "1. <b>Accompagnare anziani alle visite</b> – aperto", "▰▱▱▱▱ 5/20 ore",
                      "✏️ Modifica 1", "🔒 Chiudi 1"]),
        (Press("Modifica 1"), ["Che cosa vuoi cambiare in <b>Accompagnare anziani alle "
                               "visite</b>?", "✏️ Titolo", "✏️ Quantità", "✏️ Scadenza"]),
        (Press("Quantità"), "Quanto serve, in ore?"),
        ("-3", "La quantità deve essere maggiore di zero"),
        ("30", ["✏️ <b>Accompagnare anziani alle visite</b> è stato modificato.",
                "1 persona che si è impegnata verrà avvisata."]),
    ])
    [need] = await needs_rows(world)
    assert need.target == Decimal(30) and need.status == "open"
    history = await events(world, need_id)
    assert [e.kind for e in history] == ["posted", "pledged", "edited"]
    assert json.loads(history[-1].details or "{}")["after"] == {"target": "30"}
    [told] = [r for r in await outbox_rows(world) if r.key.startswith(f"need:{need_id}:changed")]
    assert told.chat_id == LUCA
    assert payload(told)["text"].startswith(
        "✏️ The need <b>Accompagnare anziani alle visite</b> you pledged to has been changed")


async def test_close_with_a_reason_then_reopen(world: World, clock: Clock) -> None:
    need_id = await post(world, "Spesa per famiglie")
    await pledge(world, clock, LUCA, need_id, 2)
    await world.converse(MARCO, [
        ("/myneeds", "🔒 Chiudi 1"),
        (Press("Chiudi 1"), ["Chiudere <b>Spesa per famiglie</b>?", "Chiudi senza motivo",
                             "Lascialo aperto"]),
        (Press("Lascialo aperto"), "D'accordo, resta aperto."),
        ("/myneeds", "🔒 Chiudi 1"),
        (Press("Chiudi 1"), "Chiudere"),
        ("Ci ha pensato il comune", ["🔒 <b>Spesa per famiglie</b> è chiuso.",
                                     "1 persona che si è impegnata verrà avvisata."]),
        ("/myneeds", ["– chiuso", "🔓 Riapri 1"]),
        (Press("Riapri 1"), "🔓 <b>Spesa per famiglie</b> è di nuovo aperto (aperto)."),
    ])
    assert await event_kinds(world, need_id) == ["posted", "pledged", "closed", "reopened"]
    closed = (await events(world, need_id))[2]
    assert json.loads(closed.details or "{}") == {"reason": "Ci ha pensato il comune"}
    [need] = await needs_rows(world)
    assert need.status == "open"
    [told] = [r for r in await outbox_rows(world) if r.key.startswith(f"need:{need_id}:closed")]
    assert told.chat_id == LUCA and "has been closed by its team" in payload(told)["text"]


async def test_an_expired_need_is_reopened_with_a_new_deadline(world: World,
                                                               clock: Clock) -> None:
    need_id = await post(world, "Help with homework", team="Cohesion Makers Lombardia",
                         by=LUCA, deadline=date(2026, 11, 30))
    clock.now += timedelta(days=5)
    async with world.uow() as uow:
        assert len(await needs.expire_due(uow, now=clock())) == 1
    await world.converse(LUCA, [
        ("/myneeds", ["1. <b>Help with homework</b> – expired", "▱▱▱▱▱ 0/20 hours",
                      "by November 30, 2026", "🔓 Reopen 1"]),
        (Press("Reopen 1"), ["The deadline of <b>Help with homework</b> has passed",
                             "By when? Write the new deadline"]),
        (Forge("nnskip:deadline"), "This button is no longer valid"),
        ("29/11/2026", "That date has already passed"),
        ("by 20/12", "🔓 <b>Help with homework</b> is reopened (open)."),
    ])
    [need] = await needs_rows(world)
    assert (need.status, need.deadline) == ("open", date(2026, 12, 20))
    assert await event_kinds(world, need_id) == ["posted", "expired", "reopened"]


async def test_forged_buttons_from_a_designer_of_another_team_change_nothing(
        world: World, clock: Clock) -> None:
    need_id = await post(world, "Accompagnare anziani")
    # Luca designs Lombardia, not Milano (whose member he is); Sara designs Bergamo and Brescia.
    await world.converse(LUCA, [
        (Forge(f"mynd:close:{need_id}"), "Only a designer of this need's team can do that: "
                                         "nothing was changed."),
        (Forge(f"myndc:{need_id}:1"), "Only a designer of this need's team can do that"),
        (Forge(f"myndf:{need_id}:title"), "Only a designer of this need's team can do that"),
    ])
    await world.converse(SARA, [
        (Forge(f"mynd:close:{need_id}"), "Solo un designer del team di questo bisogno"),
        (Forge(f"myndc:{need_id}:1"), "Solo un designer del team di questo bisogno"),
        (Forge(f"mynd:reopen:{need_id}"), "Solo un designer del team di questo bisogno"),
        ("/myneeds", "I tuoi team non hanno ancora bisogni"),
    ])
    [need] = await needs_rows(world)
    assert need.status == "open" and need.closed_at is None
    assert await event_kinds(world, need_id) == ["posted"]
    assert [r.key for r in await outbox_rows(world)] == [  # its announcement, when posted
        f"need-announce:{need_id}:{MILANO_GROUP}"]


async def test_pages_of_five(world: World, clock: Clock) -> None:
    for n in range(7):
        await post(world, f"Bisogno numero {n + 1}")
    await world.converse(MARCO, [
        ("/myneeds", ["(7 in tutto, pagina 1 di 2)", "1. <b>Bisogno numero 7</b>",
                      "5. <b>Bisogno numero 3</b>", "Avanti ▶️"]),
        (Press("Avanti"), ["pagina 2 di 2", "6. <b>Bisogno numero 2</b>",
                           "7. <b>Bisogno numero 1</b>", "◀️ Indietro", "✏️ Modifica 7"]),
        (Press("Indietro"), "pagina 1 di 2"),
    ])
