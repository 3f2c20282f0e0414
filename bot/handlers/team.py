"""/team and /join; leaving a team; the join requests of a team's group.

    /team ──► the cards: designers, next table, open needs, group
                 [👥 Enter the group] (the bot's invite link, made once it is an admin there)
                 [🚪 Leave X] ──► "really?" ──► Yes ──► the membership goes
                                             └ No ──► nothing changes
    join request (the invite link) ──► a member or designer of the team: approved
                                   └─► anyone else: declined, and told why privately
"""

from __future__ import annotations

from dataclasses import replace

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, ChatJoinRequest, Message

from bot.clock import Clock
from bot.commands import Audience, CommandSpec, Where
from bot.filters import Command, OnMessage, PrivateChat, registered
from bot.flows.onboarding import offer_teams
from bot.i18n import language_or_default, speak
from bot.services import team_access, teams
from bot.services.team_access import LeaveProblem
from bot.services.teams import TeamCardView
from bot.ui.callbacks.team import LeaveCb
from bot.ui.keyboards import team as team_keyboards
from bot.ui.texts import common as common_texts
from bot.ui.texts import team as team_texts
from domain.territory import Gazetteer
from storage.models import Member
from storage.uow import UnitOfWork

COMMANDS = (
    CommandSpec("team", Audience.MEMBER, Where.PRIVATE, team_texts.TEAM_MENU, team_texts.TEAM_HELP),
    CommandSpec("join", Audience.MEMBER, Where.PRIVATE, team_texts.JOIN_MENU, team_texts.JOIN_HELP),
)


async def _with_invite_link(bot: Bot, uow: UnitOfWork, card: TeamCardView) -> TeamCardView:
    """The card with a way into its group: the kept link, else one the bot makes now (only an
    administrator bot may; if it is not one, the card says so)."""
    if not card.group_linked or card.invite_link is not None or card.group_chat_id is None:
        return card
    try:
        link = await bot.create_chat_invite_link(card.group_chat_id, creates_join_request=True,
                                                 name=card.team.name[:32])
    except TelegramAPIError:
        return card
    await team_access.keep_invite_link(uow, chat_id=card.group_chat_id, link=link.invite_link)
    return replace(card, invite_link=link.invite_link)


async def cmd_team(message: Message, bot: Bot, member: Member | None, uow: UnitOfWork,
                   gazetteer: Gazetteer, clock: Clock) -> None:
    if member is None or not member.is_onboarded or member.id is None:
        await message.answer(common_texts.need_registration())
        return
    cards = await teams.cards_of_member(uow, gazetteer, member, now=clock())
    if not cards:
        await message.answer(team_texts.no_team_joined())
        return
    cards = [await _with_invite_link(bot, uow, card) for card in cards]
    await message.answer("\n\n".join(team_texts.team_card(card) for card in cards),
                         reply_markup=team_keyboards.team_cards(cards))


async def cmd_join(message: Message, state: FSMContext, member: Member | None, uow: UnitOfWork,
                   gazetteer: Gazetteer) -> None:
    if member is None or not member.is_onboarded:
        await message.answer(common_texts.need_registration())
        return
    await offer_teams(message, state, member, uow, gazetteer)


@registered
async def on_leave(callback: CallbackQuery, callback_data: LeaveCb, message: Message,
                   member: Member, uow: UnitOfWork) -> None:
    try:
        if callback_data.step == "ask":
            team = await team_access.team_to_leave(uow, member=member,
                                                   team_id=callback_data.team_id)
            await callback.answer()
            await message.answer(team_texts.leave_confirm(team.name),
                                 reply_markup=team_keyboards.leave_confirm(callback_data.team_id))
        elif callback_data.step == "yes":
            team = await team_access.leave(uow, member=member, team_id=callback_data.team_id)
            await callback.answer()
            await message.edit_text(team_texts.left(team.name))
        elif callback_data.step == "no":
            team = await team_access.team_to_leave(uow, member=member,
                                                   team_id=callback_data.team_id)
            await callback.answer()
            await message.edit_text(team_texts.stayed(team.name))
        else:
            await callback.answer(common_texts.stale_button(), show_alert=True)
    except LeaveProblem as problem:
        await callback.answer(team_texts.leave_problem(problem.code), show_alert=True)


async def on_join_request(request: ChatJoinRequest, bot: Bot, uow: UnitOfWork) -> None:
    """Into a team's group through the bot's link: members and designers of the team come in;
    anyone else is declined and told why, privately, in their language, if the bot may write
    to them (Telegram lets it, for a while, after a join request)."""
    verdict = await team_access.judge_join_request(uow, chat_id=request.chat.id,
                                                   telegram_id=request.from_user.id)
    if verdict is None:
        return  # not a team's group: its administrators decide
    if verdict.approved:
        await request.approve()
        return
    await request.decline()
    with speak(verdict.language or language_or_default(request.from_user.language_code)):
        text = team_texts.join_request_declined(verdict.team_name,
                                                registered=verdict.registered)
    try:
        await bot.send_message(request.user_chat_id, text)
    except TelegramAPIError:
        pass  # they cannot be written to: the decline itself is all they will see


def create_router() -> Router:
    """Which update goes to which handler, in order."""
    router = Router(name="team")
    router.message.filter(PrivateChat())
    router.callback_query.filter(PrivateChat(), OnMessage())
    router.message.register(cmd_team, Command("team"))
    router.message.register(cmd_join, Command("join"))
    router.callback_query.register(on_leave, LeaveCb.filter())
    router.chat_join_request.register(on_join_request)
    return router
