"""/export through the real dispatcher, in Italian and English: a designer picks a period with
the buttons and gets the ZIP (";" in Italian, then "," with the button), an observer types a
period and gets the region's, an admin picks "everywhere", a member is refused, a typed period
that cannot be read is answered with examples, forged buttons are refused. The world is
tests/helpers/export_world.py's (October 2026; the clock on 26 November 2026)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.config import Settings
from tests.conftest import Clock
from tests.helpers.export_world import (
    ADMIN,
    DESIGNER,
    OBSERVER,
    PEOPLE,
    STRANGER,
    ExportWorld,
    build,
)
from tests.world import Forge, Press, World, open_world

ENGLISH_DESIGNER = 700000301


@pytest.fixture
async def scene(settings: Settings, clock: Clock, tmp_path: Any
                ) -> AsyncIterator[tuple[World, ExportWorld]]:
    async with open_world(settings, clock, (DESIGNER, "Marta", "it"),
                          (OBSERVER, "Olga", "en"), (ADMIN, "Alba", "it"),
                          (STRANGER, "Stefano", "it"), (ENGLISH_DESIGNER, "Emily", "en"),
                          demo=False) as world:
        world.api.media_dir = tmp_path / "media"
        async with world.uow() as uow:
            built = await build(uow, clock())
            await uow.roles.grant(telegram_id=ENGLISH_DESIGNER, role="designer",
                                  team_id=built.milano, now=clock())
            await uow.roles.grant(telegram_id=ENGLISH_DESIGNER, role="designer",
                                  team_id=built.bergamo, now=clock())
        yield world, built


def documents(world: World, outputs: list[Any]) -> list[tuple[str, dict[str, bytes]]]:
    """(file name, the ZIP's files) of each document sent."""
    found = []
    for output in outputs:
        if output.kind != "document":
            continue
        saved = world.api.files[(output.chat_id, output.message_id)]
        with zipfile.ZipFile(saved.path) as archive:
            assert archive.testzip() is None
            found.append((saved.filename, {n: archive.read(n) for n in archive.namelist()}))
    return found


def first_row(files: dict[str, bytes], name: str, separator: str) -> list[str]:
    text = files[name].decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=separator))[1]


async def test_a_designer_picks_last_month_and_then_commas(
        scene: tuple[World, ExportWorld]) -> None:
    world, built = scene
    outputs = await world.converse(DESIGNER, [
        ("/export", ["Esportazione – Cohesion Makers Milano: quale periodo?", "Questo mese",
                     "Il mese scorso", "Ultimi 3 mesi", "Quest'anno"]),
        (Press("Il mese scorso"), [
            "Preparo l'esportazione…", "<b>Esportazione – Cohesion Makers Milano</b>",
            "Periodo: dal 1 ottobre 2026 al 31 ottobre 2026",
            "Bisogni: 2 · impegni e consegne: 4 · tavoli: 2 · competenze: 2 · team: 1",
            "Separatore: punto e virgola (;)", "Di nuovo, separato da virgole (,)"]),
        (Press("virgole"), ["Separatore: virgola (,)", "Di nuovo, separato da punti e virgola"]),
    ])
    (name, italian), (same, english) = documents(world, outputs)
    assert name == same == "export_cohesion-makers-milano_20261001-20261031.zip"
    assert italian["needs.csv"].startswith(b"\xef\xbb\xbfneed_id;team_id;")
    assert first_row(italian, "needs.csv", ";")[18] == "3"  # days to coverage
    assert first_row(english, "needs.csv", ",")[17] == "1.5"  # days to the first pledge
    assert "Periodo: dal 1 ottobre 2026" in italian["README.txt"].decode("utf-8-sig")
    for files in (italian, english):
        every = b"".join(files.values()).decode("utf-8-sig")
        assert not any(str(i) in every or n in every for i, n in PEOPLE.items())


