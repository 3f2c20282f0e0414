"""A recurring table's next meeting: once the time of a weekly or monthly table has passed, the
scheduler's sweep (clock moved, never slept) sets the next one at the rule's date — same team,
place, agenda, capacity, rule and reminder times — schedules its reminders and announces it in
the group's and members' languages, once; a cancelled table ends its series."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.services import tables
from bot.services.tables import TableDraft
from tests.conftest import Clock
from tests.helpers.outbox import notice_rows, outbox_rows, release, text_of
from tests.helpers.rows import team_id
from tests.tables.conftest import ANNA, GIULIA, LUCA, MARCO, MILANO_GROUP, tables_rows
from tests.world import Press, World


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


async def sweep(world: World, clock: Clock) -> int:
    """One run of the scheduler's job: the service sets the next meetings, the notifier
    announces them as the job's unit of work commits."""
    from bot.capabilities.tables import next_meetings
    from bot.capability import JobContext
    async with world.uow() as uow:
        return await next_meetings(JobContext(uow=uow, now=clock(), settings=world.settings,
                                              on_enqueued=lambda: None))


async def test_a_weekly_table_gets_its_next_meeting_once_announced_in_each_language(
        world: World, clock: Clock) -> None:
    await world.converse(MARCO, [
        ("/newtable", "Quando si tiene?"),
        ("3/12 ore 18", "<b>giovedì 3 dicembre 2026, 18:00</b>"),
        (Press("Sì"), "Dove?"),
        ("Casa di quartiere, via Padova 36", "ordine del giorno"),
        ("Turni della settimana", "Finora:"), (Press("Fatto"), "Quante persone"),
        ("12", "Si ripete?"),
        (Press("Ogni settimana"), "promemoria"),
        ("48, 2", ["Si ripete: ogni settimana, di giovedì",
                   "Promemoria: 48 ore prima, 2 ore prima"]),
        (Press("Annuncia"), "Tavolo fissato per <b>giovedì 3 dicembre 2026, 18:00</b>"),
    ])
    [first] = await tables_rows(world)
    clock.now = at(2026, 12, 3, 15, 0)
    assert await release(world, clock) == (2, 0)  # the first table's own two reminders
    clock.now = at(2026, 12, 3, 16, 59)  # before it starts: nothing yet
    assert await sweep(world, clock) == 0
    clock.now = at(2026, 12, 3, 17, 0)
    assert await sweep(world, clock) == 1
    assert await sweep(world, clock) == 0  # once
    clock.now = at(2026, 12, 4, 9, 0)
    assert await sweep(world, clock) == 0  # still once, later
    first, second = await tables_rows(world)
    assert second.follows_id == first.id
    assert (second.team_id, second.starts_at, second.place, second.agenda, second.capacity,
            second.recurrence, second.reminders, second.status, second.revision,
            second.created_by) == (
        first.team_id, at(2026, 12, 10, 17), "Casa di quartiere, via Padova 36",
        "Turni della settimana", 12, "weekly", "2880,120", "scheduled", 1, MARCO)
    announced = {r.chat_id: text_of(r) for r in await outbox_rows(world)
                 if r.key.startswith(f"table-announce:{second.id}:")}
    assert set(announced) == {MILANO_GROUP, MARCO, LUCA, GIULIA, ANNA}
    assert "Quando: <b>giovedì 10 dicembre 2026, 18:00</b>" in announced[MILANO_GROUP]
    assert "Si ripete: ogni settimana, di giovedì" in announced[GIULIA]
    assert "Thursday, December 10, 2026" in announced[LUCA]
    assert "Repeats: every week, on Thursday" in announced[LUCA]
    notices = {n.key: (n.status, n.due_at) for n in await notice_rows(world)
               if n.key.startswith(f"table:{second.id}:")}
    assert notices == {f"table:{second.id}:r1:2880": ("pending", at(2026, 12, 8, 17)),
                       f"table:{second.id}:r1:120": ("pending", at(2026, 12, 10, 15)),
                       f"table:{second.id}:m1": ("pending", at(2026, 12, 11, 17))}
    # Its reminders go out at their time, and the series goes on from the new meeting.
    clock.now = at(2026, 12, 8, 17)
    assert await release(world, clock) == (2, 0)  # and the first one's minutes reminder
    assert len([r for r in await outbox_rows(world) if r.key.startswith("notice:")
                and r.chat_id == MILANO_GROUP and "tra 48 ore" in text_of(r)]) == 2
    assert [r.chat_id for r in await outbox_rows(world)
            if r.key.startswith("notice:") and "/minutes" in text_of(r)] == [MARCO]
    # Members answer the new one (same buttons), and /tables lists it.
    await world.converse(LUCA, [("/tables", "Thursday, December 10, 2026")])

    # Marco cancels the next one and ends the series (skipping it is the other choice).
    await world.converse(MARCO, [
        ("/tables", "giovedì 10 dicembre 2026, 18:00"),
        (Press("✖️"), ["Si ripete (ogni settimana, di giovedì)", "Salta solo questo incontro",
                       "Annullalo e chiudi la serie"]),
        (Press("chiudi la serie"), "Tavolo annullato e serie chiusa"),
    ])
    clock.now = at(2026, 12, 10, 18)
    assert await sweep(world, clock) == 0
    assert len(await tables_rows(world)) == 2


async def test_a_monthly_table_in_english_keeps_its_weekday_and_its_time_in_rome(
        world: World, clock: Clock) -> None:
    lombardia = await team_id(world, "Cohesion Makers Lombardia")
    async with world.uow() as uow:  # Luca designs Lombardia and is one of its members
        luca = await uow.members.by_telegram_id(LUCA)
        await uow.memberships.join(member_id=luca.id, team_id=lombardia, now=clock())
    async with world.uow() as uow:  # the fourth Thursday of March 2027, 18:00 in Rome (CET)
        view = await tables.create_table(uow, now=clock(), telegram_id=LUCA, draft=TableDraft(
            team_id=lombardia, starts_at=at(2027, 3, 25, 17), place="Online",
            recurrence="monthly", agenda="Budget"))
    clock.now = at(2027, 3, 25, 17, 30)
    assert await sweep(world, clock) == 1
    first, second = [t for t in await tables_rows(world) if t.team_id == lombardia]
    assert first.id == view.id and second.follows_id == view.id
    assert second.starts_at == at(2027, 4, 22, 16)  # the fourth Thursday of April, 18:00 CEST
    announced = [text_of(r) for r in await outbox_rows(world)
                 if r.key.startswith(f"table-announce:{second.id}:") and r.chat_id == LUCA]
    assert len(announced) == 1
    assert "Thursday, April 22, 2027" in announced[0]
    assert "Repeats: every fourth Thursday of the month" in announced[0]
    # Weeks of downtime: May 27 has passed too, so the next is the one still ahead, once.
    clock.now = at(2027, 6, 1, 9)
    assert await sweep(world, clock) == 1
    assert await sweep(world, clock) == 0
    third = [t for t in await tables_rows(world) if t.team_id == lombardia][-1]
    assert (third.follows_id, third.starts_at, third.agenda) == (
        second.id, at(2027, 6, 24, 16), "Budget")
