"""Scheduled jobs."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from bot.i18n import speak
from bot.ui import texts
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


async def leave_unlinked(bot: Bot, uow: UnitOfWork, *, now: datetime, grace: timedelta) -> int:
    """Say why once, then leave every group joined more than `grace` ago and never linked."""
    left = 0
    for group in await uow.groups.unlinked_joined_before(now - grace):
        with speak(group.language):
            try:
                await bot.send_message(group.chat_id, texts.group_goodbye())
            except TelegramAPIError as error:  # already removed, or can't post: leave anyway
                log.info("goodbye to group %s not delivered: %s", group.chat_id, error)
        try:
            await bot.leave_chat(group.chat_id)
        except TelegramAPIError as error:
            log.info("leaving group %s: %s", group.chat_id, error)
        group.left_at = now
        left += 1
    await uow.session.flush()
    return left
