"""/profile, /team, /join, /help by role, /mydata and /deleteme, through the real dispatcher."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Settings
from tests.world import Forge, Press, World, open_world

MARCO, SARA, LUCA = 2001, 2002, 2003  # demo personas: designers Marco and Sara, member Luca


@pytest.fixture
async def world(settings: Settings, clock: object) -> AsyncIterator[World]:
    async with open_world(settings, clock, (MARCO, "Marco", "it"), (SARA, "Sara", "it"), (LUCA, "Luca", "en"),
                          (1001, "Giulia", "it")) as world:
        yield world


async def test_profile_shows_everything_and_edits_each_field(world: World) -> None:
    await world.converse(LUCA, [
        ("/profile", ["<b>Your profile</b>", "Name: Luca", "You act as: 🏢 Company",
                      "Organisation: Navigli Logistica Srl", "Territory: Milano (MI) – Lombardia",
                      "Teams: Cohesion Makers Milano", "Member since November 26, 2026",
                      "Territory", "Done"]),
        (Press("Territory"), "Where do you live"),
        ("Bergamo", ["📍 Territory: Bergamo (BG) – Lombardia", "Territory: Bergamo (BG)"]),
        (Press("Skills"), "What can you offer?"),
        ("logistics, forklift", "Skills: logistics, forklift"),
        (Press("Actor type"), "Who are you joining as?"),
        (Press("Institution"), "What is the name of your institution?"),
        ("Comune di Bergamo", ["You act as: 🏛 Institution", "Organisation: Comune di Bergamo"]),
        (Press("Availability"), "How much time"),
        (Press("On call"), "Availability: On call in emergencies"),
        (Press("Language"), "Choose the language:"),
        (Press("Italiano"), ["Fatto: d’ora in poi ti scriverò in italiano.", "Il tuo profilo",
                             "Iscritto dal 26 novembre 2026"]),
        (Press("Fatto"), "Il tuo profilo è aggiornato."),
        (Forge("prof:territory"), "Questo pulsante non è più valido."),  # the menu is closed
    ])
    async with world.uow() as uow:
        luca = await uow.members.by_telegram_id(LUCA)
    assert luca is not None
    assert (luca.territory_code, luca.skills, luca.actor_type, luca.organisation_name,
            luca.availability, luca.language) == (
        "A794", "logistics, forklift", "institution", "Comune di Bergamo", "oncall", "it")


async def test_becoming_a_citizen_drops_the_organisation(world: World) -> None:
    await world.converse(LUCA, [
        ("/profile", "Organisation"), (Press("Actor type"), "Who"),
        (Press("Citizen"), ["You act as: 🙋 Citizen"]),
        (Forge("prof:organisation"), "This button is no longer valid."),  # no such field now
    ])
    async with world.uow() as uow:
        luca = await uow.members.by_telegram_id(LUCA)
    assert luca is not None and luca.organisation_name is None


async def test_team_card(world: World) -> None:
    outputs = await world.converse(LUCA, [
        ("/team", ["<b>Cohesion Makers Milano</b>", "📍 Milano (MI) – Lombardia",
                   "Designer: Marco", "2 members", "Group chat: linked"]),
    ])
    assert len(outputs) == 1
    await world.converse(SARA, [
        ("/team", ["Cohesion Makers Bergamo", "Cohesion Makers Brescia", "1 membro",
                   "Gruppo Telegram: non ancora collegato"]),
        ("/join", "Fai già parte di <b>Cohesion Makers Bergamo</b>"),
    ])


async def test_help_lists_what_each_role_may_use(world: World) -> None:
    marco = await world.converse(MARCO, [("/help", ["/profile", "Come designer", "/linkgroup"])])
    luca = await world.converse(LUCA, [("/help", ["/profile", "/team", "/deleteme"])])
    giulia = await world.converse(1001, [("/help", "/start")])
    assert "As a designer" not in luca[0].text and "/linkgroup" not in luca[0].text
    assert "/profile" not in giulia[0].text and "designer" not in giulia[0].text
    assert "Come amministratore" not in marco[0].text


async def test_mydata_sends_a_file_of_everything_we_hold(world: World, tmp_path: Path) -> None:
    world.api.media_dir = tmp_path
    outputs = await world.converse(LUCA, [("/mydata", "Here is everything we hold about you.")])
    assert outputs[0].kind == "document" and outputs[0].path is not None
    data = json.loads(outputs[0].path.read_text())
    assert data["telegram_id"] == LUCA and data["first_name"] == "Luca"
    assert data["organisation_name"] == "Navigli Logistica Srl"
    assert [team["name"] for team in data["teams"]] == ["Cohesion Makers Milano"]
    assert "phone" not in json.dumps(data)


async def test_deleteme_erases_member_memberships_and_roles(world: World) -> None:
    await world.converse(MARCO, [
        ("/deleteme", ["Non si può annullare", "Sì, cancella i miei dati", "Annulla"]),
        (Press("Annulla"), "Non è stato cancellato nulla."),
        ("/deleteme", "Sei sicuro?"),
        (Press("Sì"), "I tuoi dati sono stati cancellati."),
        ("/team", "Prima registriamoci"),
    ])
    async with world.uow() as uow:
        assert await uow.members.by_telegram_id(MARCO) is None
        milano = next(t for t in await uow.teams.all() if t.name.endswith("Milano"))
        assert await uow.teams.member_count(milano.id or 0) == 1
        assert await uow.teams.designers(milano.id or 0) == []


async def test_the_cached_language_follows_a_change(world: World) -> None:
    await world.converse(LUCA, [
        ("/privacy", "Privacy"), ("/language", "Choose the language"),
                                (Press("Italiano"), "d’ora in poi ti scriverò in italiano"),
                                ("/privacy", "Non chiediamo mai"),
                                ("/deleteme", "Sei sicuro?"), (Press("Sì"), "cancellati"),
                                ("/start", "Welcome to Cohesion Makers")])


async def test_dates_shown_follow_the_pinned_clock_in_rome_time(settings: Settings) -> None:
    """23:30 UTC on New Year's Eve is already 1 January in Rome: the date a person reads is the
    injected clock's, in Europe/Rome, formatted by Babel in their language."""
    from datetime import UTC, datetime

    from tests.conftest import Clock

    world = World(settings, Clock(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)))
    try:
        await world.load_demo()
        world.person(MARCO, "Marco", "it")
        world.person(LUCA, "Luca", "en")
        await world.converse(MARCO, [("/profile", "Iscritto dal 1 gennaio 2027")])
        await world.converse(LUCA, [("/profile", "Member since January 1, 2027")])
    finally:
        await world.close()
