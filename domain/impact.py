"""Impact: the figures a designer shows at a meeting and an institution files in its records.

What a report holds, for one scope (a team, a designer's teams, a territory) and one period of
Rome days (`domain.period.Period`), compared with the period before it. The shapes below are
the contract between the figures (computed by plain functions in this module from facts the
service reads), the chat's text, the charts, the PDF, the export and the digests: each reads
these and nothing else.

Plain Python: no aiogram, no SQL. Every figure's definition is in ``docs/impact.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Literal

from domain.balance import gini
from domain.period import Period

#: The four kinds of member (``storage.models.member.ActorType``), in the order reports list
#: them; "unknown" counts members who never said and the pledges of erased members.
ACTOR_TYPES = ("citizen", "npo", "company", "institution")
ActorKey = Literal["citizen", "npo", "company", "institution", "unknown"]


@dataclass(frozen=True, slots=True)
class PeopleFigures:
    """Members of the scope's teams."""

    by_actor_type: Mapping[str, int]  # at the period's end, ACTOR_TYPES (+ "unknown") -> count
    total: int  # at the period's end
    new: int  # joined a team of the scope within the period
    active: int  # pledged, answered a table, finished an assessment or a training module in it


@dataclass(frozen=True, slots=True)
class CategoryCoverage:
    category: str  # a category code (storage/data/needs/categories.json)
    needs: int  # live at the period's end (open or covered) in that category
    coverage: float | None  # the coverage index of those needs (domain.balance.coverage_index)


@dataclass(frozen=True, slots=True)
class NeedFigures:
    posted: int  # needs posted (or a proposal approved) within the period
    covered: int  # needs that became covered within the period (whenever posted)
    fulfilled: int
    closed: int
    expired: int
    median_to_first_pledge: timedelta | None  # over needs whose first pledge fell in the period
    median_to_coverage: timedelta | None  # over needs covered within the period
    uncovered_after_days: int  # N, the threshold (settings.unanswered_after_days)
    uncovered: int  # live at the period's end, posted ≥ N days before it, not covered
    by_category: tuple[CategoryCoverage, ...]  # coverage by category, the lowest first


@dataclass(frozen=True, slots=True)
class GoodsLine:
    unit: str  # "kg", "parcels", "items", or a free "unit:…"
    pledged: Decimal
    delivered: Decimal


@dataclass(frozen=True, slots=True)
class HelpFigures:
    """Help pledged and delivered within the period: pledges made in it that still stand, at
    their standing quantity (net of the withdrawals and reductions made since); deliveries
    confirmed in it (``docs/impact.md``)."""

    hours_pledged: Decimal  # volunteer time ("hours") and professional skills ("skill_hours")
    hours_delivered: Decimal
    skill_hours_pledged: Decimal  # the professional part of the hours above
    skill_hours_delivered: Decimal
    goods: tuple[GoodsLine, ...]
    money_pledged: Decimal  # euro
    money_delivered: Decimal
    delivered_share: float | None  # delivered / pledged over every unit, None when none pledged
    givers_by_actor_type: Mapping[str, int]  # distinct people who pledged, by actor type


@dataclass(frozen=True, slots=True)
class TableFigures:
    held: int  # tables whose moment fell in the period and that were not cancelled or skipped
    attendance: int
    attendance_source: Literal["minutes", "rsvp", "mixed", "none"]  # minutes, else the "yes"
    with_minutes: int
    decisions: int  # decisions written in those tables' minutes
    decisions_to_needs: int  # needs posted from a decision of those tables


@dataclass(frozen=True, slots=True)
class CompetenceChange:
    competence: str  # a competence id (storage/data/assessment)
    people: int  # members who finished it twice or more, the last time within the period
    mean_change: float  # mean of (last score − first score), in the scale's points


@dataclass(frozen=True, slots=True)
class GrowthFigures:
    assessments_taken: int  # runs finished within the period
    assessments_retaken: int  # of which by a member who had finished one before
    competence_change: tuple[CompetenceChange, ...]
    modules_completed: int
    modules_useful: int  # of the modules answered "useful" within the period
    modules_rated: int  # modules given a useful / not useful answer within the period
    expert_hours: Decimal  # booked hours held (their slot ended) within the period
    expert_feedback_mean: float | None  # on the 1–5 scale, over those with feedback


@dataclass(frozen=True, slots=True)
class BalanceFigures:
    coverage_index: float | None  # at the period's end (domain.balance.coverage_index)
    spread: float | None  # across the scope's teams (domain.balance.team_spread)
    live_needs: int


@dataclass(frozen=True, slots=True)
class HourRate:
    category: str
    eur_per_hour: Decimal


