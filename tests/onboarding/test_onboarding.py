"""Onboarding through the real dispatcher, in Italian and in English, with wrong inputs."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.config import Settings
from storage.models import Member
from tests.helpers.rows import team_named_in
from tests.world import Forge, Press, World, open_world

GIULIA, EMMA = 1001, 1002


@pytest.fixture
async def world(settings: Settings, clock: object) -> AsyncIterator[World]:
    async with open_world(settings, clock, (GIULIA, "Giulia", "it"), (EMMA, "Emma", "en")) as world:
        yield world


async def member_row(world: World, telegram_id: int) -> Member | None:
    async with world.uow() as uow:
        return await uow.members.by_telegram_id(telegram_id)


async def test_onboarding_in_italian_joins_the_city_team(world: World) -> None:
    await world.converse(GIULIA, [
        ("/start", ["Benvenuto in Cohesion Makers! Scegli la lingua.",
                    "Welcome to Cohesion Makers! Choose your language.", "Italiano", "English"]),
        (Press("Italiano"), ["<b>Privacy</b>", "numero di telefono", "✅ Acconsento"]),
        (Press("Acconsento"), ["Con quale ruolo partecipi?", "🙋 Cittadino", "🏛 Istituzione"]),
        (Press("Cittadino"), "Dove vivi o lavori?"),
        ("milano", ["📍 Territorio: Milano (MI) – Lombardia", "Cosa puoi offrire?", "Salta"]),
        ("primo soccorso, guida,  primo soccorso", "Quanto tempo puoi dedicare?"),
        (Press("settimana"), ["Grazie, Giulia: ora sei un cohesion maker!",
                              "Il team di Milano (MI) è <b>Cohesion Makers Milano</b>",
                              "Entra in Cohesion Makers Milano", "Non ora"]),
        (Press("Entra in"), "🎉 Benvenuto in <b>Cohesion Makers Milano</b>!"),
    ])
    member = await member_row(world, GIULIA)
    assert member is not None
    assert (member.language, member.actor_type, member.territory_code) == ("it", "citizen", "F205")
    assert member.skills == "primo soccorso, guida"
    assert member.availability == "week" and member.is_onboarded and member.consent_at
    milano = await team_named_in(world, "Cohesion Makers Milano")
    async with world.uow() as uow:
        assert await uow.memberships.get(member_id=member.id or 0, team_id=milano.id or 0)


async def test_onboarding_in_english_npo_with_an_ambiguous_place(world: World) -> None:
    await world.converse(EMMA, [
        ("/start", "Choose your language"),
        (Press("English"), ["Privacy", "phone number", "I agree"]),
        (Press("I agree"), "Who are you joining as?"),
        (Press("Non-profit"), "What is the name of your non-profit organisation?"),
        ("x", "between 2 and 100 characters"),
        ("  Brugherio   Aiuta ", "Where do you live or work?"),
        ("samone", ["could be more than one place", "Samone (TO) – Piemonte", "None of these"]),
        (Press("None of these"), "type the place again"),
        ("xqzzyv wvk", "I couldn't find “xqzzyv wvk”"),
        ("brugherio mb", ["📍 Territory: Brugherio (MB) – Lombardia", "What can you offer?"]),
        (Press("Skip"), "How much time can you give?"),
        (Press("Skip"), ["Thank you, Emma", "There is no team in Brugherio (MB) yet",
                         "Cohesion Makers Lombardia", "Not now"]),
        (Press("Not now"), "You can join a team later with /join."),
    ])
    member = await member_row(world, EMMA)
    assert member is not None
    assert (member.language, member.actor_type, member.organisation_name) == (
        "en", "npo", "Brugherio Aiuta")
    assert member.territory_code == "B212" and member.skills is None and member.is_onboarded
    async with world.uow() as uow:
        assert await uow.teams.of_member(member.id or 0) == []


async def test_picking_one_of_the_ambiguous_places(world: World) -> None:
    await world.converse(EMMA, [
        ("/start", "Choose your language"), (Press("English"), "Privacy"),
        (Press("I agree"), "Who are you"), (Press("Citizen"), "Where do you live"),
        ("Samone", "Samone (TN) – Trentino"),
        (Press("Samone (TO)"), "📍 Territory: Samone (TO) – Piemonte"),
        (Press("Skip"), "How much time"),
        (Press("Weekends"), "There is no team in Samone (TO) or its province and region yet"),
    ])
    member = await member_row(world, EMMA)
    assert member is not None and member.territory_code == "H753"
    assert member.availability == "weekends"


async def test_wrong_inputs_are_answered_and_change_nothing(world: World) -> None:
    await world.converse(GIULIA, [
        ("/start", "Scegli la lingua"),
        ("ciao", "Scegli uno dei pulsanti qui sopra"),
        (Forge("lang:xx"), "Questo pulsante non è più valido."),
        (Forge("consent:1"), "Questo pulsante non è più valido."),  # not the consent step yet
        (Forge("\u0000garbage"), "Questo pulsante non è più valido."),
        (Press("Italiano"), "Acconsento"),
    ])
    assert await member_row(world, GIULIA) is None  # nothing stored before consent
    await world.converse(GIULIA, [
        (Press("Acconsento"), "Con quale ruolo"),
        ("cittadino", ["Scegli uno dei pulsanti", "🙋 Cittadino"]),
        (Forge("actor:pirate"), "non è più valido"),
        (Press("Cittadino"), "Dove vivi"),
        ("Castro", "può indicare più di un luogo"),
        (Forge("place:F205"), "non è più valido"),  # Milano was not among the candidates
    ])
    member = await member_row(world, GIULIA)
    assert member is not None and member.territory_code is None and member.actor_type == "citizen"
    await world.converse(GIULIA, [
        ("/help", "/start – registrati o ricomincia"),  # commands work in the middle of a step
        ("Castro", "può indicare più di un luogo"),      # and the step is still there
        ("/boh", ["Scegli uno dei pulsanti", "Castro (LE) – Puglia"]),  # buttons shown again
        (Press(1), "📍 Territorio: Castro"),
        ("x" * 301, "al massimo 300 caratteri"),
        (Press("Salta"), "Quanto tempo"),
        ("molto", "Scegli uno dei pulsanti"),
        (Forge("avail:always"), "non è più valido"),
        (Press("Salta"), "Grazie, Giulia"),
        (Forge("join:999"), "non è più valido"),
        (Press("Non ora"), "/join"),
        ("che succede?", "Non ho capito. /help elenca cosa puoi fare."),
    ])


async def test_declining_consent_stores_nothing(world: World) -> None:
    await world.converse(EMMA, [
        ("/start", "Choose"), (Press("English"), "Privacy"),
        (Press("No, thanks"), "nothing has been stored"),
        (Forge("consent:1"), "This button is no longer valid."),
    ])
    assert await member_row(world, EMMA) is None


async def test_an_interrupted_registration_resumes_where_it_stopped(world: World) -> None:
    await world.converse(GIULIA, [
        ("/start", "Scegli"), (Press("Italiano"), "Privacy"), (Press("Acconsento"), "ruolo"),
        (Press("Impresa"), "Come si chiama la tua impresa?"),
        ("/start", ["Completiamo la registrazione", "Come si chiama la tua impresa?"]),
        ("Officine Brambilla S.p.A.", "Dove vivi"),
    ])
    member = await member_row(world, GIULIA)
    assert member is not None and member.organisation_name == "Officine Brambilla S.p.A."


async def test_deep_link_offers_the_inviting_team(world: World) -> None:
    bergamo = await team_named_in(world, "Cohesion Makers Bergamo")
    await world.converse(EMMA, [
        ("/start team_99999", ["This invitation link is no longer valid", "Choose"]),
        (f"/start team_{bergamo.id}", "Choose your language"),
        (Press("English"), "Privacy"), (Press("I agree"), "Who"), (Press("Company"), "company"),
        ("Acme Srl", "Where"), ("Milan", "Milano (MI)"), (Press("Skip"), "time"),
        (Press("Skip"), ["You have been invited to <b>Cohesion Makers Bergamo</b>",
                         "Join Cohesion Makers Bergamo"]),
        (Press("Join"), "Welcome to <b>Cohesion Makers Bergamo</b>"),
        (f"/start team_{bergamo.id}", "You are already a member of <b>Cohesion Makers Bergamo</b>"),
        ("/join", "Cohesion Makers Milano"),
    ])


async def test_commands_that_need_registration_say_so(world: World) -> None:
    await world.converse(GIULIA, [
        ("/profile", "Prima registriamoci: invia /start."),
        ("/team", "Prima registriamoci"),
        ("/join", "Prima registriamoci"),
        ("/mydata", "Non abbiamo dati su di te."),
        ("/deleteme", "Non abbiamo dati su di te."),
        ("/privacy", "Non chiediamo mai il tuo numero di telefono."),
    ])


async def test_language_before_registration_leads_into_onboarding(world: World) -> None:
    await world.converse(GIULIA, [
        ("/language", "Choose your language"),
        (Press("English"), ["Do you agree that we keep these data?", "I agree"]),
        (Press("I agree"), "Who are you joining as?"),
    ])
    member = await member_row(world, GIULIA)
    assert member is not None and member.language == "en"
