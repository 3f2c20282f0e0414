"""/weekly in a team group: its administrators turn the weekly digest off and on. That the
sender administers the group is asked of Telegram (getChatMember), as /linkgroup does."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import CommandObject
from aiogram.types import Message

from bot.clock import Clock
from bot.commands import Audience, CommandSpec, Where
from bot.filters import Command, GroupChat, PrivateChat
from bot.handlers.groups import is_group_admin
from bot.i18n import current_locale
from bot.services import digests
from bot.services.digests import NotLinked
from bot.ui.texts import digests as texts
from storage.uow import UnitOfWork

COMMANDS = (
    CommandSpec("weekly", Audience.DESIGNER, Where.GROUP, texts.WEEKLY_MENU, texts.WEEKLY_HELP,
                group_admins=True),
)

#: What /weekly takes, in either language.
SWITCH = {"on": True, "off": False, "attiva": True, "disattiva": False, "si": True, "sì": True,
          "no": False}


async def cmd_weekly(message: Message, command: CommandObject, bot: Bot, uow: UnitOfWork,
                     clock: Clock) -> None:
    if message.from_user is None or not await is_group_admin(bot, message.chat.id,
                                                              message.from_user.id):
        await message.answer(texts.weekly_admins_only())
        return
    word = (command.args or "").strip().lower()
    try:
        if not word:
            on = await digests.group_digest_on(uow, chat_id=message.chat.id)
            await message.answer(texts.weekly_state(on))
            return
        if word not in SWITCH:
            await message.answer(texts.weekly_usage())
            return
        on = await digests.set_group_digest(uow, chat_id=message.chat.id,
                                            title=message.chat.title, on=SWITCH[word],
                                            language=current_locale(), now=clock())
    except NotLinked:
        await message.answer(texts.weekly_not_linked())
        return
    await uow.commit_if_open()
    await message.answer(texts.weekly_switched(on))


async def cmd_weekly_private(message: Message) -> None:
    await message.answer(texts.weekly_in_group())


def create_router() -> Router:
    router = Router(name="digests")
    router.message.register(cmd_weekly, Command("weekly"), GroupChat())
    router.message.register(cmd_weekly_private, Command("weekly"), PrivateChat())
    return router
