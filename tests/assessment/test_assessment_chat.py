"""/assessment through the real dispatcher, in Italian and English: a whole run with back,
typed text, pause, a restart of the bot and resume; the result worked out by hand; a retake
with the change since last time (text and chart); stale and forged buttons that change nothing;
two workers sharing one run through Redis; /mydata holding the runs; someone not registered."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from sqlmodel import col, select

from bot import capabilities
from bot.config import Settings
from bot.i18n import speak
from bot.services import assessment
from bot.ui.callbacks.assessment import AssessmentCb
from bot.ui.texts import assessment as texts
from cohesion.app import create_bot, create_dispatcher, redis_storage
from domain.assessment import load_framework
from playground.driver import LocalChat
from playground.session import LocalSession
from storage.models.assessment import AssessmentAnswer, AssessmentRun, AssessmentScore
from tests.conftest import REDIS_URL, Clock
from tests.helpers.rows import add_member
from tests.world import Forge, Press, World

ANNA, LUCA, STRANGER = 7101, 7102, 7199

# Anna's answers, statement by statement (three per competence, in the framework's order);
# the second answer is first given as 3, then changed to 5 after going back.
ANNA_RATINGS = [4, 5, 3,   2, 2, 2,   3, 3, 4,   5, 5, 5,
                4, 4, 4,   1, 2, 1,   3, 3, 3,   2, 1, 2]
# …so, by hand: reading_needs 4.0 advanced, networking 2.0 foundation, mobilising 3.33
# intermediate, codesign 5.0 expert, communication 4.0 advanced, digital 1.33 foundation,
# ethics 3.0 intermediate, impact 1.67 foundation. Weakest: digital, impact, networking.
ANNA_SCORES = {"reading_needs": (4.0, "advanced"), "networking": (2.0, "foundation"),
               "mobilising": (3.33, "intermediate"), "codesign": (5.0, "expert"),
               "communication": (4.0, "advanced"), "digital": (1.33, "foundation"),
               "ethics": (3.0, "intermediate"), "impact": (1.67, "foundation")}


def statement(position: int, language: str) -> str:
    return load_framework().statements[position - 1].text(language)


async def registered(world: World, telegram_id: int, name: str, language: str) -> None:
    world.person(telegram_id, name, language)
    async with world.uow() as uow:
        await add_member(uow, telegram_id, name, now=world.clock(), language=language)  # type: ignore[operator]


async def answers_of(world: World, telegram_id: int) -> dict[str, int]:
    async with world.uow() as uow:
        run = await uow.assessments.open_run(telegram_id)
        return {} if run is None or run.id is None else await uow.assessments.answers(run.id)


async def runs_of(world: World, telegram_id: int) -> list[AssessmentRun]:
    async with world.uow() as uow:
        rows = await uow.session.exec(
            select(AssessmentRun).where(AssessmentRun.member_telegram_id == telegram_id)
            .order_by(col(AssessmentRun.id)))
        return list(rows.all())


async def test_a_whole_run_in_italian_with_back_pause_restart_and_resume(
        settings: Settings, clock: Clock, tmp_path: Path) -> None:
    world = World(settings, clock)
    await registered(world, ANNA, "Anna", "it")
    await world.converse(ANNA, [
        ("/assessment", ["Autovalutazione del cohesion maker", "24 brevi affermazioni",
                         "▶️ Inizia"]),
        (Press("Inizia"), ["Leggere i bisogni del territorio</b> · 1/24", statement(1, "it"),
                           "1 = Per niente", "⏸ Pausa"]),
        (Press(4), ["2/24", statement(2, "it")]),
        (Press(3), ["3/24", statement(3, "it"), "◀️ Indietro"]),
        (Press("Indietro"), ["2/24", "La tua risposta finora: 3", "✓ 3"]),
        (Press(5), ["3/24", statement(3, "it")]),
        ("non so, forse 3?", ["Rispondi con i pulsanti 1–5", "3/24", statement(3, "it")]),
        (Press("Pausa"), "⏸ In pausa a 2/24"),
    ])
    framework = load_framework()
    assert await answers_of(world, ANNA) == {framework.statements[0].id: 4,
                                             framework.statements[1].id: 5}
    await world.close()

    # The bot restarts: conversation state in memory is gone, the answers are not.
    world = World(settings, clock)
    world.api.media_dir = tmp_path
    world.person(ANNA, "Anna", "it")
    await world.converse(ANNA, [
        ("/assessment", ["Hai un'autovalutazione in corso: 2/24", "▶️ Riprendi (2/24)",
                         "🔄 Ricomincia"]),
        (Press("Riprendi"), ["3/24", statement(3, "it")]),
    ])
    for position, rating in enumerate(ANNA_RATINGS[2:-1], 3):
        await world.converse(ANNA, [(Press(rating), f"{position + 1}/24")])
    outputs = await world.converse(ANNA, [(Press(ANNA_RATINGS[-1]), [
        "Il tuo profilo di cohesion maker</b> (26 novembre 2026)",
        "• Leggere i bisogni del territorio: <b>4,0</b>/5 – Avanzato",
        "<b>1,3</b>/5 – Base",
        "<b>5,0</b>/5 – Esperto",
        "💪 Punti di forza: " + framework.competence("codesign").name("it"),
        "🌱 Da far crescere: " + framework.competence("digital").name("it"),
        "<b>Il tuo percorso formativo</b> parte da:",
        "1. " + framework.competence("digital").name("it"),
        "2. " + framework.competence("impact").name("it"),
        "3. " + framework.competence("networking").name("it"),
        "🔄 Ripeti"])])
    assert "Tra parentesi la variazione" not in "\n".join(o.text for o in outputs)
    # The chart is already on screen: no button to send it again (issue 22, point 16).
    assert not any("📊 Grafico" in b for o in outputs for line in o.buttons for b in line)
    [photo] = [o for o in outputs if o.kind == "photo"]
    assert photo.text == "La tua autovalutazione, competenza per competenza."
    assert photo.path is not None and photo.path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    [run] = await runs_of(world, ANNA)
    assert run.finished_at == clock()
    async with world.uow() as uow:
        assert run.id is not None
        assert await uow.assessments.scores(run.id) == ANNA_SCORES
        stored = (await uow.session.exec(select(AssessmentAnswer).where(
            AssessmentAnswer.run_id == run.id))).all()
        assert {a.statement_id: a.rating for a in stored} == {
            s.id: r for s, r in zip(framework.statements, ANNA_RATINGS, strict=True)}
        assert await assessment.weakest_competences(uow, telegram_id=ANNA) == [
            "digital", "impact", "networking", "ethics", "mobilising", "reading_needs",
            "communication", "codesign"]
    # /assessment now shows the result; typed text after it is no longer taken as an answer.
    await world.converse(ANNA, [("/assessment", ["Il tuo profilo di cohesion maker", "🔄 Ripeti"])])
    await world.close()


async def test_a_retake_in_english_shows_the_change_and_draws_both_runs(
        settings: Settings, clock: Clock) -> None:
    world = World(settings, clock)
    await registered(world, LUCA, "Luca", "en")
    await world.converse(LUCA, [("/assessment", "24 short statements"), (Press("Start"), "1/24")])
    for position in range(1, 24):
        await world.converse(LUCA, [(Press(2), f"{position + 1}/24")])
    await world.converse(LUCA, [(Press(2), ["Your cohesion-maker profile</b> (November 26, 2026)",
                                            "<b>2.0</b>/5 – Foundation"])])
    [first] = await runs_of(world, LUCA)

    clock.now += timedelta(days=90)
    await world.converse(LUCA, [(Press("Retake"), ["Reading local needs</b> · 1/24",
                                                   statement(1, "en")])])
    # The first run's buttons are stale now: answered, and nothing changes.
    old = AssessmentCb(action="rate", run=first.id or 0, index=23, rating=5).pack()
    await world.converse(LUCA, [(Forge(old), "belongs to an earlier screen")])
    assert await answers_of(world, LUCA) == {}
    for position in range(1, 24):
        await world.converse(LUCA, [(Press(4), f"{position + 1}/24")])
    outputs = await world.converse(LUCA, [(Press(4), [
        "Your cohesion-maker profile</b> (February 24, 2027)",
        "Change since your assessment of November 26, 2026 in brackets.",
        "• Reading local needs: <b>4.0</b>/5 – Advanced (+2.0)"])])
    assert any(o.kind == "photo" for o in outputs)
    first_after, second = await runs_of(world, LUCA)
    async with world.uow() as uow:
        assert first_after.id is not None and second.id is not None
        assert set((await uow.assessments.scores(first_after.id)).values()) == {(2.0, "foundation")}
        assert set((await uow.assessments.scores(second.id)).values()) == {(4.0, "advanced")}
        result = await assessment.latest_result(uow, telegram_id=LUCA)
    assert result is not None
    with speak("en"):
        chart = texts.chart(result, load_framework())
    assert chart.values == [4.0] * 8 and chart.previous == [2.0] * 8
    assert chart.legend_before == "on November 26, 2026" and chart.labels[0] == "Reading local needs"
    with speak("it"):
        chart_it = texts.chart(result, load_framework())
    assert chart_it.labels[0] == "Leggere i bisogni del territorio"
    assert chart_it.legend_before == "il 26 novembre 2026" and chart_it.texts[0] == "4,0"
    # /assessment shows the result with its chart button, which sends the chart (both runs).
    await world.converse(LUCA, [("/assessment", "📊 Chart"), (Press("Chart"), "")])
    assert world.api.outputs[-1].kind == "photo"
    await world.close()


async def test_forged_and_stale_buttons_change_nothing(settings: Settings, clock: Clock) -> None:
    world = World(settings, clock)
    await registered(world, ANNA, "Anna", "it")
    await registered(world, LUCA, "Luca", "en")
    await world.converse(ANNA, [("/assessment", ""), (Press("Inizia"), "1/24"),
                                (Press(4), "2/24")])
    [run] = await runs_of(world, ANNA)
    assert run.id is not None
    before = await answers_of(world, ANNA)

    forged = [
        AssessmentCb(action="rate", run=run.id, index=10, rating=5),   # a statement not reached
        AssessmentCb(action="rate", run=run.id, index=1, rating=9),    # off the scale
        AssessmentCb(action="rate", run=run.id, index=99, rating=3),   # no such statement
        AssessmentCb(action="back", run=run.id, index=12),
        AssessmentCb(action="rate", run=run.id + 1000, index=1, rating=3),  # no such run
        AssessmentCb(action="resume", run=run.id + 1000),
    ]
    for data in forged:
        await world.converse(ANNA, [(Forge(data.pack()), "di una schermata precedente")])
    # No such action: refused when the data is unpacked (issue 23), an invalid button.
    await world.converse(ANNA, [(Forge(f"as:delete:{run.id}:0:0"),
                                 "Questo pulsante non è più valido.")])
    await world.converse(ANNA, [(Forge("as:rate:x:y:z"), "")])  # not even well-formed: answered
    assert world.api.outputs[-1].kind == "toast"
    # Luca presses Anna's buttons: refused as his own stale screen, Anna's run untouched.
    await world.converse(LUCA, [
        (Forge(AssessmentCb(action="rate", run=run.id, index=1, rating=1).pack()),
         "belongs to an earlier screen"),
        (Forge(AssessmentCb(action="pause", run=run.id).pack()), "belongs to an earlier screen")])
    assert await answers_of(world, ANNA) == before
    assert await runs_of(world, LUCA) == []
    # "Start again" discards the open run and starts a new one; the old buttons stay stale.
    await world.converse(ANNA, [("/assessment", "1/24"), (Press("Ricomincia"), "1/24")])
    discarded, new_run = await runs_of(world, ANNA)
    assert discarded.id == run.id and discarded.discarded_at == clock()
    assert new_run.id != run.id and await answers_of(world, ANNA) == {}
    async with world.uow() as uow:
        assert await uow.assessments.answers(run.id) == {}  # the discarded answers are gone
    await world.converse(ANNA, [
        (Forge(AssessmentCb(action="rate", run=run.id, index=1, rating=2).pack()),
         "di una schermata precedente")])
    assert await answers_of(world, ANNA) == {}
    await world.close()


async def test_not_registered_is_sent_to_start(settings: Settings, clock: Clock) -> None:
    world = World(settings, clock)
    world.person(STRANGER, "Piero", "it")
    await world.converse(STRANGER, [
        ("/assessment", "Prima registriamoci: invia /start."),
        (Forge(AssessmentCb(action="start").pack()), "")])
    assert world.api.outputs[-1].kind == "toast"
    assert await runs_of(world, STRANGER) == []
    await world.close()


async def test_two_workers_share_one_run_through_redis(
        settings: Settings, clock: Clock, redis_prefix: str) -> None:
    """Each press goes to the other worker; typed text on either is answered as a run in progress."""
    world = World(settings, clock)
    await registered(world, LUCA, "Luca", "en")
    workers = []
    for _ in range(2):
        bot = create_bot(settings, session=LocalSession(world.api))
        dispatcher = create_dispatcher(settings=settings, sessions=world.sessions, clock=clock,
                                       storage=redis_storage(REDIS_URL, redis_prefix))
        workers.append(LocalChat(dispatcher, bot, world.api))
    steps = [("/assessment", "Start"), (Press("Start"), "1/24"), (Press(3), "2/24"),
             ("three", ["Please answer with the buttons 1–5", "2/24"]), (Press(4), "3/24"),
             (Press("Back"), ["2/24", "Your answer so far: 4"]), (Press("Pause"), "Paused at 2/24")]
    for number, step in enumerate(steps):
        world.chat = workers[number % 2]
        await world.converse(LUCA, [step])
    framework = load_framework()
    assert await answers_of(world, LUCA) == {framework.statements[0].id: 3,
                                            framework.statements[1].id: 4}
    for worker in workers:
        await worker.dispatcher.storage.close()
    await world.close()


async def test_mydata_holds_the_runs_and_deleteme_erases_them(
        settings: Settings, clock: Clock) -> None:
    world = World(settings, clock)
    await registered(world, ANNA, "Anna", "it")
    await world.converse(ANNA, [("/assessment", ""), (Press("Inizia"), "1/24")])
    for _ in range(24):
        await world.converse(ANNA, [(Press(3), "")])
    await world.converse(ANNA, [(Press("Ripeti"), "1/24"), (Press(5), "2/24")])
    async with world.uow() as uow:
        anna = await uow.members.by_telegram_id(ANNA)
        assert anna is not None
        data = json.loads(await capabilities.export(uow, capabilities.person_of(anna)))
    finished, open_run = data["self_assessments"]
    assert finished["finished_at"] == clock().isoformat() and len(finished["answers"]) == 24
    assert finished["scores"]["ethics"] == {"score": 3.0, "level": "intermediate"}
    assert open_run["finished_at"] is None and list(open_run["answers"].values()) == [5]
    assert open_run["scores"] == {}

    async with world.uow() as uow:
        anna = await uow.members.by_telegram_id(ANNA)
        assert anna is not None
        await capabilities.erase(uow, capabilities.person_of(anna), now=clock())
    assert await runs_of(world, ANNA) == []
    async with world.uow() as uow:
        assert (await uow.session.exec(select(AssessmentAnswer))).all() == []
        assert (await uow.session.exec(select(AssessmentScore))).all() == []
    await world.close()
