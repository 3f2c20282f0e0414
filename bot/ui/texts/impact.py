"""/report and /overview: the scope and period to pick, the period read back, the five figures
that matter most with their change, the definitions one tap away, the overview's rankings, and
the observer's welcome. The definitions are the same as ``docs/impact.md``'s."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.i18n import ngettext
from babel.dates import format_date
from babel.numbers import format_currency

from bot.i18n import current_locale
from bot.ui.texts.common import q
from bot.ui.texts.impact_words import duration, number, pct, value_source
from domain.impact import ImpactReport, TeamLine, ValueMethod, change
from domain.period import Period, PresetName

REPORT_MENU = __("Impact report")
REPORT_HELP = __("/report – the impact report of your team for a period")
REPORT_HELP_OBSERVER = __("/report – the impact report of your territory for a period")
OVERVIEW_MENU = __("Overview of the territory")
OVERVIEW_HELP = __("/overview – your territory's teams ranked, the places without a team")

#: Teams listed in each of the overview's rankings.
RANKED = 5


# --- numbers and dates ----------------------------------------------------------------------


def euro(value: Decimal) -> str:
    return format_currency(value, "EUR", format="¤#,##0", locale=current_locale(),
                           currency_digits=False)


def day(value: date) -> str:
    return format_date(value, format="full", locale=current_locale())


def trend(current: float | int | Decimal | None, previous: float | int | Decimal | None,
          shown_previous: str) -> str:
    """"(+25% on the period before)", or "(before: 3)" when no ratio can be said."""
    ratio = change(current, previous)
    if ratio is None:
        return _("(before: {previous})").format(previous=shown_previous)
    signed = ("+" if ratio > 0 else "") + pct(ratio)
    return _("({change} on the period before)").format(change=signed)


# --- who may see it -------------------------------------------------------------------------


def not_allowed_report() -> str:
    return _("The impact report is for the designers of a team, the observers of a territory "
             "and the administrators.")


def not_allowed_overview() -> str:
    return _("The overview is for the observers of a territory and the administrators.")


def scope_gone() -> str:
    return _("You are not allowed to see this report (any more).")


def choose_scope() -> str:
    return _("Which report do you want to see?")


def all_teams_button() -> str:
    return _("All my teams")


def everywhere_button() -> str:
    return _("Every team")


# --- the period -----------------------------------------------------------------------------


def choose_period(scope: str) -> str:
    return _("<b>{scope}</b>: which period?").format(scope=q(scope))


def preset_button(name: PresetName) -> str:
    return {"this_month": _("This month"), "last_month": _("Last month"),
            "last_3_months": _("Last 3 months"), "this_year": _("This year")}[name]


def type_period_button() -> str:
    return _("✏️ Type a period")


def ask_period() -> str:
    return _("Type the period, for example: <i>from 1/3 to 31/5</i>, <i>from March to May</i>, "
             "<i>March 2026</i>, <i>2026</i>.")


def period_unreadable(typed: str) -> str:
    return _("I could not read «{typed}» as a period (or it is longer than five years). "
             "Try for example: <i>from 1/3 to 31/5</i>, <i>from March to May</i>, "
             "<i>March 2026</i>, <i>2026</i>.").format(typed=q(typed))


def period_words(period: Period) -> str:
    """"from Sunday 1 March 2026 to Sunday 31 May 2026, 92 days"."""
    return ngettext("from {start} to {end}, {days} day", "from {start} to {end}, {days} days",
                    period.days).format(start=day(period.start), end=day(period.end),
                                        days=period.days)


def period_readback(period: Period) -> str:
    previous = period.previous()
    return _("The report will cover <b>{period}</b>, compared with the period before: "
             "{previous}. Is that right?").format(period=period_words(period),
                                                  previous=period_words(previous))


def confirm_button() -> str:
    return _("✅ Yes, show it")


def change_button() -> str:
    return _("✏️ Change it")


# --- the report -----------------------------------------------------------------------------


def report_text(report: ImpactReport, scope: str) -> str:
    """The five figures that matter most, each with its change on the period before."""
    now, before = report.current, report.previous
    n, b = now.needs, before.needs
    lines = [
        _("<b>Impact – {scope}</b>").format(scope=q(scope)),
        period_words(now.period),
        "",
        "📌 " + _("Needs posted: <b>{posted}</b>, covered: <b>{covered}</b> {trend}").format(
            posted=n.posted, covered=n.covered,
            trend=trend(n.covered, b.covered, number(b.covered))),
        "⏱ " + _("Median time to coverage: <b>{time}</b> {trend}").format(
            time=duration(n.median_to_coverage),
            trend=_("(before: {previous})").format(previous=duration(b.median_to_coverage))),
        "🤝 " + _("Help delivered: <b>{hours}</b> hours, <b>{money}</b> {trend}").format(
            hours=number(now.help.hours_delivered), money=euro(now.help.money_delivered),
            trend=trend(now.help.hours_delivered, before.help.hours_delivered,
                        number(before.help.hours_delivered))),
        "⚖️ " + _("Coverage index at the end: <b>{index}</b> {trend}").format(
            index=pct(now.balance.coverage_index),
            trend=_("(before: {previous})").format(previous=pct(before.balance.coverage_index))),
        "👥 " + _("Active people: <b>{active}</b> of {total} {trend}").format(
            active=now.people.active, total=now.people.total,
            trend=trend(now.people.active, before.people.active, number(before.people.active))),
        "",
        "💶 " + _("Estimated social value: <b>{value}</b> {trend}").format(
            value=euro(now.value.total),
            trend=trend(now.value.total, before.value.total, euro(before.value.total))),
        "<i>" + _("An estimate, not a fact: volunteer hours valued at the cost of comparable "
                  "paid work (ILO replacement cost; values of {year}: {source}), plus money "
                  "and goods delivered at their declared value.").format(
            year=now.value.method.year, source=q(value_source(now.value.method.source))) + "</i>",
    ]
    if n.uncovered:
        lines.insert(3, "⚠️ " + ngettext(
            "{n} need still uncovered after {days} days",
            "{n} needs still uncovered after {days} days", n.uncovered).format(
            n=n.uncovered, days=n.uncovered_after_days))
    return "\n".join(lines)


def _team_line(team: TeamLine) -> str:
    return _("• {name}: coverage {coverage}, activity {activity}").format(
        name=q(team.name), coverage=pct(team.coverage), activity=team.activity)


def overview_text(report: ImpactReport) -> str:
    """The rankings of ``/overview``, after the report's text."""
    overview = report.overview
    if overview is None:
        return ""
    lines = ["<b>" + _("Teams, least covered first") + "</b>",
             *[_team_line(t) for t in overview.by_coverage[:RANKED]],
             "", "<b>" + _("Teams, most active first") + "</b>",
             *[_team_line(t) for t in overview.by_activity[:RANKED]]]
    if not overview.by_coverage:
        lines = [_("No team is placed in this territory yet.")]
    if overview.comuni_without_team:
        lines += ["", "<b>" + _("Comuni with open needs and no team") + "</b>",
                  *[_("• {name}: {n} open").format(name=q(c.name), n=c.open_needs)
                    for c in overview.comuni_without_team[:RANKED]]]
    if overview.idle_teams:
        lines += ["", "<b>" + _("Teams with nothing posted in the period") + "</b>",
                  ", ".join(q(t.name) for t in overview.idle_teams)]
    return "\n".join(lines)


