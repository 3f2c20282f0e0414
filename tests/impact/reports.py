"""Impact reports built by hand, with numbers a reader can check in what is drawn and printed.

``lombardy`` is a territory's report with its overview (``teams`` of them, to try the caps on
long rankings); ``empty`` one of a team where nothing happened (medians, coverage and the
feedback's mean all None). Dates are relative to ``today``, the pinned clock's day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from domain.impact import (
    BalanceFigures,
    CategoryCoverage,
    CompetenceChange,
    ComuneLine,
    GoodsLine,
    GrowthFigures,
    HelpFigures,
    HourRate,
    ImpactFigures,
    ImpactReport,
    NeedFigures,
    Overview,
    PeopleFigures,
    SocialValue,
    TableFigures,
    TeamLine,
    ValueMethod,
)
from domain.period import Period

METHOD = ValueMethod(
    rates=(HourRate("food", Decimal("16.50")), HourRate("loneliness", Decimal("19.00"))),
    default_rate=Decimal("17.00"), skill_rate=Decimal("38.00"),
    source="ISTAT, retribuzioni contrattuali orarie", year=2025)


def quarter_before(today: date) -> Period:
    """The three whole months before ``today``'s month."""
    first = today.replace(day=1)
    index = first.year * 12 + first.month - 1 - 3
    start = date(index // 12, index % 12 + 1, 1)
    return Period(start, first - timedelta(days=1))


def _figures(period: Period, *, scale: int) -> ImpactFigures:
    """Figures whose numbers grow with ``scale`` (the current period has 2, the previous 1)."""
    s = scale
    return ImpactFigures(
        period=period,
        people=PeopleFigures(by_actor_type={"citizen": 100 * s, "npo": 7 * s, "company": 3,
                                            "institution": 2, "unknown": s},
                             total=100 * s + 7 * s + 5 + s, new=20 * s, active=31 * s),
        needs=NeedFigures(
            posted=12 * s, covered=9 * s, fulfilled=5 * s, closed=s, expired=3 - s,
            median_to_first_pledge=timedelta(hours=30) if s == 2 else timedelta(hours=5),
            median_to_coverage=timedelta(days=4 * s),
            uncovered_after_days=7, uncovered=4 - s,
            by_category=(CategoryCoverage("loneliness", 3, 0.25), CategoryCoverage("food", 5, 0.8),
                         CategoryCoverage("education", 2, 1.0))),
        help=HelpFigures(
            hours_pledged=Decimal(40 * s), hours_delivered=Decimal(30 * s),
            skill_hours_pledged=Decimal(8), skill_hours_delivered=Decimal(6),
            goods=(GoodsLine("kg", Decimal(120 * s), Decimal(95 * s)),)
            + ((GoodsLine("unit:coperte & cuscini", Decimal(12), Decimal(7)),) if s == 2 else ()),
            money_pledged=Decimal("1500.00") * s, money_delivered=Decimal("1250.50") * s,
            delivered_share=0.78, givers_by_actor_type={"citizen": 25 * s, "npo": 4, "company": 2}),
        tables=TableFigures(held=4 * s, attendance=37 * s, attendance_source="mixed",
                            with_minutes=3 * s, decisions=6 * s, decisions_to_needs=2 * s),
        growth=GrowthFigures(
            assessments_taken=15 * s, assessments_retaken=4 * s,
            competence_change=(CompetenceChange("mobilising", 4, 0.75),
                               CompetenceChange("networking", 3, -0.25)),
            modules_completed=22 * s, modules_useful=17 * s, modules_rated=19 * s,
            expert_hours=Decimal(6 * s), expert_feedback_mean=4.25),
        balance=BalanceFigures(coverage_index=0.6 + 0.05 * s, spread=0.21, live_needs=10 * s),
        value=SocialValue(hours_value=Decimal("1071.00") * s, skills_value=Decimal("228.00"),
                          money=Decimal("1250.50") * s, goods_value=Decimal("190.00") * s,
                          goods_without_value=1,
                          total=Decimal("2511.50") * s + Decimal("228.00"), method=METHOD))


def _team(index: int) -> TeamLine:
    return TeamLine(team_id=index, name=f"Squadra {index:03d} – Bergamo Città",
                    coverage=None if index % 50 == 0 else (index % 17) / 16,
                    activity=(index * 7) % 90, posted=index % 4)


def lombardy(today: date, *, teams: int = 40) -> ImpactReport:
    period = quarter_before(today)
    lines = [_team(i) for i in range(1, teams + 1)]
    overview = Overview(
        by_coverage=tuple(sorted(lines, key=lambda t: (t.coverage is None, t.coverage or 0.0))),
        by_activity=tuple(sorted(lines, key=lambda t: -t.activity)),
        comuni_without_team=(ComuneLine("016024", "Bergamo", 3), ComuneLine("012133", "Varese", 1)),
        idle_teams=tuple(t for t in lines if t.posted == 0))
    return ImpactReport(
        scope_kind="place", scope_key="03", scope_name="Lombardia", teams=teams,
        current=_figures(period, scale=2), previous=_figures(period.previous(), scale=1),
        made_at=datetime.combine(today, time(9, 30), tzinfo=UTC), overview=overview)


def _nothing(period: Period) -> ImpactFigures:
    zero = Decimal(0)
    return ImpactFigures(
        period=period,
        people=PeopleFigures(by_actor_type={"citizen": 0, "npo": 0, "company": 0,
                                            "institution": 0}, total=0, new=0, active=0),
        needs=NeedFigures(posted=0, covered=0, fulfilled=0, closed=0, expired=0,
                          median_to_first_pledge=None, median_to_coverage=None,
                          uncovered_after_days=7, uncovered=0, by_category=()),
        help=HelpFigures(hours_pledged=zero, hours_delivered=zero, skill_hours_pledged=zero,
                         skill_hours_delivered=zero, goods=(), money_pledged=zero,
                         money_delivered=zero, delivered_share=None, givers_by_actor_type={}),
        tables=TableFigures(held=0, attendance=0, attendance_source="none", with_minutes=0,
                            decisions=0, decisions_to_needs=0),
        growth=GrowthFigures(assessments_taken=0, assessments_retaken=0, competence_change=(),
                             modules_completed=0, modules_useful=0, modules_rated=0,
                             expert_hours=zero, expert_feedback_mean=None),
        balance=BalanceFigures(coverage_index=None, spread=None, live_needs=0),
        value=SocialValue(hours_value=zero, skills_value=zero, money=zero, goods_value=zero,
                          goods_without_value=0, total=zero, method=METHOD))


def empty(today: date) -> ImpactReport:
    period = Period(today.replace(day=1), today)
    return ImpactReport(
        scope_kind="team", scope_key="7", scope_name="Quartiere <Sud> & Co.", teams=1,
        current=_nothing(period), previous=_nothing(period.previous()),
        made_at=datetime.combine(today, time(17, 0), tzinfo=UTC))
