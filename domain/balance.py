"""The balance of help: which needs are served many times over and which find nobody.

Why this module exists: in a crisis help piles up where networks are strong and misses needs
where coordination is weak.  These are the measures that show it (coverage, fulfilment, waiting
times; a coverage index, the unanswered needs and the spread of coverage of a team or territory).
Reports, ``/balance`` and the nudge job all read them from here, so a number means the same
everywhere.  The choices that correct it (whom to offer an uncovered need to, where to point the
surplus of an over-served one) are ``domain.matching``'s.

Plain Python on purpose: facts come in as small dataclasses built by the services from the
database, results go out as dataclasses; no clock is read (``now`` is an argument).

The definitions, and why:

* **coverage** = pledged / target and **fulfilment** = delivered / target, *not capped*: 2.0
  says "served twice over", which is exactly what the balance exists to show.
* **live needs** = status open or covered: the ones still asking for pledges or for delivery.
  Fulfilled, closed and expired needs are history (reports count them), not today's balance.
* **coverage index** of a team or territory = the mean over its live needs of min(coverage, 1),
  in 0..1.  Capped, because surplus on one need does not help another: with needs at 3.0, 0
  and 0 the uncapped mean is 1.0 ("fully covered") while two needs have nobody; capped it is
  0.33.  ``None`` when there are no live needs: nothing is asked, so neither 0 ("nothing
  covered") nor 1 would be true.
* **spread** = the Gini coefficient of the (uncapped) coverage of live needs, population
  formula G = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² μ): 0 when every need is equally covered, rising towards
  1 as the help gathers on a few needs ([0, 0, 0, 1] -> 0.75; the maximum for n needs is
  (n − 1) / n).  Uncapped, because help beyond a target is help that went to the wrong place.
  ``None`` for no needs; 0.0 when every coverage is 0 (all equally uncovered — the index says
  how badly).  Across teams it is the Gini of the teams' coverage indexes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from domain.needs import NeedStatus, Quantity

__all__ = [
    "AreaBalance", "NeedBalance", "NeedFacts", "TerritoryBalance", "area_balance", "coverage",
    "coverage_index", "days_waiting", "fulfilment", "gini", "in_territory", "is_live",
    "need_balance", "over_covered", "team_spread", "territory_balance", "time_to_coverage",
    "time_to_first_pledge", "unanswered",
]


@dataclass(frozen=True, slots=True)
class NeedFacts:
    """What the balance needs to know of one need.

    ``territory_chain``: the need's place and its ancestors, nearest first
    (``("F205", "P-MI", "R-03")``, or ``("P-MI", "R-03")`` for a province-wide need).
    ``covered_at``: when pledges first reached the target (kept if a withdrawal later drops
    below: time to coverage measures how fast people answered).
    """

    id: int
    title: str
    category: str
    unit: str
    target: Quantity
    pledged: Quantity
    delivered: Quantity
    status: NeedStatus
    posted_at: datetime
    territory_chain: tuple[str, ...]
    team_id: int | None = None
    first_pledge_at: datetime | None = None
    covered_at: datetime | None = None
    skill: str | None = None


# --------------------------------------------------------------------------------------------
# Per need
# --------------------------------------------------------------------------------------------


def _ratio(amount: Quantity, target: Quantity) -> float:
    t = Decimal(target)
    if t <= 0:
        raise ValueError("a need's target must be positive")
    return float(Decimal(amount) / t)


def coverage(pledged: Quantity, target: Quantity) -> float:
    """pledged / target, not capped (1.5 = half as much again as asked)."""
    return _ratio(pledged, target)


def fulfilment(delivered: Quantity, target: Quantity) -> float:
    """delivered / target, not capped, like coverage."""
    return _ratio(delivered, target)


def days_waiting(posted_at: datetime, *, now: datetime, covered_at: datetime | None = None) -> int:
    """Whole days a need waited: from posting to coverage, or to ``now`` while uncovered.

    Rounded down (a need posted this morning has waited 0 days); never negative, so a clock a
    little behind the database does not produce "-1 days".
    """
    end = covered_at if covered_at is not None else now
    return max((end - posted_at) // timedelta(days=1), 0)


def time_to_first_pledge(posted_at: datetime, first_pledge_at: datetime | None) -> timedelta | None:
    """How long until someone first answered; ``None`` while nobody has."""
    return None if first_pledge_at is None else max(first_pledge_at - posted_at, timedelta(0))


def time_to_coverage(posted_at: datetime, covered_at: datetime | None) -> timedelta | None:
    """How long until pledges reached the target; ``None`` while they have not."""
    return None if covered_at is None else max(covered_at - posted_at, timedelta(0))


@dataclass(frozen=True, slots=True)
class NeedBalance:
    """The figures of one need, as ``/balance`` and the reports show them."""

    need_id: int
    coverage: float
    fulfilment: float
    days_waiting: int
    time_to_first_pledge: timedelta | None
    time_to_coverage: timedelta | None


def need_balance(need: NeedFacts, *, now: datetime) -> NeedBalance:
    """All per-need figures at once."""
    return NeedBalance(
        need_id=need.id,
        coverage=coverage(need.pledged, need.target),
        fulfilment=fulfilment(need.delivered, need.target),
        days_waiting=days_waiting(need.posted_at, now=now, covered_at=need.covered_at),
        time_to_first_pledge=time_to_first_pledge(need.posted_at, need.first_pledge_at),
        time_to_coverage=time_to_coverage(need.posted_at, need.covered_at),
    )


def is_live(status: NeedStatus) -> bool:
    """Open or covered: still part of today's balance."""
    return status in ("open", "covered")


