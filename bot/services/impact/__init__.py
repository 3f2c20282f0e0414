"""Impact: ``/report`` and ``/overview`` — the figures of a scope over a period, compared with
the period before.

Who sees what (checked on every call: a button can be forged, a role can go):

    designer  each team they lead, and all of them together ("teams")
    observer  their territory ("place": every team placed in it)
    admin     anywhere: every team ("all") or any region, or a territory typed (``place``)

``report_of`` reads the facts of each period aggregated in SQL (``uow.impact``), and computes
the figures with ``domain.impact``'s plain functions; ``overview=True`` adds, for a territory,
the teams ranked by coverage and by activity, the comuni with open needs and no team, and the
teams with nothing posted. Definitions: ``docs/impact.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal

from bot.services.impact.rates import (
    RateLine,
    RateProblem,
    RateSet,
    rate_lines,
    set_rate,
    value_method,
)
from bot.services.roles import NotAllowed
from domain.impact import CompetenceChange as _Change
from domain.impact import (
    ComuneLine,
    GrowthFigures,
    ImpactFigures,
    ImpactReport,
    NeedRecord,
    Overview,
    TeamLine,
    balance_figures,
    coverage_at_end,
    help_figures,
    need_figures,
    people_figures,
    social_value,
    table_figures,
)
from domain.period import Period
from storage.models import RoleName
from storage.repositories.impact import Split
from storage.uow import UnitOfWork

ScopeKind = Literal["team", "teams", "place", "all"]


@dataclass(frozen=True, slots=True)
class Scope:
    """What a person may see the impact of: a team ("team", key its id), all the teams they
    design ("teams", "all"), a territory ("place", its code) or everything ("all", "all").
    ``name``: the team's name, the territory's code (the texts name it), or empty."""

    kind: ScopeKind
    key: str
    name: str


async def scopes_of(uow: UnitOfWork, *, telegram_id: int) -> list[Scope]:
    """The person's scopes, in the order of the buttons: their teams (with "all my teams"
    first when they lead two or more), their territories, and for an admin every team and
    each region."""
    grants = await uow.roles.of_person(telegram_id)
    team_ids = sorted({g.team_id for g in grants
                       if g.role == RoleName.DESIGNER.value and g.team_id is not None})
    places = sorted({g.territory_code for g in grants
                     if g.role == RoleName.OBSERVER.value and g.territory_code is not None})
    scopes = [Scope("team", str(t.id), t.name) for t in await uow.teams.by_ids(team_ids)]
    if len(scopes) > 1:
        scopes.insert(0, Scope("teams", "all", ""))
    scopes += [Scope("place", code, code) for code in places]
    if any(g.role == RoleName.ADMIN.value for g in grants):
        scopes.append(Scope("all", "all", ""))
        scopes += [Scope("place", code, code) for code in await uow.impact.regions()
                   if code not in places]
    return scopes


async def is_admin(uow: UnitOfWork, telegram_id: int) -> bool:
    return any(g.role == RoleName.ADMIN.value for g in await uow.roles.of_person(telegram_id))


async def allowed(uow: UnitOfWork, *, telegram_id: int, kind: str, key: str) -> Scope:
    """The scope if the person may see it now; ``NotAllowed`` otherwise. An admin may see any
    territory there is, not only the regions offered as buttons."""
    for scope in await scopes_of(uow, telegram_id=telegram_id):
        if scope.kind == kind and scope.key == key:
            return scope
    if kind == "place" and await is_admin(uow, telegram_id) \
            and await uow.territories.get(key) is not None:
        return Scope("place", key, key)
    raise NotAllowed(f"{telegram_id} may not see the impact of {kind} {key}")


async def teams_of(uow: UnitOfWork, scope: Scope, *, telegram_id: int) -> list[tuple[int, str]]:
    """(id, name) of the scope's teams."""
    if scope.kind == "team":
        team = await uow.teams.get(int(scope.key))
        return [] if team is None or team.id is None else [(team.id, team.name)]
    if scope.kind == "teams":
        return [(int(s.key), s.name) for s in await scopes_of(uow, telegram_id=telegram_id)
                if s.kind == "team"]
    return await uow.impact.teams_in(None if scope.kind == "all" else scope.key)


async def _figures(uow: UnitOfWork, team_ids: list[int], period: Period, *, now: datetime,
                   uncovered_after_days: int
                   ) -> tuple[tuple[ImpactFigures, ImpactFigures],
                              tuple[list[NeedRecord], dict[int, int]]]:
    """The figures of the period before and of the period (each query reads both), and the
    period's needs as they stood at its end and its pledges by team (for the overview)."""
    before = period.previous()
    start, middle = before.utc_bounds()
    split = Split(start, middle, period.utc_bounds()[1])
    repo = uow.impact
    records = await repo.need_records(team_ids, split=split)
    ended = await repo.needs_ended(team_ids, split=split)
    help_facts = await repo.help_facts(team_ids, split=split)
    people = await repo.people(team_ids, split=split)
    tables = await repo.table_counts(team_ids, split=split)
    decisions = await repo.decisions_to_needs(team_ids, split=split)
    growth = await repo.growth(team_ids, split=split, now=now)
    method = await value_method(uow)

    def figures(b: int, of: Period) -> ImpactFigures:
        feedback = growth[b].expert_feedback
        return ImpactFigures(
            period=of,
            people=people_figures(people[b].by_type, new=people[b].new,
                                  active=people[b].active),
            needs=need_figures(records[b], period=of, fulfilled=ended[b].get("fulfilled", 0),
                               closed=ended[b].get("closed", 0),
                               expired=ended[b].get("expired", 0),
                               uncovered_after_days=uncovered_after_days),
            help=help_figures(help_facts[b].lines, givers=help_facts[b].givers,
                              erased_pledges=help_facts[b].erased_pledges,
                              delivered_fraction_sum=help_facts[b].delivered_fraction_sum,
                              pledges=help_facts[b].pledges),
            tables=table_figures(tables[b], decisions_to_needs=decisions[b]),
            growth=GrowthFigures(
                assessments_taken=growth[b].taken, assessments_retaken=growth[b].retaken,
                competence_change=tuple(_Change(c, n, s / n) for c, n, s in growth[b].changes
                                        if n),
                modules_completed=growth[b].modules_completed,
                modules_useful=growth[b].modules_useful, modules_rated=growth[b].modules_rated,
                expert_hours=(Decimal(growth[b].expert_seconds) / 3600).quantize(
                    Decimal("0.01")),
                expert_feedback_mean=sum(feedback) / len(feedback) if feedback else None),
            balance=balance_figures(records[b]),
            value=social_value(help_facts[b].lines, method))

    return (figures(0, before), figures(1, period)), (records[1],
                                                     help_facts[1].pledges_by_team)


