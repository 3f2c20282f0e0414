"""The weekly digests, worded: each group's in the group's language with its "I can help"
buttons, each observer's in their language (the default for one who never registered) with the
button to the full overview; one outbox row each, keyed per chat and ISO week, so a rerun of
the sweep sends nothing twice."""

from __future__ import annotations

from bot.i18n import DEFAULT_LANGUAGE, speak
from bot.services.digests import DigestsReleased
from bot.ui.keyboards import digests as keyboards
from bot.ui.texts import digests as texts
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork


async def on_digests_released(uow: UnitOfWork, event: DigestsReleased) -> None:
    items = []
    for group in event.groups:
        with speak(group.language):
            markup = keyboards.group_markup(group, event.bot_username)
            items.append(OutboxItem(key=group.key, chat_id=group.chat_id,
                                    text=texts.group_digest(group),
                                    payload={"reply_markup": markup} if markup else None))
    for observer in event.observers:
        with speak(observer.language or DEFAULT_LANGUAGE):
            items.append(OutboxItem(key=observer.key, chat_id=observer.telegram_id,
                                    text=texts.observer_digest(observer),
                                    payload={"reply_markup": keyboards.observer_markup(observer)}))
    await uow.outbox.enqueue_many(items, now=event.now)
