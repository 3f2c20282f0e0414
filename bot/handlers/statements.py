"""/verify CODE: anyone — no onboarding needed, in a private chat or a group — checks a
company statement's verification code against the records (``bot.services.statements``)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import CommandObject
from aiogram.types import Message

from bot.commands import Audience, CommandSpec, Where
from bot.config import Settings
from bot.filters import Command
from bot.services import statements
from bot.ui.texts import statements as texts
from storage.uow import UnitOfWork

COMMANDS = (
    CommandSpec("verify", Audience.EVERYONE, Where.BOTH, texts.VERIFY_MENU, texts.VERIFY_HELP),
)


async def cmd_verify(message: Message, command: CommandObject, uow: UnitOfWork,
                     settings: Settings) -> None:
    typed = (command.args or "").strip()
    if not typed:
        await message.answer(texts.verify_usage())
        return
    result = await statements.verify(uow, typed=typed, key=settings.statement_key())
    await message.answer(texts.verification(result, typed))


def create_router() -> Router:
    router = Router(name="verify")
    router.message.register(cmd_verify, Command("verify"))
    return router
