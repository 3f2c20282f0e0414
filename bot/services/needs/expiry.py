"""The scheduler's sweep: needs whose deadline day is over expire (their pledgers are told:
``NeedExpired``, emitted by ``status.settle``)."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.services.needs.checks import need_of
from bot.services.needs.status import settle
from bot.services.needs.values import Outcome, need_view, today_in_italy
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


async def expire_due(uow: UnitOfWork, *, now: datetime) -> list[Outcome]:
    """Needs whose deadline day is over (Italian calendar) expire; pledgers are to be told."""
    outcomes = []
    for need in await uow.needs.due_to_expire(today_in_italy(now)):
        await settle(uow, need, now=now, by=None)
        assert need.id is not None
        outcomes.append(Outcome(need_view(await need_of(uow, need.id))))
    if outcomes:
        log.info("needs: %d expired", len(outcomes))
    return outcomes
