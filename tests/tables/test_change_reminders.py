"""The designer changes a table's reminder times from /tables (⏰): the old pending reminders
are dropped, the new ones scheduled and each sent once; a member's forged button is refused."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.services import tables
from bot.services.tables import TableDraft
from tests.conftest import Clock
from tests.helpers.outbox import deliver, notice_rows, outbox_rows, release, text_of
from tests.helpers.rows import team_id
from tests.tables.conftest import GIULIA, LUCA, MARCO, MILANO_GROUP, at, set_milano_table, tables_rows
from tests.world import Forge, Press, World


def reminders_of(notices: list, table_id: int) -> dict[str, tuple[str, datetime]]:
    return {n.key: (n.status, n.due_at) for n in notices
            if n.kind == "table_reminder" and n.key.startswith(f"table:{table_id}:")}


async def test_the_designer_changes_the_reminders_in_italian_and_they_are_sent_once(
        world: World, clock: Clock) -> None:
    table_id = await set_milano_table(world, capacity=None)  # Thursday 3/12, 18:00 in Rome
    await deliver(world, clock)
    await world.converse(GIULIA, [(Press("Ci sarò"), "Ci vediamo lì!")], chat_id=MILANO_GROUP)
    clock.now += timedelta(minutes=2)  # the answer's counts go out to the announcements first
    await release(world, clock)
    await world.converse(MARCO, [
        ("/tables", ["Tavoli in programma", "⏰"]),
        (Press("⏰"), ["Il tavolo di Cohesion Makers Milano",
                      "<b>giovedì 3 dicembre 2026, 18:00</b>",
                      "24 ore prima, 1 ora prima", "Quante ore prima"]),
        ("tra poco", "scrivi le ore prima del tavolo come numeri"),
        ("48, 2", ["Promemoria per <b>giovedì 3 dicembre 2026, 18:00</b> cambiati",
                   "48 ore prima, 2 ore prima"]),
    ])
    [table] = await tables_rows(world)
    assert (table.reminders, table.revision, table.starts_at) == ("2880,120", 2, at(3, 17))
    notices = reminders_of(await notice_rows(world), table_id)
    assert notices == {
        f"table:{table_id}:r1:1440": ("dropped", at(2, 17)),
        f"table:{table_id}:r1:60": ("dropped", at(3, 16)),
        f"table:{table_id}:r2:2880": ("pending", at(1, 17)),
        f"table:{table_id}:r2:120": ("pending", at(3, 15)),
    }

    def reminders_sent(rows: list) -> list[tuple[int, str]]:
        return [(r.chat_id, text_of(r)) for r in rows
                if r.key.startswith("notice:") and "Promemoria" in text_of(r)]

    clock.now = at(1, 17)
    assert await release(world, clock) == (1, 0)
    sent = reminders_sent(await outbox_rows(world))
    assert sorted(chat for chat, _ in sent) == sorted([MILANO_GROUP, GIULIA])
    assert all("tra 48 ore" in text for _, text in sent)
    clock.now = at(2, 17)  # the old day-before time: nothing
    assert await release(world, clock) == (0, 0)
    clock.now = at(3, 15)
    assert await release(world, clock) == (1, 0)
    clock.now = at(3, 16, 30)
    assert await release(world, clock) == (0, 0)  # each sent once, the old hour-before dropped
    assert len(reminders_sent(await outbox_rows(world))) == 4

    # Giulia forges the button, and writes to a state she never entered: nothing changes.
    await world.converse(GIULIA, [
        (Forge(f"tbman:{table_id}:reminders"), "Non hai il permesso di farlo"),
    ])
    [table] = await tables_rows(world)
    assert (table.reminders, table.revision) == ("2880,120", 2)


async def test_the_designer_changes_the_reminders_in_english(world: World, clock: Clock) -> None:
    lombardia = await team_id(world, "Cohesion Makers Lombardia")
    async with world.uow() as uow:
        view = await tables.create_table(uow, now=clock(), telegram_id=LUCA, draft=TableDraft(
            team_id=lombardia, starts_at=at(10, 18), place="Online"))
    await world.converse(LUCA, [
        ("/tables", "⏰"),
        (Press("⏰"), ["The table of Cohesion Makers Lombardia", "Thursday, December 10, 2026",
                      "24 hours before, 1 hour before", "How many hours before"]),
        ("72 ; 0,5", ["Reminders for <b>Thursday, December 10, 2026",
                      "changed: 72 hours before, 30 minutes before"]),
    ])
    notices = reminders_of(await notice_rows(world), view.id)
    assert {k: v for k, v in notices.items() if v[0] == "pending"} == {
        f"table:{view.id}:r2:4320": ("pending", at(7, 18)),
        f"table:{view.id}:r2:30": ("pending", at(10, 17, 30)),
    }
    assert {k for k, v in notices.items() if v[0] == "dropped"} == {
        f"table:{view.id}:r1:1440", f"table:{view.id}:r1:60"}
    # A member of another team forges it: refused, in his language; nothing changes.
    await world.converse(MARCO, [
        (Forge(f"tbman:{view.id}:reminders"), "Non hai il permesso di farlo"),
    ])
    # Once the table has taken place, the button is refused too.
    clock.now = at(10, 19)
    await world.converse(LUCA, [
        (Forge(f"tbman:{view.id}:reminders"), "That table has already taken place."),
    ])
    [table] = [t for t in await tables_rows(world) if t.id == view.id]
    assert (table.reminders, table.revision) == ("4320,30", 2)
