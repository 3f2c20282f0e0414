"""Commands everyone has: /help, /privacy, /language, /mydata, /deleteme."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.filters import OnMessage, PrivateChat
from bot.flows.onboarding.states import Onboarding
from bot.services import members, teams
from bot.ui import keyboards, texts
from bot.ui.callbacks import DeleteMeCb
from storage.models import Member, RoleName
from storage.uow import UnitOfWork


async def cmd_help(message: Message, member: Member | None, uow: UnitOfWork) -> None:
    roles = await teams.role_names(uow, member)
    await message.answer(texts.help_text(texts.HelpView(
        registered=member is not None and member.is_onboarded,
        designer=RoleName.DESIGNER in roles, observer=RoleName.OBSERVER in roles,
        expert=RoleName.EXPERT in roles, admin=RoleName.ADMIN in roles)))


async def cmd_linkgroup_in_private(message: Message) -> None:
    await message.answer(texts.linkgroup_in_private())


async def cmd_privacy(message: Message) -> None:
    await message.answer(texts.privacy_notice())


async def cmd_language(message: Message, state: FSMContext, member: Member | None) -> None:
    await state.set_state(Onboarding.language)
    await state.set_data({})
    if member is None or member.consent_at is None:
        await message.answer(texts.choose_language(), reply_markup=keyboards.languages())
    else:
        await message.answer(texts.choose_language_short(), reply_markup=keyboards.languages())


async def cmd_mydata(message: Message, member: Member | None, uow: UnitOfWork) -> None:
    if member is None:
        await message.answer(texts.nothing_to_delete())
        return
    data = await members.export(uow, member)
    await message.answer_document(BufferedInputFile(data, filename="cohesion-makers-mydata.json"),
                                  caption=texts.mydata_caption())


async def cmd_deleteme(message: Message, member: Member | None) -> None:
    if member is None:
        await message.answer(texts.nothing_to_delete())
        return
    await message.answer(texts.deleteme_confirm(), reply_markup=keyboards.delete_me())


async def on_deleteme(callback: CallbackQuery, callback_data: DeleteMeCb, message: Message,
                      state: FSMContext, member: Member | None, uow: UnitOfWork) -> None:
    await callback.answer()
    if member is None:
        await message.answer(texts.nothing_to_delete())
    elif callback_data.confirm:
        await members.erase(uow, member)
        await state.clear()
        await message.answer(texts.deleted())
    else:
        await message.answer(texts.nothing_deleted())


def create_router() -> Router:
    """Which update goes to which handler, in order."""
    router = Router(name="common")
    router.message.register(cmd_help, Command("help"))
    router.message.register(cmd_privacy, Command("privacy"))
    router.message.register(cmd_linkgroup_in_private, Command("linkgroup"), PrivateChat())
    router.message.register(cmd_language, Command("language"), PrivateChat())
    router.message.register(cmd_mydata, Command("mydata"), PrivateChat())
    router.message.register(cmd_deleteme, Command("deleteme"), PrivateChat())
    router.callback_query.register(on_deleteme, DeleteMeCb.filter(), PrivateChat(), OnMessage())
    return router
