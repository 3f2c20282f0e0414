"""Needs and pledges: posting, proposing, editing, pledging, delivering, expiring.

Each use case takes a unit of work, the clock's ``now`` and plain values, checks the person's
role again (buttons can be forged), writes, records what changed as a ``need_event`` (who and
when) and returns frozen views. The rules are ``domain.needs``'s: quantities with
``check_quantity``, pledges with ``accept_pledge`` and the over-pledge ``margin`` (a setting the
caller passes, e.g. 0.1), status with ``status_for``. The limit holds under concurrent pledges
because the repository counts a pledge with a conditional UPDATE (see storage.repositories.need)
given ``domain.needs.pledge_limit``'s value; the pledge screen asks the room left of
``room_for``, the same rule.

Notices are returned, not enqueued: each use case gives back ``Notice`` values (chat id, kind,
need id, and an idempotency key for the outbox) for the caller to word in each person's
language and enqueue in the same unit of work (``uow.outbox.enqueue_many``). Pledgers hear of
a need once per event: when it is covered (the first time only), changed, closed or expired;
the person who caused the event is not told (the bot answers them directly).

A need's deadline is a day of the Italian calendar, so "today" is ``now`` in Europe/Rome.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from bot.personal import Person, Shown
from bot.services.roles import NotAllowed, holds, require
from domain.needs import (
    MAX_DEADLINE_DAYS,
    MAX_TITLE_LENGTH,
    Accepted,
    CategoryCatalog,
    OneLine,
    PledgeRoom,
    accept_pledge,
    check_quantity,
    load_categories,
    open_quantity,
    pledge_limit,
    pledge_room,
    status_for,
    unit_info,
)
from storage.models import (
    Need,
    NeedEventKind,
    NeedStatus,
    Pledge,
    PledgeStatus,
    RoleName,
    Team,
    Urgency,
)
from storage.models.need import PLEDGEABLE
from storage.repositories.need import PledgeRefusal
from storage.uow import UnitOfWork

ROME = ZoneInfo("Europe/Rome")
DEFAULT_CATEGORY = "other"
#: Statuses a designer may edit or close: the need is still asking for something.
LIVE = PLEDGEABLE
#: Statuses a designer may reopen.
REOPENABLE = (NeedStatus.CLOSED.value, NeedStatus.EXPIRED.value)


def today_in_italy(now: datetime) -> date:
    return now.astimezone(ROME).date()


class NeedProblem(ValueError):
    """A request the rules refuse; ``code`` says which, for the bot to word.

    Draft problems reuse ``domain.needs``'s parse codes ("not_positive", "too_large",
    "not_whole", "bad_unit", "no_skill", "no_title", "title_too_long", "bad_category",
    "past_deadline", "far_deadline"); the others: "no_such_need", "no_such_pledge",
    "bad_urgency", "bad_territory", "no_quantity" (a proposal approved without one),
    "unit_locked" (the unit of a need with pledges), "not_proposal", "not_live",
    "not_reopenable", "not_active", "too_much" (delivering more than a pledge owes).
    """

    def __init__(self, code: str, value: str | None = None) -> None:
        super().__init__(code if value is None else f"{code}: {value}")
        self.code = code
        self.value = value


# --------------------------------------------------------------------------------------------
# Values in and out
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NeedDraft:
    """A need as a designer wrote it (guided flow, or the one-line parse), before checking.

    ``territory_code`` ``None``: the team's own place.
    """

    title: str
    quantity: Decimal
    unit: str
    category: str | None = None
    description: str | None = None
    skill: str | None = None
    urgency: str = Urgency.NORMAL.value
    deadline: date | None = None
    beneficiary: str | None = None
    territory_code: str | None = None

    @classmethod
    def from_one_line(cls, line: OneLine) -> NeedDraft:
        return cls(title=line.title, quantity=line.quantity, unit=line.unit,
                   category=line.category, skill=line.skill, deadline=line.deadline)


@dataclass(frozen=True, slots=True)
class ProposalDraft:
    """What a member signals with /propose: fewer fields, the designer completes them."""

    title: str
    description: str | None = None
    category: str | None = None
    quantity: Decimal | None = None
    unit: str | None = None
    territory_code: str | None = None


@dataclass(frozen=True, slots=True)
class NeedView:
    id: int
    team_id: int
    territory_code: str
    title: str
    description: str | None
    category: str
    resource: str | None
    unit: str | None
    skill: str | None
    target: Decimal | None
    pledged: Decimal
    delivered: Decimal
    urgency: str
    deadline: date | None
    beneficiary: str | None
    status: str
    posted_by: int | None
    proposed_by: int | None

    @property
    def open_quantity(self) -> Decimal:
        return open_quantity(self.target or Decimal(0), self.pledged)


def need_view(need: Need) -> NeedView:
    assert need.id is not None
    return NeedView(
        id=need.id, team_id=need.team_id, territory_code=need.territory_code, title=need.title,
        description=need.description, category=need.category, resource=need.resource,
        unit=need.unit, skill=need.skill, target=need.target, pledged=Decimal(need.pledged),
        delivered=Decimal(need.delivered), urgency=need.urgency, deadline=need.deadline,
        beneficiary=need.beneficiary, status=need.status, posted_by=need.posted_by,
        proposed_by=need.proposed_by)


@dataclass(frozen=True, slots=True)
class PledgeView:
    id: int
    need_id: int
    need_title: str
    unit: str | None
    quantity: Decimal
    delivered: Decimal
    status: str
    member_telegram_id: int | None


def pledge_view(pledge: Pledge, need: Need) -> PledgeView:
    assert pledge.id is not None and need.id is not None
    return PledgeView(id=pledge.id, need_id=need.id, need_title=need.title, unit=need.unit,
                      quantity=Decimal(pledge.quantity), delivered=Decimal(pledge.delivered),
                      status=pledge.status, member_telegram_id=pledge.member_telegram_id)


@dataclass(frozen=True, slots=True)
class Notice:
    """Someone to tell: ``kind`` is "covered", "changed", "closed", "expired" (to pledgers),
    "proposed" (to designers), "approved" / "declined" (to the proposer), "thanks" (to a
    pledger whose delivery was confirmed). ``key`` makes enqueuing it twice a no-op."""

    chat_id: int
    kind: str
    need_id: int
    key: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """The need after a use case, and whom to tell."""

    need: NeedView
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True, slots=True)
class Pledged:
    pledge: PledgeView
    need: NeedView
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True, slots=True)
class PledgeRefused:
    """No pledge written. ``reason``: "not_positive", "not_whole", "over_limit" (``room`` is
    the most still accepted), "not_pledgeable" (closed, expired, fulfilled, a proposal)."""

    need_id: int
    open_quantity: Decimal
    room: Decimal
    reason: str


@dataclass(frozen=True, slots=True)
class NeedEdit:
    """The fields a designer changes; ``None`` keeps the current value (``clear`` lists the
    optional fields to empty: "description", "deadline", "beneficiary", "skill")."""

    title: str | None = None
    description: str | None = None
    category: str | None = None
    quantity: Decimal | None = None
    unit: str | None = None
    skill: str | None = None
    urgency: str | None = None
    deadline: date | None = None
    beneficiary: str | None = None
    territory_code: str | None = None
    clear: frozenset[str] = field(default_factory=frozenset)


# --------------------------------------------------------------------------------------------
# Helpers: look-ups, checks, the status that follows the numbers
# --------------------------------------------------------------------------------------------


async def _need(uow: UnitOfWork, need_id: int) -> Need:
    need = await uow.needs.get(need_id)
    if need is None:
        raise NeedProblem("no_such_need", str(need_id))
    return need


async def _chain(uow: UnitOfWork, code: str) -> list[str]:
    """The place and the places it lies in, nearest first (comune, province, region)."""
    chain: list[str] = []
    current: str | None = code
    while current is not None and current not in chain:
        place = await uow.territories.get(current)
        if place is None:
            break
        chain.append(place.code)
        current = place.parent_code
    return chain


async def _check_territory(uow: UnitOfWork, team_territory: str, code: str | None) -> str:
    """The need's place: the team's, or a place inside it."""
    if code is None or code == team_territory:
        return team_territory
    if team_territory not in await _chain(uow, code):
        raise NeedProblem("bad_territory", code)
    return code


def _check_title(title: str) -> str:
    title = " ".join(title.split())
    if sum(c.isalpha() for c in title) < 3:
        raise NeedProblem("no_title")
    if len(title) > MAX_TITLE_LENGTH:
        raise NeedProblem("title_too_long", title)
    return title


def _check_category(code: str | None, catalog: CategoryCatalog) -> str:
    if code is None:
        return DEFAULT_CATEGORY
    if catalog.get(code) is None:
        raise NeedProblem("bad_category", code)
    return code


def _check_amount(quantity: Decimal, unit: str, skill: str | None) -> str:
    """The resource of a valid quantity and unit."""
    try:
        info = unit_info(unit)
    except ValueError:
        raise NeedProblem("bad_unit", unit) from None
    problem = check_quantity(quantity, unit)
    if problem is not None:
        raise NeedProblem(problem.code, problem.value)
    if info.resource == "skills" and not (skill and skill.strip()):
        raise NeedProblem("no_skill")
    return info.resource


def _check_urgency(urgency: str) -> str:
    if urgency not in {u.value for u in Urgency}:
        raise NeedProblem("bad_urgency", urgency)
    return urgency


def _check_deadline(deadline: date | None, today: date) -> date | None:
    if deadline is None:
        return None
    if deadline < today:
        raise NeedProblem("past_deadline", deadline.isoformat())
    if (deadline - today).days > MAX_DEADLINE_DAYS:
        raise NeedProblem("far_deadline", deadline.isoformat())
    return deadline


async def _designer_of(uow: UnitOfWork, telegram_id: int, need: Need) -> None:
    """Only a designer of the need's own team (another team's designer is refused)."""
    await require(uow, telegram_id=telegram_id, role=RoleName.DESIGNER, team_id=need.team_id)


def _key(need_id: int, kind: str, event_id: int | None, chat_id: int) -> str:
    return f"need:{need_id}:{kind}:{event_id}:{chat_id}"


async def _tell_pledgers(uow: UnitOfWork, need: Need, kind: str, event_id: int | None,
                         *, except_for: int | None) -> list[Notice]:
    assert need.id is not None
    return [Notice(chat_id, kind, need.id, _key(need.id, kind, event_id, chat_id))
            for chat_id in await uow.needs.pledgers(need.id) if chat_id != except_for]


_TRANSITION_EVENTS = {
    NeedStatus.COVERED.value: NeedEventKind.COVERED.value,
    NeedStatus.FULFILLED.value: NeedEventKind.FULFILLED.value,
    NeedStatus.EXPIRED.value: NeedEventKind.EXPIRED.value,
}


async def _settle(uow: UnitOfWork, need: Need, *, now: datetime, by: int | None) -> list[Notice]:
    """Move the status where the numbers put it, record the transition, and say whom to tell.

    Reads the need fresh (the totals move by UPDATE). Proposals and declined proposals have no
    numbers yet and are left alone; a closed need stays closed unless delivery fulfilled it.
    """
    assert need.id is not None
    fresh = await _need(uow, need.id)
    if fresh.status in (NeedStatus.PROPOSED.value, NeedStatus.DECLINED.value):
        return []
    assert fresh.target is not None
    new = status_for(fresh.target, fresh.pledged, fresh.delivered,
                     closed=fresh.status == NeedStatus.CLOSED.value, deadline=fresh.deadline,
                     today=today_in_italy(now))
    if new == fresh.status:
        return []
    old = fresh.status
    fresh.status = new
    fresh.updated_at = now
    if new == NeedStatus.COVERED.value and fresh.covered_at is None:
        fresh.covered_at = now
    await uow.needs.save(fresh)
    kind = _TRANSITION_EVENTS.get(new)
    if kind is None:  # back to open (a withdrawal): the withdrawal's own event says it
        return []
    first_time = not await uow.needs.has_event(need.id, kind)
    event = await uow.needs.record(need_id=need.id, at=now, by=by, kind=kind,
                                   details={"from": old, "to": new})
    if kind == NeedEventKind.COVERED.value and not first_time:
        return []  # told once: covered again after a withdrawal is no news
    if kind in (NeedEventKind.COVERED.value, NeedEventKind.EXPIRED.value):
        return await _tell_pledgers(uow, fresh, kind, event.id, except_for=by)
    return []


# --------------------------------------------------------------------------------------------
# Posting, proposing, approving
# --------------------------------------------------------------------------------------------


async def post_need(uow: UnitOfWork, *, now: datetime, telegram_id: int, team_id: int,
                    draft: NeedDraft, catalog: CategoryCatalog | None = None) -> NeedView:
    """A designer of ``team_id`` publishes a checked need for that team."""
    await require(uow, telegram_id=telegram_id, role=RoleName.DESIGNER, team_id=team_id)
    team = await uow.teams.get(team_id)
    if team is None:
        raise NotAllowed(f"no team {team_id}")
    catalog = catalog or load_categories()
    resource = _check_amount(Decimal(draft.quantity), draft.unit, draft.skill)
    need = await uow.needs.add(Need(
        team_id=team_id,
        territory_code=await _check_territory(uow, team.territory_code, draft.territory_code),
        title=_check_title(draft.title), description=draft.description or None,
        category=_check_category(draft.category, catalog), resource=resource, unit=draft.unit,
        skill=draft.skill if resource == "skills" else None, target=Decimal(draft.quantity),
        urgency=_check_urgency(draft.urgency),
        deadline=_check_deadline(draft.deadline, today_in_italy(now)),
        beneficiary=draft.beneficiary or None, status=NeedStatus.OPEN.value,
        posted_by=telegram_id, pledged=Decimal(0), delivered=Decimal(0), created_at=now,
        updated_at=now))
    assert need.id is not None
    await uow.needs.record(need_id=need.id, at=now, by=telegram_id, kind=NeedEventKind.POSTED,
                           details={"target": draft.quantity, "unit": draft.unit})
    return need_view(need)


async def _is_member_of(uow: UnitOfWork, telegram_id: int, team_id: int) -> bool:
    member = await uow.members.by_telegram_id(telegram_id)
    if member is None or member.id is None:
        return False
    return await uow.memberships.get(member_id=member.id, team_id=team_id) is not None


async def propose_need(uow: UnitOfWork, *, now: datetime, telegram_id: int, team_id: int,
                       draft: ProposalDraft,
                       catalog: CategoryCatalog | None = None) -> Outcome:
    """Any member of the team signals a need; the team's designers are to be told."""
    if not (await _is_member_of(uow, telegram_id, team_id)
            or await holds(uow, telegram_id=telegram_id, role=RoleName.DESIGNER,
                           team_id=team_id)):
        raise NotAllowed(f"{telegram_id} is not in team {team_id}")
    team = await uow.teams.get(team_id)
    assert team is not None
    catalog = catalog or load_categories()
    resource = None
    if draft.quantity is not None or draft.unit is not None:
        if draft.quantity is None or draft.unit is None:
            raise NeedProblem("no_quantity")
        resource = _check_amount(Decimal(draft.quantity), draft.unit, "?")
    need = await uow.needs.add(Need(
        team_id=team_id,
        territory_code=await _check_territory(uow, team.territory_code, draft.territory_code),
        title=_check_title(draft.title), description=draft.description or None,
        category=_check_category(draft.category, catalog), resource=resource, unit=draft.unit,
        target=None if draft.quantity is None else Decimal(draft.quantity),
        urgency=Urgency.NORMAL.value, status=NeedStatus.PROPOSED.value, proposed_by=telegram_id,
        pledged=Decimal(0), delivered=Decimal(0), created_at=now, updated_at=now))
    assert need.id is not None
    event = await uow.needs.record(need_id=need.id, at=now, by=telegram_id,
                                   kind=NeedEventKind.PROPOSED)
    designers = [m.telegram_id for m in await uow.teams.designers(team_id)
                 if m.telegram_id != telegram_id]
    return Outcome(need_view(need), tuple(
        Notice(d, "proposed", need.id, _key(need.id, "proposed", event.id, d))
        for d in designers))


