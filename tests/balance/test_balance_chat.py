"""/balance through the real dispatcher, in Italian and English: a designer's team, a designer
of two teams (buttons, a forged one), an observer's region and province, a member refused,
nothing to show; the chart image sent, drawn in a worker thread, labelled in the language.

The figures are worked out by hand from the needs below (now = T0, 26 Nov 2026 09:00 UTC):

Milano (team of Marco; comune F205), live needs, least covered first:
  A  Pacchi spesa per famiglie        0/10 parcels, posted 10 days ago   -> unanswered (>= 7 days)
  D  Coperte per il dormitorio        0/10 parcels, posted 3 days ago    -> not yet (3 < 7)
  B  Accompagnare anziani             8/20 hours,   posted 5 days ago, first pledge after 1 day
  C  Latte per neonati               14/10 items (5 delivered), posted 4 days ago, first pledge
                                     after 2 hours, covered after 3 days -> over-covered (> 110 %)
  (a closed need is history: left out)
  coverage index = (0 + 0 + 0.4 + 1) / 4 = 0.35 -> 35 %
  Gini of [0, 0, 0.4, 1.4]: total 1.8, Σ i·x = 3·0.4 + 4·1.4 = 6.8,
      2·6.8 / (4·1.8) − 5/4 = 1.8889 − 1.25 = 0.6389 -> 0.64
  mean time to first pledge (1 day, 2 hours) = 13 hours; to coverage (C only) = 3 days
Bergamo (team of Sara; A794):
  F  Spesa per anziani soli 10/10 parcels, posted 2 days ago (covered)
  G  Pannolini 0/5 parcels, posted 8 days ago -> unanswered
  index (1 + 0) / 2 = 0.5
Lombardia (an observer's region R-03): the six needs above; Roma's need is not in it.
  index (0 + 0 + 0.4 + 1 + 1 + 0) / 6 = 0.4 -> 40 %
  Gini of [0, 0, 0, 0.4, 1, 1.4]: total 2.8, Σ i·x = 4·0.4 + 5·1 + 6·1.4 = 15,
      2·15 / (6·2.8) − 7/6 = 1.7857 − 1.1667 = 0.6190 -> 0.62
  teams: Gini of [0.35, 0.5]: 2·(0.35 + 2·0.5) / (2·0.85) − 3/2 = 1.5882 − 1.5 = 0.0882 -> 0.09
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.charts import render_bars
from bot.config import Settings
from bot.i18n import speak
from bot.services import balance
from bot.ui.texts import balance as balance_texts
from tests.conftest import Clock
from tests.helpers.rows import add_member, add_need, add_team, team_id
from tests.world import Forge, Press, World, open_world

MARCO, SARA, LUCA = 2001, 2002, 2003          # demo: designers of Milano / Bergamo+Brescia; a member
OLGA, PIETRO, GIULIA = 3001, 3002, 1001        # observer of Lombardia (en), of Milan province (it)
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
async def world(settings: Settings, clock: Clock, tmp_path: Path) -> AsyncIterator[World]:
    async with open_world(settings, clock, (MARCO, "Marco", "it"), (SARA, "Sara", "it"),
                          (LUCA, "Luca", "en"), (OLGA, "Olga", "en"), (PIETRO, "Pietro", "it"),
                          (GIULIA, "Giulia", "it")) as world:
        world.api.media_dir = tmp_path / "media"  # the photos the bot sends, as files
        now = clock()
        async with world.uow() as uow:
            milano = await team_id(uow, "Cohesion Makers Milano")
            bergamo = await team_id(uow, "Cohesion Makers Bergamo")
            roma = await add_team(uow, "Cohesion Makers Roma", "H501", now)
            await add_need(uow, team=milano, title="Pacchi spesa per famiglie", target=10,
                           now=now, days_ago=10)
            await add_need(uow, team=milano, title="Accompagnare anziani", target=20, pledged=8,
                           unit="hours", category="health", now=now, days_ago=5,
                           first_pledge_after=timedelta(days=1))
            await add_need(uow, team=milano, title="Latte per neonati", target=10, pledged=14,
                           delivered=5, unit="items", now=now, days_ago=4,
                           first_pledge_after=timedelta(hours=2), covered_after=timedelta(days=3))
            await add_need(uow, team=milano, title="Coperte per il dormitorio", target=10,
                           category="housing", now=now, days_ago=3)
            await add_need(uow, team=milano, title="Vecchio bisogno chiuso", target=10,
                           status="closed", now=now, days_ago=30)
            await add_need(uow, team=bergamo, title="Spesa per anziani soli", target=10,
                           pledged=10, territory="A794", now=now, days_ago=2,
                           first_pledge_after=timedelta(days=1), covered_after=timedelta(days=2))
            await add_need(uow, team=bergamo, title="Pannolini", target=5, territory="A794",
                           now=now, days_ago=8)
            await add_need(uow, team=roma, title="Mensa di Roma", target=10, territory="H501",
                           now=now, days_ago=9)
            await uow.roles.grant(telegram_id=OLGA, role="observer", territory_code="R-03", now=now)
            await uow.roles.grant(telegram_id=PIETRO, role="observer", territory_code="P-MI",
                                  now=now)
            await add_member(uow, GIULIA, "Giulia", now=now)
        yield world


def photos(outputs: list[Any]) -> list[Any]:
    return [o for o in outputs if o.kind == "photo"]


async def test_a_designer_sees_the_team_balance_in_italian(world: World) -> None:
    outputs = await world.converse(MARCO, [("/balance", [
        "<b>Equilibrio – Cohesion Makers Milano</b>",
        "4 bisogni aperti",
        "Indice di copertura: <b>35%</b>",
        "Quanto l'aiuto è distribuito in modo diseguale tra i bisogni: 0,64 (0 = ogni bisogno "
        "coperto allo stesso modo, 1 = tutto l'aiuto su un solo bisogno)",
        "La disuguaglianza è misurata con l'indice di Gini della copertura.",
        "Tempo medio fino al primo impegno: 13 ore; fino alla copertura: 3 giorni",
        "1 bisogno senza risposta entro 7 giorni:",
        "• Pacchi spesa per famiglie – 10 giorni",
        "1. <b>Pacchi spesa per famiglie</b> ⚠️",
        "2. <b>Coperte per il dormitorio</b>",
        "▰▰▱▱▱ 8/20 ore",
        "4. <b>Latte per neonati</b> ➕",
        "coperto 140% · consegnato 50% · in attesa da 3 giorni",
        "primo impegno dopo 2 ore · coperto dopo 3 giorni",
        "Copertura – Cohesion Makers Milano. In rosso: nessuno si è ancora impegnato.",
    ])])
    text = outputs[0].text
    assert "Vecchio bisogno chiuso" not in text and "Spesa per anziani soli" not in text
    # Least covered first: A (0, 10 days), D (0, 3 days), B (40 %), C (140 %).
    order = [text.index(t) for t in ("1. <b>Pacchi", "2. <b>Coperte", "3. <b>Accompagnare",
                                     "4. <b>Latte")]
    assert order == sorted(order)
    [photo] = photos(outputs)
    assert photo.path.read_bytes().startswith(PNG)


async def test_a_designer_in_english_and_the_chart_drawn_off_the_event_loop(
        world: World, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    async with world.uow() as uow:
        await uow.roles.grant(telegram_id=LUCA, role="designer",
                              team_id=await team_id(uow, "Cohesion Makers Milano"), now=clock())
    threads: list[int] = []

    def spy(chart: Any) -> bytes:
        threads.append(threading.get_ident())
        return render_bars(chart)

    monkeypatch.setattr("bot.handlers.balance.render_bars", spy)
    outputs = await world.converse(LUCA, [("/balance", [
        "<b>Balance – Cohesion Makers Milano</b>", "4 open needs",
        "Coverage index: <b>35%</b>",
        "How unevenly the help is spread across needs: 0.64 (0 = every need covered alike, "
        "1 = all the help on one need)",
        "The unevenness is measured with the Gini index of the coverage.",
        "Average time to the first pledge: 13 hours; to coverage: 3 days",
        "1 need nobody answered within 7 days:", "▰▰▱▱▱ 8/20 hours",
        "covered 140% · delivered 50% · waiting 3 days",
        "Coverage – Cohesion Makers Milano. Red: nobody has pledged yet.",
    ])])
    assert len(photos(outputs)) == 1
    assert threads and threads[0] != threading.get_ident()


async def test_a_designer_of_two_teams_picks_one_and_a_forged_button_is_refused(
        world: World) -> None:
    async with world.uow() as uow:
        milano = await team_id(uow, "Cohesion Makers Milano")
    outputs = await world.converse(SARA, [
        ("/balance", ["Di quale equilibrio vuoi vedere i dati?", "Tutti i miei team",
                      "Cohesion Makers Bergamo", "Cohesion Makers Brescia"]),
        (Press("Bergamo"), ["<b>Equilibrio – Cohesion Makers Bergamo</b>", "2 bisogni aperti",
                            "Indice di copertura: <b>50%</b>", "• Pannolini – 8 giorni"]),
        ("/balance", "Tutti i miei team"),
        (Press("Brescia"), "Al momento non ci sono bisogni aperti"),
        (Forge(f"bal:team:{milano}"), "Non hai il permesso di vedere questo equilibrio"),
        (Forge("bal:place:R-03"), "Non hai il permesso di vedere questo equilibrio"),
    ])
    assert not any("Cohesion Makers Milano" in o.text for o in outputs)
    assert len(photos(outputs)) == 1  # Bergamo's; Brescia has nothing to chart
    await world.converse(SARA, [("/balance", "Tutti i miei team"), (Press("Tutti"), [
        "<b>Equilibrio – Tutti i miei team</b>", "Team, dal meno coperto",
        "• Cohesion Makers Bergamo: 50% (2 aperti, 1 senza risposta)"])])


async def test_an_observer_sees_the_region_across_teams_in_english(world: World) -> None:
    outputs = await world.converse(OLGA, [("/balance", [
        "<b>Balance – Lombardia (region)</b>", "6 open needs",
        "Coverage index: <b>40%</b>", "across needs: 0.62 (0 = every need",
        "How unevenly it is spread across teams: 0.09",
        "2 needs nobody answered within 7 days:",
        "• Pacchi spesa per famiglie – 10 days", "• Pannolini – 8 days",
        "<b>Pacchi spesa per famiglie</b> (Cohesion Makers Milano) ⚠️",
        "Teams, least covered first",
        "• Cohesion Makers Milano: 35% (4 open, 1 unanswered)",
        "• Cohesion Makers Bergamo: 50% (2 open, 1 unanswered)",
    ])])
    assert "Mensa di Roma" not in outputs[0].text
    text = outputs[0].text
    assert text.index("Cohesion Makers Milano: 35%") < text.index("Cohesion Makers Bergamo: 50%")
    assert photos(outputs)[0].path.read_bytes().startswith(PNG)


async def test_an_observer_of_a_province_in_italian(world: World) -> None:
    outputs = await world.converse(PIETRO, [("/balance", [
        "<b>Equilibrio – Provincia di Milano – Lombardia</b>", "4 bisogni aperti",
        "Indice di copertura: <b>35%</b>"])])
    assert "Pannolini" not in outputs[0].text
    assert len(photos(outputs)) == 1


async def test_a_member_who_is_neither_is_refused_in_both_languages(world: World) -> None:
    outputs = await world.converse(GIULIA, [
        ("/balance", "L'equilibrio è per i designer di un team e per gli osservatori")])
    outputs += await world.converse(LUCA, [
        ("/balance", "The balance is for the designers of a team and for the observers")])
    assert photos(outputs) == []


async def test_the_chart_is_a_png_labelled_in_each_language(world: World, clock: Clock) -> None:
    async with world.uow() as uow:
        view = await balance.balance_of(uow, now=clock(), telegram_id=OLGA, kind="place",
                                        key="R-03", unanswered_after_days=7, margin=0.1)
        single = await balance.balance_of(uow, now=clock(), telegram_id=MARCO, kind="team",
                                          key=str(await team_id(uow, "Cohesion Makers Milano")),
                                          unanswered_after_days=7, margin=0.1)
    with speak("it"):
        by_team = balance_texts.chart(view, "Lombardia")
        by_need = balance_texts.chart(single, "Milano")
    with speak("en"):
        by_team_en = balance_texts.chart(view, "Lombardia")
    assert by_team.title == "Copertura per team – Lombardia"
    assert by_team_en.title == "Coverage by team – Lombardia"
    assert list(by_team.labels) == ["Cohesion Makers Milano", "Cohesion Makers Bergamo"]
    assert list(by_team.texts) == ["35%", "50%"] and by_team_en.legend["none"] == "nobody yet"
    assert by_need.title == "Copertura dei bisogni – Milano"
    assert by_need.axis == "quota dell'obiettivo coperta dagli impegni"
    assert by_need.legend["none"] == "ancora nessuno"
    assert list(by_need.labels)[:2] == ["Pacchi spesa per famiglie", "Coperte per il dormitorio"]
    # Unanswered and not yet answered are red; 40 % orange; 140 % green.
    assert list(by_need.states) == ["none", "none", "part", "full"]
    for chart in (by_team, by_need, by_team_en):
        png = render_bars(chart)
        assert png.startswith(PNG) and len(png) > 10_000


async def test_help_lists_balance_for_designers_and_observers_only(world: World) -> None:
    await world.converse(MARCO, [("/help", "/balance – copertura dei bisogni del tuo team")])
    await world.converse(OLGA, [("/help", "/balance – the balance of needs and help across")])
    outputs = await world.converse(GIULIA, [("/help", "/profile")])
    assert "/balance" not in outputs[0].text
