"""/team and /join."""

from __future__ import annotations

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.commands import Audience, CommandSpec, Where
from bot.filters import Command, PrivateChat
from bot.flows.onboarding import offer_teams
from bot.services import teams
from bot.ui.texts import common as common_texts
from bot.ui.texts import team as team_texts
from domain.territory import Gazetteer
from storage.models import Member
from storage.uow import UnitOfWork

COMMANDS = (
    CommandSpec("team", Audience.MEMBER, Where.PRIVATE, team_texts.TEAM_MENU, team_texts.TEAM_HELP),
    CommandSpec("join", Audience.MEMBER, Where.PRIVATE, team_texts.JOIN_MENU, team_texts.JOIN_HELP),
)


async def cmd_team(message: Message, member: Member | None, uow: UnitOfWork,
                   gazetteer: Gazetteer) -> None:
    if member is None or not member.is_onboarded or member.id is None:
        await message.answer(common_texts.need_registration())
        return
    cards = await teams.cards_of_member(uow, gazetteer, member)
    if not cards:
        await message.answer(team_texts.no_team_joined())
        return
    await message.answer("\n\n".join(team_texts.team_card(card) for card in cards))


async def cmd_join(message: Message, state: FSMContext, member: Member | None, uow: UnitOfWork,
                   gazetteer: Gazetteer) -> None:
    if member is None or not member.is_onboarded:
        await message.answer(common_texts.need_registration())
        return
    await offer_teams(message, state, member, uow, gazetteer)


def create_router() -> Router:
    """Which update goes to which handler, in order."""
    router = Router(name="team")
    router.message.filter(PrivateChat())
    router.message.register(cmd_team, Command("team"))
    router.message.register(cmd_join, Command("join"))
    return router