async def _proposal(uow: UnitOfWork, telegram_id: int, need_id: int) -> Need:
    need = await _need(uow, need_id)
    await _designer_of(uow, telegram_id, need)
    if need.status != NeedStatus.PROPOSED.value:
        raise NeedProblem("not_proposal", need.status)
    return need


def _tell_proposer(need: Need, kind: str, event_id: int | None) -> tuple[Notice, ...]:
    assert need.id is not None
    if need.proposed_by is None:
        return ()
    return (Notice(need.proposed_by, kind, need.id,
                   _key(need.id, kind, event_id, need.proposed_by)),)


async def approve(uow: UnitOfWork, *, now: datetime, telegram_id: int, need_id: int,
                  draft: NeedDraft | None = None,
                  catalog: CategoryCatalog | None = None) -> Outcome:
    """The team's designer publishes a proposal, as it is or as ``draft`` completes it; the
    proposer is to be told."""
    need = await _proposal(uow, telegram_id, need_id)
    if draft is None:
        if need.target is None or need.unit is None:
            raise NeedProblem("no_quantity")
        draft = NeedDraft(title=need.title, quantity=need.target, unit=need.unit,
                          category=need.category, description=need.description,
                          territory_code=need.territory_code)
    team = await uow.teams.get(need.team_id)
    assert team is not None
    catalog = catalog or load_categories()
    resource = _check_amount(Decimal(draft.quantity), draft.unit, draft.skill)
    need.territory_code = await _check_territory(uow, team.territory_code, draft.territory_code)
    need.title = _check_title(draft.title)
    need.description = draft.description or None
    need.category = _check_category(draft.category, catalog)
    need.resource, need.unit, need.target = resource, draft.unit, Decimal(draft.quantity)
    need.skill = draft.skill if resource == "skills" else None
    need.urgency = _check_urgency(draft.urgency)
    need.deadline = _check_deadline(draft.deadline, today_in_italy(now))
    need.beneficiary = draft.beneficiary or None
    need.status = NeedStatus.OPEN.value
    need.posted_by = telegram_id
    need.updated_at = now
    await uow.needs.save(need)
    event = await uow.needs.record(need_id=need_id, at=now, by=telegram_id,
                                   kind=NeedEventKind.APPROVED,
                                   details={"target": need.target, "unit": need.unit})
    return Outcome(need_view(need), _tell_proposer(need, "approved", event.id))


