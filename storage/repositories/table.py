"""Territorial table queries: tables of teams, the answers to them, their minutes, and what
they hold of one person (for /mydata and /deleteme)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, or_, update
from sqlmodel import col, select

from storage.models.table import TableMinutes, TableRsvp, TerritorialTable
from storage.models.team import Team
from storage.repositories.base import _Repository


def reminder_key_prefix(table_id: int) -> str:
    """Every scheduled notice of a table has a key starting with this."""
    return f"table:{table_id}:"


class TableRepository(_Repository):
    async def add(self, table: TerritorialTable) -> TerritorialTable:
        self.session.add(table)
        await self.session.flush()
        return table

    async def get(self, table_id: int) -> TerritorialTable | None:
        return await self.session.get(TerritorialTable, table_id)

    async def by_ids(self, ids: Sequence[int]) -> dict[int, TerritorialTable]:
        if not ids:
            return {}
        query = select(TerritorialTable).where(col(TerritorialTable.id).in_(list(ids)))
        return {t.id: t for t in (await self.session.exec(query)).all() if t.id is not None}

    async def of_teams(self, team_ids: Sequence[int]) -> list[TerritorialTable]:
        if not team_ids:
            return []
        query = (select(TerritorialTable)
                 .where(col(TerritorialTable.team_id).in_(list(team_ids)))
                 .order_by(col(TerritorialTable.starts_at), col(TerritorialTable.id)))
        return list((await self.session.exec(query)).all())

    async def rsvps(self, table_id: int) -> list[TableRsvp]:
        """Every answer to a table, the "yes" in the order they were given."""
        query = (select(TableRsvp).where(TableRsvp.table_id == table_id)
                 .order_by(col(TableRsvp.seq), col(TableRsvp.id)))
        return list((await self.session.exec(query)).all())

    async def rsvps_of(self, telegram_id: int, table_ids: Sequence[int]) -> dict[int, str]:
        if not table_ids:
            return {}
        query = select(TableRsvp).where(TableRsvp.member_telegram_id == telegram_id,
                                        col(TableRsvp.table_id).in_(list(table_ids)))
        return {r.table_id: r.answer for r in (await self.session.exec(query)).all()}

    async def answer(self, *, table_id: int, telegram_id: int, answer: str,
                     now: datetime) -> TableRsvp:
        """Record an answer; a new "yes" goes to the end of the line (``seq``)."""
        query = select(TableRsvp).where(TableRsvp.table_id == table_id,
                                        TableRsvp.member_telegram_id == telegram_id)
        row = (await self.session.exec(query)).one_or_none()
        if row is None:
            row = TableRsvp(table_id=table_id, member_telegram_id=telegram_id, answer=answer,
                            answered_at=now)
            self.session.add(row)
        elif row.answer == answer:
            return row
        if answer == "yes":
            last = (await self.session.exec(
                select(func.max(TableRsvp.seq)).where(TableRsvp.table_id == table_id))).one()
            row.seq = int(last or 0) + 1
        row.answer = answer
        row.answered_at = now
        await self.session.flush()
        return row

    async def minutes(self, table_id: int) -> TableMinutes | None:
        query = select(TableMinutes).where(TableMinutes.table_id == table_id)
        return (await self.session.exec(query)).one_or_none()

    async def add_minutes(self, minutes: TableMinutes) -> TableMinutes:
        self.session.add(minutes)
        await self.session.flush()
        return minutes

    async def recurring_without_next(self, *, now: datetime, limit: int = 200
                                     ) -> list[TerritorialTable]:
        """Recurring tables, scheduled or skipped (a skipped meeting does not end its series),
        whose time has passed and that no table follows yet."""
        follower = select(TerritorialTable.follows_id).where(
            col(TerritorialTable.follows_id).is_not(None))
        query = (select(TerritorialTable)
                 .where(col(TerritorialTable.status).in_(("scheduled", "skipped")),
                        col(TerritorialTable.recurrence) != "none",
                        col(TerritorialTable.starts_at) <= now,
                        col(TerritorialTable.id).not_in(follower))
                 .order_by(col(TerritorialTable.starts_at), col(TerritorialTable.id))
                 .limit(limit))
        return list((await self.session.exec(query)).all())

    async def followed(self, table_ids: Sequence[int]) -> set[int]:
        """Which of these tables a next meeting follows (the others end their series)."""
        if not table_ids:
            return set()
        query = select(TerritorialTable.follows_id).where(
            col(TerritorialTable.follows_id).in_(list(table_ids)))
        return {int(i) for i in (await self.session.exec(query)).all() if i is not None}

    async def upcoming_of_team(self, team_id: int, *, now: datetime, limit: int = 10
                               ) -> list[TerritorialTable]:
        """A team's scheduled tables still ahead, the soonest ``limit`` first."""
        query = (select(TerritorialTable)
                 .where(TerritorialTable.team_id == team_id,
                        col(TerritorialTable.status) == "scheduled",
                        col(TerritorialTable.starts_at) > now)
                 .order_by(col(TerritorialTable.starts_at), col(TerritorialTable.id))
                 .limit(limit))
        return list((await self.session.exec(query)).all())

    async def upcoming_in(self, territory_codes: Sequence[str], *, now: datetime,
                          until: datetime, limit: int) -> list[tuple[TerritorialTable, Team]]:
        """The scheduled tables of the teams of these places between ``now`` and ``until``,
        the soonest ``limit`` first, with their team: one query (/near)."""
        if not territory_codes:
            return []
        query = (select(TerritorialTable, Team)
                 .join(Team, col(Team.id) == col(TerritorialTable.team_id))
                 .where(col(Team.territory_code).in_(territory_codes),
                        col(TerritorialTable.status) == "scheduled",
                        col(TerritorialTable.starts_at) > now,
                        col(TerritorialTable.starts_at) <= until)
                 .order_by(col(TerritorialTable.starts_at), col(TerritorialTable.id))
                 .limit(limit))
        return [(table, team) for table, team in (await self.session.exec(query)).all()]

    # --- one person's (/mydata, /deleteme) ------------------------------------------------

    async def answers_of(self, telegram_id: int) -> list[tuple[TableRsvp, TerritorialTable]]:
        query = (select(TableRsvp, TerritorialTable)
                 .join(TerritorialTable, col(TerritorialTable.id) == TableRsvp.table_id)
                 .where(TableRsvp.member_telegram_id == telegram_id)
                 .order_by(col(TerritorialTable.starts_at), col(TableRsvp.id)))
        return [(rsvp, table) for rsvp, table in (await self.session.exec(query)).all()]

    async def created_by(self, telegram_id: int) -> list[TerritorialTable]:
        query = (select(TerritorialTable).where(TerritorialTable.created_by == telegram_id)
                 .order_by(col(TerritorialTable.starts_at), col(TerritorialTable.id)))
        return list((await self.session.exec(query)).all())

    async def minutes_written_by(self, telegram_id: int
                                 ) -> list[tuple[TableMinutes, TerritorialTable]]:
        query = (select(TableMinutes, TerritorialTable)
                 .join(TerritorialTable, col(TerritorialTable.id) == TableMinutes.table_id)
                 .where(TableMinutes.written_by == telegram_id)
                 .order_by(col(TableMinutes.written_at), col(TableMinutes.id)))
        return [(minutes, table) for minutes, table in (await self.session.exec(query)).all()]

    async def minutes_naming(self, telegram_id: int
                             ) -> list[tuple[TableMinutes, TerritorialTable]]:
        """The minutes whose attendance has an entry that was this person (by the ids
        recorded with it: a text search narrows, the JSON decides)."""
        query = (select(TableMinutes, TerritorialTable)
                 .join(TerritorialTable, col(TerritorialTable.id) == TableMinutes.table_id)
                 .where(col(TableMinutes.attendee_ids).contains(str(telegram_id)))
                 .order_by(col(TableMinutes.written_at), col(TableMinutes.id)))
        return [(minutes, table) for minutes, table in (await self.session.exec(query)).all()
                if telegram_id in json.loads(minutes.attendee_ids or "[]")]

    async def minutes_unrecorded_naming(self, names: Sequence[str]
                                        ) -> list[tuple[TableMinutes, TerritorialTable]]:
        """Minutes written before attendee ids were recorded (migration 0014) whose attendance
        holds one of `names`, in any letter case (the caller decides which entry is whom)."""
        if not names:
            return []
        query = (select(TableMinutes, TerritorialTable)
                 .join(TerritorialTable, col(TerritorialTable.id) == TableMinutes.table_id)
                 .where(col(TableMinutes.attendee_ids).is_(None),
                        or_(*[col(TableMinutes.attendance).icontains(name, autoescape=True)
                              for name in names]))
                 .order_by(col(TableMinutes.id)))
        return [(minutes, table) for minutes, table in (await self.session.exec(query)).all()]

    async def forget_person(self, telegram_id: int) -> None:
        """Erasure: the person's answers are deleted; the tables they set and the minutes
        they wrote stay the team's, without their id."""
        await self.session.exec(
            delete(TableRsvp).where(col(TableRsvp.member_telegram_id) == telegram_id))
        await self.session.exec(
            update(TerritorialTable).where(col(TerritorialTable.created_by) == telegram_id)
            .values(created_by=None))
        await self.session.exec(
            update(TableMinutes).where(col(TableMinutes.written_by) == telegram_id)
            .values(written_by=None))


# The filters and orders its queries lean on — (table, leading columns, predicate of a partial
# index or None) — each led by an index (tests/schema/test_indexes.py checks, from every
# repository module's FILTERED).
FILTERED: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("territorial_table", ("team_id", "starts_at"), None),  # of_teams, upcoming_of_team
    ("territorial_table", ("follows_id",), None),  # followed, recurring_without_next
    ("table_rsvp", ("table_id", "member_telegram_id"), None),  # rsvps, answer
    ("table_rsvp", ("member_telegram_id",), None),  # answers_of, forget_person
)
