"""The weekly digests' queries: the groups and observers to write to, and the week's figures
for every team at once — one grouped query per figure, whatever the number of teams, so the
sweep for 2,000 groups costs about what it costs for one.

The week's rows (needs posted, pledges, deliveries, modules done) are read by their time
alone: a scan of one column once a week, cheaper than an index every write would pay for."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, func
from sqlalchemy import select as select_columns

from storage.models.assessment import AssessmentRun
from storage.models.digest import DigestSweep
from storage.models.group import GroupChat
from storage.models.member import Member
from storage.models.need import Need, NeedEvent, NeedEventKind, NeedStatus, Pledge, PledgeStatus
from storage.models.role import RoleGrant, RoleName
from storage.models.table import TableStatus, TerritorialTable
from storage.models.team import Membership, Team
from storage.models.territory import Territory
from storage.models.training import TrainingProgress
from storage.repositories.base import _insert_ignoring_duplicates, _Repository, _table

GROUP = _table(GroupChat)
TEAM = _table(Team)
NEED = _table(Need)
PLEDGE = _table(Pledge)
EVENT = _table(NeedEvent)
TABLE = _table(TerritorialTable)
RUN = _table(AssessmentRun)
PROGRESS = _table(TrainingProgress)
MEMBER = _table(Member)
MEMBERSHIP = _table(Membership)
GRANT = _table(RoleGrant)
PLACE = _table(Territory)
SWEEP = _table(DigestSweep)

#: Needs that were never public (a proposal, a declined one) are not "posted".
NOT_POSTED = (NeedStatus.PROPOSED.value, NeedStatus.DECLINED.value)


@dataclass(frozen=True, slots=True)
class LinkedGroup:
    """A team's linked group that takes the digest."""

    chat_id: int
    language: str
    team_id: int
    team_name: str


@dataclass(frozen=True, slots=True)
class TeamPlace:
    """A team and the places its territory lies in (its code, its parent, its region)."""

    team_id: int
    name: str
    chain: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ComingTable:
    team_id: int
    table_id: int
    starts_at: datetime
    place: str


UnitAmounts = dict[int, dict[str, tuple[int, Decimal]]]
"""team id -> unit -> (how many, quantity)."""


