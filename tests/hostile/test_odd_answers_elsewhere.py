"""Oversized and odd answers (`walk.ODD`, drawn by Hypothesis) typed at every text step of the
flows `test_odd_answers` does not walk: /profile's fields, the pledge quantity, /announce, an
expert's /slots and how they meet, /assessment (text where a rating is expected), a table's
edits and reminders from /tables, a designer's /myneeds (edits, a close reason), a proposal's
decline reason and /minutes — in Italian and English, on SQLite and PostgreSQL.

Each odd answer is answered in the person's language, Telegram refuses no call, no dead letter
is kept, no row changes when it is refused, and the step's valid answer still leads on; what
the walks queued is then delivered and no outbox row dies."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from bot.services import expert, tables
from bot.services.tables import TableDraft
from tests.helpers.needs import post
from tests.helpers.outbox import release
from tests.helpers.rows import add_member, team_named_in
from tests.hostile.conftest import ANNA, LUCA, MARCO, MILANO_GROUP, Hostile
from tests.hostile.walk import KINDS, ODD, Step, delivered_without_dead_rows, walk
from tests.world import Press

RUNS = itertools.count(1)
TOM, DAVIDE = 2030, 2102  # an English designer of Lombardia (set up here); the demo's expert

PROFILE_EN: Sequence[Step] = (
    ("/profile", "Your profile"),
    (Press("Territory"), "Where do you live"),
    ("Bergamo", "Your profile"),
    (Press("Skills"), "What can you offer?"),
    ("logistics, forklift", "Your profile"),
    (Press("Organisation"), "What is the name"),
    ("Navigli Logistica", "Your profile"),
    (Press("Done"), ""),
)
PROFILE_IT: Sequence[Step] = (
    ("/profile", "Il tuo profilo"),
    (Press("Territorio"), "Dove vivi"),
    ("Bergamo", "Il tuo profilo"),
    (Press("Competenze"), "Cosa puoi offrire"),
    ("cucina, primo soccorso", "Il tuo profilo"),
    (Press("Ruolo"), "Con quale ruolo"),
    (Press("Istituzione"), "Come si chiama"),
    ("Comune di Bergamo", "Il tuo profilo"),
    (Press("Fatto"), ""),
)


def pledge(need_id: int, language: str) -> Sequence[Step]:
    if language == "it":
        return ((f"/start need_{need_id}", "Spesa per famiglie"),
                (Press("Altra quantità"), "Scrivi quanto offri"),
                ("2", "Grazie"))
    return ((f"/start need_{need_id}", "Spesa per famiglie"),
            (Press("Another quantity"), "Type how much you pledge"),
            ("2", "Thank you"))


def announce(run: int, language: str) -> Sequence[Step]:
    """An announcement of its own on each run (the same one twice is "already scheduled")."""
    if language == "it":
        return (("/announce", "Scrivine il testo"),
                (f"Riunione straordinaria n. {run}", "Chi deve riceverlo?"),
                (Press("Il gruppo e ogni membro"), "Quando deve partire?"),
                ("domani alle 18", "Va bene?"),
                (Press("No"), "Quando deve partire?"),
                (Press("Subito"), "Anteprima"),
                (Press("Invia"), "📣"))
    return (("/announce", "Write its text"),
            (f"Meeting number {run} of the team", "When should it go out?"),
            ("tomorrow at 6pm", "Is that right?"),
            (Press("Yes"), "Preview"),
            (Press("Schedule"), "📣"))


def slots(run: int, language: str) -> Sequence[Step]:
    """An hour of its own on each run (the same one twice overlaps)."""
    hour = f"{8 + 2 * run}:00"
    if language == "it":
        return (("/slots", "Le tue ore"),
                (Press("Aggiungi"), "Quando comincia"),
                (f"10/12 {hour}", "Ora aggiunta"),
                (Press("Come vi incontrate"), "Come si svolgono"),
                (Press("In un luogo"), "(Al massimo 200 caratteri.)"),
                ("Via Dante 5, Milano", "Salvato"),
                ("/slots", "Le tue ore"),
                (Press("Come vi incontrate"), "Come si svolgono"),
                (Press("Un link video"), "(Al massimo 300 caratteri.)"),
                ("https://meet.jit.si/ora-davide", "Salvato"))
    return (("/slots", "Your hours"),
            (Press("Add an hour"), "When does the hour begin?"),
            (f"11/12 {hour}", "Hour added"),
            (Press("How you meet"), "How do your hours happen?"),
            (Press("In a place"), "(At most 200 characters.)"),
            ("Via Dante 5, Milano", "Saved"))


def assessment(language: str) -> Sequence[Step]:
    """Typed text where a rating is expected; from the second run, a run is in progress."""
    if language == "it":
        return (("/assessment", "24"), (Press("Inizia|Ricomincia"), "1/24"), (Press(2), "2/24"))
    return (("/assessment", "24"), (Press("Start"), "1/24"), (Press(3), "2/24"),
            (Press(4), "3/24"))


TABLE_EDITS_IT: Sequence[Step] = (
    ("/tables", "Tavoli in programma"),
    (Press("📝"), "Che cosa vuoi cambiare"),
    (Press("Dove"), "(Al massimo 300 caratteri.)"),
    ("Casa della Cultura", "Luogo cambiato"),
    ("/tables", "Tavoli in programma"),
    (Press("📝"), "Che cosa vuoi cambiare"),
    (Press("Ordine del giorno"), "(Al massimo 3000 caratteri.)"),
    ("Turni\nRaccolta", "Ordine del giorno cambiato"),
    ("/tables", "Tavoli in programma"),
    (Press("📝"), "Che cosa vuoi cambiare"),
    (Press("Posti"), "Quante persone"),
    ("12", "Posti: 12"),
    ("/tables", "Tavoli in programma"),
    (Press("⏰"), "promemoria"),
    ("48", "Promemoria"),
)


async def setup_people(hostile: Hostile) -> int:
    """Tom designs Lombardia (English); Luca is an expert too; Davide, the demo's expert, can
    write; the Milano group is there to post in; Marco has a table next week. Returns the
    table's id."""
    world = hostile.world
    world.person(TOM, "Tom", "en")
    world.person(DAVIDE, "Davide", "it")
    world.api.add_group(MILANO_GROUP, "Cohesion Makers Milano", admins=(MARCO,),
                        members=(world.api.bot_user["id"], LUCA, ANNA))
    now = hostile.clock()
    async with world.uow() as uow:
        tom = await add_member(uow, TOM, "Tom", now=now, language="en")
        lombardia = await team_named_in(uow, "Cohesion Makers Lombardia")
        milano = await team_named_in(uow, "Cohesion Makers Milano")
        assert tom.id is not None and lombardia.id is not None and milano.id is not None
        await uow.memberships.join(member_id=tom.id, team_id=lombardia.id, now=now)
        await uow.roles.grant(telegram_id=TOM, role="designer", team_id=lombardia.id, now=now)
        await expert.add_expert(uow, now=now, telegram_id=LUCA, competences=["networking"],
                                languages=["en"], name="Luca Verdi", menu=False)
        view = await tables.create_table(uow, now=now, telegram_id=MARCO, draft=TableDraft(
            team_id=milano.id, starts_at=now + timedelta(days=7), place="Casa di quartiere",
            agenda="Raccolta vestiti", capacity=20))
    return view.id


