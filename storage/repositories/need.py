"""Need, pledge and need-event queries; the running totals kept in step with the pledges.

Every write that moves ``need.pledged`` or ``need.delivered`` is a conditional UPDATE of that
one row, in the caller's transaction: on PostgreSQL the row lock it takes makes concurrent
pledges wait for one another and re-check the condition against the committed total; SQLite
serialises writers. So the limit holds with any number of workers, and a coverage query reads
one row per need, never a SUM.

SQLite keeps NUMERIC values as binary floats, so its sums may be off by 1e-13: the limits are
compared with half a hundredth of slack (every quantity is a whole number of hundredths, see
``domain.needs.MAX_DECIMALS``), which is exact on both backends.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Float, case, cast, func, literal, or_, update
from sqlalchemy import select as select_columns
from sqlmodel import col, select

from domain.balance import NeedFacts
from domain.needs import room_under
from storage.models.need import (
    PLEDGEABLE,
    QUANTITY,
    Need,
    NeedEvent,
    NeedStatus,
    Pledge,
    PledgeStatus,
)
from storage.models.team import Team
from storage.models.territory import Territory
from storage.repositories.base import _Repository, _table

#: Every quantity is a whole number of hundredths; half of one absorbs SQLite's float sums.
SLACK = Decimal("0.005")
NEED = _table(Need)
PLEDGE = _table(Pledge)
_URGENCY_RANK = case((col(Need.urgency) == "high", 0), (col(Need.urgency) == "normal", 1), else_=2)


def _q(value: Decimal) -> Any:
    """A quantity bound with the column's type (so SQLite gets a number it can add)."""
    return literal(value, QUANTITY)


@dataclass(frozen=True, slots=True)
class PledgeRefusal:
    """The conditional update found no room: what the target still misses, the most that would
    still be accepted, and the need's status (``None``: there is no such need)."""

    open_quantity: Decimal
    room: Decimal
    status: str | None