async def test_an_observer_types_a_period_in_english(scene: tuple[World, ExportWorld]) -> None:
    world, _ = scene
    outputs = await world.converse(OBSERVER, [
        ("/export from 1 October to 31 October", [
            "<b>Export – Lombardia (region)</b>",
            "Period: from October 1, 2026 to October 31, 2026",
            "Needs: 3 · pledges and deliveries: 5 · tables: 2 · competences: 2 · teams: 2",
            "Separator: comma (,)", "Again, separated by semicolons (;)"]),
        ("/export the day after tomorrow", [
            "I could not read “the day after tomorrow” as a period",
            "<code>/export dal 1/3 al 31/5</code>", "<code>/export 2026</code>"]),
    ])
    [(name, files)] = documents(world, outputs)
    assert name == "export_lombardia-region_20261001-20261031.zip"
    assert "Scope: Lombardia (region)" in files["README.txt"].decode("utf-8-sig")


async def test_a_designer_of_two_teams_chooses_after_typing_and_a_forged_press_is_refused(
        scene: tuple[World, ExportWorld]) -> None:
    world, built = scene
    outputs = await world.converse(ENGLISH_DESIGNER, [
        ("/export October 2026", ["What do you want to export?", "All my teams",
                                  "Cohesion Makers Milano", "Cohesion Makers Bergamo"]),
        (Press("Bergamo"), ["<b>Export – Cohesion Makers Bergamo</b>",
                            "Period: from October 1, 2026 to October 31, 2026",
                            "Needs: 1 · pledges and deliveries: 1"]),
        (Forge(f"exp:team:{built.roma}:20261001-20261031:"),
         "You are not allowed to export that"),
        (Forge("exp:place:R-03::"), "You are not allowed to export that"),
        (Forge(f"exp:team:{built.milano}:20261001-99991231:c"), "no longer valid"),
        (Forge(f"exp:team:{built.milano}:soon:"), "no longer valid"),
        (Forge("exp:galaxy:1::"), "no longer valid"),
    ])
    assert len(documents(world, outputs)) == 1
    alerts = [o for o in outputs if o.kind == "toast" and o.alert]
    assert len(alerts) == 5


async def test_an_admin_exports_everywhere_with_this_year(
        scene: tuple[World, ExportWorld]) -> None:
    world, _ = scene
    outputs = await world.converse(ADMIN, [
        ("/export", ["Esportazione – Ovunque: quale periodo?"]),
        (Press("Quest'anno"), ["<b>Esportazione – Ovunque</b>",
                               "Periodo: dal 1 gennaio 2026 al 26 novembre 2026",
                               "team: 3"]),
    ])
    [(name, files)] = documents(world, outputs)
    assert name == "export_ovunque_20260101-20261126.zip"
    assert len(files["teams.csv"].decode("utf-8-sig").splitlines()) == 4


async def test_a_member_is_refused_in_their_language(
        scene: tuple[World, ExportWorld], clock: Clock) -> None:
    world, _ = scene
    outputs = await world.converse(STRANGER, [
        ("/export", "Le esportazioni sono per i designer di un team, gli osservatori"),
        ("/export 2026", "Le esportazioni sono per i designer di un team"),
        (Forge("exp:all:all:20260101-20261126:"), "Non hai il permesso di esportarlo"),
    ])
    world.person(700000999, "Edward", "en")
    outputs += await world.converse(700000999, [
        ("/export", "Exports are for the designers of a team, the observers of a territory "
                    "and the admins")])
    assert documents(world, outputs) == []


async def test_help_lists_export_for_designers_and_observers(
        scene: tuple[World, ExportWorld]) -> None:
    world, _ = scene
    await world.converse(DESIGNER, [("/help", "/export – bisogni, impegni, tavoli e crescita "
                                              "del tuo team in file CSV")])
    await world.converse(OBSERVER, [("/help", "/export – your territory's needs, pledges")])
