"""What tables keep about a person, shown by /mydata and erased by /deleteme: a member's
answers (deleted; a place held on a table ahead goes to the first one waiting, who is told),
a designer's tables and minutes (kept for the team, without who set or wrote them), and a
person's name in the attendance of minutes (their own entry, known by who it was, becomes "a
former member" in the minutes' language; the other names, even one like theirs, stay)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from bot.services import tables
from bot.services.tables import TableDraft
from storage.models import TableMinutes, TerritorialTable
from tests.conftest import Clock
from tests.tables.conftest import (
    ANNA,
    GIULIA,
    LUCA,
    MARCO,
    rsvp_rows,
    set_online_table_in_english,
    tables_rows,
)
from tests.world import Forge, Press, World


async def milano_table(world: World, clock: Clock, *, capacity: int | None) -> int:
    """Marco sets a table of Milano on 3 December 2026, 18:00 in Rome (announced as set)."""
    async with world.uow() as uow:
        milano = next(t.id for t in await uow.teams.all() if t.name == "Cohesion Makers Milano")
        assert milano is not None
        view = await tables.create_table(uow, now=clock(), telegram_id=MARCO, draft=TableDraft(
            team_id=milano, starts_at=datetime(2026, 12, 3, 17, tzinfo=UTC),
            place="Casa di quartiere, via Padova 36", capacity=capacity))
    return view.id


async def outbox_texts(world: World, prefix: str) -> list[tuple[int, str]]:
    async with world.uow() as uow:
        return [(row.chat_id, str(json.loads(row.payload).get("text", "")))
                for row in await uow.outbox.all() if row.key.startswith(prefix)]


async def mydata(world: World, user_id: int, tmp_path: Path) -> dict[str, Any]:
    world.api.media_dir = tmp_path
    outputs = await world.converse(user_id, [("/mydata", "")])
    [document] = [o for o in outputs if o.kind == "document"]
    assert document.path is not None
    data: dict[str, Any] = json.loads(document.path.read_text())
    return data


async def erase(world: World, user_id: int, confirm: str) -> None:
    await world.converse(user_id, [("/deleteme", ""), (Press(confirm), "")])


async def minutes_row(world: World) -> TableMinutes:
    async with world.uow() as uow:
        [minutes] = (await uow.session.exec(select(TableMinutes))).all()
    return minutes


async def test_a_member_who_answered_is_erased_and_the_first_waiting_moves_up(
        world: World, clock: Clock, tmp_path: Path) -> None:
    table_id = await milano_table(world, clock, capacity=2)
    await world.converse(GIULIA, [(Forge(f"tbrsvp:{table_id}:yes"), "Ci vediamo lì!")])
    await world.converse(LUCA, [(Forge(f"tbrsvp:{table_id}:yes"), "See you there!")])
    await world.converse(ANNA, [(Forge(f"tbrsvp:{table_id}:yes"), "sei in lista d'attesa")])
    [answer] = (await mydata(world, LUCA, tmp_path))["table_answers"]
    assert (answer["table_id"], answer["team"], answer["answer"]) == (
        table_id, "Cohesion Makers Milano", "yes")
    assert answer["starts_at"] == datetime(2026, 12, 3, 17, tzinfo=UTC).isoformat()

    await erase(world, LUCA, "Yes, erase")
    assert [(r.member_telegram_id, r.answer) for r in await rsvp_rows(world)] == [
        (GIULIA, "yes"), (ANNA, "yes")]
    [(chat_id, text)] = await outbox_texts(world, "table-promoted")
    assert chat_id == ANNA and "Si è liberato un posto" in text
    said = await world.converse(ANNA, [("/tables", "La tua risposta: ci sei")])
    assert not any("lista d'attesa" in o.text for o in said)


async def test_a_designer_and_attendees_erased_from_tables_and_minutes(
        world: World, clock: Clock, tmp_path: Path) -> None:
    table_id = await milano_table(world, clock, capacity=None)
    await world.converse(GIULIA, [(Forge(f"tbrsvp:{table_id}:yes"), "Ci vediamo lì!")])
    await world.converse(LUCA, [(Forge(f"tbrsvp:{table_id}:yes"), "See you there!")])
    clock.now = datetime(2026, 12, 3, 20, 0, tzinfo=UTC)  # after the table
    await world.converse(MARCO, [
        ("/minutes", "Di quale tavolo è il verbale?"),
        (Press("Cohesion Makers Milano"), "Dalle risposte: Giulia, Luca"),
        # Anna did not answer but came; a guest also named Giulia came too.
        ("Giulia, Luca, Anna, Giulia", "Cosa si è deciso?"),
        ("Raccolta di coperte", "Finora:"), (Press("Fatto"), "Qualche nota?"),
        (Press("Salta"), "Presenti: Giulia, Luca, Anna, Giulia"),
        (Press("Pubblica il verbale"), "Verbale salvato e pubblicato nel gruppo del team"),
    ])
    minutes = await minutes_row(world)
    assert json.loads(minutes.attendee_ids or "") == [GIULIA, LUCA, ANNA, None]
    assert minutes.language == "it"

    shown = await mydata(world, MARCO, tmp_path)
    assert [(t["table_id"], t["place"], t["status"]) for t in shown["tables_created"]] == [
        (table_id, "Casa di quartiere, via Padova 36", "scheduled")]
    assert [m["table_id"] for m in shown["table_minutes_written"]] == [table_id]
    assert shown["table_answers"] == [] and shown["table_minutes_attendance"] == []
    shown = await mydata(world, GIULIA, tmp_path)
    assert [(a["table_id"], a["answer"]) for a in shown["table_answers"]] == [(table_id, "yes")]
    assert [(m["table_id"], m["name"]) for m in shown["table_minutes_attendance"]] == [
        (table_id, "Giulia")]

    # Giulia erases herself: her answer goes, her entry in the minutes is a former member's,
    # the guest named Giulia stays, and so does the count of who came.
    await erase(world, GIULIA, "Sì, cancella")
    assert [r.member_telegram_id for r in await rsvp_rows(world)] == [LUCA]
    minutes = await minutes_row(world)
    assert json.loads(minutes.attendance) == ["un ex membro", "Luca", "Anna", "Giulia"]
    assert json.loads(minutes.attendee_ids or "") == [None, LUCA, ANNA, None]
    # Luca (who speaks English) too: the minutes were written in Italian, so is the mark.
    await erase(world, LUCA, "Yes, erase")
    minutes = await minutes_row(world)
    assert json.loads(minutes.attendance) == ["un ex membro", "un ex membro", "Anna", "Giulia"]
    assert json.loads(minutes.decisions) == ["Raccolta di coperte"]
    assert await rsvp_rows(world) == []

    # Marco, who set the table and wrote the minutes: both stay the team's, without him.
    await erase(world, MARCO, "Sì, cancella")
    [table] = await tables_rows(world)
    assert (table.id, table.created_by, table.status) == (table_id, None, "scheduled")
    minutes = await minutes_row(world)
    assert (minutes.table_id, minutes.written_by) == (table_id, None)
    assert json.loads(minutes.attendance) == ["un ex membro", "un ex membro", "Anna", "Giulia"]
    async with world.uow() as uow:
        held = [*(await uow.session.exec(select(TerritorialTable).where(
            col(TerritorialTable.created_by).in_([MARCO, GIULIA, LUCA])))).all(),
            *(await uow.session.exec(select(TableMinutes).where(
                col(TableMinutes.written_by).in_([MARCO, GIULIA, LUCA])))).all()]
    assert held == []


async def test_minutes_in_english_name_a_former_member_in_english(
        world: World, clock: Clock) -> None:
    await set_online_table_in_english(world)
    clock.now = datetime(2026, 11, 27, 19, 0, tzinfo=UTC)
    await world.converse(LUCA, [
        ("/minutes", "Which table are the minutes of?"),
        (Press("Lombardia"), "Who came?"),
        ("Luca, Marco", "What was decided?"),  # Marco, of another team, is nobody's here
        (Press("Skip"), "Any notes?"),
        (Press("Skip"), "Present: Luca, Marco"),
        (Press("Post the minutes"), "Minutes kept"),
    ])
    minutes = await minutes_row(world)
    assert (json.loads(minutes.attendee_ids or ""), minutes.language) == ([LUCA, None], "en")
    await erase(world, LUCA, "Yes, erase")
    minutes = await minutes_row(world)
    assert (json.loads(minutes.attendance), minutes.written_by) == (
        ["a former member", "Marco"], None)
