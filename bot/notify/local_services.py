"""Local services' events to people: a new service to the designers covering its comune (with
Approve / Decline), the review's outcome to the member who listed it; each in their language."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from aiogram.types import InlineKeyboardMarkup

from bot.i18n import DEFAULT_LANGUAGE, speak
from bot.services import local_services
from bot.services.local_services import ServiceReviewed, ServiceSubmitted
from bot.ui.keyboards import services as keyboards
from bot.ui.texts import services as texts
from domain.territory import Gazetteer
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork


async def _tell(uow: UnitOfWork, people: Sequence[int], *, key: str, now: datetime,
                text: Callable[[], str],
                markup: Callable[[], InlineKeyboardMarkup] | None = None) -> None:
    languages = await uow.members.languages(people)
    items = []
    for chat_id in people:
        with speak(languages.get(chat_id) or DEFAULT_LANGUAGE):
            payload: dict[str, Any] | None = (
                {"reply_markup": markup().model_dump(exclude_none=True)} if markup else None)
            items.append(OutboxItem(key=f"{key}:{chat_id}", chat_id=chat_id, text=text(),
                                    payload=payload))
    await uow.outbox.enqueue_many(items, now=now)


async def on_service_submitted(uow: UnitOfWork, event: ServiceSubmitted) -> None:
    service = await local_services.view_of(uow, Gazetteer.load(), event.service_id)
    if service is None:
        return
    await _tell(uow, event.designers, key=f"service:{event.service_id}:submitted",
                now=event.now, text=lambda: texts.review_request(service),
                markup=lambda: keyboards.review(event.service_id))


async def on_service_reviewed(uow: UnitOfWork, event: ServiceReviewed) -> None:
    service = await local_services.view_of(uow, Gazetteer.load(), event.service_id)
    if service is None or event.submitter is None:
        return
    await _tell(uow, [event.submitter], key=f"service:{event.service_id}:reviewed",
                now=event.now,
                text=lambda: (texts.approved_notice(service.name) if event.approved
                              else texts.declined_notice(service.name, service.decline_reason)))
