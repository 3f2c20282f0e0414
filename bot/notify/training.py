"""Training pushes: the next module to each member due, on their rhythm, and the week's pill
to each linked team group, in each one's language."""

from __future__ import annotations

from typing import Any

from bot.i18n import speak
from bot.services.training import ModulesDue, PillsDue
from bot.ui.keyboards import training as training_keyboards
from bot.ui.texts import training as training_texts
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork


async def on_modules_due(uow: UnitOfWork, event: ModulesDue) -> None:
    """Each module, with its check button, worded once per module and language."""
    rendered: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
    items = []
    for push in event.pushes:
        key = (push.module.id, push.language)
        if key not in rendered:
            with speak(push.language):
                rendered[key] = (training_texts.push(push.module), training_keyboards.as_json(
                    training_keyboards.open_check(push.module)))
        text, markup = rendered[key]
        items.append(OutboxItem(key=push.key, chat_id=push.telegram_id, text=text,
                                payload={"reply_markup": markup}))
    await uow.outbox.enqueue_many(items, now=event.now)


async def on_pills_due(uow: UnitOfWork, event: PillsDue) -> None:
    items = []
    for pill in event.pills:
        with speak(pill.group.language):
            text = training_texts.pill(pill.module, pill.group.team_name)
            markup = training_keyboards.as_json(training_keyboards.pill_check(pill.module))
        items.append(OutboxItem(key=pill.key, chat_id=pill.group.chat_id, text=text,
                                payload={"reply_markup": markup}))
    await uow.outbox.enqueue_many(items, now=event.now)
