"""Impact: the figures a designer shows at a meeting and an institution files in its records.

What a report holds, for one scope (a team, a designer's teams, a territory) and one period of
Rome days (`domain.period.Period`), compared with the period before it. The shapes below are
the contract between the figures (computed by plain functions in this module from facts the
service reads), the chat's text, the charts, the PDF, the export and the digests: each reads
these and nothing else.

Plain Python: no aiogram, no SQL. Every figure's definition is in ``docs/impact.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Literal

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
    """Help pledged and delivered within the period (pledges made in it; deliveries confirmed
    in it), net of withdrawals and reductions made in it."""

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