async def _overview(uow: UnitOfWork, teams: list[tuple[int, str]], records: list[NeedRecord],
                    pledges: dict[int, int], period: Period) -> Overview:
    start, end = period.utc_bounds()
    answers = await uow.impact.answers_by_team([t for t, _n in teams], start=start, end=end)
    by_team: dict[int, list[NeedRecord]] = {}
    for record in records:
        by_team.setdefault(record.team_id, []).append(record)
    lines = []
    for team_id, name in teams:
        mine = by_team.get(team_id, [])
        posted = sum(1 for r in mine if r.posted_at is not None and start <= r.posted_at < end)
        lines.append(TeamLine(team_id, name, coverage_at_end(mine),
                              posted + pledges.get(team_id, 0) + answers.get(team_id, 0),
                              posted))
    open_by_place: dict[str, int] = {}
    for record in records:
        if record.live_at_end and record.target is not None \
                and record.pledged_at_end < record.target:
            open_by_place[record.territory_code] = open_by_place.get(record.territory_code, 0) + 1
    places = await uow.impact.places(sorted(open_by_place))
    with_team = await uow.impact.codes_with_teams(sorted(open_by_place))
    comuni = sorted((ComuneLine(code, places[code][1], count)
                     for code, count in open_by_place.items()
                     if code in places and places[code][0] == "comune" and code not in with_team),
                    key=lambda c: (-c.open_needs, c.name))
    return Overview(
        by_coverage=tuple(sorted(lines, key=lambda t: (t.coverage is None,
                                                       t.coverage or 0.0, t.name))),
        by_activity=tuple(sorted(lines, key=lambda t: (-t.activity, t.name))),
        comuni_without_team=tuple(comuni),
        idle_teams=tuple(t for t in sorted(lines, key=lambda t: t.name) if t.posted == 0))


async def report_of(uow: UnitOfWork, *, telegram_id: int, kind: str, key: str, period: Period,
                    now: datetime, uncovered_after_days: int = 3,
                    overview: bool = False) -> ImpactReport:
    """The report of one of the person's scopes for ``period`` and the period before;
    ``NotAllowed`` for a scope they may not see. ``overview``: add the rankings (a territory
    or everything only; ignored for a team)."""
    scope = await allowed(uow, telegram_id=telegram_id, kind=kind, key=key)
    teams = await teams_of(uow, scope, telegram_id=telegram_id)
    return await _report(uow, scope, teams, period=period, now=now,
                         uncovered_after_days=uncovered_after_days, overview=overview)


async def report_for(uow: UnitOfWork, *, place: str | None = None, team: int | None = None,
                     period: Period, now: datetime, uncovered_after_days: int = 3,
                     overview: bool = False) -> ImpactReport | None:
    """The report of a territory (``place``, a code) or a team, for whoever is already allowed
    (the command line: an admin's tool); None for a team that does not exist."""
    if team is not None:
        found = await uow.teams.get(team)
        if found is None or found.id is None:
            return None
        scope, teams = Scope("team", str(found.id), found.name), [(found.id, found.name)]
    else:
        assert place is not None
        scope = Scope("place", place, place)
        teams = await uow.impact.teams_in(place)
    return await _report(uow, scope, teams, period=period, now=now,
                         uncovered_after_days=uncovered_after_days, overview=overview)


async def _report(uow: UnitOfWork, scope: Scope, teams: list[tuple[int, str]], *,
                  period: Period, now: datetime, uncovered_after_days: int,
                  overview: bool) -> ImpactReport:
    team_ids = [t for t, _n in teams]
    (previous, current), (records, pledges) = await _figures(uow, team_ids, period, now=now,
                                                  uncovered_after_days=uncovered_after_days)
    name = scope.name
    if scope.kind == "place":
        place = await uow.territories.get(scope.key)
        name = place.name if place is not None else scope.key
    return ImpactReport(
        scope_kind=scope.kind, scope_key=scope.key, scope_name=name, teams=len(teams),
        current=current, previous=previous, made_at=now,
        overview=(await _overview(uow, teams, records, pledges, period)
                  if overview and scope.kind in ("place", "all") else None))


async def overview_scopes(uow: UnitOfWork, *, telegram_id: int) -> list[Scope]:
    """The scopes ``/overview`` offers: territories and everything (not teams)."""
    return [s for s in await scopes_of(uow, telegram_id=telegram_id)
            if s.kind in ("place", "all")]


__all__ = [
    "NotAllowed", "RateLine", "RateProblem", "RateSet", "Scope", "allowed", "overview_scopes",
    "rate_lines", "report_for", "report_of", "scopes_of", "set_rate", "teams_of", "value_method",
]
