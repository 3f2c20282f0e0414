"""Any failure: a short apology in the person's language, and a log line with the update id."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot, Router
from aiogram.types import ErrorEvent

from bot.i18n import speak
from bot.ui import texts

log = logging.getLogger("bot.errors")


async def on_error(event: ErrorEvent, bot: Bot, locale: str = "it", **_: Any) -> bool:
    update = event.update
    log.exception("update %s failed", update.update_id, exc_info=event.exception)
    with speak(locale):
        apology = texts.apology()
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(apology, show_alert=True)
        elif update.message is not None:
            await bot.send_message(update.message.chat.id, apology)
    except Exception:  # the apology itself must never raise
        log.exception("could not apologise for update %s", update.update_id)
    return True


def create_router() -> Router:
    """Which update goes to which handler, in order."""
    router = Router(name="errors")
    router.errors.register(on_error)
    return router
