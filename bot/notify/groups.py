"""What the groups capability says on its own initiative: the goodbye to a group nobody
linked, and leaving it (after the service marked it left)."""

from __future__ import annotations

from bot.i18n import speak
from bot.services.groups import GroupAbandoned
from bot.ui.texts import groups as groups_texts
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork


async def on_group_abandoned(uow: UnitOfWork, event: GroupAbandoned) -> None:
    """Say why once, then leave: two rows, the goodbye first."""
    with speak(event.language):
        goodbye = groups_texts.group_goodbye()
    joined = int(event.joined_at.timestamp())  # which stay in the group this goodbye ends
    await uow.outbox.enqueue_many([
        OutboxItem(key=f"group-goodbye:{event.chat_id}:{joined}", chat_id=event.chat_id,
                   text=goodbye),
        OutboxItem(key=f"group-leave:{event.chat_id}:{joined}", chat_id=event.chat_id,
                   method="leaveChat")], now=event.now)
