"""/members for a designer (issue 22, point 7): the team's members a page at a time (actor
type, skills, joined, last active), a CSV file, the choice of team for a designer of several;
everyone else refused in their language. "Last active" is a day, written once a day."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import Settings
from tests.conftest import Clock
from tests.helpers.rows import add_member, team_id
from tests.world import Forge, Press, World, open_world

MARCO, SARA, LUCA, GIULIA = 2001, 2002, 2003, 1001


@pytest.fixture
async def world(settings: Settings, clock: Clock, tmp_path: Path) -> AsyncIterator[World]:
    async with open_world(settings, clock, (MARCO, "Marco", "it"), (SARA, "Sara", "it"),
                          (LUCA, "Luca", "en"), (GIULIA, "Giulia", "it")) as world:
        world.api.media_dir = tmp_path
        milano = await team_id(world, "Cohesion Makers Milano")
        async with world.uow() as uow:  # twelve more people join Milano, a day apart
            for n in range(12):
                name = "=HYPERLINK(1)" if n == 11 else f"Persona {n + 1:02d}"
                member = await add_member(uow, 3000 + n, name, now=clock(),
                                          skills="cucina, trasporti" if n == 0 else None)
                await uow.memberships.join(member_id=member.id or 0, team_id=milano,
                                           now=clock() + timedelta(days=n + 1))
        yield world


async def test_members_and_others_are_refused_in_their_language(world: World) -> None:
    milano = await team_id(world, "Cohesion Makers Milano")
    await world.converse(LUCA, [
        ("/members", "/members is for the designers of a team"),
        (Forge(f"roster:{milano}:0"), "/members is for the designers of a team"),
        (Forge(f"rostercsv:{milano}"), "/members is for the designers of a team"),
    ])
    await world.converse(GIULIA, [("/members", "/members è per i designer di un team")])
    # Sara designs Bergamo and Brescia, not Milano: a forged button for it is refused too.
    await world.converse(SARA, [(Forge(f"roster:{milano}:0"), "è per i designer")])
    assert not [o for o in world.api.outputs if o.kind == "document"]


async def test_a_designer_pages_through_the_members_and_gets_a_csv(world: World,
                                                                   clock: Clock) -> None:
    milano = await team_id(world, "Cohesion Makers Milano")
    await world.converse(LUCA, [("/team", "Cohesion Makers Milano")])  # seen today
    await world.converse(MARCO, [
        ("/members", ["<b>Cohesion Makers Milano</b>: membri 1–10 di 14",
                      "1. <b>Marco</b> – 🙋 Cittadino",
                      "2. <b>Luca</b> – 🏢 Impresa (Navigli Logistica Srl)",
                      "Competenze: cucina, trasporti",
                      "Nel team dal 26 nov 2026 · ultima attività 26 nov 2026",
                      "ultima attività non ancora", "Avanti ▶️", "📄 File CSV"]),
        (Press("Avanti"), ["membri 11–14 di 14", "14. <b>=HYPERLINK(1)</b>", "◀️ Indietro"]),
        (Press("Indietro"), "membri 1–10 di 14"),
        (Forge(f"roster:{milano}:99"), "membri 11–14 di 14"),  # past the end: the last page
        (Press("CSV"), "I membri di <b>Cohesion Makers Milano</b> (14), in un file CSV."),
    ])
    document = world.api.outputs[-1]
    assert document.kind == "document" and document.chat_id == MARCO
    assert document.path is not None
    rows = list(csv.reader(io.StringIO(document.path.read_bytes().decode("utf-8-sig"))))
    assert rows[0] == ["Nome", "Partecipa come", "Organizzazione", "Competenze",
                       "Disponibilità", "Territorio", "Iscritto al team", "Ultima attività"]
    assert rows[2][:3] == ["Luca", "🏢 Impresa", "Navigli Logistica Srl"]
    assert rows[2][5:] == ["Milano (MI)", "2026-11-26", "2026-11-26"]
    assert rows[3][3] == "cucina, trasporti" and rows[3][6] == "2026-11-27"
    assert rows[-1][0] == "'=HYPERLINK(1)"  # a spreadsheet shows it, does not run it
    assert len(rows) == 15


async def test_last_active_is_a_day_written_once_a_day(world: World, clock: Clock) -> None:
    async with world.uow() as uow:
        luca = await uow.members.by_telegram_id(LUCA)
        assert luca is not None and luca.last_seen_on is None
    await world.converse(LUCA, [("/team", "Cohesion Makers Milano"), ("/profile", "Luca")])
    async with world.uow() as uow:
        luca = await uow.members.by_telegram_id(LUCA)
        assert luca is not None and str(luca.last_seen_on) == "2026-11-26"
    clock.now += timedelta(days=2, hours=14)  # 28 Nov, 23:00 UTC: already the 29th in Rome
    await world.converse(LUCA, [("/team", "Cohesion Makers Milano")])
    async with world.uow() as uow:
        luca = await uow.members.by_telegram_id(LUCA)
        assert luca is not None and str(luca.last_seen_on) == "2026-11-29"
    # In English for a designer who reads English; Luca designs Milano from now on.
    async with world.uow() as uow:
        await uow.roles.grant(telegram_id=LUCA, role="designer", team_id=await team_id(
            uow, "Cohesion Makers Milano"), now=clock())
    await world.converse(LUCA, [
        ("/members", ["members 1–10 of 14", "2. <b>Luca</b> – 🏢 Company",
                      "Joined Nov 26, 2026 · last active Nov 29, 2026",
                      "last active not yet", "Next ▶️", "📄 CSV file"]),
    ])


async def test_a_designer_of_several_teams_chooses_one(world: World) -> None:
    await world.converse(SARA, [
        ("/members", ["I membri di quale team?", "Cohesion Makers Bergamo",
                      "Cohesion Makers Brescia"]),
        (Press("Brescia"), ["<b>Cohesion Makers Brescia</b>: membri 1–1 di 1",
                            "1. <b>Sara</b> – 🤝 Ente del terzo settore (ETS) (Bergamo Solidale)",
                            "📄 File CSV"]),
    ])
