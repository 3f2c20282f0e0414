"""The balance's nudges: suggestions of needs to members whose skills and place match,
worded in each member's language with a one-tap pledge button and "not for me"."""

from __future__ import annotations

from bot.i18n import speak
from bot.services.balance import NudgesChosen
from bot.ui.keyboards import balance as balance_keyboards
from bot.ui.texts import balance as balance_texts
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork


async def on_nudges_chosen(uow: UnitOfWork, event: NudgesChosen) -> None:
    items = []
    for nudge in event.nudges:
        with speak(nudge.language):
            items.append(OutboxItem(
                key=nudge.key, chat_id=nudge.telegram_id,
                text=balance_texts.nudge_text(nudge, event.cap_days),
                payload={"reply_markup": balance_keyboards.nudge_markup(nudge.need.id)}))
    await uow.outbox.enqueue_many(items, now=event.now)
