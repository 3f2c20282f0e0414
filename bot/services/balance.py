"""The balance of help: ``/balance`` for designers and observers, and the nudges that correct it.

``/balance``: who may see what (a designer their teams, an observer their territory; checked
again here, a button can be forged), then the figures of ``domain.balance`` over the live needs,
read in one query (``uow.needs.balance_facts``: need, place and team joined), returned as a
frozen view for the texts and the chart.

Nudges: a sweep (the scheduler's job, daily hours only) that

1. points pledgers of over-covered needs at a similar uncovered need nearby
   (``domain.matching.surplus_redirects``), then
2. offers each uncovered need that has waited ``after_days`` to the best matching members
   (``domain.matching.match_members``: skills against the need's words and category, availability
   set, nearest place first), at most ``per_need`` members per need,

never more than one nudge per member in ``cap_days`` (the ``nudge`` table says when each was
last nudged; within a sweep, a member chosen once is not chosen again), never to a member who
turned nudges off, has not consented or was erased (their row is gone), never the same need to
the same member for the same reason twice. Every read is one set-based query (the live needs,
their standing pledges, the members of the regions concerned, the recent nudges), whatever the
number of members or needs. The sweep returns what to send; the job words it and enqueues it
with the rows that record it, in one unit of work.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Literal

from bot.personal import Person, Shown
from bot.services import needs
from bot.services.needs import (
    NeedProblem,
    NeedView,
    Pledged,
    PledgeRefused,
    PledgeView,
    need_view,
)
from bot.services.needs.values import pledge_view
from bot.services.roles import NotAllowed
from domain.balance import (
    NeedFacts,
    coverage,
    is_live,
    need_balance,
    over_covered,
    territory_balance,
)
from domain.calendar import ROME
from domain.matching import (
    MemberFacts,
    MemberMatch,
    PledgeFacts,
    match_members,
    surplus_redirects,
)
from domain.needs import (
    CategoryCatalog,
    load_categories,
    one_tap_pledge,
    pledge_room,
    unit_info,
)
from storage.models import Need, NudgeKind, PledgeStatus, RoleName
from storage.models.need import PLEDGEABLE
from storage.repositories import BalanceRow, NudgeCandidate
from storage.uow import UnitOfWork

ScopeKind = Literal["team", "place", "teams"]


# --------------------------------------------------------------------------------------------
# /balance: who sees what
# --------------------------------------------------------------------------------------------


log = logging.getLogger(__name__)

@dataclass(frozen=True, slots=True)
class Scope:
    """What a person may see the balance of: one team ("team", key = team id), a territory
    ("place", key = its code), or all the teams they design ("teams", key = "all")."""

    kind: ScopeKind
    key: str
    name: str  # the team's name; for a place its code (the texts name it from the gazetteer)


async def scopes_of(uow: UnitOfWork, *, telegram_id: int) -> list[Scope]:
    """The teams a person designs, then the territories they observe; with two teams or more,
    "all my teams" first."""
    grants = await uow.roles.of_person(telegram_id)
    team_ids = sorted({g.team_id for g in grants
                       if g.role == RoleName.DESIGNER.value and g.team_id is not None})
    places = sorted({g.territory_code for g in grants
                     if g.role == RoleName.OBSERVER.value and g.territory_code is not None})
    scopes = [Scope("team", str(t.id), t.name) for t in await uow.teams.by_ids(team_ids)]
    if len(scopes) > 1:
        scopes.insert(0, Scope("teams", "all", ""))
    return scopes + [Scope("place", code, code) for code in places]


async def _allowed(uow: UnitOfWork, telegram_id: int, kind: str, key: str) -> Scope:
    for scope in await scopes_of(uow, telegram_id=telegram_id):
        if scope.kind == kind and scope.key == key:
            return scope
    raise NotAllowed(f"{telegram_id} may not see the balance of {kind} {key}")


# --------------------------------------------------------------------------------------------
# /balance: the figures
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NeedLine:
    """One live need's figures (coverage and fulfilment not capped)."""

    id: int
    title: str
    team_name: str
    unit: str
    target: Decimal
    pledged: Decimal
    delivered: Decimal
    coverage: float
    fulfilment: float
    days_waiting: int
    time_to_first_pledge: timedelta | None
    time_to_coverage: timedelta | None
    unanswered: bool
    over_covered: bool