async def decline(uow: UnitOfWork, *, now: datetime, telegram_id: int, need_id: int,
                  reason: str) -> Outcome:
    """The team's designer turns a proposal down with a reason; the proposer is to be told."""
    need = await _proposal(uow, telegram_id, need_id)
    need.status = NeedStatus.DECLINED.value
    need.updated_at = need.closed_at = now
    await uow.needs.save(need)
    event = await uow.needs.record(need_id=need_id, at=now, by=telegram_id,
                                   kind=NeedEventKind.DECLINED, details={"reason": reason})
    return Outcome(need_view(need), _tell_proposer(need, "declined", event.id))


# --------------------------------------------------------------------------------------------
# Editing, closing, reopening
# --------------------------------------------------------------------------------------------


async def edit(uow: UnitOfWork, *, now: datetime, telegram_id: int, need_id: int,
               changes: NeedEdit, catalog: CategoryCatalog | None = None) -> Outcome:
    """A designer of the need's team changes it; its pledgers are to be told."""
    need = await _need(uow, need_id)
    await _designer_of(uow, telegram_id, need)
    if need.status not in LIVE:
        raise NeedProblem("not_live", need.status)
    assert need.target is not None and need.unit is not None
    catalog = catalog or load_categories()
    team = await uow.teams.get(need.team_id)
    assert team is not None
    unit = changes.unit or need.unit
    if unit != need.unit and need.pledged > 0:
        raise NeedProblem("unit_locked", need.unit)
    quantity = Decimal(changes.quantity) if changes.quantity is not None else need.target
    skill = None if "skill" in changes.clear else (changes.skill or need.skill)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {
        "title": _check_title(changes.title) if changes.title is not None else need.title,
        "description": (None if "description" in changes.clear
                        else changes.description or need.description),
        "category": (_check_category(changes.category, catalog) if changes.category is not None
                     else need.category),
        "resource": _check_amount(quantity, unit, skill),
        "unit": unit, "target": quantity,
        "urgency": _check_urgency(changes.urgency) if changes.urgency else need.urgency,
        "deadline": (None if "deadline" in changes.clear
                     else _check_deadline(changes.deadline, today_in_italy(now))
                     if changes.deadline is not None else need.deadline),
        "beneficiary": (None if "beneficiary" in changes.clear
                        else changes.beneficiary or need.beneficiary),
        "territory_code": (await _check_territory(uow, team.territory_code,
                                                  changes.territory_code)
                           if changes.territory_code is not None else need.territory_code),
    }
    after["skill"] = skill if after["resource"] == "skills" else None
    for name, value in list(after.items()):
        if getattr(need, name) == value:
            del after[name]
        else:
            before[name] = getattr(need, name)
            setattr(need, name, value)
    if not after:
        return Outcome(need_view(need))
    need.updated_at = now
    await uow.needs.save(need)
    event = await uow.needs.record(need_id=need_id, at=now, by=telegram_id,
                                   kind=NeedEventKind.EDITED,
                                   details={"before": before, "after": after})
    notices = await _tell_pledgers(uow, need, "changed", event.id, except_for=telegram_id)
    notices += await _settle(uow, need, now=now, by=telegram_id)
    return Outcome(need_view(await _need(uow, need_id)), tuple(notices))


