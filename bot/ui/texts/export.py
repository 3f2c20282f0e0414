"""/export: choosing a scope and a period, the caption of the ZIP, and its README.txt."""

from __future__ import annotations

from collections.abc import Mapping

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from babel.dates import format_date
from babel.support import LazyProxy

from bot.i18n import current_locale, fmt_datetime
from bot.services.impact.export import COLUMNS, MIN_PEOPLE, ExportSummary
from bot.ui.texts import impact as impact_texts
from bot.ui.texts.common import q
from domain.export import DELETED_MEMBER
from domain.period import Period, PresetName

EXPORT_MENU = __("Export the data (CSV)")
EXPORT_HELP = __("/export – your team's needs, pledges, tables and growth as CSV files")
EXPORT_HELP_OBSERVER = __("/export – your territory's needs, pledges, tables and growth as "
                          "CSV files")


def not_allowed() -> str:
    return _("Exports are for the designers of a team, the observers of a territory and the "
             "admins: you are none of these.")


def scope_gone() -> str:
    return _("You are not allowed to export that: it is for the designers of its team, the "
             "observers of its territory and the admins.")


def choose_scope() -> str:
    return _("What do you want to export?")


def everywhere_button() -> str:
    return _("Everywhere")


def choose_period(scope: str) -> str:
    return _("Export – {scope}: which period? You can also type one, e.g. "
             "<code>/export dal 1/3 al 31/5</code>.").format(scope=q(scope))


def preset_button(name: PresetName) -> str:
    """The same words as /report's (one wording of a period everywhere)."""
    return impact_texts.preset_button(name)


def period_text(period: Period) -> str:
    """The period in full: "from 1 March 2026 to 31 May 2026" ("on …" for one day)."""
    start = format_date(period.start, format="long", locale=current_locale())
    end = format_date(period.end, format="long", locale=current_locale())
    if period.start == period.end:
        return _("on {day}").format(day=start)
    return _("from {start} to {end}").format(start=start, end=end)


def unreadable_period(typed: str) -> str:
    return _("I could not read “{typed}” as a period. Try for example:\n"
             "<code>/export dal 1/3 al 31/5</code>\n"
             "<code>/export from March to May</code>\n"
             "<code>/export 2026</code>\n"
             "<code>/export last month</code>\n"
             "or send /export and choose with the buttons.").format(typed=q(typed))


def separator_name(separator: str) -> str:
    return _("semicolon (;)") if separator == ";" else _("comma (,)")


def switch_separator_button(separator: str) -> str:
    """The button for the same export with the other separator."""
    if separator == ";":
        return _("Again, separated by semicolons (;)")
    return _("Again, separated by commas (,)")


def preparing() -> str:
    return _("Preparing the export…")


def caption(summary: ExportSummary, scope: str) -> str:
    rows = summary.rows
    return _("<b>Export – {scope}</b>\n"
             "Period: {period}\n"
             "Needs: {needs} · pledges and deliveries: {pledges} · tables: {tables} · "
             "competences: {competences} · teams: {teams}\n"
             "Separator: {separator}. People appear as pseudonyms; README.txt explains each "
             "column.").format(
        scope=q(scope), period=period_text(summary.period), needs=rows.get("needs.csv", 0),
        pledges=rows.get("pledges.csv", 0), tables=rows.get("tables.csv", 0),
        competences=rows.get("assessments.csv", 0), teams=rows.get("teams.csv", 0),
        separator=separator_name(summary.dialect.separator))


# --- README.txt -------------------------------------------------------------------------------

FILE_DESCRIPTIONS: Mapping[str, LazyProxy] = {
    "needs.csv": __("The needs posted in the period, or still open or covered in it (a need "
                    "ended before the period is left out). One row per need."),
    "pledges.csv": __("The pledges made in the period or changed in it (delivered, reduced, "
                      "withdrawn). One row per pledge."),
    "tables.csv": __("The territorial tables whose date falls in the period. One row per "
                     "table."),
    "assessments.csv": __("The self-assessments, per competence: no row is about one person. "
                          "A mean over fewer than {min_people} people is left empty."),
    "teams.csv": __("The teams of the scope, as they are now. One row per team."),
}

