"""The per-update context: one unit of work, the sender's member row, the language to answer in."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import Chat, TelegramObject, User
from aiogram.utils.i18n import I18n
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import LANGUAGES, language_or_default
from storage.models import Member
from storage.uow import UnitOfWork

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class ContextMiddleware(BaseMiddleware):
    """Outer middleware on updates.

    The unit of work commits when the handler returns and rolls back when it raises, so an
    update either changes everything it meant to or nothing. The chosen locale is also left in
    `data["locale"]` so the error handler, which runs outside this context, answers in it too.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession], i18n: I18n) -> None:
        self.sessions = sessions
        self.i18n = i18n

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        uow = UnitOfWork(self.sessions)
        data["uow"] = uow
        try:
            user: User | None = data.get("event_from_user")
            chat: Chat | None = data.get("event_chat")
            member = None
            if user is not None and not user.is_bot:
                member = await uow.members.by_telegram_id(user.id)
            data["member"] = member
            locale = await self._locale(uow, member, user, chat, data.get("state"))
            data["locale"] = locale
            with self.i18n.context(), self.i18n.use_locale(locale):
                result = await handler(event, data)
            await uow.commit()
            return result
        except BaseException:
            await uow.rollback()
            raise
        finally:
            await uow.close()

    @staticmethod
    async def _locale(uow: UnitOfWork, member: Member | None, user: User | None,
                      chat: Chat | None, state: FSMContext | None) -> str:
        if chat is not None and chat.type in ("group", "supergroup"):
            group = await uow.groups.get(chat.id)
            return group.language if group is not None else language_or_default(None)
        if member is not None:
            return member.language
        if state is not None:
            chosen = (await state.get_data()).get("language")
            if chosen in LANGUAGES:
                return str(chosen)
        return language_or_default(user.language_code if user else None)
