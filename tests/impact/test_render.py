"""An impact report drawn and printed: the charts are PNG images labelled in the person's
language, one per chart expected; the PDF, read back with a text extractor, carries the period,
the moment it was made, the figures with their previous period and change, the social value
as an estimate with its method, the capped rankings, the definitions and the assumptions, in
the language asked for — for a territory with its overview and for a team where nothing
happened."""

from __future__ import annotations

import asyncio
import io
from datetime import date

import pytest
from babel.dates import format_date
from PIL import Image
from pypdf import PdfReader

from bot.i18n import speak
from bot.ui.impact_pdf import render_report_pdf
from bot.ui.texts.impact_charts import impact_charts
from domain.impact import ImpactReport
from tests.conftest import Clock
from tests.impact.reports import empty, lombardy

PNG = b"\x89PNG\r\n\x1a\n"
DEFINITIONS = {
    "it": [("Indice di copertura", "Quanto dei bisogni aperti è stato promesso, ognuno contato "
                                   "fino al suo obiettivo: città, caffè, perché – più €."),
           ("Membro attivo", "Chi ha promesso aiuto, risposto a un tavolo <o> fatto un modulo.")],
    "en": [("Coverage index", "How much of the open needs was pledged, each counted up to its "
                              "target."),
           ("Active member", "Someone who pledged, answered a table <or> took a module.")],
}
ASSUMPTIONS = {
    "it": ["I giorni sono quelli di Roma (Europe/Rome).", "Valori orari ISTAT & CNEL, 2025."],
    "en": ["Days are Rome's (Europe/Rome).", "Hourly values from ISTAT & CNEL, 2025."],
}


def pdf_text(pdf: bytes) -> tuple[str, int]:
    """Every page's text with its whitespace folded (a cell may wrap over two lines)."""
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)


def render(report: ImpactReport, language: str) -> tuple[str, int]:
    pdf = render_report_pdf(report, language=language, definitions=DEFINITIONS[language],
                            assumptions=ASSUMPTIONS[language])
    assert pdf.startswith(b"%PDF-")
    return pdf_text(pdf)


def long_day(day: date, language: str) -> str:
    return format_date(day, format="long", locale=language)


# --- the PDF -----------------------------------------------------------------------------------


def test_the_territory_report_in_italian(clock: Clock) -> None:
    report = lombardy(clock().date(), teams=300)
    text, pages = render(report, "it")
    now, before = report.current.period, report.previous.period
    assert "Rapporto di impatto – Lombardia" in text
    assert (f"Periodo: {long_day(now.start, 'it')} – {long_day(now.end, 'it')}") in text
    assert (f"Confrontato con: {long_day(before.start, 'it')} – "
            f"{long_day(before.end, 'it')}") in text
    assert "300 team" in text
    # Made at 9:30 UTC of a November day: 10:30 in Rome.
    assert f"Generato il {long_day(clock().date(), 'it')} alle 10:30 (ora italiana)" in text
    # Key figures: this period, the previous one, the change.
    assert "Membri a fine periodo 221 113 +96%" in text
    assert "Bisogni pubblicati 24 12 +100%" in text
    assert "Denaro consegnato 2.501,00 € 1.250,50 € +100%" in text
    assert "Indice di copertura a fine periodo 70% 65% +5 punti" in text
    assert "Scaduti 1 2 −50%" in text
    # Groups: actor types, durations, goods by unit (a typed unit as typed), competences.
    assert "Enti del terzo settore 14 7 +100%" in text
    assert "Tempo mediano alla prima promessa 1 giorno 5 ore" in text
    assert "coperte & cuscini 12 7 0 0" in text
    assert "Mobilitare persone e risorse 4 +0,75" in text
    assert "Fare rete tra settori 3 −0,25" in text
    assert "Presenze dai verbali dove un tavolo li ha" in text
    # The social value: an estimate, its method and the rates beneath it.
    assert "Valore sociale – una stima" in text
    assert "Una stima, non una misura" in text
    assert "Totale (stima) 5.251,00 € 2.739,50 € +92%" in text
    assert "costo di sostituzione del tempo volontario (ILO" in text
    assert "Valori orari: ISTAT, retribuzioni contrattuali orarie, 2025." in text
    assert "Solitudine e compagnia 19,00 €" in text  # a category's hourly value, by its label
    assert "1 bisogno ha ricevuto beni senza un valore unitario dichiarato" in text
    # Charts' captions, the definitions and assumptions as given (accents, "–", "€", "<").
    assert "aiuto promesso (chiaro) e consegnato (scuro)" in text
    assert "città, caffè, perché – più €" in text
    assert "risposto a un tavolo <o> fatto un modulo" in text
    assert "Valori orari ISTAT & CNEL, 2025." in text
    assert f"Pagina 1 di {pages}" in text and f"Pagina {pages} di {pages}" in text
    # In Italian only.
    assert "This period" not in text and "Social value" not in text