async def close(uow: UnitOfWork, *, now: datetime, telegram_id: int, need_id: int,
                reason: str | None = None) -> Outcome:
    """A designer of the need's team closes it; its pledgers are to be told."""
    need = await _need(uow, need_id)
    await _designer_of(uow, telegram_id, need)
    if need.status not in LIVE:
        raise NeedProblem("not_live", need.status)
    need.status = NeedStatus.CLOSED.value
    need.updated_at = need.closed_at = now
    await uow.needs.save(need)
    event = await uow.needs.record(need_id=need_id, at=now, by=telegram_id,
                                   kind=NeedEventKind.CLOSED, details={"reason": reason})
    return Outcome(need_view(need), tuple(
        await _tell_pledgers(uow, need, "closed", event.id, except_for=telegram_id)))


async def reopen(uow: UnitOfWork, *, now: datetime, telegram_id: int, need_id: int,
                 deadline: date | None = None) -> Outcome:
    """A designer of the need's team reopens a closed or expired need (an expired one needs a
    new deadline, or it would expire again at once)."""
    need = await _need(uow, need_id)
    await _designer_of(uow, telegram_id, need)
    if need.status not in REOPENABLE:
        raise NeedProblem("not_reopenable", need.status)
    today = today_in_italy(now)
    if deadline is not None:
        need.deadline = _check_deadline(deadline, today)
    elif need.deadline is not None and need.deadline < today:
        raise NeedProblem("past_deadline", need.deadline.isoformat())
    assert need.target is not None
    old = need.status
    need.status = status_for(need.target, need.pledged, need.delivered, closed=False,
                             deadline=need.deadline, today=today)
    need.updated_at, need.closed_at = now, None
    await uow.needs.save(need)
    await uow.needs.record(need_id=need_id, at=now, by=telegram_id, kind=NeedEventKind.REOPENED,
                           details={"from": old, "to": need.status, "deadline": need.deadline})
    return Outcome(need_view(need))


