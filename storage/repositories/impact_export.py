"""The export's queries: the rows of each CSV file, streamed.

A region's export reads hundreds of thousands of pledges; each query here is read with a
server-side cursor (``session.stream`` with ``yield_per``), a batch at a time, and handed on
row by row, so neither the rows nor the file are ever whole in memory. Every query is scoped by
a list of team ids (``None``: every team) and a window of UTC moments ``[start, end)``.

Each query yields its rows in batches (lists of frozen rows); nothing here writes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Float, and_, case, cast, func, literal, or_, select

from storage.models.assessment import AssessmentRun, AssessmentScore
from storage.models.member import Member
from storage.models.need import Need, NeedStatus, Pledge
from storage.models.role import RoleGrant, RoleName
from storage.models.table import TableMinutes, TableRsvp, TerritorialTable
from storage.models.team import Membership, Team
from storage.models.territory import Territory
from storage.repositories.base import _plan_for_values, _Repository, _table

#: Rows fetched from the database at a time.
BATCH = 1000

NEED = _table(Need)
PLEDGE = _table(Pledge)
MEMBER = _table(Member)
TEAM = _table(Team)
PLACE = _table(Territory)
TABLE = _table(TerritorialTable)
RSVP = _table(TableRsvp)
MINUTES = _table(TableMinutes)
RUN = _table(AssessmentRun)
SCORE = _table(AssessmentScore)
MEMBERSHIP = _table(Membership)
GRANT = _table(RoleGrant)

LIVE = (NeedStatus.OPEN.value, NeedStatus.COVERED.value)
NOT_NEEDS = (NeedStatus.PROPOSED.value, NeedStatus.DECLINED.value)


@dataclass(frozen=True, slots=True)
class NeedRow:
    id: int
    team_id: int
    team_name: str
    territory_code: str
    territory_name: str
    category: str
    resource: str | None
    unit: str | None
    target: Decimal | None
    pledged: Decimal
    delivered: Decimal
    status: str
    urgency: str
    created_at: datetime
    first_pledge_at: datetime | None
    covered_at: datetime | None
    closed_at: datetime | None
    unit_value: Decimal | None
    from_table_id: int | None


@dataclass(frozen=True, slots=True)
class PledgeRow:
    id: int
    need_id: int
    team_id: int
    member_telegram_id: int | None  # None: an erased member
    actor_type: str | None  # None: never said, or erased
    organisation_name: str | None
    quantity: Decimal
    unit: str | None
    delivered: Decimal
    status: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class TableRow:
    id: int
    team_id: int
    team_name: str
    starts_at: datetime
    status: str
    place: str  # read to tell online from in person; not written out
    yes: int
    no: int
    maybe: int
    attendance: str | None  # the minutes' JSON list of names (counted, never written out)
    decisions: str | None  # the minutes' JSON list of decisions (counted)
    needs_from_decisions: int


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One competence's score of one finished run, by member, competence and time."""

    member_telegram_id: int
    finished_at: datetime
    competence_id: str
    score: float


@dataclass(frozen=True, slots=True)
class TeamRow:
    id: int
    name: str
    territory_code: str
    territory_name: str
    members: int
    designers: int
    live_needs: int
    coverage_index: float | None  # mean of min(pledged / target, 1) over the live needs
    posted_in_period: int


def _in_teams(column: Any, team_ids: Sequence[int] | None) -> Any:
    return literal(True) if team_ids is None else column.in_(list(team_ids))


def _between(column: Any, start: datetime, end: datetime) -> Any:
    return and_(column >= start, column < end)


