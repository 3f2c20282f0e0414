"""A need's deadline is read like a table's day (issue 22, point 10), in Italian and English:
"sabato prossimo" / "next Saturday" in the guided step, "entro ieri" / "by yesterday" refused
plainly in the one line, and a day-month already past this year read back with its year.

The clock stands at Thursday 26 November 2026: next Saturday is the 28th; 20/11 is next year's."""

from __future__ import annotations

from datetime import date

from tests.newneed.conftest import LUCA, MARCO, needs_rows
from tests.world import Press, World


async def test_guided_deadline_sabato_prossimo_in_italian(world: World) -> None:
    await world.converse(MARCO, [
        ("/newneed", "Cosa serve?"),
        ("Spesa per tre famiglie", "Descrivilo in poche righe"),
        (Press("Salta"), "Di che categoria è?"),
        (Press("Cibo e beni essenziali"), "Che cosa si chiede?"),
        (Press("Ore di volontariato"), "Quanto serve, in ore?"),
        ("20", "Quanto è urgente?"),
        (Press("Normale"), "Entro quando?"),
        ("sabato prossimo", "È per un'organizzazione"),
        (Press("Salta"), "Dove?"),
        (Press("Milano (MI)"), ["Controlla il bisogno", "Scadenza: 28 novembre 2026"]),
        (Press("Pubblica"), "✅ Pubblicato: <b>Spesa per tre famiglie</b>."),
    ])
    [need] = await needs_rows(world)
    assert need.deadline == date(2026, 11, 28)


async def test_guided_deadline_next_saturday_in_english(world: World) -> None:
    await world.converse(LUCA, [
        ("/newneed", "What is needed? Write a short title"),
        ("Shopping for three families", "Describe it in a few lines"),
        (Press("Skip"), "Which category is it?"),
        (Press("Food and essentials"), "What is asked for?"),
        (Press("Volunteer hours"), "How much is needed, in hours?"),
        ("20", "How urgent is it?"),
        (Press("Normal"), "By when?"),
        ("by next Saturday", "Is it for an organisation"),
        (Press("Skip"), "Where?"),
        (Press("📍 Lombardia (region)"), ["Check the need", "Deadline: November 28, 2026"]),
        (Press("Publish"), "✅ Published: <b>Shopping for three families</b>."),
    ])
    [need] = await needs_rows(world)
    assert need.deadline == date(2026, 11, 28)


async def test_one_line_deadline_yesterday_is_refused_plainly(world: World) -> None:
    await world.converse(MARCO, [
        ("/newneed 20 ore Spesa solidale #cibo entro ieri",
         ["Quella data è già passata: la scadenza deve essere oggi o più avanti.",
          "Per esempio: <code>/newneed 20 ore"]),
    ])
    await world.converse(LUCA, [
        ("/newneed 20 hours Groceries for three families #food by yesterday",
         ["That date has already passed: the deadline must be today or later.",
          "For example: <code>/newneed 20 hours"]),
    ])
    assert await needs_rows(world) == []


async def test_one_line_day_past_this_year_is_read_back_with_its_year(world: World) -> None:
    await world.converse(MARCO, [
        ("/newneed 20 ore Spesa solidale #cibo entro 20/11",
         ["Titolo: <b>Spesa solidale</b>",
          "Scadenza: 20 novembre 2027 ⚠️ è l'anno prossimo: se intendevi un altro giorno, "
          "premi ✏️ Scadenza."]),
        (Press("✏️ Scadenza"), "Entro quando?"),
        ("sabato prossimo", ["Scadenza: 28 novembre 2026\n"]),
        (Press("Pubblica"), "✅ Pubblicato: <b>Spesa solidale</b>."),
    ])
    await world.converse(LUCA, [
        ("/newneed 20 hours Groceries for three families #food by 20/11",
         "Deadline: November 20, 2027 ⚠️ that is next year: if you meant another day, press "
         "✏️ Deadline."),
        (Press("Publish"), "✅ Published: <b>Groceries for three families</b>."),
    ])
    deadlines = sorted((n.title, n.deadline) for n in await needs_rows(world))
    assert deadlines == [("Groceries for three families", date(2027, 11, 20)),
                         ("Spesa solidale", date(2026, 11, 28))]
