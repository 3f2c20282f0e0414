"""/statement and /verify: the company to pick, the period, the statement in the chat, its PDF
and image's words, and what a checked code says. Chat texts are HTML (user input escaped); the
``plain_*`` helpers give plain text for the PDF and the image, which escape or draw as they
lay out."""

from __future__ import annotations

import re
from collections.abc import Sequence

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.i18n import ngettext

from bot.services.statements import Reason, Statement, Verification
from bot.ui.texts.common import q
from bot.ui.texts.impact import period_words
from bot.ui.texts.impact_words import (
    category,
    goods_unit,
    made_at,
    money,
    money_whole,
    number,
    period_text,
    value_source,
)
from domain.period import Period
from domain.statement import StatementFigures

STATEMENT_MENU = __("Company statement")
STATEMENT_HELP = __("/statement – your company's contribution over a period, as a PDF and an "
                    "image, with a verification code")
STATEMENT_HELP_ROLE = __("/statement – a company's contribution to your teams or territory, "
                         "as a PDF and an image")
VERIFY_MENU = __("Verify a statement")
VERIFY_HELP = __("/verify CODE – check a company statement's verification code")

#: Names listed in the PDF (teams, places); the rest are counted.
LISTED = 12


# --- who, which company, which period --------------------------------------------------------


def refusal(reason: Reason) -> str:
    if reason == "pending":
        return _("Your request to act for your organisation is not confirmed yet: once a "
                 "member or a designer confirms it, /statement gives its statement.")
    if reason == "not_company":
        return _("Statements are for companies: your organisation is not a company. Its "
                 "help still counts in the teams' reports.")
    if reason == "no_companies":
        return _("No company has pledged to your teams or in your territory yet: there is no "
                 "statement to make.")
    return _("Statements are for people who act for a company. If you do, say so in "
             "/profile (your company's members or a designer confirm it).")


def choose_company(more: bool) -> str:
    text = _("Which company's statement?")
    if more:
        text += "\n" + _("(The first companies by name; use the command line for the others: "
                         "<code>cohesion statement make --org ID</code>.)")
    return text


def company_gone() -> str:
    return _("You can no longer make this company's statement (or the button is not valid "
             "any more). Send /statement again.")


def choose_period(company: str) -> str:
    return _("<b>{company}</b>: the statement of which period?").format(company=q(company))


def period_readback(company: str, period: Period) -> str:
    return _("The statement of <b>{company}</b> will cover <b>{period}</b>. Is that "
             "right?").format(company=q(company), period=period_words(period))


def confirm_button() -> str:
    return _("✅ Yes, make it")


# --- the figures -----------------------------------------------------------------------------


def hours(value: object) -> str:
    return _("{hours} h").format(hours=number(value))  # type: ignore[arg-type]


def goods_text(figures: StatementFigures, *, delivered: bool) -> str:
    lines = [f"{number(g.delivered if delivered else g.pledged)} {goods_unit(g.unit)}"
             for g in figures.goods]
    return ", ".join(lines) if lines else "0"


def figure_rows(figures: StatementFigures) -> list[tuple[str, str, str]]:
    """(figure, pledged, delivered) of the help, plain text."""
    return [
        (_("Volunteer and professional hours"), hours(figures.hours_pledged),
         hours(figures.hours_delivered)),
        (_("Goods"), goods_text(figures, delivered=False), goods_text(figures, delivered=True)),
        (_("Money"), money(figures.money_pledged), money(figures.money_delivered)),
    ]


def listed(names: Sequence[str], limit: int = LISTED) -> str:
    if not names:
        return "–"
    shown = ", ".join(names[:limit])
    if len(names) > limit:
        rest = len(names) - limit
        shown += " " + ngettext("and {count} more", "and {count} more", rest).format(count=rest)
    return shown


def reach_rows(figures: StatementFigures) -> list[tuple[str, str]]:
    """(what, which) of the help's reach, plain text."""
    return [
        (_("Pledges"), number(figures.pledges)),
        (_("Teams helped"), listed(figures.teams)),
        (_("Places helped"), listed(figures.territories)),
        (_("Categories of need"), listed([category(c) for c in figures.categories])),
        (_("Tables attended"), ngettext(
            "{tables} table, {people} attendance", "{tables} tables, {people} attendances",
            figures.tables_attended).format(tables=number(figures.tables_attended),
                                             people=number(figures.attendances))),
    ]