@pytest.mark.timeout(300)
@settings(max_examples=1, derandomize=True, deadline=None, database=None,
          phases=(Phase.explicit, Phase.generate), suppress_health_check=list(HealthCheck))
@given(odd=st.tuples(st.permutations(KINDS), st.sampled_from(ODD)).map(
    lambda drawn: [*drawn[0], drawn[1]]))  # each kind at some step, in a drawn order
async def test_odd_answers_at_every_other_step(hostile: Hostile, odd: list[str]) -> None:
    world = hostile.world
    if TOM not in world.api.users:
        await setup_people(hostile)
    await walk(hostile, LUCA, PROFILE_EN, odd)
    await walk(hostile, ANNA, PROFILE_IT, odd)
    await walk(hostile, LUCA, pledge(hostile.milano_need, "en"), odd)
    await walk(hostile, ANNA, pledge(hostile.milano_need, "it"), odd)
    run = next(RUNS)
    await walk(hostile, MARCO, announce(run, "it"), odd)
    await walk(hostile, TOM, announce(run, "en"), odd)
    await walk(hostile, DAVIDE, slots(run, "it"), odd)
    await walk(hostile, LUCA, slots(run, "en"), odd)
    await walk(hostile, LUCA, assessment("en"), odd)
    await walk(hostile, ANNA, assessment("it"), odd)
    await walk(hostile, MARCO, TABLE_EDITS_IT, odd)
    hostile.clock.now += timedelta(days=2)  # the scheduled announcement is due
    await release(world, hostile.clock)
    await delivered_without_dead_rows(hostile)


