"""The PDF report's words: every heading, row and note, in the current language.

``content`` turns a report into a ``PdfContent`` of plain strings (not escaped; the PDF builder
escapes each when it lays it out), so the builder in ``bot.ui.impact_pdf`` holds no words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from bot.ui.texts import impact_words as w
from domain.impact import (
    ACTOR_TYPES,
    ImpactFigures,
    ImpactReport,
    Overview,
    SocialValue,
    TeamLine,
)

#: Rankings longer than twice this show the first and the last this many, and count the rest.
RANKED = 15
#: Lists without an order that matters (comuni, idle teams) show this many, and count the rest.
LISTED = 30


@dataclass(frozen=True, slots=True)
class PdfTable:
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    #: Relative widths of the columns (the first is the label, the others figures).
    widths: Sequence[float] = ()
    #: Rows drawn as a gap in a ranking ("… 270 more …"): their index in ``rows``.
    gaps: Sequence[int] = ()
    #: A row drawn in bold (a total).
    totals: Sequence[int] = ()
    #: Columns of words, aligned left (the others hold figures, aligned right).
    text_columns: Sequence[int] = (0,)
    #: A line above the table, when its header does not say what it ranks.
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class PdfSection:
    title: str
    tables: Sequence[PdfTable] = ()
    notes: Sequence[str] = ()  # short paragraphs beneath the tables
    lead: str | None = None  # a paragraph above the tables
    estimate: bool = False  # drawn with a frame: an estimate, not a measure


@dataclass(frozen=True, slots=True)
class PdfContent:
    title: str
    facts: Sequence[str]  # beneath the title: the period, the comparison, the teams, the moment
    key_figures: PdfTable
    charts_title: str
    sections: Sequence[PdfSection]
    definitions_title: str
    definitions: Sequence[tuple[str, str]]
    assumptions_title: str
    assumptions: Sequence[str]
    footer: str  # left of the page number
    page_label: str  # "Page {page} of {pages}", formatted by the builder
    subject: str = field(default="")


# --- the frame -------------------------------------------------------------------------------


def _columns() -> list[str]:
    return [_("Figure"), _("This period"), _("Previous period"), _("Change")]


def _compared(label: str, now: Decimal | int, before: Decimal | int,
              show: Callable[[Any], str] = w.number) -> list[str]:
    return [label, show(now), show(before), w.change(now, before)]


def _ratio_row(label: str, now: float | None, before: float | None) -> list[str]:
    """A share or an index: its change in points, not in percent of itself."""
    moved = "" if now is None or before is None else points(now - before)
    return [label, w.pct(now), w.pct(before), moved]


def points(delta: float) -> str:
    value = round(delta * 100)
    if value == 0:
        return "="
    return ngettext("{n} point", "{n} points", abs(value)).format(n=w.signed(value, "0"))


def _table(rows: list[list[str]], *, totals: Sequence[int] = ()) -> PdfTable:
    return PdfTable(_columns(), rows, widths=(3.2, 1.3, 1.3, 1.0), totals=totals)


# --- the figures ------------------------------------------------------------------------------


def key_figures(report: ImpactReport) -> PdfTable:
    now, before = report.current, report.previous
    return _table([
        _compared(_("Members at the period's end"), now.people.total, before.people.total),
        _compared(_("Active members"), now.people.active, before.people.active),
        _compared(_("Needs posted"), now.needs.posted, before.needs.posted),
        _compared(_("Needs covered"), now.needs.covered, before.needs.covered),
        _compared(_("Hours of help delivered"), now.help.hours_delivered,
                  before.help.hours_delivered),
        _compared(_("Money delivered"), now.help.money_delivered, before.help.money_delivered,
                  w.money),
        _compared(_("Tables held"), now.tables.held, before.tables.held),
        _ratio_row(_("Coverage index at the period's end"), now.balance.coverage_index,
                   before.balance.coverage_index),
        _compared(_("Social value (estimate)"), now.value.total, before.value.total, w.money),
    ])


def _actors(now: Mapping[str, int], before: Mapping[str, int]) -> list[str]:
    extra = [k for k in dict.fromkeys([*now, *before]) if k not in ACTOR_TYPES]
    return [*ACTOR_TYPES, *extra]


def people(now: ImpactFigures, before: ImpactFigures) -> PdfSection:
    a, b = now.people, before.people
    rows = [_compared(w.actor_label(k), a.by_actor_type.get(k, 0), b.by_actor_type.get(k, 0))
            for k in _actors(a.by_actor_type, b.by_actor_type)]
    rows.append(_compared(_("Members at the period's end"), a.total, b.total))
    total = len(rows) - 1
    rows += [_compared(_("New in the period"), a.new, b.new),
             _compared(_("Active in the period (pledged, answered a table, took an assessment "
                         "or a training module)"), a.active, b.active)]
    return PdfSection(_("People"), [_table(rows, totals=(total,))],
                      lead=_("Members of the teams, by who they joined as."))


def needs(now: ImpactFigures, before: ImpactFigures) -> PdfSection:
    a, b = now.needs, before.needs
    rows = [_compared(w.need_state(state), getattr(a, state), getattr(b, state))
            for state in ("posted", "covered", "fulfilled", "closed", "expired")]
    rows += [
        [_("Median time to the first pledge"), w.duration(a.median_to_first_pledge),
         w.duration(b.median_to_first_pledge), ""],
        [_("Median time to coverage"), w.duration(a.median_to_coverage),
         w.duration(b.median_to_coverage), ""],
        _compared(_("Still uncovered after {n} days, at the period's end").format(
            n=a.uncovered_after_days), a.uncovered, b.uncovered),
    ]
    tables = [_table(rows)]
    if a.by_category:
        tables.append(PdfTable(
            [_("Category"), _("Open needs at the period's end"), _("Coverage")],
            [[w.category(c.category), w.number(c.needs), w.pct(c.coverage)]
             for c in a.by_category], widths=(3.2, 1.8, 1.3)))
    return PdfSection(_("Needs"), tables)


def help_given(now: ImpactFigures, before: ImpactFigures) -> PdfSection:
    a, b = now.help, before.help
    rows = [
        _compared(_("Hours pledged"), a.hours_pledged, b.hours_pledged),
        _compared(_("Hours delivered"), a.hours_delivered, b.hours_delivered),
        _compared(_("of which professional skills, pledged"), a.skill_hours_pledged,
                  b.skill_hours_pledged),
        _compared(_("of which professional skills, delivered"), a.skill_hours_delivered,
                  b.skill_hours_delivered),
        _compared(_("Money pledged"), a.money_pledged, b.money_pledged, w.money),
        _compared(_("Money delivered"), a.money_delivered, b.money_delivered, w.money),
        _ratio_row(_("Share delivered of what was pledged"), a.delivered_share,
                   b.delivered_share),
    ]
    tables = [_table(rows)]
    units = list(dict.fromkeys([g.unit for g in a.goods] + [g.unit for g in b.goods]))
    if units:
        zero = Decimal(0)
        goods_rows = []
        for unit in units:
            this = next((g for g in a.goods if g.unit == unit), None)
            that = next((g for g in b.goods if g.unit == unit), None)
            goods_rows.append([
                w.goods_unit(unit),
                w.number(this.pledged if this else zero), w.number(this.delivered if this else zero),
                w.number(that.pledged if that else zero), w.number(that.delivered if that else zero)])
        tables.append(PdfTable(
            [_("Goods, by unit"), _("Pledged"), _("Delivered"), _("Pledged before"),
             _("Delivered before")], goods_rows, widths=(2.4, 1.1, 1.1, 1.1, 1.1)))
    givers = [_compared(w.actor_label(k), a.givers_by_actor_type.get(k, 0),
                        b.givers_by_actor_type.get(k, 0))
              for k in _actors(a.givers_by_actor_type, b.givers_by_actor_type)]
    tables.append(PdfTable([_("Who gave (people who pledged)"), *_columns()[1:]], givers,
                           widths=(3.2, 1.3, 1.3, 1.0)))
    return PdfSection(_("Help"), tables, lead=_(
        "Pledges made and deliveries confirmed within the period, net of what was withdrawn "
        "or reduced in it."))


def _attendance_note(source: str) -> str:
    if source == "minutes":
        return _("Attendance as written in the tables' minutes.")
    if source == "rsvp":
        return _("Attendance from the “yes” answers: the tables had no minutes.")
    if source == "mixed":
        return _("Attendance from the minutes where a table has them, else from the “yes” "
                 "answers.")
    return _("No attendance to count.")


def tables_held(now: ImpactFigures, before: ImpactFigures) -> PdfSection:
    a, b = now.tables, before.tables
    rows = [_compared(_("Tables held"), a.held, b.held),
            _compared(_("Attendance"), a.attendance, b.attendance),
            _compared(_("Tables with minutes"), a.with_minutes, b.with_minutes),
            _compared(_("Decisions written in the minutes"), a.decisions, b.decisions),
            _compared(_("Decisions turned into needs"), a.decisions_to_needs,
                      b.decisions_to_needs)]
    return PdfSection(_("Tables"), [_table(rows)], notes=[_attendance_note(a.attendance_source)])


def growth(now: ImpactFigures, before: ImpactFigures) -> PdfSection:
    a, b = now.growth, before.growth
    rows = [_compared(_("Assessments taken"), a.assessments_taken, b.assessments_taken),
            _compared(_("of which retaken"), a.assessments_retaken, b.assessments_retaken),
            _compared(_("Training modules completed"), a.modules_completed, b.modules_completed),
            [_("Modules found useful"),
             _("{useful} of {rated}").format(useful=w.number(a.modules_useful),
                                            rated=w.number(a.modules_rated)),
             _("{useful} of {rated}").format(useful=w.number(b.modules_useful),
                                            rated=w.number(b.modules_rated)), ""],
            _compared(_("Expert hours given"), a.expert_hours, b.expert_hours),
            [_("Mean feedback on the experts (1–5)"), w.one_decimal(a.expert_feedback_mean),
             w.one_decimal(b.expert_feedback_mean), ""]]
    tables = [_table(rows)]
    notes = []
    if a.competence_change:
        tables.append(PdfTable(
            [_("Competence"), _("People who retook it"), _("Mean change (1–5 scale)")],
            [[w.competence(c.competence), w.number(c.people), w.signed(c.mean_change, "0.00")]
             for c in a.competence_change], widths=(3.2, 1.5, 1.5)))
    else:
        notes.append(_("Nobody retook an assessment in the period: no change to measure yet."))
    return PdfSection(_("Growth"), tables, notes=notes)


def balance(now: ImpactFigures, before: ImpactFigures) -> PdfSection:
    a, b = now.balance, before.balance
    rows = [_ratio_row(_("Coverage index"), a.coverage_index, b.coverage_index),
            [_("Spread across teams (Gini: 0 = even, 1 = all on one team)"),
             w.two_decimals(a.spread), w.two_decimals(b.spread), ""],
            _compared(_("Open needs"), a.live_needs, b.live_needs)]
    return PdfSection(_("Balance at the period's end"), [_table(rows)])


def _method(value: SocialValue) -> list[str]:
    method = value.method
    notes = [
        _("Method: the replacement cost of volunteer time (ILO, Manual on the Measurement of "
          "Volunteer Work, 2011, chapter 6): each delivered hour is valued at what it would "
          "cost to pay someone for it, by category of need."),
        _("Hourly values: {source}, {year}.").format(source=w.value_source(method.source),
                                                    year=method.year),
        _("Money is counted as delivered; goods at the unit value their need declared."),
    ]
    if value.goods_without_value:
        notes.append(ngettext(
            "{n} need delivered goods without a declared unit value: they are not counted.",
            "{n} needs delivered goods without a declared unit value: they are not counted.",
            value.goods_without_value).format(n=value.goods_without_value))
    return notes


def social_value(now: ImpactFigures, before: ImpactFigures) -> PdfSection:
    a, b = now.value, before.value
    rows = [_compared(_("Volunteer hours, valued"), a.hours_value, b.hours_value, w.money),
            _compared(_("Professional hours, valued"), a.skills_value, b.skills_value, w.money),
            _compared(_("Money delivered"), a.money, b.money, w.money),
            _compared(_("Goods, at their declared value"), a.goods_value, b.goods_value, w.money),
            _compared(_("Total (estimate)"), a.total, b.total, w.money)]
    rates = [[w.category(r.category), w.money(r.eur_per_hour)] for r in a.method.rates]
    rates += [[_("Any other category"), w.money(a.method.default_rate)],
              [_("Professional skills"), w.money(a.method.skill_rate)]]
    return PdfSection(
        _("Social value – an estimate"),
        [_table(rows, totals=(len(rows) - 1,)),
         PdfTable([_("Hourly value by category"), _("€ per hour")], rates, widths=(3.2, 1.3))],
        lead=_("An estimate, not a measure: it depends on the assumptions stated beneath it."),
        notes=_method(a), estimate=True)


# --- the overview ------------------------------------------------------------------------------


def _ranked(lines: Sequence[TeamLine], caption: str) -> PdfTable:
    def row(place: int, team: TeamLine) -> list[str]:
        return [w.number(place), team.name, w.pct(team.coverage), w.number(team.activity),
                w.number(team.posted)]

    numbered = list(enumerate(lines, 1))
    gaps: list[int] = []
    if len(numbered) > 2 * RANKED:
        hidden = len(numbered) - 2 * RANKED
        rows = [row(*item) for item in numbered[:RANKED]]
        gaps.append(len(rows))
        rows.append([ngettext("… {n} more team …", "… {n} more teams …", hidden).format(
            n=w.number(hidden)), "", "", "", ""])
        rows += [row(*item) for item in numbered[-RANKED:]]
    else:
        rows = [row(*item) for item in numbered]
    return PdfTable([_("#"), _("Team"), _("Coverage"), _("Activity"), _("Needs posted")],
                    rows, widths=(0.5, 3.4, 1.0, 1.0, 1.1), gaps=gaps, text_columns=(1,),
                    caption=caption)


def _more(count: int) -> str:
    return ngettext("… and {n} more", "… and {n} more", count).format(n=w.number(count))


def overview(view: Overview) -> PdfSection:
    tables = [_ranked(view.by_coverage, _("By coverage, the least covered first")),
              _ranked(view.by_activity, _("By activity, the most active first"))]
    if view.comuni_without_team:
        shown = view.comuni_without_team[:LISTED]
        rows = [[c.name, w.number(c.open_needs)] for c in shown]
        gaps = []
        if len(view.comuni_without_team) > LISTED:
            gaps.append(len(rows))
            rows.append([_more(len(view.comuni_without_team) - LISTED), ""])
        tables.append(PdfTable([_("Comuni with open needs and no team"), _("Open needs")],
                               rows, widths=(3.2, 1.3), gaps=gaps))
    notes = []
    if view.idle_teams:
        names = ", ".join(t.name for t in view.idle_teams[:LISTED])
        if len(view.idle_teams) > LISTED:
            names += " " + _more(len(view.idle_teams) - LISTED)
        notes.append(ngettext("{n} team posted nothing in the period: {names}.",
                              "{n} teams posted nothing in the period: {names}.",
                              len(view.idle_teams)).format(n=len(view.idle_teams), names=names))
    else:
        notes.append(_("Every team posted something in the period."))
    if not view.comuni_without_team:
        notes.append(_("No comune has open needs without a team of its own."))
    return PdfSection(_("The territory's teams"), tables, notes=notes, lead=_(
        "Coverage: the coverage index of a team's open needs at the period's end. Activity: "
        "pledges, answers to tables and needs posted within the period."))


# --- the whole report --------------------------------------------------------------------------


def title(report: ImpactReport) -> str:
    return _("Impact report – {name}").format(name=report.scope_name)


def content(report: ImpactReport, *, definitions: Sequence[tuple[str, str]],
            assumptions: Sequence[str]) -> PdfContent:
    now, before = report.current, report.previous
    sections = [people(now, before), needs(now, before), help_given(now, before),
                tables_held(now, before), growth(now, before), balance(now, before),
                social_value(now, before)]
    if report.overview is not None:
        sections.append(overview(report.overview))
    return PdfContent(
        title=title(report),
        facts=[
            _("Period: {period}").format(period=w.period_text(now.period)),
            _("Compared with: {period}").format(period=w.period_text(before.period)),
            ngettext("{n} team", "{n} teams", report.teams).format(n=w.number(report.teams)),
            _("Made on {moment}").format(moment=w.made_at(report.made_at)),
        ],
        key_figures=key_figures(report),
        charts_title=_("At a glance"),
        sections=sections,
        definitions_title=_("Definitions"),
        definitions=definitions,
        assumptions_title=_("Assumptions"),
        assumptions=assumptions,
        footer=_("{title} · {period}").format(title=title(report),
                                              period=w.period_short(now.period)),
        page_label=_("Page {page} of {pages}"),
        subject=_("Impact report"),
    )
