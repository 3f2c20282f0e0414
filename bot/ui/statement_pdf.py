"""A company's statement as a one-page A4 PDF, laid out with ReportLab in the report's fonts
(DejaVu Sans, ``bot.ui.impact_pdf``): the title, the period, the moment and the code; the
help pledged and delivered; who was helped; the social value marked as an estimate; how each
figure is counted; how to verify it.

Every word comes from ``bot.ui.texts.statements`` in ``language``; this module escapes each
as it lays it out (a company's name may hold "&"). Long lists are cut in the texts (the page
stays one). Synchronous: callers run it through ``asyncio.to_thread``.
"""

from __future__ import annotations

import io
from html import escape
from typing import Any

from bot.i18n import speak
from bot.services.statements import Statement
from bot.ui.impact_pdf import BOLD, ESTIMATE_BACK, FONT, HEADER_BACK, STRIPE, register_fonts
from bot.ui.texts import statements as texts

MARGIN_MM = 18


def render_statement_pdf(statement: Statement, *, language: str,
                         bot_username: str | None = None) -> bytes:
    """The statement as PDF bytes, every word in ``language``."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    register_fonts()
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=12.5)
    title = ParagraphStyle("title", base, fontName=BOLD, fontSize=18, leading=23, spaceAfter=6)
    h2 = ParagraphStyle("h2", base, fontName=BOLD, fontSize=12.5, leading=16, spaceBefore=10,
                        spaceAfter=4, textColor=colors.HexColor("#1f4e79"))
    cell = ParagraphStyle("cell", base, fontSize=9.5, leading=12)
    note = ParagraphStyle("note", base, fontSize=8, leading=10.2, leftIndent=8, bulletIndent=0)
    estimate = ParagraphStyle("estimate", base, fontName=BOLD, fontSize=11, leading=14,
                              backColor=ESTIMATE_BACK, borderPadding=5, spaceBefore=4,
                              spaceAfter=8)
    code = ParagraphStyle("code", base, fontName=BOLD, fontSize=10.5, leading=14,
                          backColor=HEADER_BACK, borderPadding=5, spaceBefore=10)

    def para(text: str, style: Any) -> Any:
        return Paragraph(escape(text, quote=False), style)

    def table(rows: list[list[str]], widths: list[float], head: bool) -> Any:
        drawn = Table([[para(c, cell) for c in row] for row in rows], colWidths=widths,
                      hAlign="LEFT", style=TableStyle([
                          ("FONTNAME", (0, 0), (-1, -1), FONT),
                          ("BACKGROUND", (0, 0), (-1, 0),
                           colors.HexColor(HEADER_BACK if head else STRIPE)),
                          ("ROWBACKGROUNDS", (0, 1), (-1, -1),
                           [colors.white, colors.HexColor(STRIPE)]),
                          ("VALIGN", (0, 0), (-1, -1), "TOP"),
                          ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                          ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]))
        return drawn

    with speak(language):
        figures = statement.figures
        story: list[Any] = [para(texts.pdf_title(statement.company.name), title)]
        story += [para(fact, base) for fact in texts.pdf_facts(statement)]
        story.append(Spacer(1, 6))
        width = A4[0] - 2 * MARGIN_MM * mm
        help_rows = [texts.pdf_columns(), *[list(r) for r in texts.figure_rows(figures)]]
        story.append(table(help_rows, [width * 0.4, width * 0.3, width * 0.3], head=True))
        story.append(para(texts.pdf_reach_title(), h2))
        story.append(table([list(r) for r in texts.reach_rows(figures)],
                           [width * 0.3, width * 0.7], head=False))
        story.append(para(texts.pdf_value_title(), h2))
        story.append(para(texts.value_line(figures), estimate))
        story.append(para(texts.pdf_assumptions_title(), h2))
        story += [Paragraph(escape(line, quote=False), note, bulletText="•")
                  for line in texts.assumptions(figures)]
        story.append(para(texts.pdf_verify(statement.code, bot_username), code))
        footer = texts.pdf_footer()
        subject = texts.pdf_title(statement.company.name)

    def on_page(canvas: Any, _document: Any) -> None:
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(MARGIN_MM * mm, 10 * mm, footer)
        canvas.drawRightString(A4[0] - MARGIN_MM * mm, 10 * mm, statement.code)

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_MM * mm, rightMargin=MARGIN_MM * mm,
        topMargin=16 * mm, bottomMargin=18 * mm, title=subject, subject=subject,
        author="Cohesion Makers", creator="Cohesion Makers", lang=language,
        initialFontName=FONT)
    document.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