def myneeds(run: int, language: str) -> Sequence[Step]:
    """A designer's /myneeds: a need's title and quantity edited, then closed with a typed
    reason and reopened (its own title and quantity on each run)."""
    if language == "it":
        return (("/myneeds", "Modifica 1"),
                (Press("Modifica 1"), "Che cosa vuoi cambiare"),
                (Press("Titolo"), "Cosa serve?"),
                (f"Spesa per famiglie, turno {run}", "è stato modificato"),
                ("/myneeds", "Modifica 1"),
                (Press("Modifica 1"), "Che cosa vuoi cambiare"),
                (Press("Quantità"), "Quanto serve"),
                (str(20 + run), "è stato modificato"),
                ("/myneeds", "Chiudi 1"),
                (Press("Chiudi 1"), "Chiudere"),
                ("Ci ha pensato il comune", "è chiuso"),
                ("/myneeds", "Riapri 1"),
                (Press("Riapri 1"), "di nuovo aperto"))
    return (("/myneeds", "Edit 1"),
            (Press("Edit 1"), "What do you want to change"),
            (Press("Title"), "What is needed?"),
            (f"Homework help, round {run}", "has been changed"),
            ("/myneeds", "Close 1"),
            (Press("Close 1"), "Close <b>"),
            ("The school took it on", "is closed"),
            ("/myneeds", "Reopen 1"),
            (Press("Reopen 1"), "is reopened"))


DECLINE_IT: Sequence[Step] = (
    ("/proposals", "Rifiuta"),
    (Press("Rifiuta"), "Perché rifiuti"),
    ("Ci pensa già il banco alimentare", "è stata rifiutata"),
)


@pytest.mark.timeout(300)
@settings(max_examples=1, derandomize=True, deadline=None, database=None,
          phases=(Phase.explicit, Phase.generate), suppress_health_check=list(HealthCheck))
@given(odd=st.tuples(st.permutations(KINDS), st.sampled_from(ODD)).map(
    lambda drawn: [*drawn[0], drawn[1]]))
async def test_odd_answers_in_a_designers_needs_and_proposals(hostile: Hostile,
                                                              odd: list[str]) -> None:
    """/myneeds' edits and close reason (Italian and English) and a proposal's decline reason
    (Italian; proposed in English by Luca)."""
    world = hostile.world
    if TOM not in world.api.users:
        await setup_people(hostile)
        await post(world, "Help with homework", team="Cohesion Makers Lombardia", by=TOM)
    run = next(RUNS)
    await walk(hostile, MARCO, myneeds(run, "it"), odd)
    await walk(hostile, TOM, myneeds(run, "en"), odd)
    await world.converse(LUCA, [
        ("/propose", "What need have you noticed?"),
        (f"Pasta for the soup kitchen, round {run}", "Describe it"),
        (Press("Skip"), "Which category"),
        (Press("Food and essentials"), "What would help"),
        (Press("Kilos"), "How much is needed, in kg?"),
        ("40", "Thank you! Your proposal"),
    ])
    await walk(hostile, MARCO, DECLINE_IT, odd)
    await delivered_without_dead_rows(hostile)


MINUTES_IT: Sequence[Step] = (
    ("/minutes", "Di quale tavolo"),
    (Press("Milano"), "Chi c'era?"),
    ("Anna, Luca", "Cosa si è deciso?"),
    ("Turni di dicembre", "Finora"),
    (Press("Fatto"), "Qualche nota?"),
    ("Grazie a tutti", "Controlla il verbale"),
    (Press("Pubblica il verbale"), "Verbale salvato"),
)
MINUTES_EN: Sequence[Step] = (
    ("/minutes", "Which table"),
    (Press("Lombardia"), "Who came?"),
    ("Tom, Luca", "What was decided?"),
    ("Two more shifts on Saturdays", "So far"),
    (Press("Done"), "Any notes?"),
    ("Thanks, everyone", "Check the minutes"),
    (Press("Post the minutes"), "no linked group to post them in"),
)


@pytest.mark.timeout(300)
@settings(max_examples=1, derandomize=True, deadline=None, database=None,
          phases=(Phase.explicit, Phase.generate), suppress_health_check=list(HealthCheck))
@given(odd=st.tuples(st.permutations(KINDS), st.sampled_from(ODD)).map(
    lambda drawn: [*drawn[0], drawn[1]]))
async def test_odd_answers_in_the_minutes(hostile: Hostile, odd: list[str]) -> None:
    """/minutes of a table just held, in Italian (Marco, Milano) and English (Tom,
    Lombardia): attendance, decisions one per message, notes, publishing."""
    world = hostile.world
    if TOM not in world.api.users:
        await setup_people(hostile)
    now = hostile.clock()
    async with world.uow() as uow:
        for designer, team in ((MARCO, "Cohesion Makers Milano"),
                               (TOM, "Cohesion Makers Lombardia")):
            found = await team_named_in(uow, team)
            assert found.id is not None
            await tables.create_table(uow, now=now, telegram_id=designer, draft=TableDraft(
                team_id=found.id, starts_at=now + timedelta(hours=2), place="Sala civica",
                agenda="Turni", capacity=None))
    hostile.clock.now += timedelta(days=1)  # the tables were held
    await walk(hostile, MARCO, MINUTES_IT, odd)
    await walk(hostile, TOM, MINUTES_EN, odd)
    await delivered_without_dead_rows(hostile)
