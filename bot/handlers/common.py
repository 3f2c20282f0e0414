"""Commands everyone has: /help, /privacy, /language, /mydata, /deleteme."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.clock import Clock
from bot.commands import Audience, CommandSpec, Where, audiences_of, help_sections
from bot.config import Settings
from bot.filters import Command, OnMessage, PrivateChat
from bot.flows.onboarding import Onboarding
from bot.fsm import LANGUAGE_ONLY
from bot.services import privacy
from bot.services.help import help_view
from bot.services.privacy import Declared
from bot.ui.callbacks.privacy import DeleteMeCb
from bot.ui.keyboards import language as language_keyboards
from bot.ui.keyboards import privacy as privacy_keyboards
from bot.ui.texts import groups as groups_texts
from bot.ui.texts import help as help_texts
from bot.ui.texts import language as language_texts
from bot.ui.texts import privacy as privacy_texts
from storage.models import Member
from storage.uow import UnitOfWork

COMMANDS = (
    CommandSpec("help", Audience.EVERYONE, Where.BOTH, help_texts.HELP_MENU,
                help_texts.HELP_HELP),
    CommandSpec("language", Audience.EVERYONE, Where.PRIVATE, language_texts.LANGUAGE_MENU,
                language_texts.LANGUAGE_HELP),
    CommandSpec("privacy", Audience.EVERYONE, Where.PRIVATE, privacy_texts.PRIVACY_MENU,
                privacy_texts.PRIVACY_HELP),
    CommandSpec("mydata", Audience.EVERYONE, Where.PRIVATE, None, privacy_texts.MYDATA_HELP),
    CommandSpec("deleteme", Audience.EVERYONE, Where.PRIVATE, None, privacy_texts.DELETEME_HELP),
)


async def cmd_help(message: Message, member: Member | None, uow: UnitOfWork,
                   commands: Sequence[CommandSpec]) -> None:
    """The commands this person may use, by role, from the registry."""
    if message.from_user is None:
        return
    view = await help_view(uow, telegram_id=message.from_user.id, member=member)
    audiences = audiences_of(registered=view.registered, roles=view.roles)
    await message.answer(help_texts.help_text(help_sections(commands, audiences), audiences))


async def cmd_linkgroup_in_private(message: Message) -> None:
    await message.answer(groups_texts.linkgroup_in_private())


async def cmd_privacy(message: Message, settings: Settings) -> None:
    await message.answer(privacy_texts.privacy_notice(
        url=settings.privacy_url or None, retention_days=settings.failed_update_retention_days))


async def cmd_language(message: Message, state: FSMContext, member: Member | None) -> None:
    await state.set_state(Onboarding.language)
    await state.set_data({LANGUAGE_ONLY: True})
    if member is None or member.consent_at is None:
        await message.answer(language_texts.choose_language(),
                             reply_markup=language_keyboards.languages())
    else:
        await message.answer(language_texts.choose_language_short(),
                             reply_markup=language_keyboards.languages())


async def cmd_mydata(message: Message, member: Member | None, uow: UnitOfWork,
                     personal_data: Declared) -> None:
    """Everything held on the person, as a file and a short summary; an observer, expert or
    admin with no member row gets theirs too (their roles and what they did in them)."""
    if message.from_user is None:
        return
    person = await privacy.person(uow, message.from_user.id, member, personal_data)
    data = await privacy.shown(uow, person, personal_data)
    if not privacy.holds(data):
        await message.answer(privacy_texts.nothing_to_delete())
        return
    await message.answer_document(
        BufferedInputFile(privacy.as_file(person, data), filename="cohesion-makers-mydata.json"),
        caption=privacy_texts.mydata_caption())
    await message.answer(privacy_texts.mydata_summary(
        {key: value for key, value in data.items() if privacy.holds(value)}))


async def cmd_deleteme(message: Message, member: Member | None, uow: UnitOfWork,
                       personal_data: Declared) -> None:
    if message.from_user is None:
        return
    person = await privacy.person(uow, message.from_user.id, member, personal_data)
    if not privacy.holds(await privacy.shown(uow, person, personal_data)):
        await message.answer(privacy_texts.nothing_to_delete())
        return
    await message.answer(privacy_texts.deleteme_confirm(),
                         reply_markup=privacy_keyboards.delete_me())


async def on_deleteme(callback: CallbackQuery, callback_data: DeleteMeCb, message: Message,
                      state: FSMContext, member: Member | None, uow: UnitOfWork,
                      clock: Clock, personal_data: Declared) -> None:
    await callback.answer()
    person = await privacy.person(uow, callback.from_user.id, member, personal_data)
    if not callback_data.confirm:
        await message.answer(privacy_texts.nothing_deleted())
    elif not privacy.holds(await privacy.shown(uow, person, personal_data)):
        await message.answer(privacy_texts.nothing_to_delete())
    else:
        await privacy.erase(uow, person, personal_data, now=clock())
        await state.clear()
        await message.answer(privacy_texts.deleted())


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
