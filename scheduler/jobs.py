"""The scheduler's own jobs: releasing due notices (worded by the notifier of each kind, from
the capabilities) and housekeeping. Each only writes rows: the sender delivers.

Work that is due lives in the database (groups joined, notices with a due time), not in
APScheduler's memory, so after downtime the first run of each job finds everything that fell
due meanwhile. Policy for late work, per kind of notice: a notice released after its
`expires_at` is dropped and logged (status "dropped" with the reason), never sent late;
everything else is done on restart.

Notices are released a batch at a time (RELEASE_BATCH per transaction), set-based: one query
for the due notices, one or two for the recipients of all of them, one executemany into the
outbox, one executemany settling the notices — so 10,000 announcements falling due together
all reach the outbox in one sweep, in statements that grow with the batches, not the notices.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.capability import Due, NoticeRenderer
from bot.notify import enqueue_released
from storage.repositories import OutboxItem
from storage.repositories.notice import DueNotice, NoticeOutcome
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


# --- notices --------------------------------------------------------------------------------

RELEASE_BATCH = 1000        # notices per transaction
OUTBOX_RETENTION = timedelta(days=7)


NoticeKinds = Mapping[str, NoticeRenderer]
"""Each kind of scheduled notice and the notifier that words it (from the capabilities)."""


def _dropped(notice: DueNotice, now: datetime, kinds: NoticeKinds) -> NoticeOutcome | None:
    """The policy for a notice that cannot go out: dropped, with the reason logged."""
    if notice.expires_at is not None and now > notice.expires_at:
        note = (f"due {notice.due_at:%Y-%m-%d %H:%M}Z, "
                f"expired {notice.expires_at:%Y-%m-%d %H:%M}Z")
        log.warning("notice %s (%s) dropped: released after it expired (%s)",
                    notice.key, notice.kind, note)
        return NoticeOutcome(notice.id, "dropped", note)
    if notice.kind not in kinds:
        log.error("notice %s has an unknown kind %r: dropped", notice.key, notice.kind)
        return NoticeOutcome(notice.id, "dropped", "unknown kind")
    return None


def _params(notice: DueNotice) -> dict[str, Any] | None:
    try:
        params = json.loads(notice.params)
    except ValueError:
        params = None
    if not isinstance(params, dict):
        # Not the params themselves: an announcement's text may name someone (docs/privacy.md).
        log.error("notice %s has unreadable params (%d characters): dropped", notice.key,
                  len(notice.params))
        return None
    return params


async def _release_batch(uow: UnitOfWork, notices: Sequence[DueNotice], now: datetime,
                         kinds: NoticeKinds) -> tuple[int, int]:
    outcomes: list[NoticeOutcome] = []
    by_kind: dict[str, list[Due]] = {}
    for notice in notices:
        if (dropped := _dropped(notice, now, kinds)) is not None:
            outcomes.append(dropped)
        elif (params := _params(notice)) is None:
            outcomes.append(NoticeOutcome(notice.id, "dropped", "unreadable params"))
        else:
            by_kind.setdefault(notice.kind, []).append((notice, params))
    fanned: dict[int, list[OutboxItem]] = {}
    for kind, due in by_kind.items():
        fanned.update(await kinds[kind](uow, due, now))
    added = await enqueue_released(uow, fanned, now=now)
    outcomes += [NoticeOutcome(notice_id, "released", f"{added[notice_id]} messages")
                 for notice_id in fanned]
    await uow.notices.settle(outcomes, now=now)
    return len(fanned), len(outcomes) - len(fanned)


async def release_due_notices(uow: UnitOfWork, *, now: datetime, kinds: NoticeKinds,
                              batch: int = RELEASE_BATCH,
                              on_released: Callable[[], None] | None = None) -> tuple[int, int]:
    """Fan every due notice out into the outbox, or drop it if it is too late to matter.

    One notice becomes one outbox row per recipient, in the transaction that marks it
    released; each batch of `batch` notices is committed before the next is taken (and
    `on_released` called, so a sender can start on it). Returns (released, dropped).
    """
    released = dropped = 0
    while True:
        notices = await uow.notices.due(now, limit=batch)
        if notices:
            done, gone = await _release_batch(uow, notices, now, kinds)
            released, dropped = released + done, dropped + gone
            await uow.commit_if_open()
            if done and on_released is not None:
                on_released()
        if len(notices) < batch:
            return released, dropped


PURGE_BATCH = 5000  # outbox rows per transaction


async def purge(uow: UnitOfWork, *, now: datetime, outbox_retention: timedelta = OUTBOX_RETENTION,
                batch: int = PURGE_BATCH) -> int:
    """Update ids are kept a day (enough for Telegram's redeliveries); finished outbox rows
    (sent, unreachable, dead) `outbox_retention`, then deleted a batch per transaction, so the
    outbox holds the open rows and recent history only. Returns the rows deleted."""
    forgotten = await uow.updates.forget_before(now - timedelta(days=1))
    await uow.commit_if_open()
    purged = 0
    while True:
        gone = await uow.outbox.purge_finished(before=now - outbox_retention, limit=batch)
        await uow.commit_if_open()
        purged += gone
        if gone < batch:
            break
    if forgotten or purged:
        log.info("housekeeping: forgot %d update ids, purged %d finished outbox rows",
                 forgotten, purged)
    return forgotten + purged