# --------------------------------------------------------------------------------------------
# Pledging, withdrawing, delivering
# --------------------------------------------------------------------------------------------


async def pledge(uow: UnitOfWork, *, now: datetime, telegram_id: int, need_id: int,
                 quantity: Decimal | int, margin: Decimal | float) -> Pledged | PledgeRefused:
    """A registered member pledges part of a need, within its target plus ``margin``.

    Checked first with ``accept_pledge`` on the need as read, then counted by the repository's
    conditional update, which refuses it if concurrent pledges filled the room meanwhile.
    """
    member = await uow.members.by_telegram_id(telegram_id)
    if member is None or not member.is_onboarded:
        raise NotAllowed(f"{telegram_id} is not a member")
    need = await _need(uow, need_id)
    if need.status not in PLEDGEABLE or need.target is None or need.unit is None:
        return PledgeRefused(need_id, Decimal(0), Decimal(0), "not_pledgeable")
    whole = unit_info(need.unit).whole
    verdict = accept_pledge(quantity, need.target, need.pledged, margin, whole=whole)
    if not isinstance(verdict, Accepted):
        return PledgeRefused(need_id, verdict.open_quantity, verdict.room, verdict.reason)
    written = await uow.needs.add_pledge(
        need_id=need_id, member_telegram_id=telegram_id, quantity=verdict.quantity,
        target=need.target, limit=pledge_limit(need.target, margin, whole=whole), now=now)
    if isinstance(written, PledgeRefusal):
        reason = "over_limit" if written.status in PLEDGEABLE else "not_pledgeable"
        return PledgeRefused(need_id, written.open_quantity, written.room, reason)
    await uow.needs.record(need_id=need_id, at=now, by=telegram_id, kind=NeedEventKind.PLEDGED,
                           details={"pledge": written.id, "quantity": verdict.quantity})
    notices = await _settle(uow, need, now=now, by=telegram_id)
    fresh = await _need(uow, need_id)
    return Pledged(pledge_view(written, fresh), need_view(fresh), tuple(notices))


