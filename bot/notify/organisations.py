"""Organisations' notifier: a request to act for an organisation goes to those who may decide
it, with Confirm / Refuse; the requester hears the outcome. Each in their language (the default
for a designer without a member row); one outbox row per person, keyed by the request
(and its time: a request's row id may come back once the row is deleted)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from aiogram.types import InlineKeyboardMarkup

from bot.i18n import DEFAULT_LANGUAGE, speak
from bot.services.organisations import JoinDecided, JoinRequested
from bot.ui.keyboards import organisations as keyboards
from bot.ui.texts import organisations as texts
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork


async def _tell(uow: UnitOfWork, people: Sequence[int], *, key: str, now: datetime,
                text: Callable[[], str],
                markup: Callable[[], InlineKeyboardMarkup] | None = None) -> None:
    if not people:
        return
    languages = await uow.members.languages(people)
    items = []
    for chat_id in people:
        with speak(languages.get(chat_id) or DEFAULT_LANGUAGE):
            payload = {"reply_markup": keyboards.as_json(markup())} if markup else None
            items.append(OutboxItem(key=f"{key}:{chat_id}", chat_id=chat_id, text=text(),
                                    payload=payload))
    await uow.outbox.enqueue_many(items, now=now)


async def on_join_requested(uow: UnitOfWork, event: JoinRequested) -> None:
    key = f"org-request:{event.link_id}:{event.now.timestamp():.0f}"
    await _tell(uow, event.deciders, key=key, now=event.now,
                text=lambda: texts.request_notice(event.requester_name, event.organisation),
                markup=lambda: keyboards.decide(event.link_id))


async def on_join_decided(uow: UnitOfWork, event: JoinDecided) -> None:
    key = f"org-decided:{event.link_id}:{event.now.timestamp():.0f}"
    await _tell(uow, [event.requester], key=key, now=event.now,
                text=lambda: (texts.confirmed_notice(event.organisation) if event.confirmed
                              else texts.refused_notice(event.organisation)))