class DigestRepository(_Repository):
    async def _rows(self, query: Select[Any]) -> Sequence[Any]:
        """The rows of a select of columns (sqlmodel's `exec` is typed for models only)."""
        return (await self.session.exec(query)).all()  # type: ignore[call-overload,no-any-return]

    # --- the week's sweep ---------------------------------------------------------------------

    async def swept(self, week: str) -> bool:
        return await self.session.get(DigestSweep, week) is not None

    async def mark_swept(self, week: str, *, groups: int, observers: int, now: datetime) -> None:
        """The week's digests went out (a concurrent sweep that got there first keeps its row)."""
        await self.session.exec(_insert_ignoring_duplicates(
            self.session, SWEEP,
            {"week": week, "done_at": now, "groups": groups, "observers": observers}, "week"))

    # --- who hears it -------------------------------------------------------------------------

    async def linked_groups(self) -> list[LinkedGroup]:
        """The linked groups still there (not left, reachable) whose digest is on."""
        query = (select_columns(GROUP.c.chat_id, GROUP.c.language, TEAM.c.id, TEAM.c.name)
                 .join(TEAM, TEAM.c.group_chat_id == GROUP.c.chat_id)
                 .where(GROUP.c.left_at.is_(None), GROUP.c.unreachable_at.is_(None),
                        GROUP.c.digest_off.is_(False))
                 .order_by(GROUP.c.chat_id))
        return [LinkedGroup(int(chat), language, int(team), name)
                for chat, language, team, name in await self._rows(query)]

    async def observers(self) -> list[tuple[int, str, str, str, str | None]]:
        """(Telegram id, territory code, territory name, its kind, language) of every
        observer's grant; the language a member's, else the one chosen on the grant."""
        query = (select_columns(GRANT.c.telegram_id, GRANT.c.territory_code, PLACE.c.name,
                                PLACE.c.kind,
                                func.coalesce(MEMBER.c.language, GRANT.c.language))
                 .join(PLACE, PLACE.c.code == GRANT.c.territory_code)
                 .outerjoin(MEMBER, MEMBER.c.telegram_id == GRANT.c.telegram_id)
                 .where(GRANT.c.role == RoleName.OBSERVER.value)
                 .order_by(GRANT.c.telegram_id, GRANT.c.territory_code))
        return [(int(who), code, name, kind, language)
                for who, code, name, kind, language in await self._rows(query)]

    async def team_places(self) -> list[TeamPlace]:
        """Every team with the places its territory lies in (one join)."""
        query = (select_columns(TEAM.c.id, TEAM.c.name, PLACE.c.code, PLACE.c.parent_code,
                                PLACE.c.region_code)
                 .join(PLACE, PLACE.c.code == TEAM.c.territory_code).order_by(TEAM.c.id))
        return [TeamPlace(int(team), name,
                          tuple(dict.fromkeys(c for c in (code, parent, region) if c)))
                for team, name, code, parent, region in await self._rows(query)]

    # --- the week's figures, per team ---------------------------------------------------------

    async def needs_posted(self, start: datetime, end: datetime) -> dict[int, int]:
        query = (select_columns(NEED.c.team_id, func.count())
                 .where(NEED.c.created_at >= start, NEED.c.created_at < end,
                        NEED.c.status.not_in(NOT_POSTED))
                 .group_by(NEED.c.team_id))
        return {int(t): int(n) for t, n in await self._rows(query)}

    async def needs_covered(self, start: datetime, end: datetime) -> dict[int, int]:
        query = (select_columns(NEED.c.team_id, func.count())
                 .where(NEED.c.covered_at >= start, NEED.c.covered_at < end)
                 .group_by(NEED.c.team_id))
        return {int(t): int(n) for t, n in await self._rows(query)}

    async def pledges_made(self, start: datetime, end: datetime) -> UnitAmounts:
        """The pledges made in the window that still stand (not withdrawn), per team and unit."""
        query = (select_columns(NEED.c.team_id, NEED.c.unit, func.count(), func.sum(
                     PLEDGE.c.quantity))
                 .join(NEED, NEED.c.id == PLEDGE.c.need_id)
                 .where(PLEDGE.c.created_at >= start, PLEDGE.c.created_at < end,
                        PLEDGE.c.status != PledgeStatus.WITHDRAWN.value,
                        NEED.c.unit.is_not(None))
                 .group_by(NEED.c.team_id, NEED.c.unit))
        found: UnitAmounts = {}
        for team, unit, count, total in await self._rows(query):
            found.setdefault(int(team), {})[unit] = (int(count), Decimal(total or 0))
        return found

    async def deliveries(self, start: datetime, end: datetime) -> UnitAmounts:
        """The deliveries confirmed in the window, per team and unit (each confirmation's
        quantity is in its history row's details)."""
        query = (select_columns(NEED.c.team_id, NEED.c.unit, EVENT.c.details)
                 .join(NEED, NEED.c.id == EVENT.c.need_id)
                 .where(EVENT.c.kind == NeedEventKind.DELIVERED.value, EVENT.c.at >= start,
                        EVENT.c.at < end, NEED.c.unit.is_not(None)))
        found: UnitAmounts = {}
        for team, unit, details in await self._rows(query):
            quantity = Decimal(str(json.loads(details or "{}").get("quantity", 0)))
            count, total = found.setdefault(int(team), {}).get(unit, (0, Decimal(0)))
            found[int(team)][unit] = (count + 1, total + quantity)
        return found

    async def tables_between(self, start: datetime, end: datetime) -> list[ComingTable]:
        """The tables (not cancelled or skipped) starting in the window, in time order."""
        query = (select_columns(TABLE.c.team_id, TABLE.c.id, TABLE.c.starts_at, TABLE.c.place)
                 .where(TABLE.c.status == TableStatus.SCHEDULED.value,
                        TABLE.c.starts_at >= start, TABLE.c.starts_at < end)
                 .order_by(TABLE.c.starts_at, TABLE.c.id))
        return [ComingTable(int(team), int(table), starts_at, place)
                for team, table, starts_at, place in await self._rows(query)]

    async def assessments_finished(self, start: datetime, end: datetime) -> dict[int, int]:
        """Self-assessments finished in the window by each team's members."""
        query = (select_columns(MEMBERSHIP.c.team_id, func.count())
                 .select_from(RUN)
                 .join(MEMBER, MEMBER.c.telegram_id == RUN.c.member_telegram_id)
                 .join(MEMBERSHIP, MEMBERSHIP.c.member_id == MEMBER.c.id)
                 .where(RUN.c.finished_at >= start, RUN.c.finished_at < end,
                        RUN.c.discarded_at.is_(None))
                 .group_by(MEMBERSHIP.c.team_id))
        return {int(t): int(n) for t, n in await self._rows(query)}

    async def modules_done(self, start: datetime, end: datetime) -> dict[int, int]:
        """Training modules completed in the window by each team's members."""
        query = (select_columns(MEMBERSHIP.c.team_id, func.count())
                 .select_from(PROGRESS)
                 .join(MEMBER, MEMBER.c.telegram_id == PROGRESS.c.member_telegram_id)
                 .join(MEMBERSHIP, MEMBERSHIP.c.member_id == MEMBER.c.id)
                 .where(and_(PROGRESS.c.done_at >= start, PROGRESS.c.done_at < end))
                 .group_by(MEMBERSHIP.c.team_id))
        return {int(t): int(n) for t, n in await self._rows(query)}

    async def set_off(self, chat_id: int, off: bool) -> bool:
        """A group's switch; False when the group is unknown."""
        group = await self.session.get(GroupChat, chat_id)
        if group is None:
            return False
        group.digest_off = off
        await self.session.flush()
        return True


# The filters and orders its queries lean on — (table, leading columns, predicate of a partial
# index or None) — each led by an index (tests/schema/test_indexes.py checks, from every
# repository module's FILTERED). The week's scans by time are deliberate (see the top).
FILTERED: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("territorial_table", ("status", "starts_at"), None),  # tables_between
    ("assessment_run", ("finished_at",), None),  # assessments_finished
    ("rolegrant", ("telegram_id",), None),  # observers (ordered)
)


__all__ = ["ComingTable", "DigestRepository", "LinkedGroup", "TeamPlace", "UnitAmounts"]
