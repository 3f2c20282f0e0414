"""A company's CSR statement: the facts of its figures, aggregated in SQL, the companies a
person may ask one for, and the statements issued. Never a commit.

Sources (``docs/statements.md`` says why):

* pledged: the organisation's pledges (``pledge.organisation_id``) made in the period that
  still stand (active or delivered), at their standing quantity;
* delivered: the ``need_event`` rows of kind ``delivered`` in the period — each written when a
  designer confirmed a delivery — of those pledges (``details.pledge``), their
  ``details.quantity``;
* the teams, places and categories helped: the needs of those pledges and deliveries;
* tables attended: the minutes of tables held in the period whose ``attendee_ids`` name one of
  the organisation's confirmed members now.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Float, Integer, and_, case, cast, distinct, func, or_, union, update
from sqlalchemy import select as select_columns
from sqlalchemy.dialects import postgresql
from sqlmodel import col, select

from domain.impact import HelpLine
from storage.models.need import Need, NeedEvent, NeedEventKind, Pledge, PledgeStatus
from storage.models.organisation import (
    Organisation,
    OrganisationKind,
    OrganisationMember,
    OrganisationMemberStatus,
)
from storage.models.statement import OrgStatement
from storage.models.table import TableMinutes, TableStatus, TerritorialTable
from storage.models.team import Team
from storage.models.territory import Territory
from storage.repositories.base import _insert_ignoring_duplicates, _Repository, _table

NEED, PLEDGE, EVENT = _table(Need), _table(Pledge), _table(NeedEvent)
ORG, ORG_MEMBER = _table(Organisation), _table(OrganisationMember)
TEAM, PLACE = _table(Team), _table(Territory)
TABLE, MINUTES = _table(TerritorialTable), _table(TableMinutes)

_STANDING = (PledgeStatus.ACTIVE.value, PledgeStatus.DELIVERED.value)
_NOT_GOODS = ("hours", "skill_hours", "eur")
_NOT_HELD = (TableStatus.CANCELLED.value, TableStatus.SKIPPED.value)
_COMPANY = OrganisationKind.COMPANY.value


def _money(value: Any) -> Decimal:
    """A sum read back (SQLite sums floats): to the cent."""
    return Decimal(str(round(float(value or 0), 2)))


@dataclass(frozen=True, slots=True)
class HelpedNeeds:
    """Names of the teams and places, and the categories, of the needs an organisation helped."""

    teams: tuple[str, ...]
    territories: tuple[str, ...]
    categories: tuple[str, ...]


class StatementRepository(_Repository):
    @property
    def _postgres(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"

    def _json(self, key: str, kind: Any) -> Any:
        if self._postgres:
            return cast(cast(EVENT.c.details, postgresql.JSON)[key].astext, kind)
        return cast(func.json_extract(EVENT.c.details, f"$.{key}"), kind)

    async def _run(self, query: Any) -> Any:
        session: Any = self.session  # sqlmodel's ``exec`` is typed for model selects
        return await session.exec(query)

    # --- the figures' facts -----------------------------------------------------------------

    def _pledged(self, organisation_id: int, start: datetime, end: datetime) -> Any:
        return and_(PLEDGE.c.organisation_id == organisation_id,
                    PLEDGE.c.created_at >= start, PLEDGE.c.created_at < end,
                    PLEDGE.c.status.in_(_STANDING))

    def _delivered(self, organisation_id: int, start: datetime, end: datetime) -> Any:
        """The delivery events of the organisation's pledges in [start, end): the event's
        need is the pledge's (the index on need_event leads with it), its ``details.pledge``
        the pledge."""
        return (EVENT.join(PLEDGE, and_(PLEDGE.c.need_id == EVENT.c.need_id,
                                        PLEDGE.c.id == self._json("pledge", Integer)))
                .join(NEED, NEED.c.id == EVENT.c.need_id)), and_(
            PLEDGE.c.organisation_id == organisation_id,
            EVENT.c.kind == NeedEventKind.DELIVERED.value,
            EVENT.c.at >= start, EVENT.c.at < end)

    async def help_lines(self, organisation_id: int, *, start: datetime, end: datetime
                         ) -> tuple[list[HelpLine], int]:
        """Help by unit and category of need (pledged: standing pledges made in the period;
        delivered: deliveries confirmed in it, with the goods' declared value), and how many
        standing pledges were made in it."""
        pledged = (await self._run(
            select_columns(NEED.c.unit, NEED.c.category,
                           func.sum(cast(PLEDGE.c.quantity, Float)), func.count(PLEDGE.c.id))
            .join(NEED, NEED.c.id == PLEDGE.c.need_id)
            .where(self._pledged(organisation_id, start, end))
            .group_by(NEED.c.unit, NEED.c.category))).all()
        joined, where = self._delivered(organisation_id, start, end)
        quantity = self._json("quantity", Float)
        goods = NEED.c.unit.not_in(_NOT_GOODS)
        delivered = (await self._run(
            select_columns(NEED.c.unit, NEED.c.category, func.sum(quantity),
                           func.sum(quantity * cast(NEED.c.unit_value, Float)),
                           func.count(distinct(case((and_(goods, NEED.c.unit_value.is_(None)),
                                                     NEED.c.id)))))
            .select_from(joined).where(where)
            .group_by(NEED.c.unit, NEED.c.category))).all()
        lines: dict[tuple[str, str], list[Any]] = {}
        count = 0
        for unit, category, total, n in pledged:
            lines[(unit, category)] = [_money(total), Decimal(0), Decimal(0), 0]
            count += int(n)
        for unit, category, total, value, without in delivered:
            line = lines.setdefault((unit, category), [Decimal(0), Decimal(0), Decimal(0), 0])
            line[1:] = [_money(total), _money(value), int(without or 0)]
        return [HelpLine(unit, category, *values)
                for (unit, category), values in sorted(lines.items())], count

    async def helped(self, organisation_id: int, *, start: datetime, end: datetime
                     ) -> HelpedNeeds:
        """The teams, places and categories of the needs pledged to (standing pledges made in
        the period) or delivered to (deliveries confirmed in it)."""
        joined, where = self._delivered(organisation_id, start, end)
        needs = union(
            select_columns(PLEDGE.c.need_id).where(self._pledged(organisation_id, start, end)),
            select_columns(EVENT.c.need_id).select_from(joined).where(where)).subquery()
        rows = (await self._run(
            select_columns(TEAM.c.name, PLACE.c.name, NEED.c.category)
            .join(TEAM, TEAM.c.id == NEED.c.team_id)
            .join(PLACE, PLACE.c.code == NEED.c.territory_code)
            .where(NEED.c.id.in_(select_columns(needs.c.need_id)))
            .distinct())).all()
        return HelpedNeeds(teams=tuple(sorted({str(r[0]) for r in rows})),
                           territories=tuple(sorted({str(r[1]) for r in rows})),
                           categories=tuple(sorted({str(r[2]) for r in rows})))

    async def confirmed_members(self, organisation_id: int) -> set[int]:
        rows = (await self._run(
            select_columns(ORG_MEMBER.c.member_telegram_id)
            .where(ORG_MEMBER.c.organisation_id == organisation_id,
                   ORG_MEMBER.c.status == OrganisationMemberStatus.CONFIRMED.value))).all()
        return {int(r[0]) for r in rows}

    async def tables_attended(self, organisation_id: int, *, start: datetime, end: datetime
                              ) -> tuple[int, int]:
        """(tables, attendances): the tables held in [start, end) whose minutes name one of
        the organisation's confirmed members now, and how many of them each named."""
        members = await self.confirmed_members(organisation_id)
        if not members:
            return 0, 0
        rows = (await self._run(
            select_columns(MINUTES.c.attendee_ids)
            .join(TABLE, TABLE.c.id == MINUTES.c.table_id)
            .where(TABLE.c.starts_at >= start, TABLE.c.starts_at < end,
                   TABLE.c.status.not_in(_NOT_HELD), MINUTES.c.attendee_ids.is_not(None))
        )).all()
        tables = attendances = 0
        for (raw,) in rows:
            present = members & {i for i in json.loads(raw or "[]") if isinstance(i, int)}
            if present:
                tables += 1
                attendances += len(present)
        return tables, attendances

    # --- who may ask for whose statement ----------------------------------------------------

    async def company(self, organisation_id: int) -> tuple[int, str] | None:
        row = (await self._run(select_columns(ORG.c.id, ORG.c.name).where(
            ORG.c.id == organisation_id, ORG.c.kind == _COMPANY))).first()
        return None if row is None else (int(row[0]), str(row[1]))

    async def companies(self, *, limit: int | None = None,
                        pledged_to_teams: Sequence[int] | None = None,
                        places: Sequence[str] | None = None,
                        only: int | None = None) -> list[tuple[int, str]]:
        """(id, name) of companies, by name: every one, or those that pledged to needs of
        ``pledged_to_teams``, or those placed in or that pledged to needs in ``places``
        (codes of a territory anywhere in the place chain); ``only``: that one if it is."""
        query = select_columns(ORG.c.id, ORG.c.name).where(ORG.c.kind == _COMPANY)
        if only is not None:
            query = query.where(ORG.c.id == only)
        if pledged_to_teams is not None:
            query = query.where(ORG.c.id.in_(
                select_columns(PLEDGE.c.organisation_id)
                .join(NEED, NEED.c.id == PLEDGE.c.need_id)
                .where(NEED.c.team_id.in_(list(pledged_to_teams)))))
        if places is not None:
            codes = list(places)
            within = or_(PLACE.c.code.in_(codes), PLACE.c.parent_code.in_(codes),
                         PLACE.c.region_code.in_(codes))
            query = query.where(or_(
                ORG.c.territory_code.in_(select_columns(PLACE.c.code).where(within)),
                ORG.c.id.in_(select_columns(PLEDGE.c.organisation_id)
                             .join(NEED, NEED.c.id == PLEDGE.c.need_id)
                             .join(PLACE, PLACE.c.code == NEED.c.territory_code)
                             .where(within))))
        query = query.order_by(ORG.c.name, ORG.c.id)
        if limit is not None:
            query = query.limit(limit)
        return [(int(i), str(n)) for i, n in (await self._run(query)).all()]

    # --- the statements issued --------------------------------------------------------------

    async def by_code(self, code: str) -> OrgStatement | None:
        return (await self.session.exec(
            select(OrgStatement).where(OrgStatement.code == code))).first()

    async def add(self, *, code: str, organisation_id: int, start: date, end: date,
                  language: str, figures: str, now: datetime,
                  issued_by: int | None) -> OrgStatement:
        """Record the statement once: two people asking for the same new one at the same
        moment both get the row the first wrote (INSERT … ON CONFLICT DO NOTHING on the code)."""
        await self.session.exec(_insert_ignoring_duplicates(
            self.session, _table(OrgStatement),
            {"code": code, "organisation_id": organisation_id, "period_start": start,
             "period_end": end, "language": language, "figures": figures, "issued_at": now,
             "issued_by": issued_by}, key="code"))
        written = await self.by_code(code)
        assert written is not None
        return written

    async def issued_by(self, telegram_id: int) -> Sequence[OrgStatement]:
        return (await self.session.exec(
            select(OrgStatement).where(OrgStatement.issued_by == telegram_id)
            .order_by(col(OrgStatement.id)))).all()

    async def forget_issuer(self, telegram_id: int) -> None:
        await self.session.exec(update(OrgStatement)
                                .where(col(OrgStatement.issued_by) == telegram_id)
                                .values(issued_by=None))