@dataclass(frozen=True, slots=True)
class TeamLine:
    team_id: int
    name: str
    live: int
    coverage_index: float | None
    unanswered: int


@dataclass(frozen=True, slots=True)
class BalanceView:
    """The balance of a scope. ``needs``: least covered first (ties: longest waiting);
    ``unanswered``: oldest first; ``teams`` (several teams only): least covered first;
    ``team_spread``: the Gini of the teams' coverage indexes (None with fewer than one)."""

    scope: Scope
    live: int
    coverage_index: float | None
    spread: float | None
    team_spread: float | None
    unanswered_after_days: int
    needs: tuple[NeedLine, ...]
    unanswered: tuple[NeedLine, ...]
    teams: tuple[TeamLine, ...]
    mean_time_to_first_pledge: timedelta | None
    mean_time_to_coverage: timedelta | None


def _mean(values: list[timedelta]) -> timedelta | None:
    return sum(values, timedelta(0)) / len(values) if values else None


def balance_of_rows(scope: Scope, rows: list[BalanceRow], *, now: datetime,
                    unanswered_after_days: int, margin: float) -> BalanceView:
    """The view from the rows read (pure: the benchmark times it with the query)."""
    facts = [r.facts for r in rows]
    team_names = {r.facts.team_id: r.team_name for r in rows}
    by_id = {r.facts.id: r for r in rows}
    result = territory_balance(facts, now=now, unanswered_after_days=unanswered_after_days,
                               margin=margin)
    area = result.area
    unanswered = set(area.unanswered)
    over = set(area.over_covered)

    def line(need_id: int) -> NeedLine:
        row = by_id[need_id]
        f = row.facts
        figures = need_balance(f, now=now)
        return NeedLine(id=f.id, title=f.title, team_name=row.team_name, unit=f.unit,
                        target=Decimal(f.target), pledged=Decimal(f.pledged),
                        delivered=Decimal(f.delivered), coverage=figures.coverage,
                        fulfilment=figures.fulfilment, days_waiting=figures.days_waiting,
                        time_to_first_pledge=figures.time_to_first_pledge,
                        time_to_coverage=figures.time_to_coverage,
                        unanswered=need_id in unanswered, over_covered=need_id in over)

    lines = tuple(line(b.need_id) for b in area.needs)
    teams: tuple[TeamLine, ...] = ()
    if scope.kind != "team":
        teams = tuple(sorted(
            (TeamLine(team_id, team_names.get(team_id, ""), b.live, b.coverage_index,
                      len(b.unanswered)) for team_id, b in result.teams.items()),
            key=lambda t: (t.coverage_index if t.coverage_index is not None else 2.0,
                           -t.unanswered, t.team_id)))
    live = [f for f in facts if is_live(f.status)]
    first = [f.first_pledge_at - f.posted_at for f in live if f.first_pledge_at is not None]
    covered = [f.covered_at - f.posted_at for f in live if f.covered_at is not None]
    return BalanceView(
        scope=scope, live=area.live, coverage_index=area.coverage_index, spread=area.spread,
        team_spread=result.team_spread if scope.kind != "team" else None,
        unanswered_after_days=unanswered_after_days, needs=lines,
        unanswered=tuple(line(i) for i in area.unanswered), teams=teams,
        mean_time_to_first_pledge=_mean([max(d, timedelta(0)) for d in first]),
        mean_time_to_coverage=_mean([max(d, timedelta(0)) for d in covered]))


async def rows_of(uow: UnitOfWork, scope: Scope, *, telegram_id: int) -> list[BalanceRow]:
    """The live needs of a scope, in one query."""
    if scope.kind == "team":
        return await uow.needs.balance_facts(team_ids=[int(scope.key)])
    if scope.kind == "teams":
        team_ids = [int(s.key) for s in await scopes_of(uow, telegram_id=telegram_id)
                    if s.kind == "team"]
        return await uow.needs.balance_facts(team_ids=team_ids)
    return await uow.needs.balance_facts(territory_code=scope.key)


