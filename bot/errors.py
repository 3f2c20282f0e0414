"""Failures during an update.

A bug: a short apology in the person's language, a log line with the update id, and the update
kept as a dead letter (failed_update) for a person to read. A transient fault (the database,
Redis or Telegram unreachable): in webhook mode it is raised again, so the worker answers 5xx
and Telegram redelivers the update; in polling mode there is no redelivery, so it is apologised
for like a bug.
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot, Router
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import ErrorEvent, Update
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.faults import is_transient
from bot.i18n import speak
from bot.ui.texts import common as common_texts
from storage.uow import UnitOfWork

log = logging.getLogger("bot.errors")

async def record_dead_letter(sessions: async_sessionmaker[AsyncSession], event: ErrorEvent,
                             clock: Clock) -> None:
    try:
        async with UnitOfWork(sessions) as uow:
            await uow.updates.dead_letter(
                update_id=event.update.update_id,
                payload=event.update.model_dump_json(exclude_none=True),
                error=f"{type(event.exception).__name__}: {event.exception}"[:4000],
                now=clock())
    except Exception:  # the dead letter is best effort: the log line above has it all
        log.exception("could not record update %s as a dead letter", event.update.update_id)


async def on_error(event: ErrorEvent, bot: Bot, locale: str = "it",
                   raise_transient: bool = False,
                   sessions: async_sessionmaker[AsyncSession] | None = None,
                   clock: Clock | None = None, **_: Any) -> Any:
    update = event.update
    if is_transient(event.exception) and raise_transient:
        log.warning("update %s hit a transient fault (%r): Telegram will redeliver it",
                    update.update_id, event.exception)
        return UNHANDLED
    log.exception("update %s failed", update.update_id, exc_info=event.exception)
    if sessions is not None and clock is not None:
        await record_dead_letter(sessions, event, clock)
    with speak(locale):
        apology = common_texts.apology()
    try:
        await _apologise(bot, update, apology)
    except Exception:  # the apology itself must never raise
        log.exception("could not apologise for update %s", update.update_id)
    return True


async def _apologise(bot: Bot, update: Update, apology: str) -> None:
    """A toast on the button, or — when the handler had already answered the button, which
    Telegram lets happen only once — a message in the chat, so a press never ends in silence."""
    callback = update.callback_query
    if callback is not None:
        try:
            await callback.answer(apology, show_alert=True)
            return
        except TelegramBadRequest:
            chat = callback.message.chat if callback.message is not None else None
            if chat is None or chat.type != "private":
                raise
            await bot.send_message(chat.id, apology)
    elif update.message is not None and update.message.chat.type == "private":
        await bot.send_message(update.message.chat.id, apology)


def create_router() -> Router:
    """Which update goes to which handler, in order."""
    router = Router(name="errors")
    router.errors.register(on_error)
    return router
