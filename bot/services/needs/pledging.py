"""A member pledges part of a need, lowers a pledge or withdraws it; a designer confirms what arrived
(its pledger is thanked: ``DeliveryConfirmed``). The status follows (``status.settle``).

How much may still be pledged is ``domain.needs``'s one rule (``pledge_limit``, ``room_under``):
the pledge screen asks it here (``room_for``), the pledge is checked with it, and the
repository's conditional UPDATE is given its limit, so it holds under concurrent pledges.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from bot.services.needs.checks import need_of, pledge_and_need, require_designer_of
from bot.services.needs.events import DeliveryConfirmed, PledgeMade, PledgeReduced, PledgeWithdrawn
from bot.services.needs.status import settle
from bot.services.needs.values import (
    NeedProblem,
    NeedView,
    Outcome,
    Pledged,
    PledgeRefused,
    need_view,
    pledge_view,
)
from bot.services.roles import NotAllowed
from domain.needs import (
    Accepted,
    PledgeRoom,
    accept_pledge,
    check_quantity,
    pledge_limit,
    pledge_room,
    unit_info,
)
from storage.models import NeedEventKind, PledgeStatus
from storage.models.need import PLEDGEABLE
from storage.repositories.need import PledgeRefusal
from storage.uow import UnitOfWork


def room_for(need: NeedView, margin: Decimal | float) -> PledgeRoom:
    """What the need still misses and may still take (a need with a target and a unit)."""
    assert need.target is not None and need.unit is not None
    return pledge_room(need.target, need.pledged, margin, whole=unit_info(need.unit).whole)


async def pledge(uow: UnitOfWork, *, now: datetime, telegram_id: int, need_id: int,
                 quantity: Decimal | int, margin: Decimal | float) -> Pledged | PledgeRefused:
    """A registered member pledges part of a need, within its target plus ``margin`` (a
    setting the caller passes, e.g. 0.1).

    Checked first with ``accept_pledge`` on the need as read, then counted by the repository's
    conditional update, which refuses it if concurrent pledges filled the room meanwhile.
    """
    member = await uow.members.by_telegram_id(telegram_id)
    if member is None or not member.is_onboarded:
        raise NotAllowed(f"{telegram_id} is not a member")
    need = await need_of(uow, need_id)
    if need.status not in PLEDGEABLE or need.target is None or need.unit is None:
        return PledgeRefused(need_id, Decimal(0), Decimal(0), "not_pledgeable")
    whole = unit_info(need.unit).whole
    verdict = accept_pledge(quantity, need.target, need.pledged, margin, whole=whole)
    if not isinstance(verdict, Accepted):
        return PledgeRefused(need_id, verdict.open_quantity, verdict.room, verdict.reason)
    # Recorded with the organisation the pledger acts for now (a confirmed member of it), so
    # the organisation's totals hold when they leave it or are erased.
    acting_for = await uow.organisations.acting_for(telegram_id)
    written = await uow.needs.add_pledge(
        need_id=need_id, member_telegram_id=telegram_id, quantity=verdict.quantity,
        target=need.target, limit=pledge_limit(need.target, margin, whole=whole), now=now,
        organisation_id=acting_for.id if acting_for is not None else None)
    if isinstance(written, PledgeRefusal):
        reason = "over_limit" if written.status in PLEDGEABLE else "not_pledgeable"
        return PledgeRefused(need_id, written.open_quantity, written.room, reason)
    event = await uow.needs.record(need_id=need_id, at=now, by=telegram_id,
                                   kind=NeedEventKind.PLEDGED,
                                   details={"pledge": written.id, "quantity": verdict.quantity})
    assert event.id is not None
    uow.emit(PledgeMade(need_id, event.id, telegram_id, verdict.quantity, now))
    await settle(uow, need, now=now, by=telegram_id)
    fresh = await need_of(uow, need_id)
    return Pledged(pledge_view(written, fresh), need_view(fresh),
                   acting_for.name if acting_for is not None else None)


async def withdraw(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                   pledge_id: int) -> Outcome:
    """The pledger takes back what they have not delivered yet."""
    found, need = await pledge_and_need(uow, pledge_id)
    if found.member_telegram_id != telegram_id:
        raise NotAllowed(f"pledge {pledge_id} is not {telegram_id}'s")
    released = await uow.needs.release(pledge_id, now=now)
    if released is None:
        raise NeedProblem("not_active", found.status)
    event = await uow.needs.record(need_id=need.id or 0, at=now, by=telegram_id,
                                   kind=NeedEventKind.WITHDRAWN,
                                   details={"pledge": pledge_id, "quantity": released})
    assert event.id is not None
    uow.emit(PledgeWithdrawn(found.need_id, event.id, telegram_id, Decimal(released), now))
    await settle(uow, need, now=now, by=telegram_id)
    return Outcome(need_view(await need_of(uow, found.need_id)))


async def reduce(uow: UnitOfWork, *, now: datetime, telegram_id: int, pledge_id: int,
                 quantity: Decimal | int) -> Outcome:
    """The pledger keeps only ``quantity`` of an active pledge (less than it is, more than what
    already arrived); the rest goes back to the need, whose status follows (a covered need may
    open again). The team's designers are to hear it (``PledgeReduced``).

    ``NeedProblem``: "not_active", "not_smaller" (value: the pledge's quantity), "too_little"
    (value: what already arrived), "not_whole" / "not_positive" (the unit's rules)."""
    found, need = await pledge_and_need(uow, pledge_id)
    if found.member_telegram_id != telegram_id:
        raise NotAllowed(f"pledge {pledge_id} is not {telegram_id}'s")
    if found.status != PledgeStatus.ACTIVE.value:
        raise NeedProblem("not_active", found.status)
    new = Decimal(quantity)
    if need.unit is not None and (problem := check_quantity(new, need.unit)) is not None:
        raise NeedProblem(problem.code, problem.value)
    if new >= Decimal(found.quantity):
        raise NeedProblem("not_smaller", str(Decimal(found.quantity)))
    if new <= Decimal(found.delivered):
        raise NeedProblem("too_little", str(Decimal(found.delivered)))
    old = await uow.needs.reduce(pledge_id, new, now=now)
    if old is None:  # delivered or changed meanwhile
        raise NeedProblem("not_active", found.status)
    event = await uow.needs.record(need_id=found.need_id, at=now, by=telegram_id,
                                   kind=NeedEventKind.REDUCED,
                                   details={"pledge": pledge_id, "from": old, "to": new})
    assert event.id is not None
    designers = tuple(m.telegram_id for m in await uow.teams.designers(need.team_id)
                      if m.telegram_id != telegram_id)
    uow.emit(PledgeReduced(found.need_id, need.title, event.id, telegram_id, old, new,
                           need.unit, designers, now))
    await settle(uow, need, now=now, by=telegram_id)
    return Outcome(need_view(await need_of(uow, found.need_id)))


async def confirm_delivery(uow: UnitOfWork, *, now: datetime, telegram_id: int, pledge_id: int,
                           quantity: Decimal | int | None = None) -> Outcome:
    """A designer of the need's team confirms what arrived: all the pledge still owes
    (``quantity`` ``None``) or part of it. The pledger is to be thanked."""
    found, need = await pledge_and_need(uow, pledge_id)
    await require_designer_of(uow, telegram_id, need)
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
    assert event.id is not None
    uow.emit(DeliveryConfirmed(found.need_id, need.title, event.id, found.member_telegram_id,
                               amount, now, by=telegram_id, pledge_id=pledge_id))
    await settle(uow, need, now=now, by=telegram_id)
    return Outcome(need_view(await need_of(uow, found.need_id)))