class NeedRepository(_Repository):
    """Needs with their pledges and history (see the module's docstring for the totals)."""

    # --- needs -----------------------------------------------------------------------------

    async def add(self, need: Need) -> Need:
        self.session.add(need)
        await self.session.flush()
        return need

    async def get(self, need_id: int) -> Need | None:
        """The need as the database holds it now (the totals move by UPDATE, not by the ORM)."""
        return await self.session.get(Need, need_id, populate_existing=True)

    async def save(self, need: Need) -> Need:
        """Flush the ORM changes made to ``need`` (edits, status)."""
        self.session.add(need)
        await self.session.flush()
        return need

    async def open_near(self, *, team_ids: Sequence[int], territory_codes: Sequence[str],
                        limit: int, offset: int = 0, category: str | None = None,
                        resource: str | None = None,
                        statuses: Sequence[str] = (NeedStatus.OPEN.value,)) -> Sequence[Need]:
        """Needs of these teams or places, least covered first, then most urgent, then nearest
        deadline (none last), then oldest; a page of ``limit`` from ``offset``."""
        if not team_ids and not territory_codes:
            return []
        where = [col(Need.status).in_(statuses),
                 or_(col(Need.team_id).in_(team_ids), col(Need.territory_code).in_(territory_codes))]
        if category is not None:
            where.append(col(Need.category) == category)
        if resource is not None:
            where.append(col(Need.resource) == resource)
        coverage = cast(col(Need.pledged), Float) / cast(col(Need.target), Float)
        query = (select(Need).where(*where)
                 .order_by(coverage, _URGENCY_RANK, col(Need.deadline).is_(None),
                           col(Need.deadline), col(Need.id))
                 .limit(limit).offset(offset))
        return (await self.session.exec(query)).all()

    async def open_counts(self, territory_codes: Sequence[str]) -> dict[str, int]:
        """How many open needs each of these places has (those with none left out): read
        from the place index alone."""
        if not territory_codes:
            return {}
        query = (select_columns(col(Need.territory_code), func.count())
                 .where(col(Need.status) == NeedStatus.OPEN.value,
                        col(Need.territory_code).in_(territory_codes))
                 .group_by(col(Need.territory_code)))
        connection = await self.session.connection()  # plain rows: nothing here is an entity
        return {str(code): int(n) for code, n in (await connection.execute(query)).all()}

    async def open_nearest(self, *, steps: Mapping[str, int], chain: Sequence[str],
                           categories: Collection[str], limit: int) -> Sequence[Need]:
        """The ``limit`` open needs of these places nearest first: by the place's ``steps``
        (``domain.near.place_steps``), then those of ``categories``, then the person's comune,
        province, region (``chain``), then least covered, most urgent, oldest — the order of
        ``domain.near.rank``, done by the database over the place index, so only the few shown
        are read (/near)."""
        if not steps:
            return []
        step = case(dict(steps), value=col(Need.territory_code), else_=len(steps))
        level = case({code: i for i, code in enumerate(chain[:3])},
                     value=col(Need.territory_code), else_=3) if chain else literal(3)
        other = (case((col(Need.category).in_(list(categories)), 0), else_=1) if categories
                 else literal(1))
        coverage = cast(col(Need.pledged), Float) / cast(col(Need.target), Float)
        query = (select(Need)
                 .where(col(Need.status) == NeedStatus.OPEN.value,
                        col(Need.territory_code).in_(list(steps)))
                 .order_by(step, other, level, coverage, _URGENCY_RANK, col(Need.id))
                 .limit(limit))
        return (await self.session.exec(query)).all()

    async def of_team(self, team_id: int, *, statuses: Sequence[str]) -> Sequence[Need]:
        query = (select(Need).where(Need.team_id == team_id, col(Need.status).in_(statuses))
                 .order_by(col(Need.id)))
        return (await self.session.exec(query)).all()

    async def due_to_expire(self, today: date) -> Sequence[Need]:
        """Needs still taking pledges whose deadline day is over."""
        query = (select(Need).where(col(Need.status).in_(PLEDGEABLE),
                                    col(Need.deadline) < today).order_by(col(Need.id)))
        return (await self.session.exec(query)).all()

    # --- pledges ---------------------------------------------------------------------------

    async def add_pledge(self, *, need_id: int, member_telegram_id: int, quantity: Decimal,
                         target: Decimal, limit: Decimal, now: datetime,
                         organisation_id: int | None = None) -> Pledge | PledgeRefusal:
        """Count ``quantity`` into the need only if it still fits under ``limit`` (the need's
        ``domain.needs.pledge_limit``, given by the caller), then write the pledge; otherwise
        write nothing and say how much is open.

        The UPDATE's condition is ``domain.needs.room_under``'s rule (a pledge fits when it is
        no more than ``limit`` minus what is pledged), checked against the committed total in
        the same statement, which is what holds it under concurrent pledges. ``target`` is the
        one ``limit`` was computed from: if a designer changed it meanwhile the pledge is
        refused with the new figures rather than checked against a stale limit.
        """
        statement = (
            update(NEED)
            .where(NEED.c.id == need_id, NEED.c.status.in_(PLEDGEABLE),
                   NEED.c.target == _q(target),
                   NEED.c.pledged + _q(quantity) <= _q(limit + SLACK))
            .values(pledged=NEED.c.pledged + _q(quantity), updated_at=now,
                    first_pledge_at=func.coalesce(NEED.c.first_pledge_at, now))
            .returning(NEED.c.pledged)
        )
        if (await self.session.exec(statement)).first() is None:
            row = (await self.session.exec(
                select(NEED.c.target, NEED.c.pledged, NEED.c.status).where(NEED.c.id == need_id))
            ).first()
            if row is None:
                return PledgeRefusal(Decimal(0), Decimal(0), None)
            target_now, pledged_now, status_now = row
            if target_now is None:
                return PledgeRefusal(Decimal(0), Decimal(0), str(status_now))
            now_room = room_under(limit, Decimal(target_now), Decimal(pledged_now))
            still = status_now in PLEDGEABLE and Decimal(target_now) == target
            return PledgeRefusal(now_room.open_quantity, now_room.room if still else Decimal(0),
                                 str(status_now))
        pledge = Pledge(need_id=need_id, member_telegram_id=member_telegram_id,
                        quantity=quantity, delivered=Decimal(0), status=PledgeStatus.ACTIVE.value,
                        created_at=now, updated_at=now, organisation_id=organisation_id)
        self.session.add(pledge)
        await self.session.flush()
        return pledge

    async def get_pledge(self, pledge_id: int) -> Pledge | None:
        return await self.session.get(Pledge, pledge_id, populate_existing=True)

    async def release(self, pledge_id: int, *, now: datetime) -> Decimal | None:
        """Withdraw an active pledge: what was not delivered goes back to the need.

        A pledge partly delivered keeps what arrived (it becomes a delivered pledge of that
        quantity); one with nothing delivered is withdrawn. Returns the quantity released, or
        ``None`` when the pledge was not active (withdrawn twice, delivered meanwhile).
        """
        # Locked first (PostgreSQL; SQLite serialises writers), so what it owes cannot move
        # between this read and the update.
        before = (await self.session.exec(
            select(PLEDGE.c.quantity, PLEDGE.c.delivered).where(PLEDGE.c.id == pledge_id)
            .with_for_update())).first()
        partly = PLEDGE.c.delivered > 0
        statement = (
            update(PLEDGE)
            .where(PLEDGE.c.id == pledge_id, PLEDGE.c.status == PledgeStatus.ACTIVE.value)
            .values(status=case((partly, PledgeStatus.DELIVERED.value),
                                else_=PledgeStatus.WITHDRAWN.value),
                    quantity=case((partly, PLEDGE.c.delivered), else_=PLEDGE.c.quantity),
                    updated_at=now)
            .returning(PLEDGE.c.need_id)
        )
        row = (await self.session.exec(statement)).first()
        if row is None or before is None:
            return None
        (need_id,) = row
        quantity, delivered = before
        released = Decimal(quantity) - Decimal(delivered)
        await self.session.exec(
            update(NEED).where(NEED.c.id == need_id)
            .values(pledged=NEED.c.pledged - _q(released), updated_at=now))
        return released

    async def reduce(self, pledge_id: int, quantity: Decimal, *,
                     now: datetime) -> Decimal | None:
        """Lower an active pledge to ``quantity`` (less than it was, more than what already
        arrived); the difference goes back to the need. Returns the quantity it had, or
        ``None`` when it was not active or ``quantity`` no longer fits (a delivery or another
        change meanwhile): the condition is in the UPDATE, so it holds under concurrent presses.
        """
        statement = (
            update(PLEDGE)
            .where(PLEDGE.c.id == pledge_id, PLEDGE.c.status == PledgeStatus.ACTIVE.value,
                   PLEDGE.c.quantity > _q(quantity), PLEDGE.c.delivered < _q(quantity))
            .values(quantity=_q(quantity), updated_at=now)
            .returning(PLEDGE.c.need_id)
        )
        before = (await self.session.exec(
            select(PLEDGE.c.quantity).where(PLEDGE.c.id == pledge_id).with_for_update())).first()
        row = (await self.session.exec(statement)).first()
        if row is None or before is None:
            return None
        (need_id,) = row
        old = before  # one column: sqlmodel's exec gives the value itself
        await self.session.exec(
            update(NEED).where(NEED.c.id == need_id)
            .values(pledged=NEED.c.pledged - _q(Decimal(old) - Decimal(quantity)),
                    updated_at=now))
        return Decimal(old)

    async def deliver(self, pledge_id: int, quantity: Decimal, *, now: datetime) -> bool:
        """Count ``quantity`` more as delivered on an active pledge (at most what it still
        owes) and on its need; the pledge is delivered once all of it arrived. ``False`` when
        the pledge is not active or owes less than ``quantity``."""
        owes_enough = PLEDGE.c.delivered + _q(quantity) <= PLEDGE.c.quantity + _q(SLACK)
        complete = PLEDGE.c.delivered + _q(quantity) >= PLEDGE.c.quantity - _q(SLACK)
        statement = (
            update(PLEDGE)
            .where(PLEDGE.c.id == pledge_id, PLEDGE.c.status == PledgeStatus.ACTIVE.value,
                   owes_enough)
            .values(delivered=PLEDGE.c.delivered + _q(quantity),
                    status=case((complete, PledgeStatus.DELIVERED.value),
                                else_=PledgeStatus.ACTIVE.value),
                    updated_at=now)
            .returning(PLEDGE.c.need_id)
        )
        row = (await self.session.exec(statement)).first()
        if row is None:
            return False
        (need_id,) = row
        await self.session.exec(
            update(NEED).where(NEED.c.id == need_id)
            .values(delivered=NEED.c.delivered + _q(quantity), updated_at=now))
        return True

    async def pledges_of(self, telegram_id: int) -> Sequence[tuple[Pledge, Need]]:
        """A member's pledges with their needs: active first, then newest first."""
        active_first = case((col(Pledge.status) == PledgeStatus.ACTIVE.value, 0), else_=1)
        query = (select(Pledge, Need).join(Need, col(Need.id) == col(Pledge.need_id))
                 .where(Pledge.member_telegram_id == telegram_id)
                 .order_by(active_first, col(Pledge.created_at).desc(), col(Pledge.id).desc()))
        return [(pledge, need) for pledge, need in (await self.session.exec(query)).all()]

    async def pledges_to(self, need_id: int, *, statuses: Sequence[str]) -> Sequence[Pledge]:
        query = (select(Pledge).where(Pledge.need_id == need_id, col(Pledge.status).in_(statuses))
                 .order_by(col(Pledge.id)))
        return (await self.session.exec(query)).all()

    async def pledgers(self, need_id: int) -> list[int]:
        """The Telegram ids of those whose pledges to the need stand (active or delivered),
        each once, erased members left out."""
        query = (select(Pledge.member_telegram_id).distinct()
                 .where(Pledge.need_id == need_id,
                        col(Pledge.status).in_((PledgeStatus.ACTIVE.value,
                                                PledgeStatus.DELIVERED.value)),
                        col(Pledge.member_telegram_id).is_not(None))
                 .order_by(col(Pledge.member_telegram_id)))
        return [int(t) for t in (await self.session.exec(query)).all() if t is not None]

    # --- history ---------------------------------------------------------------------------

    async def record(self, *, need_id: int, at: datetime, by: int | None, kind: str,
                     details: Mapping[str, Any] | None = None) -> NeedEvent:
        """One change, with who and when; ``details`` as JSON (Decimals and dates as text)."""
        event = NeedEvent(need_id=need_id, at=at, by=by, kind=kind,
                          details=None if details is None else json.dumps(
                              dict(details), default=str, ensure_ascii=False, sort_keys=True))
        self.session.add(event)
        await self.session.flush()
        return event

    async def events(self, need_id: int) -> Sequence[NeedEvent]:
        query = (select(NeedEvent).where(NeedEvent.need_id == need_id)
                 .order_by(col(NeedEvent.at), col(NeedEvent.id)))
        return (await self.session.exec(query)).all()

    async def has_event(self, need_id: int, kind: str) -> bool:
        query = select(NeedEvent.id).where(NeedEvent.need_id == need_id,
                                           NeedEvent.kind == kind).limit(1)
        return (await self.session.exec(query)).first() is not None

    # --- erasure ---------------------------------------------------------------------------

    async def unadopted_proposals_of(self, telegram_id: int) -> Sequence[Need]:
        """The person's proposals no designer adopted (still waiting, or declined)."""
        query = select(Need).where(col(Need.proposed_by) == telegram_id,
                                   col(Need.status).in_((NeedStatus.PROPOSED.value,
                                                         NeedStatus.DECLINED.value)))
        return (await self.session.exec(query)).all()

    async def events_holding(self, fragments: Sequence[str]) -> Sequence[NeedEvent]:
        """History whose particulars hold one of `fragments` (a designer's reason may name
        someone), in any letter case. A scan: erasure is rare."""
        if not fragments:
            return []
        query = select(NeedEvent).where(or_(*[
            col(NeedEvent.details).icontains(fragment, autoescape=True)
            for fragment in fragments])).order_by(col(NeedEvent.id))
        return (await self.session.exec(query)).all()

    async def rewrite_event_details(self, event_id: int, details: str) -> None:
        await self.session.exec(update(NeedEvent).where(col(NeedEvent.id) == event_id)
                                   .values(details=details))

    async def forget_person(self, telegram_id: int) -> int:
        """Erasure: the person's pledges stay (counted, as "a deleted member"), their id goes
        from pledges, needs and history. Returns the rows changed."""
        changed = 0
        for table, column in ((PLEDGE, "member_telegram_id"), (NEED, "posted_by"),
                              (NEED, "proposed_by"), (_table(NeedEvent), "by")):
            result = await self.session.exec(
                update(table).where(table.c[column] == telegram_id).values({column: None}))
            changed += int(getattr(result, "rowcount", 0) or 0)
        return changed


    # --- a team's card (/team) ----------------------------------------------------------

    async def open_titles_of_teams(self, team_ids: Sequence[int], *, statuses: Sequence[str],
                                   limit: int) -> dict[int, tuple[list[str], int]]:
        """For many teams in two queries (whatever their number): the titles of their newest
        ``limit`` needs in ``statuses``, and how many there are in all (teams with none are
        absent). Both lean on ix_need_team_status."""
        if not team_ids:
            return {}
        where = (col(Need.team_id).in_(sorted(set(team_ids))), col(Need.status).in_(statuses))
        counts = {int(team_id): int(count) for team_id, count in (await self.session.exec(
            select(Need.team_id, func.count()).where(*where).group_by(col(Need.team_id))
        )).all()}
        rank = func.row_number().over(partition_by=col(Need.team_id),
                                      order_by=col(Need.id).desc()).label("rank")
        ranked = select_columns(col(Need.team_id), col(Need.title), rank).where(*where).subquery()
        query = (select_columns(ranked.c.team_id, ranked.c.title).where(ranked.c.rank <= limit)
                 .order_by(ranked.c.team_id, ranked.c.rank))
        found: dict[int, tuple[list[str], int]] = {}
        connection = await self.session.connection()  # plain rows: nothing here is an entity
        for team_id, title in (await connection.execute(query)).all():
            found.setdefault(int(team_id), ([], counts.get(int(team_id), 0)))[0].append(title)
        return found

    # --- a designer's lists (newneed: /myneeds) ------------------------------------------

    async def of_teams_page(self, team_ids: Sequence[int], *, statuses: Sequence[str],
                            limit: int, offset: int = 0) -> tuple[Sequence[Need], int]:
        """One page of the needs of ``team_ids`` in ``statuses``, newest first, and how many
        there are in all (two queries, whatever the page)."""
        if not team_ids:
            return [], 0
        where = (col(Need.team_id).in_(sorted(set(team_ids))), col(Need.status).in_(statuses))
        query = (select(Need).where(*where).order_by(col(Need.id).desc())
                 .limit(limit).offset(offset))
        total = (await self.session.exec(select(func.count()).select_from(Need)
                                         .where(*where))).one()
        return (await self.session.exec(query)).all(), int(total)

    # --- the designer's pending deliveries (appended for /needs) ---------------------------

    async def pending_deliveries(self, team_ids: Sequence[int], *, limit: int = 20
                                 ) -> Sequence[tuple[Pledge, Need]]:
        """Active pledges (something still owed) to the needs of these teams, oldest need
        first, then oldest pledge; at most ``limit``."""
        if not team_ids:
            return []
        query = (select(Pledge, Need).join(Need, col(Need.id) == col(Pledge.need_id))
                 .where(col(Need.team_id).in_(team_ids),
                        Pledge.status == PledgeStatus.ACTIVE.value)
                 .order_by(col(Need.id), col(Pledge.id)).limit(limit))
        return [(pledge, need) for pledge, need in (await self.session.exec(query)).all()]


    # --- the balance (bot.services.balance) --------------------------------------------------

    async def balance_facts(self, *, team_ids: Sequence[int] | None = None,
                            territory_code: str | None = None,
                            need_ids: Sequence[int] | None = None,
                            statuses: Sequence[str] = PLEDGEABLE) -> list[BalanceRow]:
        """The live needs of some teams, of a territory (its code anywhere in the need's
        place chain: a region holds its provinces' and comuni's needs), these needs, or of
        everywhere (none given), as the balance's facts with their team's name: one query, a
        join of need, its place and its team."""
        return await _balance_rows(self.session, team_ids=team_ids,
                                   territory_code=territory_code, need_ids=need_ids,
                                   statuses=statuses)

    async def pledges_to_live(self, *, need_id: int | None = None) -> list[tuple[int, int, Decimal,
                                                                              bool]]:
        """(member telegram id, need id, quantity, still active) of the standing pledges
        (active or delivered; erased members' left out) to the live needs, or to one need;
        one query."""
        need = _table(Need)
        query = (select(PLEDGE.c.member_telegram_id, PLEDGE.c.need_id, PLEDGE.c.quantity,
                        PLEDGE.c.status)
                 .join(need, need.c.id == PLEDGE.c.need_id)
                 .where(need.c.status.in_(PLEDGEABLE),
                        PLEDGE.c.status.in_((PledgeStatus.ACTIVE.value,
                                             PledgeStatus.DELIVERED.value)),
                        PLEDGE.c.member_telegram_id.is_not(None)))
        if need_id is not None:
            query = query.where(PLEDGE.c.need_id == need_id)
        return [(int(member), int(need_id_), Decimal(quantity),
                 status == PledgeStatus.ACTIVE.value)
                for member, need_id_, quantity, status in (await self.session.exec(query)).all()]


