"""What the groups capability says on its own initiative: the goodbye to a group nobody
linked, and leaving it."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.i18n import speak
from bot.ui.texts import groups as groups_texts
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork


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
