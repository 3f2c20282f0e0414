"""/report and /overview through the real dispatcher, in Italian and English: a designer (one
team: straight to the periods), an observer with no member row (/overview, /report, /balance,
/help, /mydata without onboarding), a member refused, a typed period read back in full and a
wrong one asked again, forged buttons refused, the button under an observer's digest, and the
observer's welcome. The figures in the text are those of ``bot.services.impact.report_of``
(checked by hand on a world of its own in test_report_service.py).

Now = T0, Thursday 26 November 2026, 09:00 UTC."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from bot.config import Settings
from bot.i18n import speak
from bot.services import impact, roles
from bot.ui.callbacks.impact import ImpactPeriodCb, OverviewCb
from bot.ui.texts import impact as texts
from domain.period import Period
from tests.conftest import Clock
from tests.helpers.needs import post
from tests.helpers.outbox import outbox_rows, text_of
from tests.helpers.rows import add_member, team_id
from tests.world import Forge, Press, Step, World, open_world

MARCO, SARA, LUCA = 2001, 2002, 2003          # demo: designers of Milano / Bergamo+Brescia; a member
OLGA, PIETRO, GIULIA = 3001, 3002, 1001        # observer of Lombardia (en), of Milan province (it)
NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 26))


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    async with open_world(settings, clock, (MARCO, "Marco", "it"), (SARA, "Sara", "it"),
                          (LUCA, "Luca", "en"), (OLGA, "Olga", "en"), (PIETRO, "Pietro", "it"),
                          (GIULIA, "Giulia", "it")) as world:
        async with world.uow() as uow:
            await uow.roles.grant(telegram_id=OLGA, role="observer", territory_code="R-03",
                                  now=clock())
            await uow.roles.grant(telegram_id=PIETRO, role="observer", territory_code="P-MI",
                                  now=clock())
            await add_member(uow, GIULIA, "Giulia", now=clock())
        yield world


async def test_a_designer_gets_this_months_report_in_italian(world: World,
                                                            clock: Clock) -> None:
    milano = await team_id(world, "Cohesion Makers Milano")
    async with world.uow() as uow:
        report = await impact.report_of(uow, telegram_id=MARCO, kind="team", key=str(milano),
                                        period=NOVEMBER, now=clock(),
                                        uncovered_after_days=world.settings.unanswered_after_days)
    n = report.current.needs
    outputs = await world.converse(MARCO, [
        ("/report", ["<b>Cohesion Makers Milano</b>: quale periodo?", "Questo mese",
                     "Il mese scorso", "Ultimi 3 mesi", "Quest'anno", "Scrivi un periodo"]),
        (Press("Questo mese"), [
            "<b>Impatto – Cohesion Makers Milano</b>",
            "da domenica 1 novembre 2026 a giovedì 26 novembre 2026, 26 giorni",
            f"Bisogni pubblicati: <b>{n.posted}</b>, coperti: <b>{n.covered}</b>",
            "Tempo mediano fino alla copertura",
            f"Persone attive: <b>{report.current.people.active}</b> su "
            f"{report.current.people.total}",
            "Valore sociale stimato", "Una stima, non un dato di fatto",
            "ℹ️ Definizioni"]),
        (Press("Definizioni"), ["Come si conta ogni dato", "<b>Indice di copertura</b>",
                                "Manuale ILO"]),
    ])
    assert "Cohesion Makers Bergamo" not in outputs[1].text
    assert outputs[1].text.count("\n") < 20  # a short text: the five figures and the estimate


async def test_a_typed_period_is_read_back_and_a_wrong_one_asked_again(world: World) -> None:
    await world.converse(MARCO, [
        ("/report", "quale periodo?"),
        (Press("Scrivi un periodo"), "Scrivi il periodo, per esempio"),
        ("dal 31/2 al 5/5", ["Non riesco a leggere «dal 31/2 al 5/5» come un periodo",
                             "<i>da marzo a maggio</i>"]),
        ("dal 1/3 al 31/5", [
            "Il rapporto coprirà <b>da domenica 1 marzo 2026 a domenica 31 maggio 2026, "
            "92 giorni</b>, confrontato con il periodo precedente: da lunedì 1 dicembre 2025 "
            "a sabato 28 febbraio 2026, 90 giorni. Va bene?", "Sì, mostralo", "Cambialo"]),
        (Press("Sì"), ["<b>Impatto – Cohesion Makers Milano</b>",
                       "da domenica 1 marzo 2026 a domenica 31 maggio 2026, 92 giorni"]),
    ])
    async with world.uow() as uow:
        await uow.roles.grant(telegram_id=LUCA, role="designer",
                              team_id=await team_id(uow, "Cohesion Makers Milano"),
                              now=world.clock())  # type: ignore[operator]
    await world.converse(LUCA, [
        ("/report", ["<b>Cohesion Makers Milano</b>: which period?", "This month"]),
        (Press("Type a period"), "Type the period, for example"),
        ("whenever", "I could not read «whenever» as a period"),
        ("from March to May", [
            "The report will cover <b>from Sunday, March 1, 2026 to Sunday, May 31, 2026, "
            "92 days</b>, compared with the period before: from Monday, December 1, 2025 to "
            "Saturday, February 28, 2026, 90 days. Is that right?"]),
        (Press("Change"), "Type the period"),
        ("2025", "from Wednesday, January 1, 2025 to Wednesday, December 31, 2025, 365 days"),
        (Press("Yes"), ["<b>Impact – Cohesion Makers Milano</b>", "Needs posted: <b>",
                        "Estimated social value", "(before: "]),
    ])


async def test_an_observer_without_a_member_row_uses_everything_in_english(
        world: World, clock: Clock) -> None:
    async with world.uow() as uow:
        assert await uow.members.by_telegram_id(OLGA) is None
        report = await impact.report_of(uow, telegram_id=OLGA, kind="place", key="R-03",
                                        period=Period(date(2026, 10, 1), date(2026, 10, 31)),
                                        now=clock(), overview=True)
    assert report.overview is not None
    first = report.overview.by_coverage[0]
    await world.converse(OLGA, [
        ("/overview", ["<b>Lombardia (region)</b>: which period?", "Last month"]),
        (Press("Last month"), [
            "<b>Impact – Lombardia (region)</b>",
            "from Thursday, October 1, 2026 to Saturday, October 31, 2026, 31 days",
            "<b>Teams, least covered first</b>", f"• {first.name}: coverage",
            "<b>Teams, most active first</b>", "ℹ️ Definitions"]),
        ("/report", ["<b>Lombardia (region)</b>: which period?", "This year"]),
        (Press("This year"), ["<b>Impact – Lombardia (region)</b>",
                              "from Thursday, January 1, 2026 to Thursday, November 26, 2026"]),
        ("/balance", "<b>Balance – Lombardia (region)</b>"),
        ("/help", ["<b>As an observer</b>", "/overview – your territory's teams ranked",
                   "/report – the impact report of your territory",
                   "You follow your territory: every team placed in it."]),
        ("/mydata", "observer"),
    ])
    async with world.uow() as uow:
        assert await uow.members.by_telegram_id(OLGA) is None  # never onboarded as a citizen


async def test_an_observer_of_a_province_in_italian(world: World) -> None:
    outputs = await world.converse(PIETRO, [
        ("/overview", "<b>Provincia di Milano – Lombardia</b>: quale periodo?"),
        (Press("Questo mese"), ["<b>Impatto – Provincia di Milano – Lombardia</b>",
                                "<b>Team, dal meno coperto</b>", "<b>Team, dal più attivo</b>"]),
    ])
    assert "Bergamo" not in outputs[1].text


async def test_members_and_designers_are_refused_what_is_not_theirs(world: World) -> None:
    await world.converse(GIULIA, [
        ("/report", "Il rapporto d'impatto è per i designer di un team"),
        ("/overview", "La panoramica è per gli osservatori di un territorio"),
    ])
    await world.converse(LUCA, [
        ("/report", "The impact report is for the designers of a team"),
        ("/overview", "The overview is for the observers of a territory"),
    ])
    await world.converse(MARCO, [("/overview", "La panoramica è per gli osservatori")])


async def test_forged_and_stale_buttons_are_refused(world: World) -> None:
    milano = await team_id(world, "Cohesion Makers Milano")
    bergamo = await team_id(world, "Cohesion Makers Bergamo")
    await world.converse(SARA, [
        ("/report", ["Quale rapporto vuoi vedere?", "Tutti i miei team",
                     "Cohesion Makers Bergamo", "Cohesion Makers Brescia"]),
        (Forge(f"ims:report:team:{milano}"), "Non hai (più) il permesso di vedere questo"),
        (Forge(ImpactPeriodCb(cmd="report", kind="place", key="R-03",
                              period="this_month").pack()), "Non hai (più) il permesso"),
        (Forge(ImpactPeriodCb(cmd="overview", kind="team", key=str(bergamo),
                              period="this_month").pack()), "Non hai (più) il permesso"),
        (Forge(ImpactPeriodCb(cmd="report", kind="team", key=str(bergamo),
                              period="20260231-20260301").pack()), "Non hai (più) il permesso"),
        (Forge(OverviewCb(place="R-03", period="20261116-20261122").pack()),
         "Non hai (più) il permesso"),
        (Press("Bergamo"), "<b>Cohesion Makers Bergamo</b>: quale periodo?"),
        (Press("Il mese scorso"), "<b>Impatto – Cohesion Makers Bergamo</b>"),
    ])
    await world.converse(GIULIA, [(Forge("ims:report:place:R-03"), "Non hai (più) il permesso")])


async def test_the_button_under_an_observers_digest_opens_that_weeks_overview(
        world: World) -> None:
    await world.converse(OLGA, [
        (Forge(OverviewCb(place="R-03", period="20261116-20261122").pack()), [
            "<b>Impact – Lombardia (region)</b>",
            "from Monday, November 16, 2026 to Sunday, November 22, 2026, 7 days",
            "<b>Teams, least covered first</b>"]),
        (Forge(OverviewCb(place="P-MI", period="20261116-20261122").pack()),
         "You are not allowed to see this report (any more)."),
        (Forge(OverviewCb(place="R-03", period="not-a-period").pack()),
         "You are not allowed to see this report (any more)."),
    ])


async def test_a_new_observer_is_welcomed_in_their_language(world: World, clock: Clock) -> None:
    async with world.uow() as uow:
        await roles.grant(uow, telegram_id=4001, role="observer", team_id=None,
                          territory_code="P-MI", now=clock())
        await roles.grant(uow, telegram_id=LUCA, role="observer", team_id=None,
                          territory_code="R-03", now=clock())
        await roles.grant(uow, telegram_id=MARCO, role="designer", team_id=await team_id(
            uow, "Cohesion Makers Bergamo"), territory_code=None, now=clock())
    welcomes = [r for r in await outbox_rows(world) if "observer" in text_of(r)
                or "osservatore" in text_of(r)]
    assert sorted(r.chat_id for r in welcomes) == [LUCA, 4001]
    by_chat = {r.chat_id: text_of(r) for r in welcomes}
    assert "Ora sei un <b>osservatore</b> di <b>Provincia di Milano – Lombardia</b>" in by_chat[4001]
    assert "You are now an <b>observer</b> of <b>Lombardia (region)</b>" in by_chat[LUCA]
    assert "/overview" in by_chat[LUCA] and "without registering as a citizen" in by_chat[LUCA]


def test_the_definitions_name_every_figure_of_the_text() -> None:
    for language in ("it", "en"):
        with speak(language):
            assert texts.definitions().count("<b>") >= 8


def test_an_observers_menu_shows_their_commands() -> None:
    from bot.capabilities import get_commands
    from bot.commands import person_menu

    with speak("it"):
        observer = dict(person_menu(get_commands(), ["observer"]))
        designer = dict(person_menu(get_commands(), ["designer"]))
    assert {"overview", "report", "balance"} <= set(observer)
    assert observer["overview"] == "Panoramica del territorio"
    assert "report" in designer and "overview" not in designer


async def test_an_admin_picks_every_team_or_a_region(world: World, clock: Clock) -> None:
    async with world.uow() as uow:
        await uow.roles.grant(telegram_id=GIULIA, role="admin", now=clock())
    await world.converse(GIULIA, [
        ("/overview", ["Quale rapporto vuoi vedere?", "Tutti i team", "Lombardia (regione)",
                       "Lazio (regione)"]),
        (Press("Lombardia"), "<b>Lombardia (regione)</b>: quale periodo?"),
        (Press("Quest'anno"), ["<b>Impatto – Lombardia (regione)</b>",
                               "<b>Team, dal meno coperto</b>"]),
        ("/report", "Tutti i team"),
        (Press("Tutti i team"), "<b>Tutti i team</b>: quale periodo?"),
        (Press("Il mese scorso"), "<b>Impatto – Tutti i team</b>"),
    ])


def _pdf_lines(path: Path) -> list[str]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]


@pytest.mark.parametrize(("who", "period_button", "words"), [
    (MARCO, "Questo mese", {"posted": "Bisogni pubblicati", "members": "Membri a fine periodo",
                               "estimate": "stima"}),
    (SARA, "This month", {"posted": "Needs posted", "members": "Members at the period's end",
                          "estimate": "estimate"}),
])
async def test_the_text_the_charts_and_the_pdf_say_the_same_figures(
        world: World, clock: Clock, tmp_path: Path, who: int, period_button: str,
        words: dict[str, str]) -> None:
    """The report as a person gets it: the text, then two or three chart images, then the PDF
    (A4, read back with a PDF text extractor) holding the same figures as the text."""
    world.api.media_dir = tmp_path / "media"
    if who == SARA:
        await world.converse(SARA, [("/language", "Scegli"), (Press("English"), "English")])
    team = "Cohesion Makers Milano" if who == MARCO else "Cohesion Makers Bergamo"
    milano_or_bergamo = await team_id(world, team)
    await post(world, "Spesa per tre famiglie", 12, "parcels", category="food", team=team,
               by=who)
    await post(world, "Accompagnare alle visite", 8, team=team, by=who)
    async with world.uow() as uow:
        report = await impact.report_of(uow, telegram_id=who, kind="team",
                                        key=str(milano_or_bergamo), period=NOVEMBER, now=clock(),
                                        uncovered_after_days=world.settings.unanswered_after_days)
    steps: list[Step] = [("/report", "?")]
    if who == SARA:  # two teams: pick one
        steps.append((Press("Cohesion Makers Bergamo"), "?"))
    steps.append((Press(period_button), "📄"))
    outputs = await world.converse(who, steps)
    photos = [o for o in outputs if o.kind == "photo"]
    documents = [o for o in outputs if o.kind == "document"]
    text = next(o.text for o in outputs if o.kind == "message" and "<b>" in o.text
                and str(report.current.needs.posted) in o.text)
    assert 2 <= len(photos) <= 3
    assert all(p.path is not None and p.path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
               for p in photos)
    assert len(documents) == 1 and documents[0].path is not None
    assert documents[0].path.read_bytes()[:5] == b"%PDF-"
    lines = _pdf_lines(documents[0].path)
    current, previous = report.current, report.previous
    # The summary table: a figure's label, then this period's and the previous one's cells.
    posted = lines.index(words["posted"])
    assert lines[posted + 1:posted + 3] == [str(current.needs.posted),
                                            str(previous.needs.posted)]
    members = lines.index(words["members"])
    assert lines[members + 1:members + 3] == [str(current.people.total),
                                              str(previous.people.total)]
    assert current.people.total > 0 and current.needs.posted == 2  # a report with something in it
    assert f"<b>{current.needs.posted}</b>" in text
    assert any(words["estimate"] in line.lower() for line in lines)
    assert "ℹ️" in " ".join(sum(documents[0].buttons, []))


async def test_an_observer_chooses_english_without_onboarding(world: World) -> None:
    """Pietro (observer of the province of Milano, no member row) picks English with
    /language: no consent asked, the choice kept on his grant, /overview and his menu in
    English from then on."""
    await world.converse(PIETRO, [
        ("/language", "English"),
        (Press("English"), "English"),
        ("/overview", ["which period?", "This month"]),
        (Press("This month"), "<b>Impact – "),
    ])
    outputs = await world.converse(PIETRO, [("/help", "As an observer")])
    assert not any("privacy" in o.text.lower() and "accept" in o.text.lower() for o in outputs)
    async with world.uow() as uow:
        assert await uow.members.by_telegram_id(PIETRO) is None
        assert {g.language for g in await uow.roles.of_person(PIETRO)} == {"en"}
    menus = [row for row in await outbox_rows(world) if row.method == "setMyCommands"
             and row.chat_id == PIETRO]
    assert menus and "overview" in menus[-1].payload
    assert "Overview of the territory" in menus[-1].payload