@dataclass(frozen=True, slots=True)
class ValueMethod:
    """The assumptions a social value is estimated with: the replacement cost of volunteer
    time (ILO, *Manual on the Measurement of Volunteer Work*, 2011, ch. 6), an hourly value per
    category of need, kept as data with its source and year, changeable by an admin."""

    rates: tuple[HourRate, ...]
    default_rate: Decimal  # for a category without its own rate
    skill_rate: Decimal  # professional skills, valued at a professional's hour
    source: str
    year: int


@dataclass(frozen=True, slots=True)
class SocialValue:
    """An estimate, never a fact: shown with its method beneath it."""

    hours_value: Decimal  # delivered volunteer hours × the rate of their need's category
    skills_value: Decimal  # delivered professional hours × skill_rate
    money: Decimal  # money delivered
    goods_value: Decimal  # goods delivered × the unit value their need declared
    goods_without_value: int  # needs whose goods were delivered but declared no unit value
    total: Decimal
    method: ValueMethod


@dataclass(frozen=True, slots=True)
class ImpactFigures:
    """Everything measured for one scope and one period."""

    period: Period
    people: PeopleFigures
    needs: NeedFigures
    help: HelpFigures
    tables: TableFigures
    growth: GrowthFigures
    balance: BalanceFigures
    value: SocialValue


@dataclass(frozen=True, slots=True)
class TeamLine:
    """One team of an observer's territory in the overview's rankings."""

    team_id: int
    name: str
    coverage: float | None  # coverage index of its live needs at the period's end
    activity: int  # pledges + table answers + needs posted within the period
    posted: int  # needs posted within the period


@dataclass(frozen=True, slots=True)
class ComuneLine:
    """A comune with open needs and no team of its own."""

    code: str
    name: str
    open_needs: int


@dataclass(frozen=True, slots=True)
class Overview:
    """What `/overview` adds for a territory."""

    by_coverage: tuple[TeamLine, ...]  # the lowest coverage first (None last)
    by_activity: tuple[TeamLine, ...]  # the most active first
    comuni_without_team: tuple[ComuneLine, ...]
    idle_teams: tuple[TeamLine, ...]  # nothing posted in the period


@dataclass(frozen=True, slots=True)
class ImpactReport:
    """A report as it is shown, charted, printed and filed."""

    scope_kind: Literal["team", "teams", "place", "all"]
    scope_key: str  # a team id, "all", or a territory code
    scope_name: str  # the team's or territory's name, as the texts show it
    teams: int  # how many teams the scope holds
    current: ImpactFigures
    previous: ImpactFigures  # for current.period.previous()
    made_at: datetime  # aware UTC
    overview: Overview | None = field(default=None)  # for a territory (/overview)


# --------------------------------------------------------------------------------------------
# The facts the figures are computed from (the service reads them, aggregated, from storage)
# --------------------------------------------------------------------------------------------

#: Units of help and what kind of help each is (``domain.needs.units``).
TIME_UNITS = ("hours", "skill_hours")
MONEY_UNIT = "eur"


@dataclass(frozen=True, slots=True)
class NeedRecord:
    """One need of the scope as a period's figures read it.

    ``posted_at``: when it was posted or its proposal approved (None: a proposal never
    approved); ``pledged_at_end``: the standing pledges (active or delivered) made before the
    period's end; ``live_at_end``: open or covered at the period's end.
    """

    id: int
    team_id: int
    category: str
    target: Decimal | None
    posted_at: datetime | None
    first_pledge_at: datetime | None
    covered_at: datetime | None
    pledged_at_end: Decimal
    live_at_end: bool
    territory_code: str = ""


@dataclass(frozen=True, slots=True)
class HelpLine:
    """Help of one unit in one category of need within a period: ``pledged`` by the standing
    pledges made in it, ``delivered`` by the deliveries confirmed in it, ``goods_value`` the
    delivered quantity times the unit value declared by its needs (goods only), and
    ``needs_without_value`` the needs whose delivered goods declared no unit value."""

    unit: str
    category: str
    pledged: Decimal
    delivered: Decimal
    goods_value: Decimal = Decimal(0)
    needs_without_value: int = 0


@dataclass(frozen=True, slots=True)
class RetakeScores:
    """One member's first and last finished assessment score of one competence (only members
    who finished it twice or more, the last time within the period)."""

    competence: str
    first: float
    last: float


@dataclass(frozen=True, slots=True)
class TableCounts:
    """One held table of the period: its attendance from the minutes (None: no minutes, or
    minutes without attendance), its "yes" answers, its decisions."""

    minutes_attendance: int | None
    yes_answers: int
    decisions: int
    has_minutes: bool