async def _pledge_and_need(uow: UnitOfWork, pledge_id: int) -> tuple[Pledge, Need]:
    found = await uow.needs.get_pledge(pledge_id)
    if found is None:
        raise NeedProblem("no_such_pledge", str(pledge_id))
    return found, await _need(uow, found.need_id)


async def withdraw(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                   pledge_id: int) -> Outcome:
    """The pledger takes back what they have not delivered yet."""
    found, need = await _pledge_and_need(uow, pledge_id)
    if found.member_telegram_id != telegram_id:
        raise NotAllowed(f"pledge {pledge_id} is not {telegram_id}'s")
    released = await uow.needs.release(pledge_id, now=now)
    if released is None:
        raise NeedProblem("not_active", found.status)
    await uow.needs.record(need_id=need.id or 0, at=now, by=telegram_id,
                           kind=NeedEventKind.WITHDRAWN,
                           details={"pledge": pledge_id, "quantity": released})
    notices = await _settle(uow, need, now=now, by=telegram_id)
    return Outcome(need_view(await _need(uow, found.need_id)), tuple(notices))


async def confirm_delivery(uow: UnitOfWork, *, now: datetime, telegram_id: int, pledge_id: int,
                           quantity: Decimal | int | None = None) -> Outcome:
    """A designer of the need's team confirms what arrived: all the pledge still owes
    (``quantity`` ``None``) or part of it. The pledger is to be thanked."""
    found, need = await _pledge_and_need(uow, pledge_id)
    await _designer_of(uow, telegram_id, need)
    if found.status != PledgeStatus.ACTIVE.value:
        raise NeedProblem("not_active", found.status)
    owed = Decimal(found.quantity) - Decimal(found.delivered)
    amount = owed if quantity is None else Decimal(quantity)
    if amount <= 0:
        raise NeedProblem("not_positive", str(amount))
    if amount > owed or not await uow.needs.deliver(pledge_id, amount, now=now):
        raise NeedProblem("too_much", str(owed))
    event = await uow.needs.record(need_id=found.need_id, at=now, by=telegram_id,
                                   kind=NeedEventKind.DELIVERED,
                                   details={"pledge": pledge_id, "quantity": amount,
                                            "whole": amount == owed})
    notices: list[Notice] = []
    if found.member_telegram_id is not None:
        notices.append(Notice(found.member_telegram_id, "thanks", found.need_id,
                              _key(found.need_id, "thanks", event.id,
                                   found.member_telegram_id)))
    notices += await _settle(uow, need, now=now, by=telegram_id)
    return Outcome(need_view(await _need(uow, found.need_id)), tuple(notices))


# --------------------------------------------------------------------------------------------
# The scheduler's job, the lists
# --------------------------------------------------------------------------------------------


async def expire_due(uow: UnitOfWork, *, now: datetime) -> list[Outcome]:
    """Needs whose deadline day is over (Italian calendar) expire; pledgers are to be told."""
    outcomes = []
    for need in await uow.needs.due_to_expire(today_in_italy(now)):
        notices = await _settle(uow, need, now=now, by=None)
        assert need.id is not None
        outcomes.append(Outcome(need_view(await _need(uow, need.id)), tuple(notices)))
    return outcomes


async def list_for_member(uow: UnitOfWork, *, telegram_id: int, limit: int = 5, offset: int = 0,
                          category: str | None = None,
                          resource: str | None = None) -> list[NeedView]:
    """The open needs of the member's teams and of their place (and the province and region
    it lies in): least covered first, then most urgent, then nearest deadline; one page."""
    member = await uow.members.by_telegram_id(telegram_id)
    if member is None or member.id is None:
        return []
    team_ids = [t.id for t in await uow.teams.of_member(member.id) if t.id is not None]
    codes = await _chain(uow, member.territory_code) if member.territory_code else []
    needs = await uow.needs.open_near(team_ids=team_ids, territory_codes=codes, limit=limit,
                                      offset=offset, category=category, resource=resource)
    return [need_view(n) for n in needs]


