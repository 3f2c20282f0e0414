"""Scheduled jobs. Each only writes rows (outbox, notices, housekeeping): the sender delivers.

Work that is due lives in the database (groups joined, notices with a due time), not in
APScheduler's memory, so after downtime the first run of each job finds everything that fell
due meanwhile. Policy for late work, per kind of notice: a notice released after its
`expires_at` is dropped and logged (status "dropped" with the reason), never sent late;
everything else is done on restart.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.i18n import speak
from bot.ui.texts import announcements as announcements_texts
from bot.ui.texts import groups as groups_texts
from storage.models import ScheduledNotice
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


async def leave_unlinked(uow: UnitOfWork, *, now: datetime, grace: timedelta) -> int:
    """Say why once, then leave every group joined more than `grace` ago and never linked."""
    groups = await uow.groups.unlinked_joined_before(now - grace)
    items: list[OutboxItem] = []
    for group in groups:
        with speak(group.language):
            goodbye = groups_texts.group_goodbye()
        joined = int(group.joined_at.timestamp())  # which stay in the group this goodbye ends
        items += [OutboxItem(key=f"group-goodbye:{group.chat_id}:{joined}",
                             chat_id=group.chat_id, text=goodbye),
                  OutboxItem(key=f"group-leave:{group.chat_id}:{joined}",
                             chat_id=group.chat_id, method="leaveChat")]
        group.left_at = now
    await uow.outbox.enqueue_many(items, now=now)
    await uow.session.flush()
    return len(groups)


# --- notices --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    chat_id: int
    language: str


async def team_recipients(uow: UnitOfWork, team_id: int, *, members: bool) -> list[Recipient]:
    """The team's linked group (in its language) and, if asked, its reachable members."""
    team = await uow.teams.get(team_id)
    if team is None:
        return []
    recipients = []
    if team.group_chat_id is not None:
        group = await uow.groups.get(team.group_chat_id)
        if group is None or (group.unreachable_at is None and group.left_at is None):
            recipients.append(Recipient(team.group_chat_id,
                                        group.language if group else team.language))
    if members:
        recipients += [Recipient(chat_id, language) for chat_id, language
                       in await uow.teams.reachable_members(team_id)]
    return recipients


async def _team_announcement(uow: UnitOfWork, notice: ScheduledNotice,
                             params: dict[str, Any], now: datetime) -> int:
    team = await uow.teams.get(int(params["team_id"]))
    if team is None:
        return 0
    recipients = await team_recipients(uow, team.id or 0, members=bool(params.get("members")))
    by_language: dict[str, str] = {}
    for language in {recipient.language for recipient in recipients}:
        with speak(language):
            by_language[language] = announcements_texts.announcement(team.name, str(params["text"]))
    items = [OutboxItem(key=f"notice:{notice.id}:{recipient.chat_id}",
                        chat_id=recipient.chat_id, text=by_language[recipient.language])
             for recipient in recipients]
    return await uow.outbox.enqueue_many(items, now=now)


NoticeHandler = Callable[[UnitOfWork, ScheduledNotice, dict[str, Any], datetime],
                         Awaitable[int]]
NOTICE_KINDS: dict[str, NoticeHandler] = {"team_announcement": _team_announcement}


async def release_due_notices(uow: UnitOfWork, *, now: datetime) -> tuple[int, int]:
    """Fan every due notice out into the outbox, or drop it if it is too late to matter.

    One notice becomes one outbox row per recipient, all in this transaction.
    Returns (released, dropped).
    """
    released = dropped = 0
    notices: Sequence[ScheduledNotice] = await uow.notices.due(now)
    for notice in notices:
        notice.handled_at = now
        if notice.expires_at is not None and now > notice.expires_at:
            notice.status, dropped = "dropped", dropped + 1
            notice.note = f"due {notice.due_at:%Y-%m-%d %H:%M}Z, expired {notice.expires_at:%Y-%m-%d %H:%M}Z"
            log.warning("notice %s (%s) dropped: released after it expired (%s)",
                        notice.key, notice.kind, notice.note)
            continue
        handler = NOTICE_KINDS.get(notice.kind)
        if handler is None:
            notice.status, notice.note, dropped = "dropped", "unknown kind", dropped + 1
            log.error("notice %s has an unknown kind %r: dropped", notice.key, notice.kind)
            continue
        count = await handler(uow, notice, json.loads(notice.params), now)
        notice.status, notice.note, released = "released", f"{count} messages", released + 1
    await uow.session.flush()
    return released, dropped


async def purge(uow: UnitOfWork, *, now: datetime) -> int:
    """Update ids are kept a day (enough for Telegram's redeliveries)."""
    return await uow.updates.forget_before(now - timedelta(days=1))