@dataclass(frozen=True, slots=True)
class BalanceRow:
    """A need as the balance reads it, and the name of its team (for the text and chart)."""

    facts: NeedFacts
    team_name: str
    place_name: str


def _chain(code: str, parent: str | None, region: str | None) -> tuple[str, ...]:
    """A place and the places it lies in, nearest first, each once (a province's parent is
    its region; a region is its own region)."""
    return tuple(dict.fromkeys(c for c in (code, parent, region) if c))


async def _balance_rows(session: Any, *, team_ids: Sequence[int] | None,
                        territory_code: str | None, need_ids: Sequence[int] | None,
                        statuses: Sequence[str]) -> list[BalanceRow]:
    place = _table(Territory)
    team = _table(Team)
    query = (select_columns(NEED.c.id, NEED.c.title, NEED.c.category, NEED.c.unit, NEED.c.target,
                    NEED.c.pledged, NEED.c.delivered, NEED.c.status, NEED.c.created_at,
                    NEED.c.team_id, NEED.c.first_pledge_at, NEED.c.covered_at, NEED.c.skill,
                    place.c.code, place.c.parent_code, place.c.region_code, place.c.name,
                    team.c.name)
             .join(place, place.c.code == NEED.c.territory_code)
             .join(team, team.c.id == NEED.c.team_id)
             .where(NEED.c.status.in_(statuses), NEED.c.target.is_not(None),
                    NEED.c.unit.is_not(None))
             .order_by(NEED.c.id))
    if team_ids is not None:
        if not team_ids:
            return []
        query = query.where(NEED.c.team_id.in_(team_ids))
    if need_ids is not None:
        if not need_ids:
            return []
        query = query.where(NEED.c.id.in_(need_ids))
    if territory_code is not None:
        query = query.where(or_(place.c.code == territory_code,
                                place.c.parent_code == territory_code,
                                place.c.region_code == territory_code))
    rows = []
    for (need_id, title, category, unit, target, pledged, delivered, status, created_at,
         team_id, first_pledge_at, covered_at, skill, code, parent, region, place_name,
         team_name) in (await session.exec(query)).all():
        rows.append(BalanceRow(NeedFacts(
            id=need_id, title=title, category=category, unit=unit,
            target=Decimal(target), pledged=Decimal(pledged), delivered=Decimal(delivered),
            status=status, posted_at=created_at,
            territory_chain=_chain(code, parent, region), team_id=team_id,
            first_pledge_at=first_pledge_at,
            covered_at=covered_at, skill=skill), team_name, place_name))
    return rows