async def balance_of(uow: UnitOfWork, *, now: datetime, telegram_id: int, kind: str, key: str,
                     unanswered_after_days: int, margin: float) -> BalanceView:
    """The balance of one of the person's scopes; ``NotAllowed`` for any other (forged)."""
    scope = await _allowed(uow, telegram_id, kind, key)
    rows = await rows_of(uow, scope, telegram_id=telegram_id)
    return balance_of_rows(scope, rows, now=now, unanswered_after_days=unanswered_after_days,
                           margin=margin)


# --------------------------------------------------------------------------------------------
# Nudges
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NudgeRules:
    """The settings of the sweep (bot.config: nudge_cap_days, nudge_after_days,
    nudges_per_need, surplus_margin)."""

    cap_days: int = 7
    after_days: int = 2
    per_need: int = 5
    margin: float = 0.1


@dataclass(frozen=True, slots=True)
class NudgeToSend:
    """A nudge the sweep chose: to whom, in which language, which need and why.

    ``kind`` "uncovered": ``need`` matched the member (``matched_skills`` say how);
    "surplus": the member's pledge went to over-covered ``from_need``, ``need`` is short.
    """

    telegram_id: int
    language: str
    kind: str
    need: NeedFacts
    team_name: str
    place_name: str
    matched_skills: tuple[str, ...] = ()
    from_need: NeedFacts | None = None

    @property
    def key(self) -> str:
        """The outbox key: a member hears of a need for one reason once."""
        return f"nudge:{self.kind}:{self.telegram_id}:{self.need.id}"


def _region(chain: tuple[str, ...]) -> str | None:
    return next((code for code in chain if code.startswith("R-")), None)


def _uncovered(need: NeedFacts) -> bool:
    return is_live(need.status) and Decimal(need.pledged) < Decimal(need.target)


def _waiting_order(need: NeedFacts) -> tuple[float, datetime, int]:
    """Least covered first, then the longest waiting, then the oldest id."""
    return coverage(need.pledged, need.target), need.posted_at, need.id


def cap_since(now: datetime, cap_days: int) -> datetime:
    """The first moment a nudge still counts against the cap, as ``domain.balance.
    nudge_allowed`` reads it: nudged on day D (UTC), a member may be nudged again on day
    D + cap_days, so nudges from midnight of today − (cap_days − 1) on hold them back."""
    first_day = now.date() - timedelta(days=cap_days - 1)
    return datetime.combine(first_day, time(0), tzinfo=UTC)


async def choose_for_need(uow: UnitOfWork, *, now: datetime, need_id: int, rules: NudgeRules,
                          limit: int | None = None,
                          categories: CategoryCatalog | None = None) -> list[MemberMatch]:
    """Whom to offer one need to, best first (the sweep does the same for every need at
    once; this is the one-need path the benchmark times).

    Nearness ranks first (comune, then province, then region), so the members of the need's
    province are read first, and those of the rest of its region only when the province
    gives fewer than ``limit``: the same list as matching the whole region, from a tenth of
    the rows. Queries: the need, its pledgers, those already offered it, then one or two of
    matchable members not nudged within the cap.
    """
    rows = await uow.needs.balance_facts(need_ids=[need_id])
    if not rows or not _uncovered(rows[0].facts):
        return []
    need = rows[0].facts
    region = _region(need.territory_chain)
    if region is None:
        return []
    limit = limit if limit is not None else rules.per_need
    province = next((c for c in need.territory_chain if c.startswith("P-")), None)
    pledged = {m for m, _n, _q, _a in await uow.needs.pledges_to_live(need_id=need_id)}
    offered = {m for m, _n, k in await uow.nudges.offered(need_id=need_id)
               if k == NudgeKind.UNCOVERED.value}
    offered |= {m for m, category in await uow.nudges.muted(now=now) if category == need.category}
    since = cap_since(now, rules.cap_days)

    def match(candidates: list[NudgeCandidate], wanted: int) -> list[MemberMatch]:
        return match_members(need, (c.facts for c in candidates), today=now.date(),
                             last_nudged={}, cap_days=rules.cap_days,
                             already_pledged=pledged | offered, limit=wanted,
                             categories=categories)

    if province is None:  # a region-wide need: everyone in it is as near
        return match(await uow.nudges.matchable_in([region], not_nudged_since=since), limit)
    found = match(await uow.nudges.matchable_in([region], not_nudged_since=since,
                                                province=province), limit)
    if len(found) < limit:
        found += match(await uow.nudges.matchable_in([region], not_nudged_since=since,
                                                     province=province, in_province=False),
                       limit - len(found))
    return found


