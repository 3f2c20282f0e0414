"""Lists typed as a person types them (issue 22, point 11): the agenda of /newtable and the
decisions of /minutes, one point per line, separated by ";", or one point per message with a
"Done" button — a point sent as its own message is never taken as the answer to the next
question."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlmodel import select

from storage.models import TableMinutes
from tests.conftest import Clock
from tests.helpers.outbox import deliver
from tests.tables.conftest import (
    LUCA,
    MARCO,
    set_milano_table,
    set_online_table_in_english,
    tables_rows,
)
from tests.world import Forge, Press, World

# The clock: Thursday 26 November 2026, 10:00 in Rome.


async def test_an_agenda_sent_one_point_per_message_in_english(world: World) -> None:
    await world.converse(LUCA, [
        ("/newtable", "When is it?"),
        ("next Thursday 6pm", "Thursday, December 3, 2026, 18:00"),
        (Press("Yes"), "Where?"),
        ("Civic hall", "What is on the agenda?"),
        ("Winter clothes drive", ["So far:", "• Winter clothes drive", "Send the next point",
                                  "✅ Done"]),
        ("<b>Volunteers</b> for December", ["• Winter clothes drive",
                                            "• &lt;b&gt;Volunteers&lt;/b&gt; for December"]),
        ("Budget; Garden", ["• Budget", "• Garden"]),
        (Press("Done"), "How many people"),
        (Press("Skip"), "Does it repeat?"),
        (Press("Only once"), "Reminders go to the group"),
        (Press("Skip"), ["Check the table before announcing it", "• Winter clothes drive",
                         "• &lt;b&gt;Volunteers&lt;/b&gt; for December", "• Budget",
                         "• Garden"]),
        # The Done of a finished step is no longer valid, and changes nothing.
        (Forge("tblist:agenda"), "no longer valid"),
        (Press("Announce"), "Table set for"),
    ])
    [table] = await tables_rows(world)
    assert table.agenda == ("Winter clothes drive\n<b>Volunteers</b> for December\nBudget\n"
                            "Garden")


async def test_an_agenda_in_one_message_separated_by_semicolons_in_italian(
        world: World) -> None:
    await world.converse(MARCO, [
        ("/newtable", "Quando si tiene?"),
        ("3/12 ore 18", "<b>giovedì 3 dicembre 2026, 18:00</b>"),
        (Press("Sì"), "Dove?"),
        ("Sala civica", "ordine del giorno"),
        ("Bilancio; Orto condiviso; Turni di dicembre", "Quante persone"),
        (Press("Salta"), "Si ripete?"),
        (Press("Una volta sola"), "promemoria"),
        (Press("Salta"), ["• Bilancio", "• Orto condiviso", "• Turni di dicembre"]),
        (Press("Annuncia"), "Tavolo fissato"),
    ])
    [table] = await tables_rows(world)
    assert table.agenda == "Bilancio\nOrto condiviso\nTurni di dicembre"


async def test_decisions_sent_one_per_message_with_done_in_italian(world: World,
                                                                   clock: Clock) -> None:
    await set_milano_table(world, capacity=None)
    await deliver(world, clock)
    clock.now = datetime(2026, 12, 3, 20, 0, tzinfo=UTC)  # after the table
    await world.converse(MARCO, [
        ("/minutes", "Di quale tavolo è il verbale?"),
        (Press("Cohesion Makers Milano"), "Chi c'era?"),
        ("Giulia, Luca", "Cosa si è deciso?"),
        ("Raccolta di coperte", ["Finora:", "• Raccolta di coperte", "✅ Fatto"]),
        # The second decision is a decision, not the answer to "Any notes?".
        ("Un turno in più il sabato", ["• Raccolta di coperte", "• Un turno in più il sabato"]),
        (Press("Fatto"), "Qualche nota?"),
        (Press("Salta"), ["Controlla il verbale", "• Raccolta di coperte",
                          "• Un turno in più il sabato"]),
        (Press("Pubblica il verbale"), "Verbale salvato"),
    ])
    async with world.uow() as uow:
        [minutes] = (await uow.session.exec(select(TableMinutes))).all()
    assert json.loads(minutes.decisions) == ["Raccolta di coperte", "Un turno in più il sabato"]
    assert minutes.notes == ""


async def test_decisions_one_per_message_in_english_and_a_stale_done(world: World,
                                                                     clock: Clock) -> None:
    await set_online_table_in_english(world)
    clock.now = datetime(2026, 11, 27, 19, 0, tzinfo=UTC)  # after the table
    await world.converse(LUCA, [
        ("/minutes", "Which table are the minutes of?"),
        (Press("Lombardia"), "Who came?"),
        # Done before any decision was sent is not a step of this conversation.
        (Forge("tbmstep:done"), "no longer valid"),
        (Press("Keep this list"), "What was decided?"),
        ("Blanket drive", ["So far:", "• Blanket drive", "✅ Done"]),
        ("Extra Saturday shift", ["• Blanket drive", "• Extra Saturday shift"]),
        (Press("Done"), "Any notes?"),
        ("Thanks everyone", ["Check the minutes", "• Blanket drive", "• Extra Saturday shift",
                             "Thanks everyone"]),
        (Press("Post the minutes"), "Minutes kept"),
    ])
    async with world.uow() as uow:
        [minutes] = (await uow.session.exec(select(TableMinutes))).all()
    assert json.loads(minutes.decisions) == ["Blanket drive", "Extra Saturday shift"]
    assert minutes.notes == "Thanks everyone"
