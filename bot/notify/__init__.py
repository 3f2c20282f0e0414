"""Notifiers: the only places that turn what happened (a capability's events, its timed
notices and sweeps) into outbox rows, in each recipient's language. One module per
capability; `bot.capabilities` wires each into the unit of work."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime

from storage.repositories import OutboxItem
from storage.uow import UnitOfWork


async def enqueue_released(uow: UnitOfWork, fanned: Mapping[int, Sequence[OutboxItem]], *,
                           now: datetime) -> Counter[int]:
    """The rows the timed notices' renderers worded, by notice id, into the outbox in one
    executemany (keys already there are skipped); how many each notice added."""
    owner = {item.key: notice_id for notice_id, items in fanned.items() for item in items}
    return Counter(owner[key] for key in await uow.outbox.enqueue_many_keys(
        [item for items in fanned.values() for item in items], now=now))