async def pledges_of(uow: UnitOfWork, *, telegram_id: int) -> list[PledgeView]:
    """A member's pledges, active first, then newest."""
    return [pledge_view(p, n) for p, n in await uow.needs.pledges_of(telegram_id)]


async def history(uow: UnitOfWork, *, need_id: int) -> list[tuple[datetime, int | None, str]]:
    """When, by whom and what happened to a need, in order."""
    return [(e.at, e.by, e.kind) for e in await uow.needs.events(need_id)]


async def forget_person(uow: UnitOfWork, *, telegram_id: int) -> int:
    """Erasure: the person's pledges stay counted, without their id."""
    return await uow.needs.forget_person(telegram_id)


async def show_person(uow: UnitOfWork, person: Person) -> Shown:
    """/mydata: the person's pledges."""
    return {"pledges": [{"need_id": need.id, "need": need.title, "quantity": str(pledge.quantity),
                         "delivered": str(pledge.delivered), "status": pledge.status,
                         "pledged_at": pledge.created_at.isoformat()}
                        for pledge, need in await uow.needs.pledges_of(person.telegram_id)]}


async def erase_person(uow: UnitOfWork, person: Person, now: datetime) -> None:
    await forget_person(uow, telegram_id=person.telegram_id)


__all__ = [
    "NeedDraft", "NeedEdit", "NeedProblem", "NeedView", "Notice", "Outcome", "PledgeRefused",
    "PledgeView", "Pledged", "ProposalDraft", "approve", "close", "confirm_delivery", "decline",
    "edit", "expire_due", "forget_person", "history", "list_for_member", "need_view", "pledge",
    "pledges_of", "post_need", "reopen", "today_in_italy", "withdraw",
]


# --------------------------------------------------------------------------------------------
# For the designer's screens (newneed: /newneed, /proposals, /myneeds) and the announcement
# --------------------------------------------------------------------------------------------

#: What /myneeds lists: everything but proposals (those are /proposals) and declined ones.
MANAGED = (NeedStatus.OPEN.value, NeedStatus.COVERED.value, NeedStatus.FULFILLED.value,
           NeedStatus.CLOSED.value, NeedStatus.EXPIRED.value)


@dataclass(frozen=True, slots=True)
class GroupTarget:
    """Where a team's need is announced: its linked group, in the group's language."""

    chat_id: int
    language: str
    team_name: str


async def announcement_target(uow: UnitOfWork, *, team_id: int) -> GroupTarget | None:
    """The team's linked group, unless the bot left it or was removed (the rule of
    ``scheduler.jobs.team_recipients``); None when no group is linked."""
    found = (await uow.teams.with_groups([team_id])).get(team_id)
    if found is None:
        return None
    team, group = found
    if team.group_chat_id is None or (group is not None and (
            group.unreachable_at is not None or group.left_at is not None)):
        return None
    return GroupTarget(team.group_chat_id, group.language if group else team.language, team.name)


async def need_for_designer(uow: UnitOfWork, *, telegram_id: int, need_id: int) -> NeedView:
    """The need, if the person is a designer of its team (``NotAllowed`` otherwise): what a
    button carrying only a need id is checked with before anything is asked."""
    need = await _need(uow, need_id)
    await _designer_of(uow, telegram_id, need)
    return need_view(need)


async def proposals_for(uow: UnitOfWork, *, telegram_id: int) -> list[NeedView]:
    """The pending proposals of every team the person designs, oldest first."""
    found: list[NeedView] = []
    for team in await uow.teams.designed_by(telegram_id):
        assert team.id is not None
        found += [need_view(n) for n in await uow.needs.of_team(
            team.id, statuses=(NeedStatus.PROPOSED.value,))]
    return sorted(found, key=lambda n: n.id)


async def managed_by(uow: UnitOfWork, *, telegram_id: int, limit: int = 5,
                     offset: int = 0) -> tuple[list[NeedView], int]:
    """One page of the needs of the person's teams (live, closed, expired, fulfilled), newest
    first, and the total."""
    team_ids = [t.id for t in await uow.teams.designed_by(telegram_id) if t.id is not None]
    page, total = await uow.needs.of_teams_page(team_ids, statuses=MANAGED, limit=limit,
                                                offset=offset)
    return [need_view(n) for n in page], total


async def teams_for_proposing(uow: UnitOfWork, *, telegram_id: int) -> list[Team]:
    """The teams a registered member has joined (where they may /propose)."""
    member = await uow.members.by_telegram_id(telegram_id)
    if member is None or member.id is None or not member.is_onboarded:
        return []
    return list(await uow.teams.of_member(member.id))