# --------------------------------------------------------------------------------------------
# The figures
# --------------------------------------------------------------------------------------------


def median(values: Iterable[timedelta]) -> timedelta | None:
    """The middle value; of an even count, the mean of the two middle ones; None of none."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _capped(pledged: Decimal, target: Decimal) -> float:
    return min(float(pledged / target), 1.0)


def coverage_at_end(needs: Iterable[NeedRecord]) -> float | None:
    """``domain.balance.coverage_index`` at the period's end: the mean over the needs live
    then of min(pledged then / target, 1); None when none was live."""
    values = [_capped(n.pledged_at_end, n.target) for n in needs
              if n.live_at_end and n.target is not None and n.target > 0]
    return sum(values) / len(values) if values else None


def need_figures(needs: Sequence[NeedRecord], *, period: Period, fulfilled: int, closed: int,
                 expired: int, uncovered_after_days: int) -> NeedFigures:
    """The needs' figures of a period (see ``docs/impact.md``). ``fulfilled``, ``closed`` and
    ``expired`` are the needs that reached that status within the period (counted from their
    history). A need posted before the period and covered in it is counted covered, not
    posted, and its time to coverage counts."""
    start, end = period.utc_bounds()

    def within(moment: datetime | None) -> bool:
        return moment is not None and start <= moment < end

    posted = [n for n in needs if within(n.posted_at)]
    first = [n.first_pledge_at - n.posted_at for n in needs
             if n.first_pledge_at is not None and n.posted_at is not None
             and within(n.first_pledge_at)]
    covered = [n for n in needs if within(n.covered_at)]
    to_coverage = [n.covered_at - n.posted_at for n in covered
                   if n.covered_at is not None and n.posted_at is not None]
    threshold = end - timedelta(days=uncovered_after_days)
    uncovered = [n for n in needs if n.live_at_end and n.posted_at is not None
                 and n.posted_at <= threshold and n.target is not None
                 and n.pledged_at_end < n.target]
    live_by_category: dict[str, list[NeedRecord]] = {}
    for n in needs:
        if n.live_at_end:
            live_by_category.setdefault(n.category, []).append(n)
    by_category = sorted(
        (CategoryCoverage(category, len(ns), coverage_at_end(ns))
         for category, ns in live_by_category.items()),
        key=lambda c: (c.coverage if c.coverage is not None else 2.0, c.category))
    return NeedFigures(
        posted=len(posted), covered=len(covered), fulfilled=fulfilled, closed=closed,
        expired=expired,
        median_to_first_pledge=median(max(d, timedelta(0)) for d in first),
        median_to_coverage=median(max(d, timedelta(0)) for d in to_coverage),
        uncovered_after_days=uncovered_after_days, uncovered=len(uncovered),
        by_category=tuple(by_category))


def balance_figures(needs: Sequence[NeedRecord]) -> BalanceFigures:
    """The coverage index of the needs live at the period's end and its spread across teams
    (the Gini of the teams' indexes, ``domain.balance.team_spread``'s rule)."""
    by_team: dict[int, list[NeedRecord]] = {}
    for n in needs:
        if n.live_at_end:
            by_team.setdefault(n.team_id, []).append(n)
    indexes = [i for ns in by_team.values() if (i := coverage_at_end(ns)) is not None]
    return BalanceFigures(coverage_index=coverage_at_end(needs),
                          spread=gini(indexes) if indexes else None,
                          live_needs=sum(len(ns) for ns in by_team.values()))


def by_actor(counts: Mapping[str | None, int]) -> dict[str, int]:
    """Counts keyed by actor type in the reports' order, every type present; a type nobody
    gave, or one not known, goes under "unknown" (shown only when not zero)."""
    result = dict.fromkeys(ACTOR_TYPES, 0)
    unknown = 0
    for kind, count in counts.items():
        if kind in result:
            result[str(kind)] += count
        else:
            unknown += count
    if unknown:
        result["unknown"] = unknown
    return result


def people_figures(by_type: Mapping[str | None, int], *, new: int, active: int) -> PeopleFigures:
    counts = by_actor(by_type)
    return PeopleFigures(by_actor_type=counts, total=sum(counts.values()), new=new,
                         active=active)


def help_figures(lines: Iterable[HelpLine], *, givers: Mapping[str | None, int],
                 erased_pledges: int, delivered_fraction_sum: Decimal | float,
                 pledges: int) -> HelpFigures:
    """Help pledged and delivered. ``givers``: distinct people who pledged within the period
    by actor type; ``erased_pledges``: pledges of erased members (each counted as one giver
    under "unknown": nobody can tell them apart any more). ``delivered_share``: the mean, over
    the standing pledges made in the period (``pledges``), of the part of each delivered so
    far (``delivered_fraction_sum`` = Σ delivered / quantity): units cannot be added up, a
    share of each pledge can."""
    lines = list(lines)

    def total(units: tuple[str, ...], attr: str) -> Decimal:
        return sum((getattr(line, attr) for line in lines if line.unit in units), Decimal(0))

    goods: dict[str, tuple[Decimal, Decimal]] = {}
    for line in lines:
        if line.unit not in TIME_UNITS and line.unit != MONEY_UNIT:
            pledged, delivered = goods.get(line.unit, (Decimal(0), Decimal(0)))
            goods[line.unit] = (pledged + line.pledged, delivered + line.delivered)
    who = dict(givers)
    if erased_pledges:
        who[None] = who.get(None, 0) + erased_pledges
    return HelpFigures(
        hours_pledged=total(TIME_UNITS, "pledged"),
        hours_delivered=total(TIME_UNITS, "delivered"),
        skill_hours_pledged=total(("skill_hours",), "pledged"),
        skill_hours_delivered=total(("skill_hours",), "delivered"),
        goods=tuple(GoodsLine(unit, p, d) for unit, (p, d) in sorted(goods.items())),
        money_pledged=total((MONEY_UNIT,), "pledged"),
        money_delivered=total((MONEY_UNIT,), "delivered"),
        delivered_share=float(delivered_fraction_sum) / pledges if pledges else None,
        givers_by_actor_type=by_actor(who))


def table_figures(tables: Iterable[TableCounts], *, decisions_to_needs: int) -> TableFigures:
    """Tables held, and their attendance: from the minutes where they say it, else from the
    "yes" answers; ``attendance_source`` says which ("mixed" when both were used)."""
    tables = list(tables)
    sources = set()
    attendance = 0
    for table in tables:
        if table.minutes_attendance is not None:
            attendance += table.minutes_attendance
            sources.add("minutes")
        else:
            attendance += table.yes_answers
            sources.add("rsvp")
    source: Literal["minutes", "rsvp", "mixed", "none"] = (
        "none" if not sources else "mixed" if len(sources) == 2
        else "minutes" if "minutes" in sources else "rsvp")
    return TableFigures(held=len(tables), attendance=attendance, attendance_source=source,
                        with_minutes=sum(1 for t in tables if t.has_minutes),
                        decisions=sum(t.decisions for t in tables),
                        decisions_to_needs=decisions_to_needs)


def competence_changes(scores: Iterable[RetakeScores]) -> tuple[CompetenceChange, ...]:
    """The mean change (last − first finished score) per competence among the members who
    retook it, the last time within the period; competences in alphabetical order."""
    grouped: dict[str, list[float]] = {}
    for s in scores:
        grouped.setdefault(s.competence, []).append(s.last - s.first)
    return tuple(CompetenceChange(c, len(d), sum(d) / len(d)) for c, d in sorted(grouped.items()))


def rate_of(method: ValueMethod, category: str) -> Decimal:
    return next((r.eur_per_hour for r in method.rates if r.category == category),
                method.default_rate)


def social_value(lines: Iterable[HelpLine], method: ValueMethod) -> SocialValue:
    """An estimate of what the help delivered within the period is worth, by the replacement
    cost method (ILO, *Manual on the Measurement of Volunteer Work*, 2011): volunteer hours at
    the hourly value of their need's category, professional hours at the skills rate, money as
    it is, goods at the unit value their need declared (goods without one are counted apart,
    not valued)."""
    hours = skills = money = goods = Decimal(0)
    without = 0
    for line in lines:
        if line.unit == "hours":
            hours += line.delivered * rate_of(method, line.category)
        elif line.unit == "skill_hours":
            skills += line.delivered * method.skill_rate
        elif line.unit == MONEY_UNIT:
            money += line.delivered
        else:
            goods += line.goods_value
            without += line.needs_without_value
    cent = Decimal("0.01")
    hours, skills, money, goods = (v.quantize(cent) for v in (hours, skills, money, goods))
    return SocialValue(hours_value=hours, skills_value=skills, money=money, goods_value=goods,
                       goods_without_value=without, total=hours + skills + money + goods,
                       method=method)


def change(current: float | int | Decimal | None,
           previous: float | int | Decimal | None) -> float | None:
    """The relative change from the previous period (0.25 = a quarter more); None when either
    is unknown or the previous was zero (no ratio to speak of)."""
    if current is None or previous is None or previous == 0:
        return None
    return float(current) / float(previous) - 1
