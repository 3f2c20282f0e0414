"""The greeting at the end of registration says what to do next (issue 22, point 16): /needs
near you, the team's next table (with a team), /assessment — in Italian and English; a later
/join does not repeat it. The rows: the member registered, and in the team they chose."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.config import Settings
from playground.api import Output
from tests.helpers.rows import team_named_in
from tests.world import Press, World, open_world

GIULIA, EMMA = 1001, 1002
NEXT_IT = ["<b>E adesso?</b>", "• /needs – i bisogni vicino a te, e come puoi dare una mano",
           "• /assessment – pochi minuti per scoprire i tuoi punti di forza da cohesion maker"]
TABLES_IT = "• /tables – il prossimo tavolo del tuo team: vieni a conoscere tutti"
NEXT_EN = ["<b>What next?</b>", "• /needs – the needs near you, and how you can help",
           "• /assessment – a few minutes to find your strengths as a cohesion maker"]
TABLES_EN = "• /tables – your team's next table: come and meet everyone"


@pytest.fixture
async def world(settings: Settings, clock: object) -> AsyncIterator[World]:
    async with open_world(settings, clock, (GIULIA, "Giulia", "it"), (EMMA, "Emma", "en")) as world:
        yield world


def said(outputs: list[Output]) -> str:
    return "\n".join(o.text for o in outputs)


async def test_italian_joining_the_team_then_what_to_do(world: World) -> None:
    await world.converse(GIULIA, [
        ("/start", "Scegli la lingua"), (Press("Italiano"), "Privacy"),
        (Press("Acconsento"), "Con quale ruolo"), (Press("Cittadino"), "Dove vivi"),
        ("milano", "Cosa puoi offrire?"), (Press("Salta"), "Quanto tempo"),
        (Press("settimana"), "Entra in Cohesion Makers Milano"),
        (Press("Entra in"), ["🎉 Benvenuto in <b>Cohesion Makers Milano</b>!", *NEXT_IT,
                             TABLES_IT]),
    ])
    async with world.uow() as uow:
        member = await uow.members.by_telegram_id(GIULIA)
        milano = await team_named_in(world, "Cohesion Makers Milano")
        assert member is not None and member.is_onboarded
        assert await uow.memberships.get(member_id=member.id or 0, team_id=milano.id or 0)


async def test_english_without_a_team_then_what_to_do_and_not_again_on_join(
        world: World) -> None:
    outputs = await world.converse(EMMA, [
        ("/start", "Choose your language"), (Press("English"), "Privacy"),
        (Press("I agree"), "Who are you joining as?"), (Press("Citizen"), "Where do you live"),
        ("milano", "What can you offer?"), (Press("Skip"), "How much time"),
        (Press("Skip"), "Cohesion Makers Milano"),
        (Press("Not now"), ["You can join a team later with /join.", *NEXT_EN]),
    ])
    assert TABLES_EN not in said(outputs[-1:])   # no team, no table of theirs
    outputs = await world.converse(EMMA, [
        ("/join", "Cohesion Makers Milano"),
        (Press("Cohesion Makers Milano"), "🎉 Welcome to <b>Cohesion Makers Milano</b>!"),
    ])
    assert "What next?" not in said(outputs)     # already told once
    async with world.uow() as uow:
        member = await uow.members.by_telegram_id(EMMA)
        assert member is not None and member.is_onboarded and member.language == "en"
        assert [team.name for team in await uow.teams.of_member(member.id or 0)] == [
            "Cohesion Makers Milano"]