COLUMN_DESCRIPTIONS: Mapping[str, Mapping[str, LazyProxy]] = {
    "needs.csv": {
        "need_id": __("the need's number"),
        "team_id": __("the number of the team that posted it"),
        "team": __("the team's name"),
        "territory_code": __("the ISTAT code of the need's place (R- region, P- province, "
                             "otherwise a comune)"),
        "territory": __("the place's name"),
        "category": __("the category of need (food, housing, health, …)"),
        "resource": __("what is asked: time, goods, money or skills"),
        "unit": __("the unit of the quantities (hours, kg, parcels, items, eur, …)"),
        "target": __("the quantity asked for"),
        "pledged": __("the quantity pledged so far (now)"),
        "delivered": __("the quantity delivered so far (now)"),
        "status": __("open, covered (pledged in full), fulfilled (delivered in full), closed "
                     "(by a designer) or expired (its deadline passed)"),
        "urgency": __("low, normal or high"),
        "posted_on": __("the day it was posted"),
        "first_pledge_on": __("the day of its first pledge (empty: none yet)"),
        "covered_on": __("the day it was first pledged in full (empty: not yet)"),
        "closed_on": __("the day a designer closed it (empty: not closed)"),
        "days_to_first_pledge": __("days from posting to the first pledge"),
        "days_to_coverage": __("days from posting to full coverage"),
        "unit_value_eur": __("what one unit of goods is worth in euro, as the designer declared "
                             "it (empty: not declared)"),
        "from_table": __("the number of the table whose decision it came from (empty: none)"),
    },
    "pledges.csv": {
        "pledge_id": __("the pledge's number"),
        "need_id": __("the need it is for (see needs.csv)"),
        "team_id": __("the need's team"),
        "giver": __("who pledged, as a pseudonym (see above); \"{deleted}\" when they erased "
                    "their data"),
        "giver_actor_type": __("citizen, npo (non-profit), company or institution; unknown when "
                               "they never said"),
        "organisation": __("the organisation a non-profit, company or institution member "
                           "stated (never a citizen's)"),
        "quantity": __("the quantity pledged"),
        "unit": __("the need's unit"),
        "delivered": __("the quantity delivered so far"),
        "status": __("active, delivered or withdrawn"),
        "pledged_on": __("the day of the pledge"),
        "last_change_on": __("the day of its last change (a delivery, a reduction, a "
                             "withdrawal)"),
    },
    "tables.csv": {
        "table_id": __("the table's number"),
        "team_id": __("the team that called it"),
        "team": __("the team's name"),
        "date": __("the day it met (or was to meet)"),
        "status": __("scheduled (held, or still to come), cancelled or skipped"),
        "place_kind": __("online or in_person; the address is not exported, as it may be "
                         "someone's home"),
        "yes": __("answers \"I'll come\""),
        "no": __("answers \"I can't\""),
        "maybe": __("answers \"maybe\""),
        "attendance": __("people present according to the minutes (empty: no minutes)"),
        "decisions": __("decisions written in the minutes (empty: no minutes)"),
        "needs_from_decisions": __("needs posted from those decisions"),
    },
    "assessments.csv": {
        "competence": __("the competence's code"),
        "competence_name": __("its name"),
        "runs": __("self-assessments finished in the period that scored it"),
        "people": __("different people who finished one in the period"),
        "mean_score": __("the mean score of those runs, from 1 to 5"),
        "retakers": __("of those people, how many had finished it before"),
        "mean_change": __("their mean change: the last score in the period minus their first "
                          "score ever, in points of the 1–5 scale"),
    },
    "teams.csv": {
        "team_id": __("the team's number"),
        "team": __("the team's name"),
        "territory_code": __("the ISTAT code of the team's place"),
        "territory": __("the place's name"),
        "members": __("its members now"),
        "designers": __("its designers now"),
        "live_needs": __("its needs open or covered now"),
        "coverage_index": __("the mean share of those needs covered by pledges, each counted "
                             "up to 1 (0 to 1; empty: no live needs)"),
        "needs_posted": __("needs it posted in the period"),
    },
}


def _column_lines(name: str) -> list[str]:
    described = COLUMN_DESCRIPTIONS[name]
    return [f"  {column}: " + str(described[column]).format(deleted=DELETED_MEMBER)
            for column in COLUMNS[name]]


def readme(summary: ExportSummary, scope: str) -> str:
    """README.txt, in the summary's language (plain text, not HTML)."""
    d = summary.dialect
    lines = [
        _("Cohesion Makers – data export"),
        "",
        _("Scope: {scope}").format(scope=scope),
        _("Period: {period} (days of Italy's calendar, Europe/Rome)").format(
            period=period_text(summary.period)),
        _("Made: {moment}").format(moment=fmt_datetime(summary.made_at)),
        "",
        _("The files are CSV in UTF-8 with a BOM, separated by {separator}; decimals are "
          "written with a {mark}, days as YYYY-MM-DD. Codes (statuses, units, categories) are "
          "the same in every language.").format(separator=separator_name(d.separator),
                                                 mark=_("comma") if d.decimal_mark == ","
                                                 else _("point")),
        "",
        _("People: nobody appears by name, username or Telegram id. Each person who pledged "
          "is a pseudonym such as P-3fa9c2d1e0, computed from their Telegram id with a key "
          "kept secret by the platform: the same person has the same pseudonym in every "
          "export, and the pseudonym cannot be turned back into the person. A person who "
          "erased their data appears as \"{deleted}\". Organisations appear by name only as "
          "a non-profit, company or institution member stated them. Free text (needs' titles "
          "and descriptions, tables' addresses, agendas and minutes) is not exported: it "
          "may name people.").format(deleted=DELETED_MEMBER),
    ]
    for name in COLUMNS:
        lines += ["", f"{name} ({summary.rows.get(name, 0)})",
                  str(FILE_DESCRIPTIONS[name]).format(min_people=MIN_PEOPLE),
                  *_column_lines(name)]
    return "\n".join(lines) + "\n"