def test_the_rankings_of_300_teams_show_the_first_and_last_15(clock: Clock) -> None:
    report = lombardy(clock().date(), teams=300)
    assert report.overview is not None
    text, _pages = render(report, "it")
    assert "I team del territorio" in text
    assert "Per copertura, prima le meno coperte" in text
    assert text.count("… altri 270 team …") == 2  # by coverage and by activity
    lowest, highest = report.overview.by_coverage[0], report.overview.by_coverage[-1]
    assert f"1 {lowest.name} 0%" in text
    assert f"300 {highest.name} —" in text  # a team without live needs has no coverage
    shown = {t.name for ranking in (report.overview.by_coverage, report.overview.by_activity)
             for t in (*ranking[:15], *ranking[-15:])}
    shown |= {t.name for t in report.overview.idle_teams[:30]}
    hidden = next(t.name for t in report.overview.by_coverage if t.name not in shown)
    assert hidden not in text
    idle = len(report.overview.idle_teams)
    assert f"{idle} team non hanno pubblicato nulla nel periodo" in text
    assert f"… e altri {idle - 30}" in text or f"… e altre {idle - 30}" in text
    assert "Bergamo 3" in text  # a comune with open needs and no team


def test_the_territory_report_in_english(clock: Clock) -> None:
    report = lombardy(clock().date(), teams=30)
    text, pages = render(report, "en")
    now = report.current.period
    assert "Impact report – Lombardia" in text
    assert f"Period: {long_day(now.start, 'en')} – {long_day(now.end, 'en')}" in text
    assert "Members at the period's end 221 113 +96%" in text
    assert "Money delivered €2,501.00 €1,250.50 +100%" in text
    assert "Non-profits 14 7 +100%" in text
    assert "Social value – an estimate" in text
    assert "An estimate, not a measure" in text
    assert "Total (estimate) €5,251.00 €2,739.50 +92%" in text
    assert "replacement cost of volunteer time (ILO" in text
    assert "By activity, the most active first" in text
    assert "more teams" not in text  # 30 teams: every one listed
    assert "How much of the open needs was pledged" in text
    assert "Hourly values from ISTAT & CNEL, 2025." in text
    assert f"Page {pages} of {pages}" in text
    assert "Questo periodo" not in text and "Valore sociale" not in text


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_team_where_nothing_happened(clock: Clock, language: str) -> None:
    report = empty(clock().date())
    text, _pages = render(report, language)
    # The name is printed as typed, not read as markup.
    assert "Quartiere <Sud> & Co." in text
    if language == "it":
        assert "Indice di copertura a fine periodo — —" in text
        assert "Tempo mediano alla copertura — —" in text
        assert "Bisogni pubblicati 0 0 =" in text
        assert "Nessuno ha ripetuto un’autovalutazione" in text
        assert "I team del territorio" not in text
        assert "1 team" in text
    else:
        assert "Coverage index at the period's end — —" in text
        assert "Median time to coverage — —" in text
        assert "Needs posted 0 0 =" in text
        assert "Nobody retook an assessment" in text
        assert "The territory's teams" not in text
        assert "1 team" in text


def test_the_fonts_are_embedded_so_euro_and_accents_print(clock: Clock) -> None:
    pdf = render_report_pdf(lombardy(clock().date()), language="it", definitions=[],
                            assumptions=[])
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {str(font.get_object()["/BaseFont"])
             for font in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any("DejaVuSans" in name for name in fonts), fonts
    assert not any("Helvetica" in name for name in fonts), fonts
    text, _pages = pdf_text(pdf)
    assert "Definizioni" not in text and "Ipotesi" not in text  # none given, none printed


# --- the charts --------------------------------------------------------------------------------


def png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG)
    with Image.open(io.BytesIO(png)) as image:
        image.verify()
        return image.size


@pytest.mark.parametrize("language", ["it", "en"])
def test_three_charts_for_a_territory(clock: Clock, language: str) -> None:
    with speak(language):
        images = impact_charts(lombardy(clock().date()))
    assert [i.name for i in images] == ["impact-help.png", "impact-needs.png",
                                        "impact-coverage.png"]
    for image in images:
        width, height = png_size(image.png)
        assert width == 800 and height > 400
    help_caption = images[0].caption
    if language == "it":
        assert help_caption.startswith("Lombardia: aiuto promesso (chiaro) e consegnato (scuro)")
    else:
        assert help_caption.startswith("Lombardia: help pledged (light) and delivered (dark)")


@pytest.mark.parametrize("language", ["it", "en"])
def test_zeros_draw_two_charts_and_nothing_crashes(clock: Clock, language: str) -> None:
    with speak(language):
        images = impact_charts(empty(clock().date()))
    # No live need: no coverage by category to chart.
    assert [i.name for i in images] == ["impact-help.png", "impact-needs.png"]
    for image in images:
        assert png_size(image.png)[0] == 800


async def test_drawn_in_a_worker_thread_the_charts_keep_the_language(clock: Clock) -> None:
    report = lombardy(clock().date())
    with speak("en"):
        images = await asyncio.to_thread(impact_charts, report)
    with speak("it"):
        italian = await asyncio.to_thread(impact_charts, report)
    assert images[1].caption.startswith("Lombardia: needs posted, covered")
    assert italian[1].caption.startswith("Lombardia: bisogni pubblicati, coperti")
