"""The facts of the impact figures, for a set of teams and a period, aggregated in SQL.

Every query counts or sums in the database (GROUP BY, COUNT, SUM) and returns a handful of
rows per period, whatever the number of members or pledges: a region's year is 200,000
pledges. The one list read row by row is the scope's needs (a few thousand at most), which
the medians need, and the expert hours held (few).

Sources (``docs/impact.md`` says why):

* pledged: the ``pledge`` rows made in the period that still stand (active or delivered), at
  their standing quantity — net of the withdrawals and reductions made since;
* delivered: the ``need_event`` rows of kind ``delivered`` in the period, their
  ``details.quantity`` (the only record of *when* each delivery was confirmed);
* a need's status at a moment: its history (``need_event``: closed, fulfilled, expired,
  reopened); its posting: the ``posted`` or ``approved`` event, else its ``created_at``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Float, and_, case, cast, distinct, func, or_, union_all
from sqlalchemy import select as select_columns
from sqlalchemy.dialects import postgresql
from sqlmodel import col, select

from domain.impact import HelpLine, NeedRecord, TableCounts
from storage.models.assessment import AssessmentRun, AssessmentScore
from storage.models.expert import BookingStatus, ExpertBooking, ExpertSlot
from storage.models.impact import ImpactRate
from storage.models.member import Member
from storage.models.need import Need, NeedEvent, NeedEventKind, NeedStatus, Pledge, PledgeStatus
from storage.models.table import RsvpAnswer, TableMinutes, TableRsvp, TableStatus, TerritorialTable
from storage.models.team import Membership, Team
from storage.models.territory import Territory
from storage.models.training import TrainingProgress
from storage.repositories.base import _plan_for_values, _Repository, _table

NEED, PLEDGE, EVENT = _table(Need), _table(Pledge), _table(NeedEvent)
TEAM, PLACE, MEMBER, MEMBERSHIP = _table(Team), _table(Territory), _table(Member), _table(
    Membership)
TABLE, RSVP, MINUTES = _table(TerritorialTable), _table(TableRsvp), _table(TableMinutes)
RUN, SCORE, PROGRESS = _table(AssessmentRun), _table(AssessmentScore), _table(TrainingProgress)
SLOT, BOOKING = _table(ExpertSlot), _table(ExpertBooking)

_ENDING = (NeedEventKind.FULFILLED.value, NeedEventKind.CLOSED.value,
           NeedEventKind.EXPIRED.value)
_POSTING = (NeedEventKind.POSTED.value, NeedEventKind.APPROVED.value)
_STANDING = (PledgeStatus.ACTIVE.value, PledgeStatus.DELIVERED.value)
_NOT_POSTED = (NeedStatus.PROPOSED.value, NeedStatus.DECLINED.value)
_NOT_HELD = (TableStatus.CANCELLED.value, TableStatus.SKIPPED.value)
_NOT_GOODS = ("hours", "skill_hours", "eur")


def _money(value: Any) -> Decimal:
    """A sum read back (SQLite sums floats): to the cent."""
    return Decimal(str(round(float(value or 0), 2)))


@dataclass(frozen=True, slots=True)
class Split:
    """A period and the one before it, which ends where it begins: [start, middle) and
    [middle, end), in UTC. Each query reads both at once and says which a row is of (its
    ``bucket``: 0 the period before, 1 the period)."""

    start: datetime
    middle: datetime
    end: datetime

    def within(self, column: Any) -> tuple[Any, Any]:
        return column >= self.start, column < self.end

    def bucket(self, column: Any) -> Any:
        return case((column >= self.middle, 1), else_=0)


@dataclass(frozen=True, slots=True)
class People:
    by_type: dict[str | None, int]  # members at the period's end by actor type (None: unknown)
    new: int
    active: int


@dataclass(frozen=True, slots=True)
class HelpFacts:
    lines: tuple[HelpLine, ...]
    givers: dict[str | None, int]  # distinct people who pledged, by actor type (None: unknown)
    erased_pledges: int
    delivered_fraction_sum: float
    pledges: int
    pledges_by_team: dict[int, int] = field(default_factory=dict)  # every pledge made, by team


@dataclass(frozen=True, slots=True)
class GrowthFacts:
    taken: int
    retaken: int
    changes: tuple[tuple[str, int, float], ...]  # competence, people, Σ (last − first)
    modules_completed: int
    modules_useful: int
    modules_rated: int
    expert_seconds: float
    expert_feedback: tuple[int, ...]


class ImpactRepository(_Repository):
    """Read-only: the facts of ``domain.impact``'s figures (and the admin's hourly values)."""

    _custom_plans = False

    @property
    def _postgres(self) -> bool:
        return bool(self.session.get_bind().dialect.name == "postgresql")

    async def _run(self, query: Any) -> Any:
        """A core SELECT of columns (sqlmodel's ``exec`` is typed for model selects)."""
        session: Any = self.session
        if not self._custom_plans:
            await _plan_for_values(self.session)
            self._custom_plans = True
        return await session.exec(query)

    def _json_number(self, column: Any, key: str) -> Any:
        if self._postgres:
            return cast(cast(column, postgresql.JSON)[key].astext, Float)
        return cast(func.json_extract(column, f"$.{key}"), Float)

    def _json_length(self, column: Any) -> Any:
        if self._postgres:
            return func.json_array_length(cast(column, postgresql.JSON))
        return func.json_array_length(column)

    # --- scope ------------------------------------------------------------------------------

    async def teams_in(self, code: str | None) -> list[tuple[int, str]]:
        """(id, name) of the teams placed in a territory (its code anywhere in the team's
        place chain), or of every team (None)."""
        query = (select_columns(TEAM.c.id, TEAM.c.name)
                 .join(PLACE, PLACE.c.code == TEAM.c.territory_code).order_by(TEAM.c.id))
        if code is not None:
            query = query.where(or_(PLACE.c.code == code, PLACE.c.parent_code == code,
                                    PLACE.c.region_code == code))
        return [(int(i), str(n)) for i, n in (await self._run(query)).all()]

    async def places(self, codes: Sequence[str]) -> dict[str, tuple[str, str]]:
        """code -> (kind, name) of these territories."""
        if not codes:
            return {}
        query = select_columns(PLACE.c.code, PLACE.c.kind, PLACE.c.name).where(
            PLACE.c.code.in_(list(codes)))
        return {c: (k, n) for c, k, n in (await self._run(query)).all()}

    async def regions(self) -> list[str]:
        """The codes of the regions, in order."""
        query = select_columns(PLACE.c.code).where(PLACE.c.kind == "region").order_by(
            PLACE.c.code)
        return [str(c) for (c,) in (await self._run(query)).all()]

    async def codes_with_teams(self, codes: Sequence[str]) -> set[str]:
        if not codes:
            return set()
        query = select_columns(TEAM.c.territory_code).distinct().where(
            TEAM.c.territory_code.in_(list(codes)))
        return {str(c) for (c,) in (await self._run(query)).all()}

    # --- needs ------------------------------------------------------------------------------

    async def need_records(self, team_ids: Sequence[int], *, split: Split
                           ) -> tuple[list[NeedRecord], list[NeedRecord]]:
        """The scope's needs as ``domain.impact.NeedRecord``, as they stood at the end of the
        period before and at the end of the period (one query): posted before that end, their
        standing pledges made before it and whether they were live then."""
        if not team_ids:
            return [], []
        middle, end = split.middle, split.end
        history = (select_columns(
            EVENT.c.need_id.label("need_id"),
            func.min(case((EVENT.c.kind.in_(_POSTING), EVENT.c.at))).label("posted"),
            func.max(case((EVENT.c.kind.in_(_ENDING), EVENT.c.at))).label("ended"),
            func.max(case((EVENT.c.kind == NeedEventKind.REOPENED.value, EVENT.c.at)))
            .label("reopened"),
            func.max(case((and_(EVENT.c.kind.in_(_ENDING), EVENT.c.at < middle), EVENT.c.at)))
            .label("ended_before"),
            func.max(case((and_(EVENT.c.kind == NeedEventKind.REOPENED.value,
                                EVENT.c.at < middle), EVENT.c.at))).label("reopened_before"))
            .join(NEED, NEED.c.id == EVENT.c.need_id)
            .where(NEED.c.team_id.in_(list(team_ids)), EVENT.c.at < end,
                   EVENT.c.kind.in_((*_POSTING, *_ENDING, NeedEventKind.REOPENED.value)))
            .group_by(EVENT.c.need_id).subquery())
        quantity = cast(PLEDGE.c.quantity, Float)
        pledged = (select_columns(
            PLEDGE.c.need_id.label("need_id"), func.sum(quantity).label("total"),
            func.sum(case((PLEDGE.c.created_at < middle, quantity), else_=0.0)).label("before"))
            .join(NEED, NEED.c.id == PLEDGE.c.need_id)
            .where(NEED.c.team_id.in_(list(team_ids)), PLEDGE.c.created_at < end,
                   PLEDGE.c.status.in_(_STANDING))
            .group_by(PLEDGE.c.need_id).subquery())
        query = (select_columns(NEED.c.id, NEED.c.team_id, NEED.c.category, NEED.c.target,
                                NEED.c.status, NEED.c.created_at, NEED.c.first_pledge_at,
                                NEED.c.covered_at, NEED.c.territory_code, history.c.posted,
                                history.c.ended, history.c.reopened, pledged.c.total,
                                history.c.ended_before, history.c.reopened_before,
                                pledged.c.before)
                 .outerjoin(history, history.c.need_id == NEED.c.id)
                 .outerjoin(pledged, pledged.c.need_id == NEED.c.id)
                 .where(NEED.c.team_id.in_(list(team_ids)), NEED.c.created_at < end)
                 .order_by(NEED.c.id))
        previous: list[NeedRecord] = []
        current: list[NeedRecord] = []
        for (need_id, team_id, category, target, status, created_at, first_pledge_at,
             covered_at, territory, posted, ended, reopened, total, ended_before,
             reopened_before, total_before) in (await self._run(query)).all():
            posted_at = posted if posted is not None else (
                None if status in _NOT_POSTED else created_at)
            if posted_at is None or posted_at >= end:
                continue
            for bucket, last_end, reopen, sum_ in (
                    (current, ended, reopened, total),
                    (previous, ended_before, reopened_before, total_before)):
                if bucket is previous and posted_at >= middle:
                    continue
                ended_then = last_end is not None and (reopen is None or reopen < last_end)
                bucket.append(NeedRecord(
                    id=need_id, team_id=team_id, category=category,
                    target=None if target is None else Decimal(target), posted_at=posted_at,
                    first_pledge_at=first_pledge_at, covered_at=covered_at,
                    pledged_at_end=_money(sum_), live_at_end=not ended_then,
                    territory_code=territory))
        return previous, current

    async def needs_ended(self, team_ids: Sequence[int], *, split: Split
                          ) -> tuple[dict[str, int], dict[str, int]]:
        """kind (fulfilled, closed, expired) -> how many needs reached it within each period."""
        result: tuple[dict[str, int], dict[str, int]] = ({}, {})
        if not team_ids:
            return result
        bucket = split.bucket(EVENT.c.at)
        query = (select_columns(bucket, EVENT.c.kind, func.count(distinct(EVENT.c.need_id)))
                 .join(NEED, NEED.c.id == EVENT.c.need_id)
                 .where(NEED.c.team_id.in_(list(team_ids)), EVENT.c.kind.in_(_ENDING),
                        *split.within(EVENT.c.at))
                 .group_by(bucket, EVENT.c.kind))
        for b, kind, n in (await self._run(query)).all():
            result[int(b)][str(kind)] = int(n)
        return result

    async def decisions_to_needs(self, team_ids: Sequence[int], *, split: Split
                                 ) -> tuple[int, int]:
        """Needs posted from the minutes of the scope's tables held within each period."""
        if not team_ids:
            return 0, 0
        bucket = split.bucket(TABLE.c.starts_at)
        query = (select_columns(bucket, func.count(NEED.c.id))
                 .join(TABLE, TABLE.c.id == NEED.c.from_table_id)
                 .where(TABLE.c.team_id.in_(list(team_ids)), *split.within(TABLE.c.starts_at),
                        TABLE.c.status.not_in(_NOT_HELD))
                 .group_by(bucket))
        counts = dict((await self._run(query)).all())
        return int(counts.get(0, 0)), int(counts.get(1, 0))

    # --- help -------------------------------------------------------------------------------

    async def help_facts(self, team_ids: Sequence[int], *, split: Split
                         ) -> tuple[HelpFacts, HelpFacts]:
        """Pledged (standing pledges made in the period) and delivered (deliveries confirmed
        in it) by unit and category, who gave, and the share of each pledge delivered; for the
        period before and the period."""
        if not team_ids:
            return HelpFacts((), {}, 0, 0.0, 0), HelpFacts((), {}, 0, 0.0, 0)
        teams = NEED.c.team_id.in_(list(team_ids))
        standing = PLEDGE.c.status.in_(_STANDING)
        made = and_(teams, *split.within(PLEDGE.c.created_at), standing)
        bucket = split.bucket(PLEDGE.c.created_at)

        def of_standing(value: Any) -> Any:
            return case((standing, value))

        pledged_rows = (await self._run(
            select_columns(bucket, NEED.c.team_id, NEED.c.unit, NEED.c.category,
                           func.sum(of_standing(cast(PLEDGE.c.quantity, Float))),
                           func.sum(of_standing(cast(PLEDGE.c.delivered, Float)
                                                / cast(PLEDGE.c.quantity, Float))),
                           func.count(of_standing(PLEDGE.c.id)),
                           func.count(case((and_(standing,
                                                 PLEDGE.c.member_telegram_id.is_(None)),
                                            PLEDGE.c.id))),
                           func.count(PLEDGE.c.id))
            .join(NEED, NEED.c.id == PLEDGE.c.need_id)
            .where(teams, *split.within(PLEDGE.c.created_at))
            .group_by(bucket, NEED.c.team_id, NEED.c.unit, NEED.c.category))).all()
        quantity = self._json_number(EVENT.c.details, "quantity")
        goods = NEED.c.unit.not_in(_NOT_GOODS)
        delivered_at = split.bucket(EVENT.c.at)
        delivered_rows = (await self._run(
            select_columns(delivered_at, NEED.c.unit, NEED.c.category, func.sum(quantity),
                           func.sum(quantity * cast(NEED.c.unit_value, Float)),
                           func.count(distinct(case((and_(goods, NEED.c.unit_value.is_(None)),
                                                     NEED.c.id)))))
            .join(NEED, NEED.c.id == EVENT.c.need_id)
            .where(teams, EVENT.c.kind == NeedEventKind.DELIVERED.value,
                   *split.within(EVENT.c.at))
            .group_by(delivered_at, NEED.c.unit, NEED.c.category))).all()
        givers = (await self._run(
            select_columns(bucket, MEMBER.c.actor_type,
                           func.count(distinct(PLEDGE.c.member_telegram_id)))
            .join(NEED, NEED.c.id == PLEDGE.c.need_id)
            .outerjoin(MEMBER, MEMBER.c.telegram_id == PLEDGE.c.member_telegram_id)
            .where(made, PLEDGE.c.member_telegram_id.is_not(None))
            .group_by(bucket, MEMBER.c.actor_type))).all()
        lines: tuple[dict[tuple[str, str], list[Any]], ...] = ({}, {})
        fraction, count, erased = [0.0, 0.0], [0, 0], [0, 0]
        by_team: tuple[dict[int, int], dict[int, int]] = ({}, {})
        sums: tuple[dict[tuple[str, str], float], ...] = ({}, {})
        for b, team, unit, category, total, share, n, unknown, every in pledged_rows:
            by_team[b][team] = by_team[b].get(team, 0) + int(every)
            if int(n):
                sums[b][(unit, category)] = sums[b].get((unit, category), 0.0) + float(total)
            fraction[b] += float(share or 0)
            count[b] += int(n)
            erased[b] += int(unknown)
        for b in (0, 1):
            for key, total in sums[b].items():
                lines[b][key] = [_money(total), Decimal(0), Decimal(0), 0]
        for b, unit, category, total, value, without in delivered_rows:
            line = lines[b].setdefault((unit, category), [Decimal(0), Decimal(0), Decimal(0), 0])
            line[1:] = [_money(total), _money(value), int(without or 0)]
        who: tuple[dict[str | None, int], dict[str | None, int]] = ({}, {})
        for b, kind, n in givers:
            who[b][kind] = int(n)
        previous, current = (HelpFacts(
            lines=tuple(HelpLine(unit, category, *values)
                        for (unit, category), values in sorted(lines[b].items())),
            givers=who[b], erased_pledges=erased[b], delivered_fraction_sum=fraction[b],
            pledges=count[b], pledges_by_team=by_team[b]) for b in (0, 1))
        return previous, current

    # --- people -----------------------------------------------------------------------------

    def _members_of(self, team_ids: Sequence[int]) -> Any:
        return (select_columns(MEMBER.c.telegram_id)
                .join(MEMBERSHIP, MEMBERSHIP.c.member_id == MEMBER.c.id)
                .where(MEMBERSHIP.c.team_id.in_(list(team_ids))))

    async def people(self, team_ids: Sequence[int], *, split: Split
                     ) -> tuple[People, People]:
        """For the period before and the period: members at its end by actor type, joined
        within it, active within it."""
        if not team_ids:
            return People({}, 0, 0), People({}, 0, 0)
        in_teams = MEMBERSHIP.c.team_id.in_(list(team_ids))
        by_type = (await self._run(
            select_columns(MEMBER.c.actor_type,
                           func.count(distinct(case((MEMBERSHIP.c.joined_at < split.middle,
                                                     MEMBER.c.id)))),
                           func.count(distinct(MEMBER.c.id)))
            .join(MEMBERSHIP, MEMBERSHIP.c.member_id == MEMBER.c.id)
            .where(in_teams, MEMBERSHIP.c.joined_at < split.end)
            .group_by(MEMBER.c.actor_type))).all()
        first_joined = (select_columns(MEMBERSHIP.c.member_id,
                                       func.min(MEMBERSHIP.c.joined_at).label("first"))
                        .where(in_teams).group_by(MEMBERSHIP.c.member_id).subquery())
        joined = split.bucket(first_joined.c.first)
        new = dict((await self._run(
            select_columns(joined, func.count()).select_from(first_joined)
            .where(*split.within(first_joined.c.first)).group_by(joined))).all())
        acts = union_all(*(
            select_columns(column.label("tid"), split.bucket(moment).label("bucket"))
            .where(*split.within(moment), *extra)
            for column, moment, extra in (
                (PLEDGE.c.member_telegram_id, PLEDGE.c.created_at, ()),
                (RSVP.c.member_telegram_id, RSVP.c.answered_at, ()),
                (RUN.c.member_telegram_id, RUN.c.finished_at, (RUN.c.discarded_at.is_(None),)),
                (PROGRESS.c.member_telegram_id, PROGRESS.c.done_at, ())))).subquery()
        # Counted over the acts, each person once a period, kept if they are of the scope:
        # SQLite plans this forty times faster than the members joined to the acts.
        active = dict((await self._run(
            select_columns(acts.c.bucket, func.count(distinct(acts.c.tid))).select_from(acts)
            .where(acts.c.tid.in_(self._members_of(team_ids)))
            .group_by(acts.c.bucket))).all())
        types = ({kind: int(before) for kind, before, _n in by_type if before},
                 {kind: int(at_end) for kind, _b, at_end in by_type if at_end})
        previous, current = (People(by_type=types[b], new=int(new.get(b, 0)),
                                    active=int(active.get(b, 0))) for b in (0, 1))
        return previous, current

    # --- tables -----------------------------------------------------------------------------

    async def table_counts(self, team_ids: Sequence[int], *, split: Split
                           ) -> tuple[list[TableCounts], list[TableCounts]]:
        """The held tables of each period, as many ``TableCounts`` as tables, read as one row
        per distinct (period, minutes attendance, yes answers, decisions) with its count."""
        if not team_ids:
            return [], []
        yes = (select_columns(RSVP.c.table_id, func.count(RSVP.c.id).label("yes"))
               .where(RSVP.c.answer == RsvpAnswer.YES.value)
               .group_by(RSVP.c.table_id).subquery())
        attendance = self._json_length(MINUTES.c.attendance)
        decisions = self._json_length(MINUTES.c.decisions)
        by_minutes = case((and_(MINUTES.c.id.is_not(None), attendance > 0), attendance))
        held = (select_columns(split.bucket(TABLE.c.starts_at).label("bucket"),
                               by_minutes.label("by_minutes"),
                               func.coalesce(yes.c.yes, 0).label("yes"),
                               func.coalesce(decisions, 0).label("decisions"),
                               MINUTES.c.id.is_not(None).label("has_minutes"))
                .outerjoin(MINUTES, MINUTES.c.table_id == TABLE.c.id)
                .outerjoin(yes, yes.c.table_id == TABLE.c.id)
                .where(TABLE.c.team_id.in_(list(team_ids)), *split.within(TABLE.c.starts_at),
                       TABLE.c.status.not_in(_NOT_HELD)).subquery())
        columns = (held.c.bucket, held.c.by_minutes, held.c.yes, held.c.decisions,
                   held.c.has_minutes)
        rows = (await self._run(select_columns(*columns, func.count())
                                .group_by(*columns))).all()
        result: tuple[list[TableCounts], list[TableCounts]] = ([], [])
        for b, m, y, d, has, n in rows:
            result[int(b)].extend(TableCounts(None if m is None else int(m), int(y), int(d),
                                              bool(has)) for _ in range(int(n)))
        return result

    # --- growth -----------------------------------------------------------------------------

    async def growth(self, team_ids: Sequence[int], *, split: Split, now: datetime
                     ) -> tuple[GrowthFacts, GrowthFacts]:
        empty = GrowthFacts(0, 0, (), 0, 0, 0, 0.0, ())
        if not team_ids:
            return empty, empty
        members = self._members_of(team_ids)
        finished = and_(RUN.c.finished_at.is_not(None), RUN.c.discarded_at.is_(None),
                        RUN.c.member_telegram_id.in_(members))
        earlier = RUN.alias("earlier")
        bucket = split.bucket(RUN.c.finished_at)
        runs = dict((b, (t, r)) for b, t, r in (await self._run(
            select_columns(bucket, func.count(RUN.c.id), func.count(distinct(case((
                select_columns(earlier.c.id).where(
                    earlier.c.member_telegram_id == RUN.c.member_telegram_id,
                    earlier.c.finished_at < RUN.c.finished_at,
                    earlier.c.discarded_at.is_(None)).exists(), RUN.c.id)))))
            .where(finished, *split.within(RUN.c.finished_at)).group_by(bucket))).all())
        changes = (await self._changes(finished, split.start, split.middle),
                   await self._changes(finished, split.middle, split.end))
        mine = PROGRESS.c.member_telegram_id.in_(members)

        def counted(moment: Any, b: int, *extra: Any) -> Any:
            low, high = (split.start, split.middle) if b == 0 else (split.middle, split.end)
            return func.count(case((and_(moment >= low, moment < high, *extra),
                                    PROGRESS.c.id)))

        useful = PROGRESS.c.useful.is_(True)
        rated = PROGRESS.c.useful.is_not(None)
        training = (await self._run(select_columns(
            *(counted(PROGRESS.c.done_at, b) for b in (0, 1)),
            *(counted(PROGRESS.c.feedback_at, b, useful) for b in (0, 1)),
            *(counted(PROGRESS.c.feedback_at, b, rated) for b in (0, 1)))
            .where(mine, or_(and_(*split.within(PROGRESS.c.done_at)),
                             and_(*split.within(PROGRESS.c.feedback_at)))))).one()
        held = (await self._run(
            select_columns(SLOT.c.starts_at, SLOT.c.ends_at, BOOKING.c.feedback)
            .join(SLOT, SLOT.c.id == BOOKING.c.slot_id)
            .where(BOOKING.c.member_telegram_id.in_(members),
                   BOOKING.c.status != BookingStatus.CANCELLED.value,
                   *split.within(SLOT.c.ends_at), SLOT.c.ends_at <= now))).all()

        def facts(b: int) -> GrowthFacts:
            mine_held = [(s, e, f) for s, e, f in held if (e >= split.middle) == bool(b)]
            taken, retaken = runs.get(b, (0, 0))
            return GrowthFacts(
                taken=int(taken), retaken=int(retaken), changes=changes[b],
                modules_completed=int(training[b]), modules_useful=int(training[2 + b]),
                modules_rated=int(training[4 + b]),
                expert_seconds=sum((e - s).total_seconds() for s, e, _f in mine_held),
                expert_feedback=tuple(int(f) for _s, _e, f in mine_held if f is not None))

        return facts(0), facts(1)

    async def _changes(self, finished: Any, start: datetime, end: datetime
                       ) -> tuple[tuple[str, int, float], ...]:
        """Per competence: (competence, people, Σ (last − first score)) over the members who
        finished it twice or more, the last time within [start, end)."""
        spans = (select_columns(RUN.c.member_telegram_id.label("tid"),
                                SCORE.c.competence_id.label("competence"),
                                func.min(RUN.c.finished_at).label("first"),
                                func.max(RUN.c.finished_at).label("last"))
                 .join(SCORE, SCORE.c.run_id == RUN.c.id)
                 .where(finished, RUN.c.finished_at < end)
                 .group_by(RUN.c.member_telegram_id, SCORE.c.competence_id)
                 .having(func.count(RUN.c.id) >= 2)
                 .having(func.max(RUN.c.finished_at) >= start).subquery())
        first_run, last_run = RUN.alias("first_run"), RUN.alias("last_run")
        first_score, last_score = SCORE.alias("first_score"), SCORE.alias("last_score")
        rows = (await self._run(
            select_columns(spans.c.competence, func.count(),
                           func.sum(last_score.c.score - first_score.c.score))
            .join(first_run, and_(first_run.c.member_telegram_id == spans.c.tid,
                                  first_run.c.finished_at == spans.c.first,
                                  first_run.c.discarded_at.is_(None)))
            .join(first_score, and_(first_score.c.run_id == first_run.c.id,
                                    first_score.c.competence_id == spans.c.competence))
            .join(last_run, and_(last_run.c.member_telegram_id == spans.c.tid,
                                 last_run.c.finished_at == spans.c.last,
                                 last_run.c.discarded_at.is_(None)))
            .join(last_score, and_(last_score.c.run_id == last_run.c.id,
                                   last_score.c.competence_id == spans.c.competence))
            .group_by(spans.c.competence).order_by(spans.c.competence))).all()
        return tuple((str(c), int(n), float(s)) for c, n, s in rows)

    # --- the overview -----------------------------------------------------------------------

    async def answers_by_team(self, team_ids: Sequence[int], *, start: datetime,
                              end: datetime) -> dict[int, int]:
        """team -> table answers given within [start, end) to its tables."""
        if not team_ids:
            return {}
        return {int(t): int(n) for t, n in (await self._run(
            select_columns(TABLE.c.team_id, func.count(RSVP.c.id))
            .join(TABLE, TABLE.c.id == RSVP.c.table_id)
            .where(TABLE.c.team_id.in_(list(team_ids)), RSVP.c.answered_at >= start,
                   RSVP.c.answered_at < end)
            .group_by(TABLE.c.team_id))).all()}

    # --- the hourly values ------------------------------------------------------------------

    async def rates(self) -> list[ImpactRate]:
        return list((await self.session.exec(
            select(ImpactRate).order_by(col(ImpactRate.category)))).all())

    async def set_rate(self, *, category: str, eur_per_hour: Decimal, source: str, year: int,
                       now: datetime) -> ImpactRate:
        rate = await self.session.get(ImpactRate, category)
        if rate is None:
            rate = ImpactRate(category=category, eur_per_hour=eur_per_hour, source=source,
                              year=year, updated_at=now)
            self.session.add(rate)
        else:
            rate.eur_per_hour, rate.source, rate.year, rate.updated_at = (
                eur_per_hour, source, year, now)
        await self.session.flush()
        return rate



FILTERED: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("need", ("team_id",), None),  # every need query: the scope's teams
    ("need_event", ("need_id",), None),  # history and deliveries, joined from the needs
    ("pledge", ("need_id",), None),  # pledges, joined from the needs
    ("territorial_table", ("team_id", "starts_at"), None),  # the tables held
    ("table_rsvp", ("table_id",), None),  # answers of a table
    ("membership", ("team_id",), None),  # members of the scope
    ("assessment_run", ("member_telegram_id",), None),  # runs of the scope's members
    ("assessment_run", ("finished_at",), None),  # runs finished within a period
    ("training_progress", ("member_telegram_id",), None),  # modules of the scope's members
)