def value_line(figures: StatementFigures) -> str:
    return _("Estimated social value of the help delivered: {value}").format(
        value=money(figures.social_value))


def assumptions(figures: StatementFigures) -> list[str]:
    """What the figures rest on, plain text (the PDF, and /verify's details)."""
    lines = [
        _("Pledged: the company's pledges made in the period that still stand, at their "
          "current quantity (a pledge is the company's when its member made it while "
          "confirmed as acting for it; it stays the company's if that person leaves or "
          "erases their data)."),
        _("Delivered: what a team's designer confirmed as delivered in the period; nothing "
          "counts as delivered before a designer confirms it."),
        _("Tables attended: tables held in the period whose minutes name one of the people "
          "confirmed as acting for the company today."),
        _("Social value: an estimate, not a fact — delivered hours at the replacement cost of "
          "volunteer time (ILO, Manual on the Measurement of Volunteer Work, 2011), hours "
          "{hours}, professional hours {skills}; goods at the value per unit their need "
          "declared ({goods}); money as it is.").format(
              hours=money(figures.hours_value), skills=money(figures.skills_value),
              goods=money(figures.goods_value)),
        _("Hourly values: {source} ({year}).").format(source=value_source(figures.value_source),
                                                       year=figures.value_year),
    ]
    if figures.goods_without_value:
        lines.append(ngettext(
            "{count} need with goods delivered declared no value per unit: not valued.",
            "{count} needs with goods delivered declared no value per unit: not valued.",
            figures.goods_without_value).format(count=figures.goods_without_value))
    return lines


def statement_text(statement: Statement) -> str:
    """The statement in the chat: the figures, the estimate, the code."""
    f = statement.figures
    rows = [f"• {q(name)}: <b>{q(pledged)}</b> / <b>{q(delivered)}</b>"
            for name, pledged, delivered in figure_rows(f)]
    return "\n".join([
        _("<b>Statement – {company}</b>").format(company=q(statement.company.name)),
        period_words(statement.period),
        "",
        _("Pledged / delivered:"),
        *rows,
        *(f"• {q(name)}: {q(value)}" for name, value in reach_rows(f)),
        "",
        q(value_line(f)) + " " + _("(an estimate: its assumptions are in the PDF)"),
        "",
        _("Verification code: <code>{code}</code> — anyone can check it with "
          "<code>/verify {code}</code>.").format(code=statement.code),
    ])


def other_language_button(language: str) -> str:
    return {"it": "🇮🇹 PDF in italiano", "en": "🇬🇧 PDF in English"}.get(language, language)


def pdf_caption(statement: Statement) -> str:
    return _("📄 Statement of {company}, {period}. Code {code}.").format(
        company=q(statement.company.name), period=q(period_text(statement.period)),
        code=statement.code)


def image_caption(statement: Statement) -> str:
    return _("🖼 For social media: {company}, {period}. Verify with /verify {code}").format(
        company=q(statement.company.name), period=q(period_text(statement.period)),
        code=statement.code)


def file_name(company: str, period: Period, extension: str) -> str:
    """"statement-Acme-S-p-A-20261101-20261130.pdf" (letters and digits only)."""
    plain = re.sub(r"-+", "-", "".join(c if c.isalnum() else "-" for c in company))
    plain = plain.strip("-")[:40] or "company"
    word = _("statement")
    return f"{word}-{plain}-{period.key()}.{extension}"


# --- the PDF and the image (plain text) ------------------------------------------------------


def pdf_title(company: str) -> str:
    return _("Social contribution statement – {company}").format(company=company)


def pdf_facts(statement: Statement) -> list[str]:
    return [_("Period: {period}").format(period=period_text(statement.period)),
            _("Issued: {moment}").format(moment=made_at(statement.issued_at)),
            _("Verification code: {code}").format(code=statement.code)]