class ImpactExportRepository(_Repository):
    async def _stream(self, query: Any) -> AsyncIterator[Sequence[Any]]:
        """The rows of ``query`` a batch at a time (one await per batch, not per row: a
        region's pledges are 200,000 rows)."""
        await _plan_for_values(self.session)
        result = await self.session.stream(query.execution_options(yield_per=BATCH))
        async for batch in result.partitions(BATCH):
            yield batch

    async def teams_in_territory(self, code: str) -> list[int]:
        """The teams whose place is ``code`` or lies within it (a region holds its provinces'
        and comuni's teams), in id order."""
        query = (select(TEAM.c.id).join(PLACE, PLACE.c.code == TEAM.c.territory_code)
                 .where(or_(PLACE.c.code == code, PLACE.c.parent_code == code,
                            PLACE.c.region_code == code))
                 .order_by(TEAM.c.id))
        return [int(row[0]) async for batch in self._stream(query) for row in batch]

    async def needs(self, team_ids: Sequence[int] | None, start: datetime, end: datetime
                    ) -> AsyncIterator[list[NeedRow]]:
        """The needs posted before ``end`` that were posted in the window or still live in it:
        live now, or ended (closed, fulfilled, expired) with their last change on or after
        ``start``. Proposals not (yet) approved are not needs."""
        ended_at = func.coalesce(NEED.c.closed_at, NEED.c.updated_at)
        query = (select(NEED.c.id, NEED.c.team_id, TEAM.c.name, NEED.c.territory_code,
                        PLACE.c.name, NEED.c.category, NEED.c.resource, NEED.c.unit,
                        NEED.c.target, NEED.c.pledged, NEED.c.delivered, NEED.c.status,
                        NEED.c.urgency, NEED.c.created_at, NEED.c.first_pledge_at,
                        NEED.c.covered_at, NEED.c.closed_at, NEED.c.unit_value,
                        NEED.c.from_table_id)
                 .join(TEAM, TEAM.c.id == NEED.c.team_id)
                 .join(PLACE, PLACE.c.code == NEED.c.territory_code)
                 .where(_in_teams(NEED.c.team_id, team_ids), NEED.c.status.not_in(NOT_NEEDS),
                        NEED.c.created_at < end,
                        or_(NEED.c.created_at >= start, NEED.c.status.in_(LIVE),
                            ended_at >= start))
                 .order_by(NEED.c.id))
        async for batch in self._stream(query):
            yield [NeedRow(*row) for row in batch]

    async def pledges(self, team_ids: Sequence[int] | None, start: datetime, end: datetime
                      ) -> AsyncIterator[list[PledgeRow]]:
        """The pledges to the teams' needs made in the window or changed in it (a delivery,
        a reduction, a withdrawal), with their pledger's actor type and organisation."""
        query = (select(PLEDGE.c.id, PLEDGE.c.need_id, NEED.c.team_id,
                        PLEDGE.c.member_telegram_id, MEMBER.c.actor_type,
                        MEMBER.c.organisation_name, PLEDGE.c.quantity, NEED.c.unit,
                        PLEDGE.c.delivered, PLEDGE.c.status, PLEDGE.c.created_at,
                        PLEDGE.c.updated_at)
                 .join(NEED, NEED.c.id == PLEDGE.c.need_id)
                 .outerjoin(MEMBER, MEMBER.c.telegram_id == PLEDGE.c.member_telegram_id)
                 .where(_in_teams(NEED.c.team_id, team_ids),
                        or_(_between(PLEDGE.c.created_at, start, end),
                            _between(PLEDGE.c.updated_at, start, end)))
                 .order_by(PLEDGE.c.id))
        async for batch in self._stream(query):
            yield [PledgeRow(*row) for row in batch]

    async def tables(self, team_ids: Sequence[int] | None, start: datetime, end: datetime
                     ) -> AsyncIterator[list[TableRow]]:
        """The tables whose moment falls in the window, with their answers counted, their
        minutes' lists and the needs posted from their decisions."""
        def answers(answer: str) -> Any:
            return (select(func.count()).select_from(RSVP)
                    .where(RSVP.c.table_id == TABLE.c.id, RSVP.c.answer == answer)
                    .scalar_subquery())

        from_decisions = (select(func.count()).select_from(NEED)
                          .where(NEED.c.from_table_id == TABLE.c.id).scalar_subquery())
        query = (select(TABLE.c.id, TABLE.c.team_id, TEAM.c.name, TABLE.c.starts_at,
                        TABLE.c.status, TABLE.c.place, answers("yes"), answers("no"),
                        answers("maybe"), MINUTES.c.attendance, MINUTES.c.decisions,
                        from_decisions)
                 .join(TEAM, TEAM.c.id == TABLE.c.team_id)
                 .outerjoin(MINUTES, MINUTES.c.table_id == TABLE.c.id)
                 .where(_in_teams(TABLE.c.team_id, team_ids),
                        _between(TABLE.c.starts_at, start, end))
                 .order_by(TABLE.c.starts_at, TABLE.c.id))
        async for batch in self._stream(query):
            yield [TableRow(*row) for row in batch]

    async def scores(self, team_ids: Sequence[int] | None, end: datetime
                     ) -> AsyncIterator[list[ScoreRow]]:
        """Every competence score of the runs finished before ``end`` by members of the
        teams, ordered by member, competence and time (so a member's history of one
        competence comes together, and only one member's is ever held)."""
        in_scope = (select(MEMBER.c.telegram_id)
                    .join(MEMBERSHIP, MEMBERSHIP.c.member_id == MEMBER.c.id)
                    .where(_in_teams(MEMBERSHIP.c.team_id, team_ids)))
        query = (select(RUN.c.member_telegram_id, RUN.c.finished_at, SCORE.c.competence_id,
                        SCORE.c.score)
                 .join(SCORE, SCORE.c.run_id == RUN.c.id)
                 .where(RUN.c.finished_at.is_not(None), RUN.c.finished_at < end,
                        RUN.c.discarded_at.is_(None), RUN.c.member_telegram_id.in_(in_scope))
                 .order_by(RUN.c.member_telegram_id, SCORE.c.competence_id, RUN.c.finished_at,
                           RUN.c.id))
        async for batch in self._stream(query):
            yield [ScoreRow(int(m), at, competence, float(score))
                   for m, at, competence, score in batch]

    async def teams(self, team_ids: Sequence[int] | None, start: datetime, end: datetime
                    ) -> AsyncIterator[list[TeamRow]]:
        """The teams with their members, designers, live needs and the coverage index of
        those (now), and how many needs they posted in the window."""
        members = (select(func.count()).select_from(MEMBERSHIP)
                   .where(MEMBERSHIP.c.team_id == TEAM.c.id).scalar_subquery())
        designers = (select(func.count(func.distinct(GRANT.c.telegram_id))).select_from(GRANT)
                     .where(GRANT.c.team_id == TEAM.c.id,
                            GRANT.c.role == RoleName.DESIGNER.value).scalar_subquery())
        live = (select(func.count()).select_from(NEED)
                .where(NEED.c.team_id == TEAM.c.id, NEED.c.status.in_(LIVE)).scalar_subquery())
        share = case((NEED.c.pledged >= NEED.c.target, 1.0),
                     else_=cast(NEED.c.pledged, Float) / cast(NEED.c.target, Float))
        coverage = (select(func.avg(share)).select_from(NEED)
                    .where(NEED.c.team_id == TEAM.c.id, NEED.c.status.in_(LIVE),
                           NEED.c.target > 0).scalar_subquery())
        posted = (select(func.count()).select_from(NEED)
                  .where(NEED.c.team_id == TEAM.c.id, NEED.c.status.not_in(NOT_NEEDS),
                         _between(NEED.c.created_at, start, end)).scalar_subquery())
        query = (select(TEAM.c.id, TEAM.c.name, TEAM.c.territory_code, PLACE.c.name, members,
                        designers, live, coverage, posted)
                 .join(PLACE, PLACE.c.code == TEAM.c.territory_code)
                 .where(_in_teams(TEAM.c.id, team_ids))
                 .order_by(TEAM.c.id))
        async for batch in self._stream(query):
            yield [TeamRow(team_id, name, code, place, int(n_members), int(n_designers),
                           int(n_live), None if index is None else float(index),
                           int(n_posted))
                   for (team_id, name, code, place, n_members, n_designers, n_live, index,
                        n_posted) in batch]


# The filters and orders the queries above lean on (tests/schema/test_indexes.py reads every
# repository module's FILTERED).
FILTERED: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("need", ("team_id",), None),  # needs, teams: ix_need_team_status
    ("need", ("from_table_id",), None),  # tables: needs from decisions
    ("pledge", ("need_id",), None),  # pledges: ix_pledge_need_status
    ("territorial_table", ("team_id", "starts_at"), None),  # tables
    ("table_rsvp", ("table_id",), None),  # tables: the answers counted
    ("table_minutes", ("table_id",), None),
    ("assessment_run", ("member_telegram_id",), None),  # scores
    ("assessment_score", ("run_id",), None),
    ("membership", ("team_id",), None),
    ("rolegrant", ("team_id",), None),
    ("team", ("territory_code",), None),
    ("territory", ("parent_code",), None),
    ("territory", ("region_code",), None),
)
