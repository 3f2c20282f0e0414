"""/newtable in English and Italian: dates typed naturally and read back in full (warnings for
a holiday and an unusual hour), a wrong answer at each step, a partial date completed, the
summary edited and confirmed, the announcement in the group (its language) and to members."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.helpers.outbox import notice_rows
from tests.helpers.rows import team_id
from tests.tables.conftest import GIULIA, LUCA, MARCO, SARA, tables_rows
from tests.world import Forge, Press, World

# The clock: Thursday 26 November 2026, 10:00 in Rome.


async def test_newtable_in_english_reads_back_and_asks_again(world: World) -> None:
    await world.converse(LUCA, [
        ("/newtable", "When is it?"),
        ("boh", "I could not read a day and a time"),
        ("32/13 at 6pm", "That is not a date I can read"),
        ("yesterday at 5pm", "That moment has already passed"),
        ("in two weeks", "At what time on Thursday, December 10, 2026?"),
        ("6pm", ["The table would be on <b>Thursday, December 10, 2026, 18:00</b>",
                 "Yes, that's it", "No, write it again"]),
        ("ok", "Please choose one of the buttons above."),
        (Press("No, write it again"), "When is it?"),
        ("8/12 at 3", ["Tuesday, December 8, 2026, 03:00",
                       "public holiday in Italy (Immaculate Conception)",
                       "03:00 is an unusual hour"]),
        (Press("No"), "When is it?"),
        ("next Thursday 6pm", "Thursday, December 3, 2026, 18:00"),
        (Press("Yes"), "Where?"),
        ("x" * 301, "up to 300 characters"),
        ("https://meet.example.org/lombardia", "What is on the agenda?"),
        ("- Winter clothes drive\n- Volunteers for December", "How many people"),
        ("lots", "whole number from 1 to 10000"),
        (Press("Skip"), ["Does it repeat?", "Every week", "Every month, on the same weekday"]),
        (Press("Every month"), "Reminders go to the group"),
        ("soon", "hours before the table as numbers"),
        ("48, 2", ["Check the table before announcing it", "Cohesion Makers Lombardia",
                   "When: <b>Thursday, December 3, 2026, 18:00</b>",
                   "Where: https://meet.example.org/lombardia", "• Winter clothes drive",
                   "• Volunteers for December", "Places: no limit",
                   "Repeats: every first Thursday of the month",
                   "Reminders: 48 hours before, 2 hours before", "Announce"]),
        (Press("Places"), "How many people"),
        ("12", ["Places: 12", "Announce"]),
        (Press("Announce"), ["Table set for <b>Thursday, December 3, 2026, 18:00</b>",
                             "no linked group"]),
    ])
    [table] = await tables_rows(world)
    assert table.team_id == await team_id(world, "Cohesion Makers Lombardia")
    assert table.starts_at == datetime(2026, 12, 3, 17, 0, tzinfo=UTC)
    assert (table.place, table.capacity, table.recurrence, table.reminders) == (
        "https://meet.example.org/lombardia", 12, "monthly", "2880,120")
    assert table.agenda == "Winter clothes drive\nVolunteers for December"
    assert table.created_by == LUCA and table.status == "scheduled"
    reminders = sorted((n.key, n.due_at) for n in await notice_rows(world))
    assert reminders == [
        (f"table:{table.id}:m1", datetime(2026, 12, 4, 17, 0, tzinfo=UTC)),
        (f"table:{table.id}:r1:120", datetime(2026, 12, 3, 15, 0, tzinfo=UTC)),
        (f"table:{table.id}:r1:2880", datetime(2026, 12, 1, 17, 0, tzinfo=UTC)),
    ]


async def test_newtable_in_italian_reads_each_form_back_in_full(world: World) -> None:
    again = (Press("No, lo riscrivo"), "Quando si tiene?")
    await world.converse(MARCO, [
        ("/newtable", "Quando si tiene?"),
        ("giovedì 18:00", "<b>giovedì 26 novembre 2026, 18:00</b>"), again,
        ("3/12 ore 18", "<b>giovedì 3 dicembre 2026, 18:00</b>"), again,
        ("25/2/2027 ore 18", "<b>giovedì 25 febbraio 2027, 18:00</b>"), again,
        ("domani alle 17", "<b>venerdì 27 novembre 2026, 17:00</b>"), again,
        ("tra due settimane", "A che ora, giovedì 10 dicembre 2026?"),
        ("18", "<b>giovedì 10 dicembre 2026, 18:00</b>"), again,
        ("next Thursday 6pm", "<b>giovedì 3 dicembre 2026, 18:00</b>"), again,
        ("ieri alle 5", "Quel momento è già passato"),
        ("31/02 ore 18", "Questa non è una data che riesco a leggere"),
        ("domani alle 25", "Questa non è un'ora che riesco a leggere"),
        ("alle 18", "In che giorno, alle 18:00?"),
        ("sabato", "<b>sabato 28 novembre 2026, 18:00</b>"), again,
        ("8/12 ore 18", ["<b>martedì 8 dicembre 2026, 18:00</b>",
                         "⚠️ Quel giorno in Italia è festivo (Immacolata Concezione)."]),
        ("ok", ["Scegli uno dei pulsanti", "Sì, è giusto"]),
        (Press("Sì"), "Dove?"),
        ("/cancel", "Annullato"),
    ])
    assert await tables_rows(world) == []
    await world.converse(MARCO, [(Forge("tbwhen:1"), "non è più valido")])
    assert await tables_rows(world) == []


async def test_a_member_is_refused_and_several_teams_are_offered(world: World) -> None:
    await world.converse(GIULIA, [("/newtable", "Solo i designer di un team possono convocare")])
    await world.converse(SARA, [
        ("/newtable", ["Per quale team è il tavolo?", "Cohesion Makers Bergamo",
                       "Cohesion Makers Brescia"]),
        (Press("Brescia"), "Quando si tiene?"),
    ])
    await world.converse(SARA, [(Forge("tbteam:1"), "non è più valido")])
    assert await tables_rows(world) == []
