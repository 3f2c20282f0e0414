"""/minutes with oversized answers: each question says its limit, an answer over it is
refused in the designer's language (the conversation stays at that question) before it is
kept, and what is published is what the designer saw — no message too long for Telegram,
no dead letter, no minutes nobody checked."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlmodel import select

from storage.models import FailedUpdate, TableMinutes
from tests.conftest import Clock
from tests.tables.conftest import LUCA, MARCO, set_milano_table, set_online_table_in_english
from tests.world import Press, World

HUGE = "Un verbale lungo " * 500  # 8,500 characters
HTML = "<b>&amp;</b>" * 100  # 1,200 characters, 3,100 once escaped


async def no_trouble(world: World) -> None:
    assert world.api.refused == []
    async with world.uow() as uow:
        assert (await uow.session.exec(select(FailedUpdate))).all() == []


async def test_oversized_minutes_are_refused_in_italian(world: World, clock: Clock) -> None:
    await set_milano_table(world, capacity=None)
    clock.now = datetime(2026, 12, 3, 20, 0, tzinfo=UTC)
    await world.converse(MARCO, [
        ("/minutes", "Di quale tavolo è il verbale?"),
        (Press("Cohesion Makers Milano"), ["Chi c'era?", "(Al massimo 800 caratteri.)"]),
        (HUGE[:4096], "È troppo lungo: al massimo 800 caratteri, e il tuo ne ha 4096."),
        ("Giulia, Anna", ["Cosa si è deciso?", "(Al massimo 1200 caratteri.)"]),
        (HTML, "È troppo lungo: al massimo 1200 caratteri"),
        ("Raccolta di coperte", "Finora:"),
        (Press("Fatto"), ["Qualche nota?", "(Al massimo 1000 caratteri.)"]),
        (HUGE[:4096], "È troppo lungo: al massimo 1000 caratteri"),
        ("Grazie a tutti", ["Controlla il verbale", "Presenti: Giulia, Anna",
                            "Note: Grazie a tutti"]),
        (Press("Pubblica il verbale"), "Verbale salvato e pubblicato"),
    ])
    async with world.uow() as uow:
        [minutes] = (await uow.session.exec(select(TableMinutes))).all()
    assert json.loads(minutes.attendance) == ["Giulia", "Anna"]
    assert json.loads(minutes.decisions) == ["Raccolta di coperte"]
    assert minutes.notes == "Grazie a tutti"
    await no_trouble(world)


async def test_oversized_minutes_are_refused_in_english(world: World, clock: Clock) -> None:
    await set_online_table_in_english(world)
    clock.now = datetime(2026, 11, 27, 19, 0, tzinfo=UTC)
    await world.converse(LUCA, [
        ("/minutes", "Which table are the minutes of?"),
        (Press("Lombardia"), ["Who came?", "(At most 800 characters.)"]),
        (Press("Keep this list"), ["What was decided?", "(At most 1200 characters.)"]),
        ("Blankets\n" * 400, "That is too long: at most 1200 characters, and yours has 3599."),
        ("Blankets", "So far:"), (Press("Done"), ["Any notes?", "(At most 1000 characters.)"]),
        (HUGE, "That is too long: at most 1000 characters"),
        ("Thanks", ["Check the minutes", "Present: —", "• Blankets", "Notes: Thanks"]),
        (Press("Post the minutes"), "no linked group to post them in"),
    ])
    async with world.uow() as uow:
        [minutes] = (await uow.session.exec(select(TableMinutes))).all()
    assert json.loads(minutes.decisions) == ["Blankets"] and minutes.notes == "Thanks"
    await no_trouble(world)