async def choose_nudges(uow: UnitOfWork, *, now: datetime, rules: NudgeRules,
                        categories: CategoryCatalog | None = None) -> list[NudgeToSend]:
    """The sweep's choice (see the module's docstring): surplus redirects first, then the
    uncovered needs, least covered and longest waiting first."""
    catalog = categories or load_categories()
    today = now.date()
    rows = await uow.needs.balance_facts()
    by_id = {r.facts.id: r for r in rows}
    needs = [r.facts for r in rows]
    since = cap_since(now, rules.cap_days)
    last: dict[int, date] = {}  # nudged in this sweep (those nudged before are not read)
    offered = await uow.nudges.offered()
    muted = await uow.nudges.muted(now=now)  # (member, category): "not for me" for a while
    standing = await uow.needs.pledges_to_live()
    chosen: list[NudgeToSend] = []

    def send(telegram_id: int, language: str, kind: str, need: NeedFacts,
             skills: tuple[str, ...] = (), source: NeedFacts | None = None) -> None:
        row = by_id[need.id]
        chosen.append(NudgeToSend(telegram_id, language, kind, need, row.team_name,
                                  row.place_name, skills, source))
        last[telegram_id] = today  # one nudge per member per sweep (and per cap_days)

    # 1. Surplus: pledgers of over-covered needs, pointed at a similar need nearby.
    surplus = {n.id for n in needs if is_live(n.status) and over_covered(n, rules.margin)}
    surplus_pledges = [PledgeFacts(m, n, q) for m, n, q, active in standing
                       if active and n in surplus]
    reachable = ({c.telegram_id: c for c in await uow.nudges.reachable(
        (p.member_id for p in surplus_pledges), not_nudged_since=since)}
        if surplus_pledges else {})
    redirects = surplus_redirects(
        needs, [p for p in surplus_pledges if p.member_id in reachable],
        {m: c.facts for m, c in reachable.items()}, margin=rules.margin, today=today,
        last_nudged=last, cap_days=rules.cap_days,
        already_offered={(m, n) for m, n, k in offered if k == NudgeKind.SURPLUS.value})
    for redirect in redirects:
        if (redirect.member_id, by_id[redirect.to_need_id].facts.category) in muted:
            continue
        send(redirect.member_id, reachable[redirect.member_id].language,
             NudgeKind.SURPLUS.value, by_id[redirect.to_need_id].facts,
             source=by_id[redirect.from_need_id].facts)

    # 2. Uncovered needs that have waited long enough, offered to matching members nearby.
    old_enough = now - timedelta(days=rules.after_days)
    waiting = sorted((n for n in needs if _uncovered(n) and n.status == "open"
                      and n.posted_at <= old_enough), key=_waiting_order)
    if not waiting:
        return chosen
    regions = sorted({code for n in waiting if (code := _region(n.territory_chain))})
    candidates = await uow.nudges.matchable_in(regions, not_nudged_since=since)
    language = {c.telegram_id: c.language for c in candidates}
    by_region: dict[str, list[MemberFacts]] = defaultdict(list)
    for c in candidates:
        if (code := _region(c.territory_chain)) is not None:
            by_region[code].append(c.facts)
    excluded: dict[int, set[int]] = defaultdict(set)  # need -> pledgers and those offered it
    for m, n, _q, _active in standing:
        excluded[n].add(m)
    for m, n, k in offered:
        if k == NudgeKind.UNCOVERED.value:
            excluded[n].add(m)
    muted_in: dict[str, set[int]] = defaultdict(set)
    for m, category in muted:
        muted_in[category].add(m)
    for need in waiting:
        excluded[need.id] |= muted_in[need.category]
    for need in waiting:
        region = _region(need.territory_chain)
        if region is None:
            continue
        for match in match_members(need, by_region[region], today=today, last_nudged=last,
                                   cap_days=rules.cap_days, already_pledged=excluded[need.id],
                                   limit=rules.per_need, categories=catalog):
            send(match.member_id, language[match.member_id], NudgeKind.UNCOVERED.value, need,
                 match.matched_skills)
    return chosen


