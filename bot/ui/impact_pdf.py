"""The impact report as an A4 PDF, laid out with ReportLab: the title, the period and the
moment it was made; the key figures and the charts; a section per group of figures (the social
value marked as an estimate, its method beneath); the territory's rankings; the definitions and
assumptions at the end; the page numbers.

Every word comes from ``bot.ui.texts.impact_pdf`` in ``language``; this module only lays them
out, escaping each (a team's name may hold "<" or "&"). Fonts are DejaVu Sans, shipped inside
matplotlib, so "€", "–" and every accent print without a font on the machine.

Synchronous and CPU-bound (a territory's report takes about a second): callers run
``render_report_pdf`` through ``asyncio.to_thread``. ReportLab and matplotlib are imported
when a report is first drawn, so a worker that never draws one never loads them.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from bot.i18n import speak
from bot.ui.texts import impact_pdf as texts
from bot.ui.texts.impact_charts import ChartImage, impact_charts
from domain.impact import ImpactReport

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
MARGIN_MM = 18
HEADER_BACK, STRIPE, GAP_TEXT = "#e8eef5", "#f6f8fa", "#666666"
ESTIMATE_BACK = "#fff4e0"  # the social value's tables: an estimate, not a measure

_fonts_lock = threading.Lock()
_fonts_ready = False


def _register_fonts() -> None:
    """DejaVu Sans from matplotlib's own data, registered once per process."""
    global _fonts_ready
    with _fonts_lock:
        if _fonts_ready:
            return
        import matplotlib
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        faces = {(0, 0): FONT, (1, 0): BOLD, (0, 1): f"{FONT}-Oblique",
                 (1, 1): f"{FONT}-BoldOblique"}
        for (bold, italic), name in faces.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / f"{name}.ttf")))
            addMapping(FONT, bold, italic, name)
        _fonts_ready = True


register_fonts = _register_fonts  # the statements' PDF lays out in the same fonts


def render_report_pdf(report: ImpactReport, *, language: str,
                      definitions: Sequence[tuple[str, str]], assumptions: Sequence[str],
                      charts: Sequence[ChartImage] | None = None) -> bytes:
    """The report as PDF bytes, every word in ``language``; ``definitions`` (term, what it
    means) and ``assumptions`` are printed as given, at the end; ``charts`` already drawn in
    that language (the chat sends them first), or drawn here."""
    with speak(language):
        content = texts.content(report, definitions=definitions, assumptions=assumptions)
        drawn = impact_charts(report) if charts is None else charts
    return _build(content, drawn, language)


def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=12.5)
    return {
        "title": ParagraphStyle("title", base, fontName=BOLD, fontSize=20, leading=25,
                                spaceAfter=8),
        "fact": ParagraphStyle("fact", base, fontSize=10.5, leading=14),
        "h2": ParagraphStyle("h2", base, fontName=BOLD, fontSize=14, leading=18, spaceBefore=14,
                             spaceAfter=6, textColor=colors.HexColor("#1f4e79")),
        "body": ParagraphStyle("body", base, spaceAfter=4),
        "note": ParagraphStyle("note", base, fontSize=8.5, leading=11, spaceBefore=3,
                               textColor=colors.HexColor("#333333")),
        "estimate": ParagraphStyle("estimate", base, fontName=BOLD, backColor=ESTIMATE_BACK,
                                   borderPadding=4, spaceBefore=2, spaceAfter=8),
        "cell": ParagraphStyle("cell", base, fontSize=9, leading=11.5),
        "cell_right": ParagraphStyle("cell_right", base, fontSize=9, leading=11.5,
                                     alignment=TA_RIGHT),
        "head": ParagraphStyle("head", base, fontName=BOLD, fontSize=8.5, leading=11),
        "head_right": ParagraphStyle("head_right", base, fontName=BOLD, fontSize=8.5,
                                     leading=11, alignment=TA_RIGHT),
        "caption_head": ParagraphStyle("caption_head", base, fontName=BOLD, fontSize=10.5,
                                       leading=13, spaceBefore=8),
        "caption": ParagraphStyle("caption", base, fontSize=8, leading=10, spaceBefore=2),
        "bullet": ParagraphStyle("bullet", base, leftIndent=10, bulletIndent=0, spaceAfter=3,
                                 bulletFontName=FONT),
    }


