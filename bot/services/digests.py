"""The weekly digests: to each linked team group, the past week of its team and the needs most
in want of help; to each observer, their territory's week and the teams that need attention.

The sweep (the capability's job, every quarter of an hour) releases a week's digests once, on or
after the weekly moment (Monday 09:00 Rome by default) and in daytime only
(``domain.digests.release_due``: a process down through Monday still sends them later that
week, never at night). It reads every figure for all teams at once — one grouped query each
(``DigestRepository``) — composes one digest per group and per observer with something to say,
records the week as swept, and says so (``DigestsReleased``); the notifier words each digest in
its reader's language and enqueues it under a key per chat and ISO week
(``weekly-group:<chat>:<yyyy-Www>``), so nothing is sent twice.

A group's administrators turn its digest off and on (``/weekly``); that they are Telegram
administrators of the group is checked by the handler, through the Bot API.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from domain.balance import NeedFacts, coverage_index, days_waiting, unanswered
from domain.digests import (
    TeamWeek,
    iso_week,
    most_wanting,
    needing_attention,
    past_week,
    release_due,
)
from domain.period import Period
from storage.repositories.digest import ComingTable, DigestRepository, UnitAmounts
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

#: Units counted as hours of help in an observer's digest.
HOUR_UNITS = ("hours", "skill_hours")


@dataclass(frozen=True, slots=True)
class DigestSchedule:
    """The weekly moment (a weekday, 0 Monday, and an hour, Rome) and the days after which a
    need nobody pledged to counts as unanswered (bot.config)."""

    weekday: int = 0
    hour: int = 9
    unanswered_after_days: int = 7


@dataclass(frozen=True, slots=True)
class UnitTotal:
    """How many pledges (or deliveries) of one unit, and their quantity."""

    unit: str
    count: int
    quantity: Decimal


@dataclass(frozen=True, slots=True)
class WantedNeed:
    id: int
    title: str
    unit: str
    pledged: Decimal
    target: Decimal
    days_waiting: int


@dataclass(frozen=True, slots=True)
class TableAhead:
    starts_at: datetime
    place: str


@dataclass(frozen=True, slots=True)
class GroupDigest:
    """A team group's digest: the past week (`period`) and what is ahead."""

    chat_id: int
    language: str
    team_name: str
    week: str
    period: Period
    new_needs: int
    pledges: tuple[UnitTotal, ...]
    deliveries: tuple[UnitTotal, ...]
    wanting: tuple[WantedNeed, ...]
    tables: tuple[TableAhead, ...]
    assessments: int
    modules: int

    @property
    def key(self) -> str:
        return f"weekly-group:{self.chat_id}:{self.week}"

    @property
    def says_something(self) -> bool:
        return bool(self.new_needs or self.pledges or self.deliveries or self.wanting
                    or self.tables)


@dataclass(frozen=True, slots=True)
class ObserverDigest:
    """An observer's digest of one territory they observe: the week in five figures and the
    teams that need attention (most pressing first)."""

    telegram_id: int
    language: str | None
    place_code: str
    place_name: str
    place_kind: str  # "comune", "province" or "region"
    week: str
    period: Period
    teams: int
    new_needs: int
    covered: int
    pledges: int
    hours: Decimal
    deliveries: int
    tables_held: int
    attention: tuple[TeamWeek, ...]
    unanswered_after_days: int

    @property
    def key(self) -> str:
        return f"weekly-observer:{self.telegram_id}:{self.place_code}:{self.week}"

    @property
    def says_something(self) -> bool:
        return bool(self.new_needs or self.covered or self.pledges or self.deliveries
                    or self.tables_held or self.attention)


@dataclass(frozen=True, slots=True)
class DigestsReleased:
    """The week's digests were composed (and the week recorded as swept): the notifier words
    and enqueues each."""

    groups: tuple[GroupDigest, ...]
    observers: tuple[ObserverDigest, ...]
    bot_username: str
    now: datetime


@dataclass(frozen=True, slots=True)
class _Week:
    """Every team's figures for the week, read once for the whole sweep."""

    period: Period
    posted: dict[int, int]
    covered: dict[int, int]
    pledges: UnitAmounts
    deliveries: UnitAmounts
    held: list[ComingTable]
    ahead: list[ComingTable]
    live: dict[int, list[NeedFacts]]


def _totals(amounts: dict[str, tuple[int, Decimal]] | None) -> tuple[UnitTotal, ...]:
    return tuple(UnitTotal(unit, count, quantity)
                 for unit, (count, quantity) in sorted((amounts or {}).items()))


async def _read_week(uow: UnitOfWork, repo: DigestRepository, *, now: datetime,
                     schedule: DigestSchedule) -> _Week:
    period = past_week(now, weekday=schedule.weekday, hour=schedule.hour)
    start, end = period.utc_bounds()
    live: dict[int, list[NeedFacts]] = defaultdict(list)
    for row in await uow.needs.balance_facts():
        if row.facts.team_id is not None:
            live[row.facts.team_id].append(row.facts)
    return _Week(period=period, posted=await repo.needs_posted(start, end),
                 covered=await repo.needs_covered(start, end),
                 pledges=await repo.pledges_made(start, end),
                 deliveries=await repo.deliveries(start, end),
                 held=await repo.tables_between(start, end),
                 ahead=await repo.tables_between(now, now + timedelta(days=7)), live=live)


