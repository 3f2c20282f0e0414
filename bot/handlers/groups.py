"""Team group chats: the bot joining and leaving, /linkgroup, and the group's language."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram import Bot, Router
from aiogram.filters import JOIN_TRANSITION, LEAVE_TRANSITION, ChatMemberUpdatedFilter
from aiogram.types import CallbackQuery, ChatMemberUpdated, Message

from bot.clock import Clock
from bot.commands import Audience, CommandSpec, Where
from bot.config import Settings
from bot.filters import Command, GroupChat, OnMessage, RequireRole
from bot.i18n import LANGUAGES, language_or_default, speak
from bot.services import groups, teams
from bot.ui.callbacks.groups import LinkCb
from bot.ui.callbacks.language import LangCb
from bot.ui.keyboards import groups as groups_keyboards
from bot.ui.keyboards import language as language_keyboards
from bot.ui.texts import common as common_texts
from bot.ui.texts import groups as groups_texts
from bot.ui.texts import language as language_texts
from domain.territory import Gazetteer
from storage.models import RoleName, Team
from storage.uow import UnitOfWork

ADMIN_STATUSES = ("creator", "administrator")
COMMANDS = (
    CommandSpec("linkgroup", Audience.DESIGNER, Where.GROUP, groups_texts.LINKGROUP_MENU,
                groups_texts.LINKGROUP_HELP, group_admins=True),
    CommandSpec("language", Audience.EVERYONE, Where.GROUP, language_texts.GROUP_LANGUAGE_MENU,
                group_admins=True),
)


async def is_group_admin(bot: Bot, chat_id: int, user_id: int) -> bool:
    member = await bot.get_chat_member(chat_id, user_id)
    return member.status in ADMIN_STATUSES


async def on_bot_added(event: ChatMemberUpdated, uow: UnitOfWork, clock: Clock,
                       settings: Settings, gazetteer: Gazetteer) -> None:
    arrival = await groups.bot_added(
        uow, gazetteer, chat_id=event.chat.id, title=event.chat.title,
        language=language_or_default(event.from_user.language_code), now=clock())
    with speak(arrival.language):
        if arrival.team is not None:
            await event.answer(groups_texts.group_linked(arrival.team))
        else:
            await event.answer(groups_texts.group_hello(settings.group_grace_hours))


async def on_bot_removed(event: ChatMemberUpdated, uow: UnitOfWork, clock: Clock) -> None:
    await groups.bot_removed(uow, chat_id=event.chat.id, now=clock())


async def _link(message: Message, team: Team, by: int, uow: UnitOfWork, gazetteer: Gazetteer,
                clock: Clock) -> None:
    link = await groups.link_team(uow, gazetteer, team=team, chat_id=message.chat.id,
                                  title=message.chat.title, now=clock(), by=by)
    with speak(link.language):
        text = groups_texts.group_linked(link.team)
        if link.moved:
            text += "\n" + groups_texts.group_link_moved(link.team)
    await message.answer(text)


async def cmd_linkgroup(message: Message, bot: Bot, uow: UnitOfWork, gazetteer: Gazetteer,
                        clock: Clock) -> None:
    linked = await groups.linked_team(uow, gazetteer, message.chat.id)
    if linked is not None:
        await message.answer(groups_texts.group_already_linked(linked))
        return
    assert message.from_user is not None  # RequireRole let a person through
    designed = await teams.designed_by_person(uow, message.from_user.id)
    if not await is_group_admin(bot, message.chat.id, message.from_user.id):
        await message.answer(groups_texts.linkgroup_not_admin())
    elif len(designed) == 1:
        await _link(message, designed[0], message.from_user.id, uow, gazetteer, clock)
    else:
        markup = groups_keyboards.link_teams(teams.views(gazetteer, designed))
        await message.answer(groups_texts.linkgroup_choose(), reply_markup=markup)


async def cmd_linkgroup_refused(message: Message) -> None:
    await message.answer(groups_texts.linkgroup_not_designer())


async def on_link_team_chosen(callback: CallbackQuery, callback_data: LinkCb, message: Message,
                              bot: Bot, uow: UnitOfWork, gazetteer: Gazetteer,
                              clock: Clock) -> None:
    designed = await teams.designed_by_person(uow, callback.from_user.id)
    team = next((t for t in designed if t.id == callback_data.team_id), None)
    if team is None:  # RequireRole checked the grant; the team may be gone since
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    if not await is_group_admin(bot, message.chat.id, callback.from_user.id):
        await callback.answer(groups_texts.linkgroup_not_admin(), show_alert=True)
        return
    if await groups.linked_team(uow, gazetteer, message.chat.id) is not None:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    await _link(message, team, callback.from_user.id, uow, gazetteer, clock)


async def on_link_refused(callback: CallbackQuery) -> None:
    await callback.answer(groups_texts.linkgroup_not_designer(), show_alert=True)


async def cmd_group_language(message: Message, bot: Bot) -> None:
    if message.from_user is None or not await is_group_admin(bot, message.chat.id,
                                                              message.from_user.id):
        await message.answer(groups_texts.group_language_admins_only())
        return
    await message.answer(language_texts.choose_language_short(),
                         reply_markup=language_keyboards.languages())


async def on_group_language(callback: CallbackQuery, callback_data: LangCb, message: Message,
                            bot: Bot, uow: UnitOfWork, clock: Clock) -> None:
    if callback_data.code not in LANGUAGES:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    if not await is_group_admin(bot, message.chat.id, callback.from_user.id):
        await callback.answer(groups_texts.group_language_admins_only(), show_alert=True)
        return
    await groups.set_language(uow, chat_id=message.chat.id, title=message.chat.title,
                              language=callback_data.code, now=clock())
    await callback.answer()
    with speak(callback_data.code):
        await message.answer(language_texts.language_set())


async def cmd_private_only(message: Message) -> None:
    await message.answer(common_texts.private_only())


def create_router(*, private_only: Sequence[str]) -> Router:
    """Which update goes to which handler, in order. `private_only`: the registry's commands
    that work only in private (bot.commands.private_only), answered here with an invitation."""
    router = Router(name="groups")
    router.message.filter(GroupChat())
    router.callback_query.filter(GroupChat(), OnMessage())
    router.my_chat_member.filter(GroupChat())
    router.my_chat_member.register(on_bot_added, ChatMemberUpdatedFilter(JOIN_TRANSITION))
    router.my_chat_member.register(on_bot_removed, ChatMemberUpdatedFilter(LEAVE_TRANSITION))
    router.message.register(cmd_linkgroup, Command("linkgroup"), RequireRole(RoleName.DESIGNER))
    router.message.register(cmd_linkgroup_refused, Command("linkgroup"))
    router.callback_query.register(on_link_team_chosen, LinkCb.filter(),
                                   RequireRole(RoleName.DESIGNER, team_field="team_id"))
    router.callback_query.register(on_link_refused, LinkCb.filter())
    router.message.register(cmd_group_language, Command("language"))
    router.callback_query.register(on_group_language, LangCb.filter())
    if private_only:
        router.message.register(cmd_private_only, Command(*private_only))
    return router
