"""/training through the real dispatcher, in Italian and English: the path (a starter one
without an assessment, the weakest competences with one), opening the next module, its check
as buttons, "useful / not useful", the rhythm, pause and resume; typed text where buttons are
expected; stale and forged buttons answered, changing nothing. Then the rows."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.config import Settings
from bot.services import training
from bot.ui.callbacks.training import TrainAnswerCb, TrainFeedbackCb, TrainMenuCb, TrainOpenCb, TrainRhythmCb
from tests.conftest import T0, Clock
from tests.helpers.rows import add_member, finish_assessment
from tests.training.conftest import LOW_DIGITAL, enrolment, progress
from tests.world import Forge, Press, World, open_world

GIULIA, LUCA, NEWCOMER = 4101, 4102, 4103


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    async with open_world(settings, clock, (GIULIA, "Giulia", "it"), (LUCA, "Luca", "en"),
                          (NEWCOMER, "Nuovo", "it"), demo=False) as world:
        async with world.uow() as uow:
            await add_member(uow, GIULIA, "Giulia", now=clock(), language="it")
            await add_member(uow, LUCA, "Luca", now=clock(), language="en")
            await finish_assessment(uow, LUCA, LOW_DIGITAL, clock())
        yield world


async def test_a_starter_path_a_module_its_check_and_the_feedback_in_italian(
        world: World) -> None:
    await world.converse(GIULIA, [
        ("/training", ["Il tuo percorso formativo", "un primo modulo per ogni competenza",
                       "/assessment", "▫️ 1. Ascoltare prima di agire",
                       "(Leggere i bisogni del territorio)", "Completati: 0 su 8",
                       "Ritmo: ogni settimana", "3 dicembre 2026",
                       "▶️ Apri subito il prossimo modulo", "⏸ Pausa"]),
        (Press("Apri subito"), ["📖 <b>Ascoltare prima di agire</b>", "Per approfondire:",
                                "JRC101581", "Verifica:</b> Qual è il primo passo",
                                "Ascoltare più fonti diverse", "Lanciare subito un progetto"]),
        ("non so", "Scegli uno dei pulsanti qui sopra"),
        # the check's button, pressed after the typed text
        (Forge(TrainAnswerCb(module="reading_needs.1", option=0).pack()),
         ["✅ Giusto!", "Questo modulo ti è stato utile?", "👍 Utile", "👎 Non utile"]),
        (Press("👍 Utile"), "Grazie! Felici che ti sia servito."),
        # stale presses of the same keyboards, and forged ones: answered, nothing changes
        (Forge(TrainAnswerCb(module="reading_needs.1", option=1).pack()),
         "Hai già risposto a questa verifica."),
        (Forge(TrainFeedbackCb(module="reading_needs.1", useful=0).pack()),
         "Ci hai già detto la tua su questo modulo"),
        (Forge(TrainOpenCb(module="digital.2").pack()), "non è nel tuo percorso formativo"),
        (Forge(TrainAnswerCb(module="networking.1", option=0).pack()), "Apri prima il modulo"),
        (Forge("trmenu:explode"), "Questo pulsante non è più valido."),
        (Forge("trans:reading_needs.1:notanumber"), "Questo pulsante non è più valido."),
        ("/training", ["✅ 1. Ascoltare prima di agire", "▫️ 2. La mappa dei tuoi contatti",
                       "Completati: 1 su 8"]),
        ("ciao", "Scegli uno dei pulsanti qui sopra"),
    ])
    async with world.uow() as uow:
        rows = await progress(uow, GIULIA)
        enrolled = await enrolment(uow, GIULIA)
    assert list(rows) == ["reading_needs.1"]
    row = rows["reading_needs.1"]
    assert (row.answer, row.correct, row.useful) == (0, True, True)
    assert row.done_at == T0 and row.feedback_at == T0
    assert enrolled is not None and enrolled.assessed is False
    assert (enrolled.position, enrolled.rhythm, enrolled.paused) == (1, "weekly", False)
    assert enrolled.next_due_at == T0 + timedelta(days=7)


async def test_the_weakest_competences_rhythm_pause_and_a_wrong_answer_in_english(
        world: World, clock: Clock) -> None:
    await world.converse(LUCA, [
        ("/training", ["Your training path</b>, chosen from your weakest competences",
                       "▫️ 1. A tidy group chat", "(Digital collaboration)",
                       "▫️ 5. Sustainable action", "Done: 0 of 5", "Rhythm: every week"]),
        (Press("Change rhythm"), ["How often should I send you the next module?",
                                  "✓ every week", "every 3 days", "every two weeks"]),
        (Press("every 3 days"), "Done: the next module comes every 3 days."),
        (Forge(TrainRhythmCb(rhythm="daily").pack()), "This button is no longer valid."),
        ("/training", "Rhythm: every 3 days. Next module by message: November 29, 2026"),
        (Press("Pause"), "Paused: I will not send you modules until you resume"),
        (Forge(TrainMenuCb(action="pause").pack()), "Your training is already paused."),
        ("/training", ["Pushes are paused.", "▶️ Resume"]),
    ])
    async with world.uow() as uow:
        paused = await enrolment(uow, LUCA)
    assert paused is not None and paused.paused and paused.rhythm == "3days"
    clock.now = T0 + timedelta(hours=2)
    await world.converse(LUCA, [
        (Press("Resume"), "Resumed: the next module comes every 3 days."),
        (Forge(TrainMenuCb(action="resume").pack()), "Your training is not paused."),
        ("/training", "Open the next module now"),
        (Press("Open the next module"), ["📖 <b>A tidy group chat</b>", "Check:</b>",
                                         "Long, frequent messages"]),
        (Press("Long, frequent"), ["Not quite: the answer is <b>Pinned rules and short "
                                   "messages</b>.", "Was this module useful to you?"]),
        (Press("Not useful"), "Thank you for telling us"),
    ])
    async with world.uow() as uow:
        row = (await progress(uow, LUCA))["digital.1"]
        enrolled = await enrolment(uow, LUCA)
    assert (row.answer, row.correct, row.useful) == (0, False, False)
    assert enrolled is not None and not enrolled.paused and enrolled.position == 1
    assert enrolled.next_due_at == clock.now + timedelta(days=3)


async def test_only_registered_members_have_a_path(world: World) -> None:
    await world.converse(NEWCOMER, [
        ("/training", "Prima registriamoci: invia /start."),
        (Forge(TrainMenuCb(action="next").pack()), "Questo pulsante non è più valido."),
    ])
    async with world.uow() as uow:
        assert await enrolment(uow, NEWCOMER) is None


async def test_a_starter_path_is_tailored_once_the_member_takes_the_assessment(
        world: World, clock: Clock) -> None:
    await world.converse(GIULIA, [("/training", "Completati: 0 su 8")])
    async with world.uow() as uow:  # she does the starter path's digital module, then assesses
        giulia = await uow.members.by_telegram_id(GIULIA)
        await training.open_module(uow, member=giulia, module_id="digital.1", now=clock())
        await training.answer(uow, member=giulia, module_id="digital.1", option=1, now=clock())
        await finish_assessment(uow, GIULIA, LOW_DIGITAL, clock())
    await world.converse(GIULIA, [
        ("/training", ["scelto dalle competenze più deboli", "✅ 1. Un gruppo ordinato",
                       "▫️ 2. Strumenti condivisi e dati protetti", "Completati: 1 su 5"]),
        (Press("Apri subito"), "Strumenti condivisi e dati protetti"),
    ])
    async with world.uow() as uow:
        enrolled = await enrolment(uow, GIULIA)
    # the tailored path starts after what she has done; the next push is the one after
    assert enrolled is not None and enrolled.assessed and enrolled.position == 2

    # She retakes it a month later, now weakest in networking: the path follows the new run.
    clock.now = T0 + timedelta(days=30)
    async with world.uow() as uow:
        await finish_assessment(uow, GIULIA, {**LOW_DIGITAL, "digital": 4.5, "impact": 4.5,
                                              "ethics": 4.5, "networking": 1.5}, clock())
    await world.converse(GIULIA, [
        ("/training", ["▫️ 1. La mappa dei tuoi contatti", "▫️ 3. Dati pubblici e voci",
                       "Completati: 0 su 4"]),
    ])
    async with world.uow() as uow:
        enrolled = await enrolment(uow, GIULIA)
    assert enrolled is not None and enrolled.tailored_at == clock.now and enrolled.position == 0
