"""The RSVP buttons, in the group, in private and in /tables: the answer is recorded, and the
counts are edited in place on the message pressed and on the group's announcement (a press in
/tables shows the list again, with the answer).
"""

from __future__ import annotations

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.i18n import speak
from bot.services import tables
from bot.services.tables import TableProblem
from bot.ui.callbacks.tables import MyRsvpCb, RsvpCb
from bot.ui.keyboards import tables as keyboards
from bot.ui.texts import table_notices as notices
from bot.ui.texts import tables as texts
from storage.uow import UnitOfWork


async def on_rsvp(callback: CallbackQuery, callback_data: RsvpCb, message: Message,
                  uow: UnitOfWork, clock: Clock, bot: Bot) -> None:
    try:
        outcome = await tables.rsvp(uow, now=clock(), telegram_id=callback.from_user.id,
                                    table_id=callback_data.table_id, answer=callback_data.answer)
    except TableProblem as problem:
        await callback.answer(texts.problem(problem.code), show_alert=True)
        return
    view = outcome.table
    if message.chat.type != "private":
        await tables.remember_group_message(uow, table_id=view.id, chat_id=message.chat.id,
                                            message_id=message.message_id)
    await uow.commit_if_open()  # the counts edited below are the committed ones
    await callback.answer(texts.rsvp_recorded(outcome.answer, outcome.waiting),
                          show_alert=outcome.waiting)
    if outcome.changed:  # the same answer again moves no count: nothing to edit
        await _refresh(bot, uow, view.id, message)


async def on_my_rsvp(callback: CallbackQuery, callback_data: MyRsvpCb, message: Message,
                     uow: UnitOfWork, clock: Clock, bot: Bot) -> None:
    """An answer from /tables: checked as in the group (a member of the team, the table still
    ahead, capacity and waiting list); the list is shown again with it, and the group's counts
    edited."""
    try:
        outcome = await tables.rsvp(uow, now=clock(), telegram_id=callback.from_user.id,
                                    table_id=callback_data.table_id, answer=callback_data.answer)
    except TableProblem as problem:
        await callback.answer(texts.problem(problem.code), show_alert=True)
        return
    await uow.commit_if_open()
    await callback.answer(texts.rsvp_recorded(outcome.answer, outcome.waiting),
                          show_alert=outcome.waiting)
    if not outcome.changed:  # the same answer again: nothing shown changes
        return
    found = await tables.tables_for(uow, now=clock(), telegram_id=callback.from_user.id)
    try:
        await message.edit_text(texts.my_tables(found), reply_markup=keyboards.my_tables(found))
    except TelegramAPIError:
        pass  # too old to edit: the toast said it
    await _refresh(bot, uow, outcome.table.id, None)


async def _refresh(bot: Bot, uow: UnitOfWork, table_id: int, pressed: Message | None) -> None:
    """The counts edited in place: on the message pressed (unless it is a photo or a file,
    whose caption is not the announcement) and on the group's announcement."""
    view = await tables.view_of(uow, table_id=table_id)
    told = await tables.announcement(uow, table_id=table_id)
    targets = set()
    if pressed is not None and pressed.text is not None:
        targets.add((pressed.chat.id, pressed.message_id))
    if view.group_chat_id is not None and view.group_message_id is not None:
        targets.add((view.group_chat_id, view.group_message_id))
    for chat_id, message_id in targets:
        language = (told.group.language if told.group and told.group.chat_id == chat_id
                    else next((r.language for r in told.members if r.chat_id == chat_id),
                              None))
        with speak(language or "it"):
            text = notices.announcement(view)
            markup = keyboards.rsvp(view)
        try:
            await bot.edit_message_text(text=text, chat_id=chat_id, message_id=message_id,
                                        reply_markup=markup)
        except TelegramAPIError:
            pass  # too old to edit, deleted, or unchanged: the counts are in /tables anyway

