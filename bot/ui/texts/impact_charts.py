"""An impact report's charts, labelled in the current language: help pledged and delivered,
the needs by what became of them (both against the previous period), coverage by category.

``chart_specs`` only translates (cheap, needs the gettext locale); ``impact_charts`` also draws
them (tens of milliseconds each): call it through ``asyncio.to_thread``, which carries the
locale into the worker thread with the rest of the context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from aiogram.utils.i18n import gettext as _

from bot.charts import (
    BarChart,
    BarState,
    ComparisonBar,
    ComparisonChart,
    ComparisonGroup,
    render_bars,
    render_comparison,
)
from bot.ui.texts import impact_words as w
from domain.impact import HelpFigures, ImpactReport, NeedFigures

#: Categories in the coverage chart: a phone screen holds about this many readable bars.
CHARTED = 10
NEED_STATES = ("posted", "covered", "fulfilled", "closed", "expired")


@dataclass(frozen=True, slots=True)
class ChartImage:
    name: str  # a file name: "impact-help.png"
    png: bytes
    caption: str  # plain text (escape it for an HTML caption)


@dataclass(frozen=True, slots=True)
class ChartSpec:
    name: str
    chart: BarChart | ComparisonChart
    caption: str

    def render(self) -> ChartImage:
        png = render_bars(self.chart) if isinstance(self.chart, BarChart) else render_comparison(
            self.chart)
        return ChartImage(self.name, png, self.caption)


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


# --- help pledged and delivered ----------------------------------------------------------------


def _help_bar(pledged: Decimal, delivered: Decimal, show: Callable[[Decimal], str], *,
              current: bool) -> ComparisonBar:
    return ComparisonBar(outer=float(pledged), inner=float(delivered), current=current,
                         text=_("{delivered} of {pledged}").format(
                             delivered=show(delivered), pledged=show(pledged)))


def _help_groups(now: HelpFigures, before: HelpFigures) -> list[ComparisonGroup]:
    def group(label: str, pairs: tuple[tuple[Decimal, Decimal], tuple[Decimal, Decimal]],
              show: Callable[[Decimal], str] = w.number) -> ComparisonGroup:
        return ComparisonGroup(label, [_help_bar(*pairs[0], show, current=True),
                                       _help_bar(*pairs[1], show, current=False)])

    groups = [group(_("Hours of help"), ((now.hours_pledged, now.hours_delivered),
                                         (before.hours_pledged, before.hours_delivered)))]
    if now.skill_hours_pledged or before.skill_hours_pledged:
        groups.append(group(_("of which professional skills (hours)"), (
            (now.skill_hours_pledged, now.skill_hours_delivered),
            (before.skill_hours_pledged, before.skill_hours_delivered))))
    groups.append(group(_("Money"), ((now.money_pledged, now.money_delivered),
                                     (before.money_pledged, before.money_delivered)), w.money_whole))
    units = list(dict.fromkeys([g.unit for g in now.goods] + [g.unit for g in before.goods]))
    zero = (Decimal(0), Decimal(0))
    for unit in units:
        this = next(((g.pledged, g.delivered) for g in now.goods if g.unit == unit), zero)
        that = next(((g.pledged, g.delivered) for g in before.goods if g.unit == unit), zero)
        groups.append(group(_("Goods ({unit})").format(unit=_short(w.goods_unit(unit), 30)),
                            (this, that)))
    return groups


def help_chart(report: ImpactReport) -> ChartSpec:
    chart = ComparisonChart(
        title=_("Help pledged and delivered – {name}").format(name=report.scope_name),
        groups=_help_groups(report.current.help, report.previous.help),
        legend=[("current_light", _("pledged, this period")),
                ("current", _("delivered, this period")),
                ("previous_light", _("pledged, previous period")),
                ("previous", _("delivered, previous period"))],
        shared_scale=False)
    caption = _("{name}: help pledged (light) and delivered (dark), {period} in blue against "
                "{previous} in grey.").format(
        name=report.scope_name, period=w.period_short(report.current.period),
        previous=w.period_short(report.previous.period))
    return ChartSpec("impact-help.png", chart, caption)


# --- needs -------------------------------------------------------------------------------------


def _state_count(figures: NeedFigures, state: str) -> int:
    return {"posted": figures.posted, "covered": figures.covered, "fulfilled": figures.fulfilled,
            "closed": figures.closed, "expired": figures.expired}[state]


def needs_chart(report: ImpactReport) -> ChartSpec:
    now, before = report.current.needs, report.previous.needs
    groups = [ComparisonGroup(w.need_state(state), [
        ComparisonBar(float(_state_count(now, state)), None, w.number(_state_count(now, state)),
                      current=True),
        ComparisonBar(float(_state_count(before, state)), None,
                      w.number(_state_count(before, state)), current=False)])
        for state in NEED_STATES]
    chart = ComparisonChart(
        title=_("Needs – {name}").format(name=report.scope_name), groups=groups,
        legend=[("current", _("this period")), ("previous", _("previous period"))],
        shared_scale=True)
    caption = _("{name}: needs posted, covered, fulfilled, closed and expired, {period} in blue "
                "against {previous} in grey.").format(
        name=report.scope_name, period=w.period_short(report.current.period),
        previous=w.period_short(report.previous.period))
    return ChartSpec("impact-needs.png", chart, caption)


# --- coverage by category ----------------------------------------------------------------------


def _state(value: float | None) -> BarState:
    if not value:
        return "none"
    return "part" if value < 1 else "full"


def coverage_chart(report: ImpactReport) -> ChartSpec | None:
    """The live needs' coverage per category, the lowest first; None without live needs."""
    lines = [c for c in report.current.needs.by_category if c.needs > 0][:CHARTED]
    if not lines:
        return None
    chart = BarChart(
        title=_("Coverage by category – {name}").format(name=report.scope_name),
        axis=_("coverage index of the needs open at the period's end"),
        labels=[_("{category} ({n})").format(category=_short(w.category(c.category)), n=c.needs)
                for c in lines],
        values=[c.coverage or 0.0 for c in lines],
        states=[_state(c.coverage) for c in lines],
        texts=[w.pct(c.coverage) for c in lines],
        legend={"none": _("nobody yet"), "part": _("partly covered"), "full": _("covered")},
        target=_("target"))
    caption = _("{name}: coverage of the needs open on {day}, by category (in brackets, how "
                "many needs), the least covered on top.").format(
        name=report.scope_name, day=w.day(report.current.period.end))
    return ChartSpec("impact-coverage.png", chart, caption)


# --- all of them ------------------------------------------------------------------------------


def chart_specs(report: ImpactReport) -> list[ChartSpec]:
    """The report's charts, labelled in the current language: two, or three when there are
    live needs to chart by category."""
    specs = [help_chart(report), needs_chart(report)]
    coverage = coverage_chart(report)
    if coverage is not None:
        specs.append(coverage)
    return specs


def impact_charts(report: ImpactReport) -> list[ChartImage]:
    """The charts drawn as PNG images (blocking: run it in a worker thread)."""
    return [spec.render() for spec in chart_specs(report)]