def over_covered(need: NeedFacts, margin: Decimal | float) -> bool:
    """Coverage beyond 1 + margin: more help than asked, even allowing the over-pledge margin."""
    return coverage(need.pledged, need.target) > 1 + float(margin)


# --------------------------------------------------------------------------------------------
# Per team and per territory
# --------------------------------------------------------------------------------------------


def coverage_index(needs: Iterable[NeedFacts]) -> float | None:
    """Mean of min(coverage, 1) over the live needs; ``None`` when none is live (see the top)."""
    values = [min(coverage(n.pledged, n.target), 1.0) for n in needs if is_live(n.status)]
    return sum(values) / len(values) if values else None


def gini(values: Iterable[float]) -> float | None:
    """Gini coefficient, population formula Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² μ).

    Computed from the sorted values as 2 Σᵢ i·x₍ᵢ₎ / (n Σ x) − (n + 1) / n (i from 1), which is
    the same number in O(n log n).  ``None`` for no values; 0.0 when all are zero (equal).
    Negative values have no meaning here and raise ``ValueError``.
    """
    xs = sorted(float(v) for v in values)
    if not xs:
        return None
    if xs[0] < 0:
        raise ValueError("the Gini coefficient is defined for non-negative values")
    total = sum(xs)
    if total == 0:
        return 0.0
    n = len(xs)
    weighted = sum(i * x for i, x in enumerate(xs, start=1))
    return max(2 * weighted / (n * total) - (n + 1) / n, 0.0)  # max: float noise at equality


def unanswered(needs: Iterable[NeedFacts], *, now: datetime, days: int) -> list[NeedFacts]:
    """Live needs nobody has pledged to, posted at least ``days`` days ago, oldest first.

    "Nobody" is read now: a need whose only pledge was withdrawn is unanswered again.
    """
    if days < 0:
        raise ValueError("days cannot be negative")
    old_enough = now - timedelta(days=days)
    found = [n for n in needs
             if is_live(n.status) and Decimal(n.pledged) == 0 and n.posted_at <= old_enough]
    return sorted(found, key=lambda n: (n.posted_at, n.id))


def in_territory(needs: Iterable[NeedFacts], code: str) -> list[NeedFacts]:
    """The needs placed in a territory: its code is in their chain (a comune is in its region)."""
    return [n for n in needs if code in n.territory_chain]


@dataclass(frozen=True, slots=True)
class AreaBalance:
    """The balance of one team or territory.

    ``needs``: the live needs' figures, least covered first (ties: longest waiting first) —
    the order ``/balance`` lists and charts them.  ``unanswered`` and ``over_covered`` are need
    ids (oldest first, most over-covered first).
    """

    live: int
    coverage_index: float | None
    spread: float | None
    unanswered: tuple[int, ...]
    over_covered: tuple[int, ...]
    needs: tuple[NeedBalance, ...]


def area_balance(needs: Iterable[NeedFacts], *, now: datetime, unanswered_after_days: int,
                 margin: Decimal | float) -> AreaBalance:
    """Index, spread, unanswered and over-covered needs of a set of needs (a team, a place)."""
    live = [n for n in needs if is_live(n.status)]
    figures = sorted((need_balance(n, now=now) for n in live),
                     key=lambda b: (b.coverage, -b.days_waiting, b.need_id))
    surplus = sorted((n for n in live if over_covered(n, margin)),
                     key=lambda n: (-coverage(n.pledged, n.target), n.id))
    return AreaBalance(
        live=len(live),
        coverage_index=coverage_index(live),
        spread=gini(b.coverage for b in figures),
        unanswered=tuple(n.id for n in unanswered(live, now=now, days=unanswered_after_days)),
        over_covered=tuple(n.id for n in surplus),
        needs=tuple(figures),
    )


def team_spread(needs: Iterable[NeedFacts]) -> float | None:
    """Gini of the coverage indexes of the teams that have live needs; ``None`` for no team.

    Needs without a team are left out: they belong to no team to compare.
    """
    by_team: dict[int, list[NeedFacts]] = defaultdict(list)
    for n in needs:
        if n.team_id is not None and is_live(n.status):
            by_team[n.team_id].append(n)
    indexes = [coverage_index(ns) for ns in by_team.values()]
    return gini(i for i in indexes if i is not None)


@dataclass(frozen=True, slots=True)
class TerritoryBalance:
    """A territory's balance, the same for each of its teams, and the spread between teams."""

    area: AreaBalance
    teams: Mapping[int, AreaBalance]
    team_spread: float | None


def territory_balance(needs: Iterable[NeedFacts], *, now: datetime, unanswered_after_days: int,
                      margin: Decimal | float) -> TerritoryBalance:
    """``needs`` are a territory's (see ``in_territory``); split by team and compared."""
    needs = list(needs)
    by_team: dict[int, list[NeedFacts]] = defaultdict(list)
    for n in needs:
        if n.team_id is not None:
            by_team[n.team_id].append(n)
    return TerritoryBalance(
        area=area_balance(needs, now=now, unanswered_after_days=unanswered_after_days,
                          margin=margin),
        teams={team: area_balance(ns, now=now, unanswered_after_days=unanswered_after_days,
                                  margin=margin)
               for team, ns in sorted(by_team.items())},
        team_spread=team_spread(needs),
    )
