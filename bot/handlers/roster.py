"""/members: a designer's list of their team's members, a page at a time, and its CSV file.

    /members ──(several teams)──► which team? ──┐
        └──(one team)──────────────────────────►  page 1 [◀️ ▶️] [📄 CSV file]
                                                   ▶️ ──► the next page (edited in place)
                                                   📄 ──► the whole list as a CSV document

Who may is checked on the command and on every button (a team id in a button can be forged),
and again in the service.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.commands import Audience, CommandSpec, Where
from bot.filters import Command, OnMessage, PrivateChat, RequireRole
from bot.services import roster
from bot.services.roles import NotAllowed
from bot.ui.callbacks.roster import RosterCb, RosterCsvCb
from bot.ui.keyboards import roster as keyboards
from bot.ui.texts import roster as texts
from domain.territory import Gazetteer
from storage.models import RoleName
from storage.uow import UnitOfWork

COMMANDS = (
    CommandSpec("members", Audience.DESIGNER, Where.PRIVATE, texts.MEMBERS_MENU,
                texts.MEMBERS_HELP),
)


async def cmd_members(message: Message, uow: UnitOfWork) -> None:
    assert message.from_user is not None  # RequireRole let a person through
    designed = await roster.teams_of_designer(uow, message.from_user.id)
    if not designed:
        await message.answer(texts.designers_only())
        return
    if len(designed) > 1:
        await message.answer(texts.choose_team(), reply_markup=keyboards.teams(
            [(team.id or 0, team.name) for team in designed]))
        return
    view = await roster.page(uow, by=message.from_user.id, team_id=designed[0].id or 0,
                             number=0)
    await message.answer(texts.page(view), reply_markup=keyboards.page(view))


async def cmd_members_refused(message: Message) -> None:
    await message.answer(texts.designers_only())


async def on_page(callback: CallbackQuery, callback_data: RosterCb, message: Message,
                  uow: UnitOfWork) -> None:
    try:
        view = await roster.page(uow, by=callback.from_user.id, team_id=callback_data.team_id,
                                 number=callback_data.page)
    except NotAllowed:
        await callback.answer(texts.designers_only(), show_alert=True)
        return
    await callback.answer()
    try:
        await message.edit_text(texts.page(view), reply_markup=keyboards.page(view))
    except TelegramBadRequest:  # the same page pressed again: nothing to change
        pass


async def on_csv(callback: CallbackQuery, callback_data: RosterCsvCb, message: Message,
                 uow: UnitOfWork, gazetteer: Gazetteer) -> None:
    try:
        team, lines = await roster.everyone(uow, by=callback.from_user.id,
                                            team_id=callback_data.team_id)
    except NotAllowed:
        await callback.answer(texts.designers_only(), show_alert=True)
        return
    await callback.answer()
    await message.answer_document(
        BufferedInputFile(texts.csv_file(lines, gazetteer), filename=texts.csv_filename(team)),
        caption=texts.csv_caption(team, len(lines)))


async def on_refused(callback: CallbackQuery) -> None:
    await callback.answer(texts.designers_only(), show_alert=True)


def create_router() -> Router:
    """Which update goes to which handler, in order."""
    router = Router(name="roster")
    router.message.filter(PrivateChat())
    router.callback_query.filter(PrivateChat(), OnMessage())
    router.message.register(cmd_members, Command("members"), RequireRole(RoleName.DESIGNER))
    router.message.register(cmd_members_refused, Command("members"))
    router.callback_query.register(on_page, RosterCb.filter(),
                                   RequireRole(RoleName.DESIGNER, team_field="team_id"))
    router.callback_query.register(on_csv, RosterCsvCb.filter(),
                                   RequireRole(RoleName.DESIGNER, team_field="team_id"))
    router.callback_query.register(on_refused, RosterCb.filter())
    router.callback_query.register(on_refused, RosterCsvCb.filter())
    return router
