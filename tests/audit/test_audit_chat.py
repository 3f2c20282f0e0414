"""The audit trail of what designers do in the chat, in Italian and in English: each action
that changes shared data is one audit_entry row (who and in which role, what, on which
object of which team, when) written with the action; a refused action leaves none."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.audit.conftest import (
    LUCA,
    MARCO,
    SARA,
    audit_entries,
    audit_rows,
    pledge,
    team_of,
)
from tests.conftest import T0, Clock
from tests.tables.conftest import set_milano_table, set_online_table_in_english, tables_rows
from tests.world import Forge, Press, World

MILANO, LOMBARDIA = "Cohesion Makers Milano", "Cohesion Makers Lombardia"


async def test_a_designers_needs_actions_in_italian(world: World, clock: Clock) -> None:
    milano = await team_of(world, MILANO)
    await world.converse(MARCO, [
        ("/newneed 20 ore Accompagnare anziani alle visite mediche #salute entro 15/12",
         "Controlla il bisogno prima di pubblicarlo"),
        (Press("Pubblica"), "✅ Pubblicato"),
    ])
    [created] = await audit_entries(world)
    need_id = created.object_id
    assert need_id is not None and created.at == T0
    await pledge(world, clock, LUCA, need_id, 5)
    await world.converse(MARCO, [
        ("/myneeds", "✏️ Modifica 1"),
        (Press("Modifica 1"), "Che cosa vuoi cambiare"),
        (Press("Quantità"), "Quanto serve, in ore?"),
        ("30", "è stato modificato"),
        ("/needs", "✅ 1. Consegnato: tutto"),
        (Press("✅ 1."), "📦 Registrato: Luca ha consegnato 5 ore"),
        ("/myneeds", "🔒 Chiudi 1"),
        (Press("Chiudi 1"), "Chiudere"),
        ("Ci ha pensato il comune", "è chiuso"),
        ("/myneeds", "🔓 Riapri 1"),
        (Press("Riapri 1"), "è di nuovo aperto"),
    ])
    # A designer of another team forging the same buttons is refused: nothing is recorded.
    await world.converse(SARA, [
        (Forge(f"mynd:close:{need_id}"), "Solo un designer del team di questo bisogno"),
        (Forge(f"mynd:reopen:{need_id}"), "Solo un designer del team di questo bisogno"),
    ])
    entries = await audit_entries(world)
    assert await audit_rows(world) == [
        (MARCO, "designer", "need.created", milano, "need", need_id, "health, time, target 20, "
                                                                     "normal"),
        (MARCO, "designer", "need.edited", milano, "need", need_id, ""),
        (MARCO, "designer", "delivery.confirmed", milano, "pledge", entries[2].object_id,
         f"5 delivered, need {need_id}"),
        (MARCO, "designer", "need.closed", milano, "need", need_id, "with a reason"),
        (MARCO, "designer", "need.reopened", milano, "need", need_id, ""),
    ]
    assert entries[2].object_id is not None
    # The summary holds no typed words: not the title, not the reason.
    assert not any("anziani" in e.summary or "comune" in e.summary for e in entries)


async def test_a_designers_needs_actions_in_english(world: World) -> None:
    lombardia = await team_of(world, LOMBARDIA)
    await world.converse(LUCA, [
        ("/newneed € 200 Groceries for three families #food by 20/12",
         "Check the need before publishing it"),
        (Press("Publish"), "✅ Published: <b>Groceries for three families</b>."),
        ("/myneeds", "🔒 Close 1"),
        (Press("Close 1"), "Close without a reason"),
        (Press("Close without a reason"), "is closed"),
        ("/myneeds", "🔓 Reopen 1"),
        (Press("Reopen 1"), "is reopened"),
    ])
    rows = await audit_rows(world)
    [need_id] = {row[5] for row in rows}
    assert [row[:6] for row in rows] == [
        (LUCA, "designer", "need.created", lombardia, "need", need_id),
        (LUCA, "designer", "need.closed", lombardia, "need", need_id),
        (LUCA, "designer", "need.reopened", lombardia, "need", need_id),
    ]
    assert rows[0][6] == "food, money, target 200, normal" and rows[1][6] == ""


async def test_a_proposal_declined_is_audited(world: World) -> None:
    await world.converse(LUCA, [
        ("/propose", "What need have you noticed?"),
        ("Pasta for the soup kitchen", "Describe it"),
        (Press("Skip"), "Which category"),
        (Press("Food and essentials"), "What would help"),
        (Press("Kilos"), "How much is needed, in kg?"),
        ("40", "Thank you! Your proposal"),
    ])
    assert await audit_rows(world) == []  # a member's proposal is no designer's action
    await world.converse(MARCO, [
        ("/proposals", "✖️ Rifiuta"),
        (Press("Rifiuta"), "Perché rifiuti"),
        ("Ci pensa già il banco alimentare", "è stata rifiutata"),
    ])
    [(actor, role, action, team, kind, need_id, summary)] = await audit_rows(world)
    assert (actor, role, action, team, kind, summary) == (
        MARCO, "designer", "proposal.declined", await team_of(world, MILANO), "need", "")
    assert need_id is not None


async def test_a_table_set_moved_and_its_minutes_in_italian(world: World, clock: Clock) -> None:
    milano = await team_of(world, MILANO)
    table_id = await set_milano_table(world)
    clock.now = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    await world.converse(MARCO, [
        ("/tables", ["Tavoli in programma", "✏️"]),
        (Press("✏️"), "Quando dovrebbe essere"),
        ("4/12 alle 18", "Il tavolo sarebbe <b>venerdì 4 dicembre 2026, 18:00</b>"),
        (Press("Sì"), "Tavolo spostato a <b>venerdì 4 dicembre 2026, 18:00</b>"),
    ])
    clock.now = datetime(2026, 12, 4, 20, 0, tzinfo=UTC)  # after the table
    await world.converse(MARCO, [
        ("/minutes", "Di quale tavolo è il verbale?"),
        (Press("Cohesion Makers Milano"), "Chi c'era?"),
        ("Giulia, Anna", "Cosa si è deciso?"),
        ("Un turno in più il sabato", "Finora:"), (Press("Fatto"), "Qualche nota?"),
        ("Grazie a tutti", "Controlla il verbale prima di pubblicarlo"),
        (Press("Pubblica il verbale"), "Verbale salvato e pubblicato nel gruppo del team"),
    ])
    entries = await audit_entries(world)
    assert await audit_rows(world) == [
        (MARCO, "designer", "table.created", milano, "table", table_id, ""),
        (MARCO, "designer", "table.moved", milano, "table", table_id,
         "from 2026-12-03 17:00 UTC"),
        (MARCO, "designer", "minutes.posted", milano, "table", table_id, ""),
    ]
    assert [e.at for e in entries] == [T0, datetime(2026, 11, 27, 9, 0, tzinfo=UTC),
                                       datetime(2026, 12, 4, 20, 0, tzinfo=UTC)]


async def test_a_table_set_moved_and_cancelled_in_english(world: World) -> None:
    lombardia = await team_of(world, LOMBARDIA)
    await set_online_table_in_english(world)
    [table] = await tables_rows(world)
    await world.converse(LUCA, [
        ("/tables", "✏️"),
        (Press("✏️"), "When should it be instead?"),
        ("saturday at 6pm", "Saturday, November 28, 2026, 18:00"),
        (Press("Yes"), "Table moved to <b>Saturday, November 28, 2026, 18:00</b>"),
    ])
    # Another team's designer forging the cancel is refused, and leaves no entry.
    # (its wording is another point of issue 23: only that it is answered is checked here)
    assert await world.chat.press_data(MARCO, f"tbman:{table.id}:cancel_yes")
    await world.converse(LUCA, [
        ("/tables", "✖️"),
        (Press("✖️"), "Cancel the table of Cohesion Makers Lombardia"),
        (Press("Yes, cancel the table"), "Table cancelled"),
    ])
    assert await audit_rows(world) == [
        (LUCA, "designer", "table.created", lombardia, "table", table.id, ""),
        (LUCA, "designer", "table.moved", lombardia, "table", table.id,
         "from 2026-11-27 17:00 UTC"),
        (LUCA, "designer", "table.cancelled", lombardia, "table", table.id, ""),
    ]


VOLONTARI = -1001000000002  # Sara is its admin
QUARTIERE = -1001000000003  # Luca is its admin


async def test_a_group_linked_in_italian_and_in_english(world: World) -> None:
    world.api.add_group(VOLONTARI, "Volontari Bergamo", admins=(SARA,), members=(LUCA,))
    world.api.add_group(QUARTIERE, "Quartiere Isola", admins=(LUCA,))
    await world.chat.add_bot(VOLONTARI, by_user_id=SARA)
    await world.chat.add_bot(QUARTIERE, by_user_id=LUCA)
    # A designer who is no administrator of the group is refused: nothing recorded.
    await world.converse(LUCA, [("/linkgroup", "Devi essere amministratore di questo gruppo")],
                         chat_id=VOLONTARI)
    await world.converse(SARA, [
        ("/linkgroup", ["Quale dei tuoi team", "Cohesion Makers Bergamo"]),
        (Press("Bergamo"), "✅ Questo gruppo ora è collegato a <b>Cohesion Makers Bergamo</b>"),
    ], chat_id=VOLONTARI)
    await world.converse(LUCA, [("/linkgroup", "Cohesion Makers Lombardia")], chat_id=QUARTIERE)
    assert await audit_rows(world) == [
        (SARA, "designer", "group.linked", await team_of(world, "Cohesion Makers Bergamo"),
         "group", VOLONTARI, ""),
        (LUCA, "designer", "group.linked", await team_of(world, LOMBARDIA), "group", QUARTIERE,
         ""),
    ]
