"""/minutes after a table: attendance pre-filled from the answers (kept or rewritten),
decisions and notes, posted to the group and kept; a decision becomes a need through /newneed
with its title written, published once the designer confirms; a member refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

from sqlmodel import select

from storage.models import Need, TableMinutes
from tests.conftest import Clock
from tests.helpers.outbox import deliver, outbox_rows, text_of
from tests.tables.conftest import (
    GIULIA,
    LUCA,
    MARCO,
    MILANO_GROUP,
    set_milano_table,
    set_online_table_in_english,
)
from tests.world import Forge, Press, World


async def test_minutes_with_a_decision_turned_into_a_need(world: World, clock: Clock) -> None:
    table_id = await set_milano_table(world, capacity=None)
    await deliver(world, clock)
    await world.converse(GIULIA, [(Press("Ci sarò"), "Ci vediamo lì!")], chat_id=MILANO_GROUP)
    await world.converse(LUCA, [(Press("I'll come"), "See you there!")])
    await world.converse(MARCO, [("/minutes", "Nessun tavolo dei tuoi team aspetta il verbale")])
    clock.now = datetime(2026, 12, 3, 20, 0, tzinfo=UTC)  # after the table
    await world.converse(MARCO, [
        ("/minutes", "Di quale tavolo è il verbale?"),
        (Press("Cohesion Makers Milano"), ["Chi c'era? Dalle risposte: Giulia, Luca",
                                           "Tieni questo elenco"]),
        ("Giulia, Luca, Anna", "Cosa si è deciso?"),
        ("Raccolta di coperte per il dormitorio\n- Un turno in più il sabato", "Qualche nota?"),
        ("Grazie a tutti", ["Controlla il verbale prima di pubblicarlo",
                            "Presenti: Giulia, Luca, Anna",
                            "• Raccolta di coperte per il dormitorio",
                            "• Un turno in più il sabato", "Note: Grazie a tutti"]),
        (Press("Pubblica il verbale"), ["Verbale salvato e pubblicato nel gruppo del team",
                                        "Una decisione può diventare un bisogno",
                                        "➕ Bisogno: Raccolta di coperte per il dormitorio"]),
    ])
    async with world.uow() as uow:
        [minutes] = (await uow.session.exec(select(TableMinutes))).all()
    assert minutes.table_id == table_id and minutes.written_by == MARCO
    assert json.loads(minutes.attendance) == ["Giulia", "Luca", "Anna"]
    assert json.loads(minutes.decisions) == ["Raccolta di coperte per il dormitorio",
                                             "Un turno in più il sabato"]
    [posted] = [r for r in await outbox_rows(world) if r.key.startswith("table-minutes")]
    assert posted.chat_id == MILANO_GROUP and "📝 <b>Verbale</b>" in text_of(posted)

    await world.converse(MARCO, [
        (Press("Raccolta di coperte"), "Descrivilo in poche righe"),
        (Press("Salta"), "Di che categoria è?"),
        (Press("Salute e cura"), "Che cosa si chiede?"),
        (Press("Pacchi"), "Quanto serve"),
        ("30", ["Quanto vale un pacco, in euro?", "Salta"]),
        ("4,50 €", "Quanto è urgente?"),
        (Press("Normale"), "Entro quando?"),
        (Press("Salta"), "È per un'organizzazione"),
        (Press("Salta"), "Dove?"),
        (Press("Milano (MI)"), ["Controlla il bisogno prima di pubblicarlo",
                                "Raccolta di coperte per il dormitorio"]),
        (Press("Pubblica"), "✅ Pubblicato: <b>Raccolta di coperte per il dormitorio</b>."),
    ])
    async with world.uow() as uow:
        [need] = (await uow.session.exec(select(Need))).all()
    assert (need.title, need.posted_by, need.status) == (
        "Raccolta di coperte per il dormitorio", MARCO, "open")
    assert (need.from_table_id, need.unit_value) == (table_id, Decimal("4.50"))  # its origin
    # The minutes are written once; a member cannot write them nor turn a decision into a need.
    await world.converse(MARCO, [("/minutes", "Nessun tavolo dei tuoi team aspetta il verbale")])
    await world.converse(GIULIA, [
        ("/minutes", "Solo i designer di un team scrivono il verbale"),
        (Forge(f"tbdec:{table_id}:1"), "Non hai il permesso di farlo"),
    ])
    await world.converse(LUCA, [  # a designer, of another team
        (Forge(f"tbdec:{table_id}:0"), "You are not allowed to do that"),
    ])
    await world.converse(MARCO, [
        (Forge(f"tbdec:{table_id}:7"), "Quella decisione non è nel verbale del tavolo"),
        (Forge(f"tbdec:{table_id}:-1"), "Questo pulsante non è più valido."),
        (Forge(f"tbdec:{table_id + 50}:0"), "Quel tavolo non esiste più."),
    ])
    async with world.uow() as uow:
        assert len((await uow.session.exec(select(Need))).all()) == 1


async def test_minutes_in_english_keeping_the_attendance_from_the_answers(
        world: World, clock: Clock) -> None:
    await set_online_table_in_english(world)
    clock.now = datetime(2026, 11, 27, 19, 0, tzinfo=UTC)
    await world.converse(LUCA, [
        ("/minutes", "Which table are the minutes of?"),
        (Press("Lombardia"), "Who came? From the answers: nobody said yes"),
        (Press("Keep this list"), "What was decided?"),
        (Press("Skip"), "Any notes?"),
        (Press("Skip"), ["Check the minutes", "Present: —"]),
        (Press("Post the minutes"), "no linked group to post them in"),
    ])
    async with world.uow() as uow:
        [minutes] = (await uow.session.exec(select(TableMinutes))).all()
    assert json.loads(minutes.attendance) == [] and json.loads(minutes.decisions) == []
    # The minutes hold no decision: a forged decision button says so, and nothing is asked.
    await world.converse(LUCA, [
        (Forge(f"tbdec:{minutes.table_id}:0"), "That decision is not in the table's minutes"),
    ])
