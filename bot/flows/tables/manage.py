"""/tables: the person's tables (upcoming, then past) with their answer, a calendar file for
each, and for a designer of the team the table's buttons: move (the date step of /newtable,
then ``move``), new reminder times, cancel (asked twice).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.clock import Clock
from bot.flows.tables import ics, logic
from bot.flows.tables.states import TableFlow
from bot.fsm import enter
from bot.services import tables
from bot.services.roles import NotAllowed
from bot.services.tables import TableProblem
from bot.ui.callbacks.tables import TableIcsCb, TableManageCb
from bot.ui.keyboards import tables as keyboards
from bot.ui.texts import common as common_texts
from bot.ui.texts import tables as texts
from storage.uow import UnitOfWork


async def cmd_tables(message: Message, uow: UnitOfWork, clock: Clock) -> None:
    assert message.from_user is not None
    found = await tables.tables_for(uow, now=clock(), telegram_id=message.from_user.id)
    if not found:
        await message.answer(texts.no_tables())
        return
    await message.answer(texts.my_tables(found), reply_markup=keyboards.my_tables(found))


async def on_ics(callback: CallbackQuery, callback_data: TableIcsCb, message: Message,
                 uow: UnitOfWork, clock: Clock) -> None:
    try:
        view = await tables.table_for_member(uow, telegram_id=callback.from_user.id,
                                             table_id=callback_data.table_id)
    except TableProblem as problem:
        await callback.answer(texts.problem(problem.code), show_alert=True)
        return
    await callback.answer()
    await message.answer_document(
        BufferedInputFile(ics.calendar_file(view, now=clock()), filename=f"table-{view.id}.ics"),
        caption=texts.ics_caption(view))


async def on_manage(callback: CallbackQuery, callback_data: TableManageCb, message: Message,
                    state: FSMContext, uow: UnitOfWork, clock: Clock) -> None:
    """Move or cancel a table from /tables: the role and the table checked again."""
    try:
        view = await tables.table_for_designer(uow, telegram_id=callback.from_user.id,
                                               table_id=callback_data.table_id)
        if view.status != "scheduled":
            raise TableProblem("skipped" if view.status == "skipped" else "cancelled")
        if view.starts_at <= clock():
            raise TableProblem("past")
    except NotAllowed:
        await callback.answer(texts.not_designer_of_this_team(), show_alert=True)
        return
    except TableProblem as problem:
        await callback.answer(texts.problem(problem.code), show_alert=True)
        return
    action = callback_data.action
    if action == "move":
        await callback.answer()
        await message.answer(texts.ask_new_when(view))
        await enter(state, TableFlow.when, {"moving": view.id, "queue": []})
    elif action == "reminders":
        await callback.answer()
        await message.answer(texts.ask_new_reminders(view, view.reminders))
        await enter(state, TableFlow.change_reminders, {"reminders_of": view.id})
    elif action == "cancel":
        await callback.answer()
        following = (await tables.following_dates(uow, table_id=view.id, count=1)
                     if view.recurrence != "none" else [])
        await message.answer(texts.confirm_cancel(view, following[0] if following else None),
                             reply_markup=keyboards.confirm_cancel(view))
    elif action == "cancel_yes" and view.recurrence != "none":
        # an older confirmation of a series' meeting: cancelling it ended the series
        await tables.end_series(uow, now=clock(), telegram_id=callback.from_user.id,
                                table_id=view.id)
        await callback.answer()
        await message.answer(texts.series_ended_done())
    elif action == "cancel_yes":
        await tables.cancel_table(uow, now=clock(), telegram_id=callback.from_user.id,
                                  table_id=view.id)
        await callback.answer()
        await message.answer(texts.cancelled_done())
    elif action == "keep":
        await callback.answer()
        await message.answer(texts.kept())
    else:
        await callback.answer(common_texts.stale_button(), show_alert=True)


async def move(callback: CallbackQuery, message: Message, state: FSMContext, uow: UnitOfWork,
               clock: Clock, data: dict[str, Any]) -> None:
    """The new date of a table, confirmed in /newtable's date step: the table moves (its
    announcement goes out again, saying when it was)."""
    await state.clear()
    try:
        view = await tables.move_table(uow, now=clock(), telegram_id=callback.from_user.id,
                                       table_id=int(data["moving"]),
                                       starts_at=datetime.fromisoformat(data["at"]))
    except NotAllowed:
        await message.answer(texts.not_designer_of_this_team())
        return
    except TableProblem as problem:
        await message.answer(texts.problem(problem.code))
        return
    await message.answer(texts.moved(view))


async def on_change_reminders(message: Message, state: FSMContext, uow: UnitOfWork,
                              clock: Clock) -> None:
    """New reminder times for a table already set (/tables ⏰): applied at once, told back."""
    assert message.text is not None and message.from_user is not None
    value = logic.parse_reminders(message.text)
    if value is None:
        await message.answer(texts.bad_reminders_change())
        return
    table_id = int((await state.get_data()).get("reminders_of", 0))
    await state.clear()
    try:
        view = await tables.set_reminders(uow, now=clock(), telegram_id=message.from_user.id,
                                          table_id=table_id, minutes_before=value)
    except NotAllowed:
        await message.answer(texts.not_designer_of_this_team())
        return
    except TableProblem as problem:
        await message.answer(texts.problem(problem.code))
        return
    await message.answer(texts.reminders_changed(view, view.reminders))