@dataclass(frozen=True)
class NudgeSweep:
    """What the nudge sweep needs from the settings: the rules, the bot's username (for the
    pledge button's deep link) and the hours of the day (Rome) nudges may go out."""

    rules: NudgeRules
    bot_username: str
    from_hour: int = 9
    until_hour: int = 20


@dataclass(frozen=True, slots=True)
class NudgesChosen:
    """The sweep chose these nudges (and recorded them): each to its member, with a button."""

    nudges: tuple[NudgeToSend, ...]
    bot_username: str
    now: datetime
    cap_days: int = 7  # the cap the texts state ("at most one suggestion every … days")


async def send_nudges(uow: UnitOfWork, *, now: datetime, sweep: NudgeSweep) -> int:
    """Choose the week's nudges (`choose_nudges`) and record them, in this unit of work; the
    notifier words each in its member's language. Outside the day's hours it does nothing:
    nobody is nudged at night, the next sweep in the hours finds the same needs. Returns how
    many were chosen (one message each)."""
    if not sweep.from_hour <= now.astimezone(ROME).hour < sweep.until_hour:
        return 0
    nudges = await choose_nudges(uow, now=now, rules=sweep.rules)
    await record_nudges(uow, nudges, now=now)
    if nudges:
        uow.emit(NudgesChosen(tuple(nudges), sweep.bot_username, now, sweep.rules.cap_days))
        log.info("nudges: %d chosen", len(nudges))
    return len(nudges)


async def record_nudges(uow: UnitOfWork, nudges: list[NudgeToSend], *, now: datetime) -> int:
    """The rows that cap and de-duplicate the next sweeps, in the sweep's unit of work."""
    return await uow.nudges.record_many([(n.telegram_id, n.need.id, n.kind) for n in nudges],
                                        now=now)


async def set_nudges(uow: UnitOfWork, *, telegram_id: int, on: bool) -> bool:
    """The /profile toggle; returns the new setting (True: suggestions on)."""
    member = await uow.members.by_telegram_id(telegram_id)
    if member is None:
        raise NotAllowed(f"{telegram_id} is not a member")
    member.nudges_off = not on
    await uow.session.flush()
    return on


# --------------------------------------------------------------------------------------------
# A nudge's buttons: "I can help" (one tap) and "not for me"
# --------------------------------------------------------------------------------------------

#: How long "not for me" keeps a category's suggestions away from a member.
MUTE_DAYS = 30


@dataclass(frozen=True, slots=True)
class AlreadyPledged:
    """The member already stands behind the need (a second tap on the same nudge): their
    pledge, to change rather than repeat."""

    pledge: PledgeView
    need: NeedView


@dataclass(frozen=True, slots=True)
class AskQuantity:
    """The nudge's need takes money: the member is asked how much (never pledged for them)."""

    need_id: int


async def _offered_or_in_team(uow: UnitOfWork, telegram_id: int, member_id: int,
                              need_id: int, team_id: int) -> bool:
    if any(m == telegram_id for m, _n, _k in await uow.nudges.offered(need_id=need_id)):
        return True
    return await uow.memberships.get(member_id=member_id, team_id=team_id) is not None


async def _nudged_need(uow: UnitOfWork, telegram_id: int, need_id: int) -> Need:
    """The need a nudge's button is about, checked again (a button can be forged): pressed by
    a registered member to whom it was suggested or who is in its team. ``NotAllowed`` for
    anyone else, ``NeedProblem("no_such_need")`` for a need that is gone."""
    member = await uow.members.by_telegram_id(telegram_id)
    if member is None or not member.is_onboarded or member.id is None:
        raise NotAllowed(f"{telegram_id} is not a member")
    need = await uow.needs.get(need_id)
    if need is None:
        raise NeedProblem("no_such_need", str(need_id))
    if not await _offered_or_in_team(uow, telegram_id, member.id, need_id, need.team_id):
        raise NotAllowed(f"need {need_id} was not suggested to {telegram_id}")
    return need


