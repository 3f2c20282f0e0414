"""Reminders before something that starts at a time (a table, an expert hour): one scheduled
notice per "minutes before" asked, and dropping them when the thing moves or is cancelled.

A reminder's key is ``<prefix>r<revision>:<minutes>``, the prefix naming the thing
(``table:<id>:``): a thing that moves bumps its revision, so its new reminders never collide
with the old ones, which are dropped by the prefix (and, if one slipped through, ignored on
release by its revision). A reminder whose time has already passed is not scheduled: it would
only go out late. Each reminder expires at the start: after it, it says nothing useful.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from storage.uow import UnitOfWork


async def schedule(uow: UnitOfWork, *, now: datetime, prefix: str, revision: int, kind: str,
                   params: Mapping[str, Any], starts_at: datetime,
                   minutes_before: Iterable[int]) -> int:
    """The reminders still ahead, the earliest first; their params are `params` with the
    revision and the minutes before. Returns how many were added (a key already there is
    kept)."""
    added = 0
    for minutes in sorted(set(minutes_before), reverse=True):
        due = starts_at - timedelta(minutes=minutes)
        if due <= now:
            continue
        added += await uow.notices.schedule(
            key=f"{prefix}r{revision}:{minutes}", kind=kind,
            params={**params, "revision": revision, "minutes": minutes},
            due_at=due, expires_at=starts_at)
    return added


async def drop(uow: UnitOfWork, *, now: datetime, prefix: str, note: str) -> int:
    """Every notice of the thing not yet sent (its reminders and any follow-up keyed under
    the same prefix), dropped with `note` saying why."""
    return await uow.notices.drop_pending(prefix, now=now, note=note)