async def compose(uow: UnitOfWork, *, now: datetime, schedule: DigestSchedule
                  ) -> tuple[list[GroupDigest], list[ObserverDigest]]:
    """This week's digests with something to say: one per linked group whose digest is on, one
    per observer and territory observed."""
    repo = uow.repository(DigestRepository)
    groups = await repo.linked_groups()
    observers = await repo.observers()
    if not groups and not observers:
        return [], []
    week = await _read_week(uow, repo, now=now, schedule=schedule)
    start, end = week.period.utc_bounds()
    name = iso_week(now)
    group_digests: list[GroupDigest] = []
    if groups:
        assessed = await repo.assessments_finished(start, end)
        trained = await repo.modules_done(start, end)
        ahead: dict[int, list[ComingTable]] = defaultdict(list)
        for table in week.ahead:
            ahead[table.team_id].append(table)
        for group in groups:
            team = group.team_id
            digest = GroupDigest(
                chat_id=group.chat_id, language=group.language, team_name=group.team_name,
                week=name, period=week.period, new_needs=week.posted.get(team, 0),
                pledges=_totals(week.pledges.get(team)),
                deliveries=_totals(week.deliveries.get(team)),
                wanting=tuple(_wanted(n, now) for n in most_wanting(week.live.get(team, ()))),
                tables=tuple(TableAhead(t.starts_at, t.place) for t in ahead[team]),
                assessments=assessed.get(team, 0), modules=trained.get(team, 0))
            if digest.says_something:
                group_digests.append(digest)
    observer_digests = [digest for digest in await _observer_digests(
        repo, observers, week, name=name, now=now, schedule=schedule) if digest.says_something]
    return group_digests, observer_digests


def _wanted(need: NeedFacts, now: datetime) -> WantedNeed:
    return WantedNeed(need.id, need.title, need.unit, Decimal(need.pledged),
                      Decimal(need.target), days_waiting(need.posted_at, now=now))


async def _observer_digests(repo: DigestRepository,
                            observers: Iterable[tuple[int, str, str, str, str | None]], week: _Week,
                            *, name: str, now: datetime,
                            schedule: DigestSchedule) -> list[ObserverDigest]:
    observers = list(observers)
    if not observers:
        return []
    in_place: dict[str, list[TeamWeek]] = defaultdict(list)
    held: dict[int, int] = defaultdict(int)
    for table in week.held:
        held[table.team_id] += 1
    for team in await repo.team_places():
        facts = week.live.get(team.team_id, [])
        active = bool(week.posted.get(team.team_id) or week.pledges.get(team.team_id)
                      or week.deliveries.get(team.team_id) or held.get(team.team_id))
        team_week = TeamWeek(team.team_id, team.name, coverage_index(facts),
                             len(unanswered(facts, now=now,
                                            days=schedule.unanswered_after_days)), active)
        for code in team.chain:
            in_place[code].append(team_week)
    digests = []
    for telegram_id, code, place_name, place_kind, language in observers:
        teams = in_place.get(code, [])
        ids = [t.team_id for t in teams]
        pledges = [total for i in ids for total in week.pledges.get(i, {}).items()]
        digests.append(ObserverDigest(
            telegram_id=telegram_id, language=language, place_code=code,
            place_name=place_name, place_kind=place_kind, week=name, period=week.period, teams=len(teams),
            new_needs=sum(week.posted.get(i, 0) for i in ids),
            covered=sum(week.covered.get(i, 0) for i in ids),
            pledges=sum(count for _unit, (count, _q) in pledges),
            hours=sum((q for unit, (_c, q) in pledges if unit in HOUR_UNITS), Decimal(0)),
            deliveries=sum(count for i in ids for count, _q in week.deliveries.get(i, {}).values()),
            tables_held=sum(held.get(i, 0) for i in ids),
            attention=tuple(needing_attention(teams)),
            unanswered_after_days=schedule.unanswered_after_days))
    return digests


async def release_digests(uow: UnitOfWork, *, now: datetime, schedule: DigestSchedule,
                          bot_username: str) -> int:
    """The sweep: this week's digests, once, when due (see the module's docstring). Returns how
    many digests were composed (one message each)."""
    if not release_due(now, weekday=schedule.weekday, hour=schedule.hour):
        return 0
    week = iso_week(now)
    repo = uow.repository(DigestRepository)
    if await repo.swept(week):
        return 0
    groups, observers = await compose(uow, now=now, schedule=schedule)
    await repo.mark_swept(week, groups=len(groups), observers=len(observers), now=now)
    if groups or observers:
        uow.emit(DigestsReleased(tuple(groups), tuple(observers), bot_username, now))
    log.info("digests of %s: %d groups, %d observers", week, len(groups), len(observers))
    return len(groups) + len(observers)


# --- a group's switch -----------------------------------------------------------------------


class NotLinked(LookupError):
    """The group is not linked to a team: it gets no digest to switch."""


async def group_digest_on(uow: UnitOfWork, *, chat_id: int) -> bool:
    """Whether the linked group gets the weekly digest; ``NotLinked`` for any other group."""
    if await uow.teams.by_group_chat(chat_id) is None:
        raise NotLinked(str(chat_id))
    group = await uow.groups.get(chat_id)
    return group is None or not group.digest_off


async def set_group_digest(uow: UnitOfWork, *, chat_id: int, title: str | None, on: bool,
                           language: str, now: datetime) -> bool:
    """Turn the linked group's weekly digest on or off (its administrators may: the handler
    checks). ``NotLinked`` for a group not linked to a team. Returns the new setting."""
    if await uow.teams.by_group_chat(chat_id) is None:
        raise NotLinked(str(chat_id))
    repo = uow.repository(DigestRepository)
    if not await repo.set_off(chat_id, not on):  # linked, yet never seen joining: record it
        await uow.groups.record_joined(chat_id=chat_id, title=title, language=language, now=now)
        await repo.set_off(chat_id, not on)
    return on