def pdf_columns() -> list[str]:
    return [_("Help"), _("Pledged"), _("Delivered")]


def pdf_reach_title() -> str:
    return _("Who was helped")


def pdf_value_title() -> str:
    return _("Social value (estimate)")


def pdf_assumptions_title() -> str:
    return _("How the figures are counted")


def pdf_verify(code: str, bot_username: str | None) -> str:
    where = f"@{bot_username}" if bot_username else "Cohesion Makers"
    return _("Anyone can check this statement against the records: send /verify {code} to "
             "{bot} on Telegram.").format(code=code, bot=where)


def pdf_footer() -> str:
    return _("Cohesion Makers – figures from the records of the bot")


def image_words(statement: Statement) -> dict[str, str]:
    """The square image's words, plain text."""
    f = statement.figures
    return {
        "title": _("Our contribution"),
        "company": statement.company.name,
        "period": period_text(statement.period),
        "hours_label": _("hours delivered"), "hours": number(f.hours_delivered),
        "goods_label": _("goods delivered"),
        "goods": goods_text(f, delivered=True),
        "money_label": _("money delivered"), "money": money_whole(f.money_delivered),
        "value_label": _("estimated social value"), "value": money_whole(f.social_value),
        "teams": ngettext("{count} team helped", "{count} teams helped",
                          len(f.teams)).format(count=len(f.teams)),
        "verify": _("Verify with /verify {code}").format(code=statement.code),
    }


# --- /verify ---------------------------------------------------------------------------------


def verify_usage() -> str:
    return _("Send the code printed on the statement: <code>/verify CM-XXXX-XXXX-XXXX</code> "
             "(capitals or not, with or without the dashes).")


def figure_name(key: str) -> str:
    names = {
        "pledges": _("pledges"), "hours_pledged": _("hours pledged"),
        "hours_delivered": _("hours delivered"), "goods": _("goods"),
        "money_pledged": _("money pledged"), "money_delivered": _("money delivered"),
        "teams": _("teams helped"), "territories": _("places helped"),
        "categories": _("categories of need"), "tables_attended": _("tables attended"),
        "attendances": _("attendances"), "social_value": _("social value"),
        "hours_value": _("value of the hours"), "skills_value": _("value of professional hours"),
        "goods_value": _("value of the goods"),
        "goods_without_value": _("goods without a declared value"),
        "value_source": _("source of the hourly values"),
        "value_year": _("year of the hourly values"),
    }
    return names.get(key, key)


def _about(statement: Statement) -> str:
    return _("<b>{company}</b>, {period}, issued on {moment}").format(
        company=q(statement.company.name), period=period_words(statement.period),
        moment=made_at(statement.issued_at))


def verification(result: Verification, typed: str) -> str:
    if result.status == "unreadable":
        return _("«{typed}» is not a statement code.").format(typed=q(typed)) + "\n" + \
            verify_usage()
    code = result.code or ""
    if result.status == "unknown":
        return _("❓ No statement has the code <code>{code}</code>. Check it letter by letter "
                 "on the statement.").format(code=code)
    if result.status == "altered":
        return _("❌ <b>Not valid</b>: the statement recorded under <code>{code}</code> does "
                 "not match its code — its figures were altered after it was issued.").format(
                     code=code)
    assert result.statement is not None
    statement = result.statement
    f = statement.figures
    summary = "\n".join(f"• {q(name)}: {q(pledged)} / {q(delivered)}"
                        for name, pledged, delivered in figure_rows(f))
    if result.status == "valid":
        return "\n".join([
            _("✅ <b>Valid</b>: <code>{code}</code> is a statement of {about}. Its figures are "
              "what the records say today.").format(code=code, about=_about(statement)),
            _("Pledged / delivered:"), summary, q(value_line(f))])
    changed = ", ".join(figure_name(k) for k in result.differing)
    return "\n".join([
        _("⚠️ <code>{code}</code> is a genuine statement of {about}, but the records have "
          "changed since for: <b>{changed}</b>. Ask the company for a new statement.").format(
              code=code, about=_about(statement), changed=q(changed)),
        _("As issued, pledged / delivered:"), summary])
