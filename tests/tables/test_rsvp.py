"""A table set in Italian and announced in the Milano group (Italian) and to its members in
their languages; RSVP by several members with a capacity and a waiting list, promotion in
order when someone changes their answer (told in their language), counts edited in place, a
forged RSVP for another team's table refused, and a member trying /newtable."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from tests.conftest import Clock
from tests.helpers.outbox import deliver, outbox_rows, text_of
from tests.tables.conftest import (
    ANNA,
    GIULIA,
    LUCA,
    MARCO,
    MILANO_GROUP,
    SARA,
    rsvp_rows,
    set_milano_table,
    tables_rows,
)
from tests.world import Forge, Press, World


async def test_announced_in_the_group_and_to_members_in_their_languages(
        world: World, clock: Clock) -> None:
    table_id = await set_milano_table(world)
    rows = {r.chat_id: r for r in await outbox_rows(world) if r.key.startswith("table-announce")}
    assert set(rows) == {MILANO_GROUP, MARCO, LUCA, GIULIA, ANNA}
    assert "🪑 <b>Tavolo territoriale</b> di Cohesion Makers Milano" in text_of(rows[MILANO_GROUP])
    assert "Ci sono: 0/2 · Forse: 0 · Non ci sono: 0" in text_of(rows[MILANO_GROUP])
    assert "🪑 <b>Territorial table</b> of Cohesion Makers Milano" in text_of(rows[LUCA])
    assert "When: <b>Thursday, December 3, 2026, 18:00</b>" in text_of(rows[LUCA])
    buttons = json.loads(rows[LUCA].payload)["reply_markup"]["inline_keyboard"][0]
    assert [b["text"] for b in buttons] == ["✅ I'll come (0)", "🤔 Maybe (0)", "❌ Can't come (0)"]
    assert buttons[0]["callback_data"] == f"tbrsvp:{table_id}:yes"


async def test_capacity_waiting_list_and_promotion_in_order(world: World, clock: Clock) -> None:
    table_id = await set_milano_table(world, capacity="2")
    await deliver(world, clock)
    await world.converse(GIULIA, [(Press("Ci sarò"), "Ci vediamo lì!")], chat_id=MILANO_GROUP)
    await world.converse(LUCA, [(Press("Ci sarò"), "See you there!")],  # his toast: English
                         chat_id=MILANO_GROUP)
    edits = await world.converse(ANNA, [(Press("Ci sarò"), "sei in lista d'attesa")],
                                 chat_id=MILANO_GROUP)
    assert any(o.kind == "edit" and "Ci sono: 2/2" in o.text and "1 in lista d'attesa" in o.text
               for o in edits)
    await world.converse(MARCO, [(Press("Ci sarò"), "sei in lista d'attesa")],
                         chat_id=MILANO_GROUP)
    # Luca answers in private, in English, on his own announcement: he can't come after all.
    said = await world.converse(LUCA, [(Press("Can't come"), "Noted: you can't come.")])
    assert any(o.kind == "edit" and "Coming: 2/2 · Maybe: 0 · Not coming: 1" in o.text
               for o in said)
    assert any(o.kind == "edit" and o.chat_id == MILANO_GROUP and "Ci sono: 2/2" in o.text
               and "Non ci sono: 1" in o.text for o in said)  # the group's counts, in place
    answers = [(r.member_telegram_id, r.answer) for r in await rsvp_rows(world)]
    assert answers == [(GIULIA, "yes"), (LUCA, "no"), (ANNA, "yes"), (MARCO, "yes")]
    promoted = [r for r in await outbox_rows(world) if r.key.startswith("table-promoted")]
    assert [(r.chat_id, r.key.split(":")[1]) for r in promoted] == [(ANNA, str(table_id))]
    assert "Si è liberato un posto" in text_of(promoted[0])
    # Giulia too: Marco moves up, told in Italian; Anna is not told twice.
    await world.converse(GIULIA, [(Press("Forse"), "Segnato: forse.")], chat_id=MILANO_GROUP)
    promoted = [r.chat_id for r in await outbox_rows(world) if r.key.startswith("table-promoted")]
    assert promoted == [ANNA, MARCO]


async def test_forged_rsvp_for_another_teams_table_and_a_member_trying_newtable(
        world: World, clock: Clock) -> None:
    table_id = await set_milano_table(world)
    # Sara designs Bergamo and Brescia, not Milano: a forged button changes nothing.
    await world.converse(SARA, [
        (Forge(f"tbrsvp:{table_id}:yes"), "Possono rispondere solo i membri del team"),
        (Forge("tbrsvp:999:yes"), "Quel tavolo non esiste più."),
        (Forge(f"tbrsvp:{table_id}:always"), "Questo pulsante non è più valido."),
        ("/tables", "I tuoi team non hanno ancora tavoli."),  # not Milano's
    ])
    assert await rsvp_rows(world) == []
    await world.converse(LUCA, [("/tables", "Thursday, December 3, 2026, 18:00")])
    await world.converse(GIULIA, [
        ("/newtable", "Solo i designer di un team possono convocare un tavolo"),
    ])
    assert len(await tables_rows(world)) == 1


async def test_tables_lists_with_the_answer_and_sends_a_calendar_file(
        world: World, clock: Clock) -> None:
    await set_milano_table(world, capacity=None)
    await deliver(world, clock)
    await world.converse(LUCA, [(Press("I'll come"), "See you there!")])
    said = await world.converse(LUCA, [
        ("/tables", ["<b>Upcoming tables</b>",
                     "Thursday, December 3, 2026, 18:00 – Cohesion Makers Milano, "
                     "Casa di quartiere, via Padova 36", "Your answer: coming",
                     "Agenda: Raccolta vestiti; Turni di dicembre"]),
        (Press("📅"), "Add the table of Cohesion Makers Milano"),
    ])
    [document] = [o for o in said if o.kind == "document"]
    assert document.chat_id == LUCA
    [table] = await tables_rows(world)
    assert table.starts_at == datetime(2026, 12, 3, 17, 0, tzinfo=UTC)
