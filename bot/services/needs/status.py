"""The status that follows a need's numbers, moved after every use case that changes them."""

from __future__ import annotations

from datetime import datetime

from bot.services.needs.checks import need_of, pledgers_but
from bot.services.needs.events import NeedCovered, NeedExpired, NeedFulfilled
from bot.services.needs.values import today_in_italy
from domain.needs import status_for
from storage.models import Need, NeedEventKind, NeedStatus
from storage.uow import UnitOfWork

_TRANSITION_EVENTS = {
    NeedStatus.COVERED.value: NeedEventKind.COVERED.value,
    NeedStatus.FULFILLED.value: NeedEventKind.FULFILLED.value,
    NeedStatus.EXPIRED.value: NeedEventKind.EXPIRED.value,
}


async def settle(uow: UnitOfWork, need: Need, *, now: datetime, by: int | None) -> None:
    """Move the status where the numbers put it and record the transition; a need covered
    (the first time only) or expired is told to its pledgers (``NeedCovered``,
    ``NeedExpired``).

    Reads the need fresh (the totals move by UPDATE). Proposals and declined proposals have no
    numbers yet and are left alone; a closed need stays closed unless delivery fulfilled it.
    """
    assert need.id is not None
    fresh = await need_of(uow, need.id)
    if fresh.status in (NeedStatus.PROPOSED.value, NeedStatus.DECLINED.value):
        return
    assert fresh.target is not None
    new = status_for(fresh.target, fresh.pledged, fresh.delivered,
                     closed=fresh.status == NeedStatus.CLOSED.value, deadline=fresh.deadline,
                     today=today_in_italy(now))
    if new == fresh.status:
        return
    old = fresh.status
    fresh.status = new
    fresh.updated_at = now
    if new == NeedStatus.COVERED.value and fresh.covered_at is None:
        fresh.covered_at = now
    await uow.needs.save(fresh)
    kind = _TRANSITION_EVENTS.get(new)
    if kind is None:  # back to open (a withdrawal): the withdrawal's own history row says it
        return
    first_time = not await uow.needs.has_event(need.id, kind)
    event = await uow.needs.record(need_id=need.id, at=now, by=by, kind=kind,
                                   details={"from": old, "to": new})
    assert event.id is not None
    if kind == NeedEventKind.COVERED.value and first_time:
        uow.emit(NeedCovered(need.id, fresh.title, event.id,
                             await pledgers_but(uow, fresh, by), now))
    elif kind == NeedEventKind.FULFILLED.value and first_time:
        uow.emit(NeedFulfilled(need.id, fresh.title, event.id, by, now))
    elif kind == NeedEventKind.EXPIRED.value:
        uow.emit(NeedExpired(need.id, fresh.title, event.id,
                             await pledgers_but(uow, fresh, by), now))