async def pledge_from_nudge(uow: UnitOfWork, *, now: datetime, telegram_id: int, need_id: int,
                            margin: Decimal | float
                            ) -> Pledged | PledgeRefused | AskQuantity | AlreadyPledged:
    """The nudge's "I can help": checked again here (a button can be forged) — a registered
    member to whom the need was suggested, or a member of its team; the need still takes
    pledges and misses something — then pledged with ``domain.needs.one_tap_pledge``'s quantity (the
    member may change it afterwards); money asks instead. ``NotAllowed`` for anyone else,
    ``NeedProblem("no_such_need")`` for a need that is gone."""
    need = await _nudged_need(uow, telegram_id, need_id)
    if need.status not in PLEDGEABLE or need.target is None or need.unit is None:
        return PledgeRefused(need_id, Decimal(0), Decimal(0), "not_pledgeable")
    mine = [p for p in await uow.needs.pledges_to(need_id, statuses=(PledgeStatus.ACTIVE.value,))
            if p.member_telegram_id == telegram_id]
    if mine:  # a second tap pledges nothing more: the member changes their pledge instead
        return AlreadyPledged(pledge_view(mine[-1], need), need_view(need))
    room = pledge_room(need.target, need.pledged, margin, whole=unit_info(need.unit).whole)
    if need.unit == "eur":
        return AskQuantity(need_id)
    # Within what the need still misses: a one-tap answer never eats into the over-pledge
    # margin (that stays for those who choose a quantity).
    quantity = one_tap_pledge(need.unit, min(room.open_quantity, room.room),
                              whole=unit_info(need.unit).whole)
    if quantity is None:
        return PledgeRefused(need_id, room.open_quantity, Decimal(0), "over_limit")
    return await needs.pledge(uow, now=now, telegram_id=telegram_id, need_id=need_id,
                              quantity=quantity, margin=margin)


@dataclass(frozen=True, slots=True)
class Muted:
    """No suggestions of ``category`` for the member until ``until``."""

    category: str
    until: datetime


async def mute_category(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                        need_id: int) -> Muted:
    """The nudge's "not for me": the need's category is not suggested to the member for
    ``MUTE_DAYS`` days. ``NotAllowed`` for a non-member, ``NeedProblem`` for a need gone."""
    need = await _nudged_need(uow, telegram_id, need_id)
    until = now + timedelta(days=MUTE_DAYS)
    await uow.nudges.mute(telegram_id, need.category, until=until)
    return Muted(need.category, until)


__all__ = [
    "AlreadyPledged", "AskQuantity", "MUTE_DAYS", "Muted", "mute_category", "pledge_from_nudge",
    "BalanceView", "NeedLine", "NudgeRules", "NudgeToSend", "Scope", "TeamLine", "balance_of",
    "balance_of_rows", "choose_for_need", "choose_nudges", "record_nudges",
    "rows_of", "scopes_of", "set_nudges",
]


async def show_person(uow: UnitOfWork, person: Person) -> Shown:
    """/mydata: the suggestions of needs received, and whether they are on."""
    shown: dict[str, object] = {
        "suggestions_received": [{"need_id": nudge.need_id, "kind": nudge.kind,
                                  "at": nudge.at.isoformat()}
                                 for nudge in await uow.nudges.of_member(person.telegram_id)]}
    if person.member is not None:
        shown["suggestions_of_needs"] = "off" if person.member.nudges_off else "on"
    mutes = await uow.nudges.mutes_of(person.telegram_id)
    if mutes:
        shown["suggestions_muted"] = [{"category": mute.category,
                                       "until": mute.until.isoformat()} for mute in mutes]
    return shown


async def erase_person(uow: UnitOfWork, person: Person, now: datetime) -> None:
    await uow.nudges.forget_person(person.telegram_id)