async def team_of(uow: UnitOfWork, team_id: int) -> Team | None:
    """The team a need is written for (its place bounds the need's territory)."""
    return await uow.teams.get(team_id)


async def languages_of(uow: UnitOfWork, chat_ids: list[int], *, default: str) -> dict[int, str]:
    """Each person's language (``default`` for one without a member row), so the buttons that
    go with a notice are worded like its text."""
    found = await uow.members.languages(chat_ids)
    return {chat_id: found.get(chat_id) or default for chat_id in chat_ids}


__all__ += ["GroupTarget", "announcement_target", "languages_of", "managed_by",
            "need_for_designer", "proposals_for", "team_of", "teams_for_proposing"]


# --------------------------------------------------------------------------------------------
# Browsing, the pledge screen, /pledges and the designer's deliveries (the bot's views)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NeedCard:
    """A need with the name of its team, as /needs and the pledge screen show it."""

    need: NeedView
    team_name: str


@dataclass(frozen=True, slots=True)
class NeedsPage:
    cards: tuple[NeedCard, ...]
    page: int
    has_more: bool


@dataclass(frozen=True, slots=True)
class DeliveryView:
    """An active pledge a designer of the need's team may confirm; ``member_name`` is
    ``None`` for an erased member."""

    pledge: PledgeView
    need: NeedView
    member_name: str | None

    @property
    def owed(self) -> Decimal:
        return self.pledge.quantity - self.pledge.delivered


async def _team_names(uow: UnitOfWork, team_ids: set[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    for team_id in sorted(team_ids):
        team = await uow.teams.get(team_id)
        names[team_id] = team.name if team is not None else ""
    return names


async def browse(uow: UnitOfWork, *, telegram_id: int, page: int = 0, per_page: int = 5,
                 category: str | None = None, resource: str | None = None) -> NeedsPage:
    """One page of ``list_for_member`` with the teams' names, and whether another follows."""
    views = await list_for_member(uow, telegram_id=telegram_id, limit=per_page + 1,
                                  offset=page * per_page, category=category, resource=resource)
    shown = views[:per_page]
    names = await _team_names(uow, {v.team_id for v in shown})
    return NeedsPage(tuple(NeedCard(v, names[v.team_id]) for v in shown), page,
                     len(views) > per_page)


async def find_need(uow: UnitOfWork, *, need_id: int) -> NeedCard | None:
    """A need for the pledge screen (any status: the caller says whether it takes pledges)."""
    need = await uow.needs.get(need_id)
    if need is None or need.id is None:
        return None
    return NeedCard(need_view(need), (await _team_names(uow, {need.team_id}))[need.team_id])


def is_pledgeable(need: NeedView) -> bool:
    return need.status in PLEDGEABLE and need.target is not None and need.unit is not None


def room_for(need: NeedView, margin: Decimal | float) -> PledgeRoom:
    """What the need still misses and may still take (a need with a target and a unit)."""
    assert need.target is not None and need.unit is not None
    return pledge_room(need.target, need.pledged, margin, whole=unit_info(need.unit).whole)


async def pledge_of(uow: UnitOfWork, *, telegram_id: int, pledge_id: int) -> PledgeView:
    """One of the member's own pledges (someone else's is refused, as withdraw does)."""
    found, need = await _pledge_and_need(uow, pledge_id)
    if found.member_telegram_id != telegram_id:
        raise NotAllowed(f"pledge {pledge_id} is not {telegram_id}'s")
    return pledge_view(found, need)


async def pending_deliveries(uow: UnitOfWork, *, telegram_id: int,
                             limit: int = 10) -> list[DeliveryView]:
    """What the pledgers of the person's designed teams still owe (none for a non-designer)."""
    team_ids = sorted({grant.team_id for grant in await uow.roles.of_person(telegram_id)
                       if grant.role == RoleName.DESIGNER.value and grant.team_id is not None})
    found = []
    for pledge_row, need in await uow.needs.pending_deliveries(team_ids, limit=limit):
        who = (await uow.members.by_telegram_id(pledge_row.member_telegram_id)
               if pledge_row.member_telegram_id is not None else None)
        found.append(DeliveryView(pledge_view(pledge_row, need), need_view(need),
                                  who.display_name if who is not None else None))
    return found


async def delivery(uow: UnitOfWork, *, telegram_id: int, pledge_id: int) -> DeliveryView:
    """One pending delivery, for the designer of the need's team only."""
    found, need = await _pledge_and_need(uow, pledge_id)
    await _designer_of(uow, telegram_id, need)
    if found.status != PledgeStatus.ACTIVE.value:
        raise NeedProblem("not_active", found.status)
    who = (await uow.members.by_telegram_id(found.member_telegram_id)
           if found.member_telegram_id is not None else None)
    return DeliveryView(pledge_view(found, need), need_view(need),
                        who.display_name if who is not None else None)


__all__ += ["DeliveryView", "NeedCard", "NeedsPage", "browse", "delivery", "find_need",
            "is_pledgeable", "pending_deliveries", "pledge_of", "room_for"]
