"""Reminders a day and an hour before, to the group and to those coming, each sent once at its
time (the clock is moved, never slept); a moved table is announced again and its reminders
follow it (the old ones dropped); a cancelled table sends none, and its people are told."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import Clock
from tests.helpers.outbox import deliver, notice_rows, outbox_rows, release, text_of
from tests.tables.conftest import ANNA, GIULIA, LUCA, MARCO, MILANO_GROUP, at, set_milano_table, tables_rows
from tests.world import Forge, Press, World


async def reminder_rows(world: World) -> list[tuple[int, str]]:
    return [(r.chat_id, text_of(r)) for r in await outbox_rows(world)
            if r.key.startswith("notice:") and "Promemoria" in text_of(r)
            or r.key.startswith("notice:") and "Reminder" in text_of(r)]


async def test_reminders_are_sent_once_at_their_time_and_follow_a_moved_table(
        world: World, clock: Clock) -> None:
    table_id = await set_milano_table(world, capacity=None)  # Thursday 3/12, 18:00 in Rome
    await deliver(world, clock)
    await world.converse(GIULIA, [(Press("Ci sarò"), "Ci vediamo lì!")], chat_id=MILANO_GROUP)
    await world.converse(LUCA, [(Press("I'll come"), "See you there!")])
    await world.converse(ANNA, [(Press("Forse"), "Segnato: forse.")], chat_id=MILANO_GROUP)
    clock.now += timedelta(minutes=2)  # the answers' counts go out to the announcements first
    await release(world, clock)

    clock.now = at(2, 16, 59)  # a minute before "a day before"
    assert await release(world, clock) == (0, 0)
    clock.now = at(2, 17)
    assert await release(world, clock) == (1, 0)
    sent = await reminder_rows(world)
    assert sorted(chat for chat, _ in sent) == sorted([MILANO_GROUP, GIULIA, LUCA])  # not Anna
    texts = dict(sent)
    assert "il tavolo di Cohesion Makers Milano è tra 24 ore" in texts[MILANO_GROUP]
    assert "the table of Cohesion Makers Milano is in 24 hours" in texts[LUCA]
    clock.now = at(2, 17, 30)
    assert await release(world, clock) == (0, 0)  # sent once
    assert len(await reminder_rows(world)) == 3

    # Marco moves it to Friday 4/12 at 18:00: announced again, the hour-before reminder follows.
    await world.converse(MARCO, [
        ("/tables", ["Tavoli in programma", "✏️"]),
        (Press("✏️"), "Il tavolo è giovedì 3 dicembre 2026, 18:00. Quando dovrebbe essere"),
        ("venerdì alle 18", "Il tavolo sarebbe <b>venerdì 4 dicembre 2026, 18:00</b>"),
        (Press("Sì"), "Tavolo spostato a <b>venerdì 4 dicembre 2026, 18:00</b>"),
    ])
    [table] = await tables_rows(world)
    assert (table.starts_at, table.revision) == (at(4, 17), 2)
    moved = [r for r in await outbox_rows(world) if r.key.startswith(f"table-announce:{table_id}:r2")]
    assert {r.chat_id for r in moved} == {MILANO_GROUP, MARCO, LUCA, GIULIA, ANNA}
    assert all("spostato" in text_of(r) or "has moved" in text_of(r) for r in moved)
    notices = {n.key: (n.status, n.due_at) for n in await notice_rows(world)}
    assert notices[f"table:{table_id}:r1:60"] == ("dropped", at(3, 16))
    assert notices[f"table:{table_id}:r2:1440"] == ("pending", at(3, 17))
    assert notices[f"table:{table_id}:r2:60"] == ("pending", at(4, 16))
    assert notices[f"table:{table_id}:m2"] == ("pending", at(5, 17))
    clock.now = at(3, 16, 30)  # the old hour-before time: nothing
    assert await release(world, clock) == (0, 0)
    clock.now = at(3, 17)
    assert await release(world, clock) == (1, 0)
    assert len(await reminder_rows(world)) == 6

    # Then it is cancelled: no reminder an hour before, the group and the members are told.
    await world.converse(MARCO, [
        ("/tables", "venerdì 4 dicembre 2026, 18:00"),
        (Press("✖️"), ["Annullare il tavolo di Cohesion Makers Milano", "Sì, annulla"]),
        (Press("Sì, annulla"), "Tavolo annullato"),
    ])
    [table] = await tables_rows(world)
    assert table.status == "cancelled"
    cancelled = {r.chat_id for r in await outbox_rows(world) if r.key.startswith("table-cancelled")}
    assert cancelled == {MILANO_GROUP, MARCO, LUCA, GIULIA, ANNA}
    clock.now = at(4, 16)
    assert await release(world, clock) == (0, 0)
    clock.now = at(6, 9)
    assert await release(world, clock) == (0, 0)  # nor the minutes reminder
    assert len(await reminder_rows(world)) == 6
    # A press on the old announcement is refused, and changes nothing.
    await world.converse(ANNA, [(Forge(f"tbrsvp:{table_id}:yes"),
                                 "Quel tavolo è stato annullato.")])


async def test_a_member_cannot_move_or_cancel_and_forged_buttons_change_nothing(
        world: World, clock: Clock) -> None:
    table_id = await set_milano_table(world, capacity=None)
    await world.converse(LUCA, [
        (Forge(f"tbman:{table_id}:cancel_yes"), "You are not allowed to do that"),
        (Forge(f"tbman:{table_id}:move"), "You are not allowed to do that"),
    ])
    [table] = await tables_rows(world)
    assert (table.status, table.revision) == ("scheduled", 1)


async def test_the_designer_is_reminded_a_day_later_when_no_minutes_were_written(
        world: World, clock: Clock) -> None:
    await set_milano_table(world, capacity=None)
    clock.now = at(4, 17) - timedelta(minutes=1)
    await release(world, clock)
    assert not [r for r in await outbox_rows(world) if "/minutes" in text_of(r)]
    clock.now = at(4, 17)
    await release(world, clock)
    [row] = [r for r in await outbox_rows(world) if "/minutes" in text_of(r)]
    assert row.chat_id == MARCO
    assert "non ha ancora un verbale" in text_of(row)