def definitions_button() -> str:
    return _("ℹ️ Definitions")


#: Each figure's name and how it is counted: the chat's "ℹ️ Definitions", the PDF's last page
#: and docs/impact.md say the same.
_DEFINITIONS = (
    (__("Period"),
     __("Whole days in Rome time, compared with the period of the same length just before "
        "(a whole month with the month before).")),
    (__("Members"),
     __("Members of the scope's teams at the period's end, by the kind of actor they declared "
        "(citizen, non-profit, company, institution). New: joined a team within the period.")),
    (__("Active people"),
     __("Members who, within the period, pledged, answered a table's invitation, finished a "
        "self-assessment or completed a training module.")),
    (__("Needs posted"),
     __("Posted (or proposed and approved) within the period.")),
    (__("Covered, fulfilled, closed, expired"),
     __("Needs that reached that state within the period, whenever they were posted: covered "
        "when pledges reached the target, fulfilled when deliveries did, closed by a "
        "designer, expired at their deadline.")),
    (__("Median times"),
     __("From posting to the first pledge (over the needs whose first pledge fell within the "
        "period) and to coverage (over the needs covered within it): the middle value.")),
    (__("Uncovered after N days"),
     __("Open at the period's end, posted at least N days before it, pledges below the "
        "target.")),
    (__("Pledged and delivered"),
     __("Pledged: pledges made within the period that still stand. Delivered: deliveries a "
        "designer confirmed within the period. Hours include professional hours; goods are "
        "counted in their own unit.")),
    (__("Tables held"),
     __("Tables whose moment fell within the period, not cancelled or skipped. Attendance "
        "comes from the minutes, else from the \"yes\" answers (the report says which).")),
    (__("Competence change"),
     __("Among the members who took the self-assessment twice or more, the last time within "
        "the period: the mean of the last score minus the first, per competence, on the 1–5 "
        "scale.")),
    (__("Expert hours"),
     __("Booked free hours whose slot ended within the period and that were not cancelled; "
        "the feedback is their mean on the 1–5 scale.")),
    (__("Coverage index"),
     __("Over the needs open at the period's end, the mean of pledged ÷ target, each capped at "
        "100% (help beyond one need does not cover another). Spread: how unevenly coverage is "
        "shared across the teams (0 = evenly).")),
    (__("Estimated social value"),
     __("Delivered volunteer hours × an hourly value per category of need (the replacement "
        "cost method of the ILO Manual on the Measurement of Volunteer Work, 2011), "
        "professional hours × a professional rate, plus money delivered, plus goods at the "
        "unit value their need declared. The hourly values are data an administrator sets, "
        "with their source and year. An estimate, never a fact.")),
)


