"""Team group chats: the bot joining and leaving, /linkgroup, and the group's language."""

from __future__ import annotations

from datetime import datetime

from aiogram import Bot, Router
from aiogram.filters import JOIN_TRANSITION, LEAVE_TRANSITION, ChatMemberUpdatedFilter, Command
from aiogram.types import CallbackQuery, ChatMemberUpdated, Message

from bot.clock import Clock
from bot.config import Settings
from bot.filters import GroupChat, OnMessage
from bot.i18n import LANGUAGES, language_or_default, speak
from bot.services import teams
from bot.ui import keyboards, texts
from bot.ui.callbacks import LangCb, LinkCb
from domain.territory import Gazetteer
from storage.models import Member, Team
from storage.uow import UnitOfWork

ADMIN_STATUSES = ("creator", "administrator")
PRIVATE_COMMANDS = ("start", "profile", "team", "join", "mydata", "deleteme", "privacy")


async def is_group_admin(bot: Bot, chat_id: int, user_id: int) -> bool:
    member = await bot.get_chat_member(chat_id, user_id)
    return member.status in ADMIN_STATUSES


async def on_bot_added(event: ChatMemberUpdated, uow: UnitOfWork, clock: Clock,
                       settings: Settings, gazetteer: Gazetteer) -> None:
    team = await uow.teams.by_group_chat(event.chat.id)
    language = team.language if team else language_or_default(event.from_user.language_code)
    await uow.groups.record_joined(chat_id=event.chat.id, title=event.chat.title,
                                   language=language, now=clock())
    with speak(language):
        if team is not None:
            await event.answer(texts.group_linked(teams.view(gazetteer, team)))
        else:
            await event.answer(texts.group_hello(settings.group_grace_hours))


async def on_bot_removed(event: ChatMemberUpdated, uow: UnitOfWork, clock: Clock) -> None:
    group = await uow.groups.get(event.chat.id)
    if group is not None:
        group.left_at = clock()
    team = await uow.teams.by_group_chat(event.chat.id)
    if team is not None:
        team.group_chat_id = None


async def _link(message: Message, team: Team, uow: UnitOfWork, gazetteer: Gazetteer,
                now: datetime) -> None:
    moved = await teams.link_group(uow, team=team, chat_id=message.chat.id,
                                   title=message.chat.title, now=now)
    view = teams.view(gazetteer, team)
    with speak(team.language):
        text = texts.group_linked(view)
        if moved:
            text += "\n" + texts.group_link_moved(view)
    await message.answer(text)


async def cmd_linkgroup(message: Message, bot: Bot, member: Member | None, uow: UnitOfWork,
                        gazetteer: Gazetteer, clock: Clock) -> None:
    linked = await uow.teams.by_group_chat(message.chat.id)
    if linked is not None:
        await message.answer(texts.group_already_linked(teams.view(gazetteer, linked)))
        return
    designed = await teams.designed_by(uow, member) if member is not None else []
    if not designed:
        await message.answer(texts.linkgroup_not_designer())
    elif message.from_user is None or not await is_group_admin(bot, message.chat.id,
                                                                message.from_user.id):
        await message.answer(texts.linkgroup_not_admin())
    elif len(designed) == 1:
        await _link(message, designed[0], uow, gazetteer, clock())
    else:
        await message.answer(texts.linkgroup_choose(),
                             reply_markup=keyboards.link_teams(teams.views(gazetteer, designed)))


async def on_link_team_chosen(callback: CallbackQuery, callback_data: LinkCb, message: Message,
                              bot: Bot, member: Member | None, uow: UnitOfWork,
                              gazetteer: Gazetteer, clock: Clock) -> None:
    designed = await teams.designed_by(uow, member) if member is not None else []
    team = next((t for t in designed if t.id == callback_data.team_id), None)
    if team is None:
        await callback.answer(texts.linkgroup_not_designer(), show_alert=True)
        return
    if not await is_group_admin(bot, message.chat.id, callback.from_user.id):
        await callback.answer(texts.linkgroup_not_admin(), show_alert=True)
        return
    if await uow.teams.by_group_chat(message.chat.id) is not None:
        await callback.answer(texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    await _link(message, team, uow, gazetteer, clock())


async def cmd_group_language(message: Message, bot: Bot) -> None:
    if message.from_user is None or not await is_group_admin(bot, message.chat.id,
                                                              message.from_user.id):
        await message.answer(texts.group_language_admins_only())
        return
    await message.answer(texts.choose_language_short(), reply_markup=keyboards.languages())


async def on_group_language(callback: CallbackQuery, callback_data: LangCb, message: Message,
                            bot: Bot, uow: UnitOfWork, clock: Clock) -> None:
    if callback_data.code not in LANGUAGES:
        await callback.answer(texts.stale_button(), show_alert=True)
        return
    if not await is_group_admin(bot, message.chat.id, callback.from_user.id):
        await callback.answer(texts.group_language_admins_only(), show_alert=True)
        return
    group = await uow.groups.get(message.chat.id) or await uow.groups.record_joined(
        chat_id=message.chat.id, title=message.chat.title, language=callback_data.code,
        now=clock())
    group.language = callback_data.code
    await callback.answer()
    with speak(callback_data.code):
        await message.answer(texts.language_set())


async def cmd_private_only(message: Message) -> None:
    await message.answer(texts.private_only())


def create_router() -> Router:
    """Which update goes to which handler, in order."""
    router = Router(name="groups")
    router.message.filter(GroupChat())
    router.callback_query.filter(GroupChat(), OnMessage())
    router.my_chat_member.filter(GroupChat())
    router.my_chat_member.register(on_bot_added, ChatMemberUpdatedFilter(JOIN_TRANSITION))
    router.my_chat_member.register(on_bot_removed, ChatMemberUpdatedFilter(LEAVE_TRANSITION))
    router.message.register(cmd_linkgroup, Command("linkgroup"))
    router.callback_query.register(on_link_team_chosen, LinkCb.filter())
    router.message.register(cmd_group_language, Command("language"))
    router.callback_query.register(on_group_language, LangCb.filter())
    router.message.register(cmd_private_only, Command(*PRIVATE_COMMANDS))
    return router
