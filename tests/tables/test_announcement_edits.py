"""A table's announcement in the group and its private invitations are kept up to date
through the outbox (issue 22, point 2): answers change the counts on every invitation — not
only on the message pressed — coalesced to one edit a minute; a move shows the new time on
the messages already out (before the new announcement); a cancellation says so on them and
takes their buttons away. In Italian (the group, Anna, Giulia) and English (Luca)."""

from __future__ import annotations

from datetime import timedelta

from bot.services import tables
from bot.services.tables import TableDraft
from playground.api import Output
from storage.repositories.posted import PostedMessageRepository
from tests.conftest import Clock
from tests.helpers.outbox import deliver, outbox_rows, payload, release
from tests.helpers.rows import team_id
from tests.tables.conftest import (
    ANNA,
    GIULIA,
    LUCA,
    MARCO,
    MILANO_GROUP,
    at,
    set_milano_table,
    tables_rows,
)
from tests.world import Press, World


def _edits(world: World) -> list[Output]:
    seen: list[Output] = []
    world.api.listeners.append(lambda output: seen.append(output)
                               if output.kind == "edit" else None)
    return seen


async def _posted(world: World, table_id: int) -> dict[int, int]:
    async with world.uow() as uow:
        rows = await uow.repository(PostedMessageRepository).of_subject(f"table:{table_id}")
    return {row.chat_id: row.message_id for row in rows}


def _shown(world: World, chat: int, message_id: int) -> str:
    return str(world.api.messages[(chat, message_id)]["text"])


async def _minute_later(world: World, clock: Clock) -> None:
    clock.now += timedelta(minutes=1)
    await release(world, clock)
    await deliver(world, clock)


async def test_answers_update_the_counts_on_every_invitation(
        world: World, clock: Clock) -> None:
    table_id = await set_milano_table(world, capacity=None)
    await deliver(world, clock)
    posted = await _posted(world, table_id)
    assert set(posted) == {MILANO_GROUP, MARCO, LUCA, GIULIA, ANNA}
    edits = _edits(world)
    await world.converse(GIULIA, [(Press("Ci sarò"), "Ci vediamo lì!")], chat_id=MILANO_GROUP)
    await world.converse(LUCA, [(Press("I'll come"), "See you there!")])
    await world.converse(ANNA, [(Press("Forse"), "Segnato: forse.")], chat_id=MILANO_GROUP)
    # Before: Anna's private invitation still says nobody answered.
    assert "Ci sono: 0 · Forse: 0" in _shown(world, ANNA, posted[ANNA])
    edits.clear()
    await _minute_later(world, clock)
    # After: every invitation shows the counts, each in its reader's language, with the
    # counts on its buttons too.
    assert "Ci sono: 2 · Forse: 1 · Non ci sono: 0" in _shown(world, ANNA, posted[ANNA])
    assert "Ci sono: 2 · Forse: 1 · Non ci sono: 0" in _shown(world, MARCO, posted[MARCO])
    assert "Coming: 2 · Maybe: 1 · Not coming: 0" in _shown(world, LUCA, posted[LUCA])
    buttons = world.api.messages[(ANNA, posted[ANNA])]["reply_markup"]["inline_keyboard"][0]
    assert [b["text"] for b in buttons] == ["✅ Ci sarò (2)", "🤔 Forse (1)",
                                           "❌ Non ci sarò (0)"]
    # One edit per invitation that showed other counts; none for the group's, already right
    # (edited when its buttons were pressed; Luca's was edited before Anna answered).
    assert sorted(o.chat_id for o in edits) == sorted([MARCO, LUCA, GIULIA, ANNA])
    rows = [row for row in await outbox_rows(world) if row.method == "editMessageText"]
    assert {(row.chat_id, row.status) for row in rows} <= {
        (chat, "sent") for chat in (MILANO_GROUP, MARCO, LUCA, GIULIA, ANNA)}
    assert all(payload(row)["subject"] == f"table:{table_id}" for row in rows)
    # A minute later, nothing changed: nothing is edited.
    edits.clear()
    await _minute_later(world, clock)
    assert edits == []


async def test_moved_and_cancelled_show_on_the_messages_already_out(
        world: World, clock: Clock) -> None:
    table_id = await set_milano_table(world, capacity=None)
    await deliver(world, clock)
    first = await _posted(world, table_id)
    clock.now = at(1, 9)  # Tuesday, December 1st: "venerdì" is the 4th
    await world.converse(MARCO, [
        ("/tables", ["Tavoli in programma", "✏️"]),
        (Press("✏️"), "Quando dovrebbe essere"),
        ("venerdì alle 18", "Il tavolo sarebbe <b>venerdì 4 dicembre 2026, 18:00</b>"),
        (Press("Sì"), "Tavolo spostato a <b>venerdì 4 dicembre 2026, 18:00</b>"),
    ])
    await deliver(world, clock)
    # The first announcement, in the group and in Luca's chat, shows the new time.
    assert "Quando: <b>venerdì 4 dicembre 2026, 18:00</b>" in _shown(
        world, MILANO_GROUP, first[MILANO_GROUP])
    assert "When: <b>Friday, December 4, 2026, 18:00</b>" in _shown(world, LUCA, first[LUCA])
    # The new announcement is the one kept up to date from now on.
    second = await _posted(world, table_id)
    assert second[MILANO_GROUP] != first[MILANO_GROUP]

    await world.converse(MARCO, [
        ("/tables", "venerdì 4 dicembre 2026, 18:00"),
        (Press("✖️"), "Sì, annulla"),
        (Press("Sì, annulla"), "Tavolo annullato"),
    ])
    await deliver(world, clock)
    group = world.api.messages[(MILANO_GROUP, second[MILANO_GROUP])]
    assert str(group["text"]).startswith("✖️ <b>Annullato</b>: questo tavolo non si terrà.")
    assert not group.get("reply_markup")
    luca = world.api.messages[(LUCA, second[LUCA])]
    assert str(luca["text"]).startswith("✖️ <b>Cancelled</b>: this table will not take place.")
    assert not luca.get("reply_markup")
    [table] = await tables_rows(world)
    assert (table.status, table.revision) == ("cancelled", 2)


async def test_a_skipped_meeting_shows_on_the_messages_already_out(
        world: World, clock: Clock) -> None:
    milano = await team_id(world, "Cohesion Makers Milano")
    async with world.uow() as uow:
        view = await tables.create_table(uow, now=clock(), telegram_id=MARCO, draft=TableDraft(
            team_id=milano, starts_at=at(1, 17), place="Casa di quartiere", capacity=None,
            recurrence="weekly", agenda="Turni"))
    await deliver(world, clock)
    posted = await _posted(world, view.id)
    assert MILANO_GROUP in posted and LUCA in posted
    await world.converse(MARCO, [
        ("/tables", "martedì 1 dicembre 2026, 18:00"),
        (Press("✖️"), "Salta solo questo incontro"),
        (Press("Salta solo"), "Saltato"),
    ])
    await deliver(world, clock)
    group = world.api.messages[(MILANO_GROUP, posted[MILANO_GROUP])]
    assert str(group["text"]).startswith("⏭ <b>Saltato</b>: questo incontro non si terrà")
    assert not group.get("reply_markup")
    luca = world.api.messages[(LUCA, posted[LUCA])]
    assert str(luca["text"]).startswith("⏭ <b>Skipped</b>: this meeting will not take place")
    assert not luca.get("reply_markup")