def definition_pairs() -> list[tuple[str, str]]:
    """(figure, how it is counted), plain text, in the current language (the PDF)."""
    return [(str(name), str(text)) for name, text in _DEFINITIONS]


def definitions() -> str:
    """Each figure's definition, for the chat (the same as docs/impact.md)."""
    return "\n\n".join(["<b>" + _("How each figure is counted") + "</b>",
                         *(f"<b>{q(name)}</b>: {q(text)}" for name, text in definition_pairs())])


def assumption_lines(method: ValueMethod, goods_without_value: int = 0) -> list[str]:
    """What the figures and the social value rest on, plain text (the PDF's last page)."""
    lines = [
        _("Figures come from what people recorded in the bot: help given outside it is not "
          "counted."),
        _("Volunteer time is valued at what it would cost to pay someone to do the same work "
          "(replacement cost, ILO Manual on the Measurement of Volunteer Work, 2011, chapter "
          "6); it does not measure what the help was worth to those who received it."),
        _("Hourly values: {source} ({year}); a category without a value of its own takes the "
          "default value.").format(source=value_source(method.source), year=method.year),
        _("Money counts as delivered only once a designer confirmed it; the bot never handles "
          "money."),
    ]
    if goods_without_value:
        lines.append(ngettext(
            "Goods count only where their need declared a value per unit: {count} need with "
            "goods delivered declared none.",
            "Goods count only where their need declared a value per unit: {count} needs with "
            "goods delivered declared none.", goods_without_value).format(
                count=goods_without_value))
    return lines


def files_caption(scope: str, period: Period) -> str:
    return _("📄 The full report: {scope}, {period}. Figures, charts, definitions and the "
             "assumptions of the social value.").format(scope=q(scope),
                                                      period=period_words(period))


def file_name(scope: str, period: Period) -> str:
    """The PDF's name: "impatto-Lombardia-20260301-20260531.pdf" (letters and digits only)."""
    plain = re.sub(r"-+", "-", "".join(c if c.isalnum() else "-" for c in scope))
    plain = plain.strip("-")[:40] or "report"
    return _("impact") + f"-{plain}-{period.key()}.pdf"


def nothing_to_compare() -> str:
    return _("No team is in this scope yet: there is nothing to report.")


# --- observers ------------------------------------------------------------------------------


def observer_welcome(place: str) -> str:
    return _("👋 You are now an <b>observer</b> of <b>{place}</b> in Cohesion Makers.\n\n"
             "You follow every team placed in it, without registering as a citizen:\n"
             "• /overview – the territory's teams ranked by coverage and activity, the comuni "
             "with open needs and no team\n"
             "• /report – the impact report for a period (needs, help, tables, growth, the "
             "estimated social value)\n"
             "• /balance – the balance of needs and help today\n"
             "• /mydata – what the bot keeps about you\n"
             "• /help – everything you can do").format(place=q(place))