def _table(table: texts.PdfTable, styles: dict[str, Any], width: float, *,
           estimate: bool = False) -> list[Any]:
    """The table, after its caption if it has one."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    def cell(text: str, column: int, *, head: bool = False, bold: bool = False) -> Any:
        left = column in table.text_columns
        style = ("head" if head else "cell") + ("" if left else "_right")
        shown = escape(text, quote=False)
        return Paragraph(f"<b>{shown}</b>" if bold else shown, styles[style])

    rows = [[cell(text, i, head=True) for i, text in enumerate(table.header)]]
    for index, row in enumerate(table.rows):
        if index in table.gaps:
            rows.append([Paragraph(f"<i>{escape(row[0], quote=False)}</i>", styles["cell"])]
                        + [""] * (len(row) - 1))
        else:
            rows.append([cell(text, i, bold=index in table.totals) for i, text in enumerate(row)])
    weights = list(table.widths) or [1.0] * len(table.header)
    widths = [width * weight / sum(weights) for weight in weights]
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # the empty cells' too: no Helvetica in the file
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(HEADER_BACK)),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1),
         [colors.white, colors.HexColor(ESTIMATE_BACK if estimate else STRIPE)]),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#9fb3c8")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for index in table.gaps:
        commands.append(("SPAN", (0, index + 1), (-1, index + 1)))
        commands.append(("TEXTCOLOR", (0, index + 1), (-1, index + 1), colors.HexColor(GAP_TEXT)))
    for index in table.totals:
        commands.append(("LINEABOVE", (0, index + 1), (-1, index + 1), 0.6, colors.grey))
    drawn = Table(rows, colWidths=widths, repeatRows=1, style=TableStyle(commands),
                  hAlign="LEFT", spaceBefore=4, spaceAfter=6)
    if table.caption is None:
        return [drawn]
    return [Paragraph(escape(table.caption, quote=False), styles["caption_head"]), drawn]


def _charts(charts: Sequence[ChartImage], styles: dict[str, Any], width: float) -> list[Any]:
    """The charts two by two, each with its caption beneath."""
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image, Paragraph, Table, TableStyle

    gap = 8.0
    column = (width - gap) / 2
    cells = []
    for chart in charts:
        pixels_wide, pixels_high = ImageReader(io.BytesIO(chart.png)).getSize()
        image = Image(io.BytesIO(chart.png), width=column, height=column * pixels_high / pixels_wide)
        cells.append([image, Paragraph(escape(chart.caption, quote=False), styles["caption"])])
    flowables: list[Any] = []
    for start in range(0, len(cells), 2):
        pair: list[Any] = cells[start:start + 2]
        if len(pair) == 1:
            pair.append("")
        flowables.append(Table([pair], colWidths=[column + gap / 2] * 2, hAlign="LEFT",
                               style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                                 ("FONTNAME", (0, 0), (-1, -1), FONT),
                                                 ("LEFTPADDING", (0, 0), (-1, -1), 0)])))
    return flowables


def _story(content: texts.PdfContent, charts: Sequence[ChartImage], width: float) -> list[Any]:
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    styles = _styles()

    def para(text: str, style: str) -> Any:
        return Paragraph(escape(text, quote=False), styles[style])

    story: list[Any] = [para(content.title, "title")]
    story += [para(fact, "fact") for fact in content.facts]
    story += [Spacer(1, 6), para(content.charts_title, "h2"),
              *_table(content.key_figures, styles, width)]
    story += _charts(charts, styles, width)
    for section in content.sections:
        head = [para(section.title, "h2")]
        if section.lead:
            head.append(para(section.lead, "estimate" if section.estimate else "body"))
        tables = [_table(t, styles, width, estimate=section.estimate) for t in section.tables]
        # The heading stays with the first table; a long ranking may then run on.
        story.append(KeepTogether([*head, *(tables[0] if tables else [])]))
        story += [flowable for table in tables[1:] for flowable in table]
        story += [para(note, "note") for note in section.notes]
    if content.definitions:
        story.append(para(content.definitions_title, "h2"))
        story += [Paragraph(f"<b>{escape(term, quote=False)}</b> – {escape(text, quote=False)}",
                            styles["body"]) for term, text in content.definitions]
    if content.assumptions:
        story.append(para(content.assumptions_title, "h2"))
        story += [Paragraph(escape(text, quote=False), styles["bullet"], bulletText="•")
                  for text in content.assumptions]
    return story


def _canvas_maker(footer: str, page_label: str) -> Any:
    """A canvas that holds its pages back until the end, to print "page 2 of 7" on each."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # ReportLab ships no types
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802  (ReportLab's name)
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for number, state in enumerate(self._held, 1):
                self.__dict__.update(state)
                self.setFont(FONT, 7.5)
                self.setFillColor(colors.HexColor("#555555"))
                self.drawString(MARGIN_MM * mm, 10 * mm, footer)
                self.drawRightString(A4[0] - MARGIN_MM * mm, 10 * mm,
                                     page_label.format(page=number, pages=total))
                super().showPage()
            super().save()

    return NumberedCanvas


def _build(content: texts.PdfContent, charts: Sequence[ChartImage], language: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    _register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_MM * mm, rightMargin=MARGIN_MM * mm,
        topMargin=16 * mm, bottomMargin=18 * mm, title=content.title, subject=content.subject,
        author="Cohesion Makers", creator="Cohesion Makers", lang=language,
        # Each page starts in our font: ReportLab's default would add Helvetica to the file.
        initialFontName=FONT)
    document.build(_story(content, charts, document.width),
                   canvasmaker=_canvas_maker(content.footer, content.page_label))
    return buffer.getvalue()
