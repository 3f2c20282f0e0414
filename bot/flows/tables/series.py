"""/tables, a designer's later changes: a recurring table's series (skip one meeting, or cancel
it and end the series; restart an ended series, asked first) and a table's place, agenda or
places after it was announced.

    ✖️ (a series' meeting) ──► ⏭ skip it (the series goes on) │ ✖️ end the series │ keep
    🔁 (an ended series)   ──► restart on <date>? ──► ✅ │ keep it ended
    📝 ──► place │ agenda │ places ──► typed (places: or "no limit") ──► changed

Every press checks again, in the service, that the presser designs the table's team.
"""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.clock import Clock
from bot.flows.tables import logic
from bot.flows.tables.states import TableFlow
from bot.fsm import enter
from bot.services import tables
from bot.services.roles import NotAllowed
from bot.services.tables import UNSET, TableProblem, TableView
from bot.ui.callbacks.tables import TableEditCb, TableSeriesCb
from bot.ui.keyboards import tables as keyboards
from bot.ui.texts import common as common_texts
from bot.ui.texts import tables as texts
from storage.uow import UnitOfWork

EDIT_STATES = {"place": TableFlow.edit_place, "agenda": TableFlow.edit_agenda,
               "capacity": TableFlow.edit_capacity}


async def on_series(callback: CallbackQuery, callback_data: TableSeriesCb, message: Message,
                    uow: UnitOfWork, clock: Clock) -> None:
    who, table_id, action = callback.from_user.id, callback_data.table_id, callback_data.action
    markup: InlineKeyboardMarkup | None = None
    try:
        if action == "skip":
            view, following = await tables.skip_meeting(uow, now=clock(), telegram_id=who,
                                                        table_id=table_id)
            reply = texts.skipped_done(view, following)
        elif action == "end":
            await tables.end_series(uow, now=clock(), telegram_id=who, table_id=table_id)
            reply = texts.series_ended_done()
        elif action == "restart":
            view, starts_at = await tables.ended_series(uow, now=clock(), telegram_id=who,
                                                        table_id=table_id)
            reply = texts.confirm_restart(view, starts_at)
            markup = keyboards.confirm_restart(view.id)
        elif action == "restart_yes":
            reply = texts.restarted(await tables.restart_series(
                uow, now=clock(), telegram_id=who, table_id=table_id))
        elif action == "keep":
            await tables.table_for_designer(uow, telegram_id=who, table_id=table_id)
            reply = texts.kept()
        else:
            await callback.answer(common_texts.stale_button(), show_alert=True)
            return
    except NotAllowed:
        await callback.answer(texts.not_designer_of_this_team(), show_alert=True)
        return
    except TableProblem as problem:
        await callback.answer(texts.problem(problem.code), show_alert=True)
        return
    await callback.answer()
    await message.answer(reply, reply_markup=markup)


async def on_edit(callback: CallbackQuery, callback_data: TableEditCb, message: Message,
                  state: FSMContext, uow: UnitOfWork, clock: Clock) -> None:
    """📝 and its choices: which field, then its question (or "no limit" at once)."""
    who, table_id, field = callback.from_user.id, callback_data.table_id, callback_data.field
    try:
        if field == "unlimited":
            view = await tables.edit_table(uow, now=clock(), telegram_id=who, table_id=table_id,
                                           capacity=None)
            await state.clear()
            await callback.answer()
            await message.answer(texts.edited(view, "capacity"))
            return
        view = await tables.editable(uow, now=clock(), telegram_id=who, table_id=table_id)
    except NotAllowed:
        await callback.answer(texts.not_designer_of_this_team(), show_alert=True)
        return
    except TableProblem as problem:
        await callback.answer(texts.problem(problem.code), show_alert=True)
        return
    if field == "menu":
        await callback.answer()
        await message.answer(texts.ask_edit_field(view), reply_markup=keyboards.edit_fields(view.id))
        return
    if field not in EDIT_STATES:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    if field == "place":
        await message.answer(texts.ask_edit_place(view))
    elif field == "agenda":
        await message.answer(texts.ask_edit_agenda(view))
    else:
        await message.answer(texts.ask_edit_capacity(view),
                             reply_markup=keyboards.no_limit(view.id))
    await enter(state, EDIT_STATES[field], {"editing": view.id})  # once the question went out


async def _apply(message: Message, state: FSMContext, uow: UnitOfWork, clock: Clock,
                 field: str, *, place: str | None = None, agenda: str | None = None,
                 capacity: int | None = UNSET) -> None:
    """The change, told back; a value the service refuses is asked again (the state kept)."""
    assert message.from_user is not None
    table_id = int((await state.get_data()).get("editing", 0))
    try:
        view = await tables.edit_table(uow, now=clock(), telegram_id=message.from_user.id,
                                       table_id=table_id, place=place, agenda=agenda,
                                       capacity=capacity)
    except NotAllowed:
        await state.clear()
        await message.answer(texts.not_designer_of_this_team())
        return
    except TableProblem as problem:
        await _refused(message, state, uow, clock, table_id, problem.code)
        return
    await state.clear()
    await message.answer(texts.edited(view, field))


async def _refused(message: Message, state: FSMContext, uow: UnitOfWork, clock: Clock,
                   table_id: int, code: str) -> None:
    if code in ("bad_place", "bad_agenda", "bad_capacity"):
        await message.answer(texts.problem(code))
        return
    if code == "capacity_below_yes":
        assert message.from_user is not None
        view: TableView = await tables.editable(uow, now=clock(),
                                                telegram_id=message.from_user.id,
                                                table_id=table_id)
        await message.answer(texts.capacity_below_yes(view.yes),
                             reply_markup=keyboards.no_limit(table_id))
        return
    await state.clear()
    await message.answer(texts.problem(code))


async def on_edit_place(message: Message, state: FSMContext, uow: UnitOfWork,
                        clock: Clock) -> None:
    assert message.text is not None
    await _apply(message, state, uow, clock, "place", place=message.text)


async def on_edit_agenda(message: Message, state: FSMContext, uow: UnitOfWork,
                         clock: Clock) -> None:
    assert message.text is not None
    # The same reading as /newtable's: one point per line or separated by ";".
    await _apply(message, state, uow, clock, "agenda",
                 agenda="\n".join(logic.parse_lines(message.text)))


async def on_edit_capacity(message: Message, state: FSMContext, uow: UnitOfWork,
                           clock: Clock) -> None:
    assert message.text is not None
    capacity = logic.parse_capacity(message.text)
    if capacity is None:
        table_id = int((await state.get_data()).get("editing", 0))
        await message.answer(texts.bad_capacity_edit(), reply_markup=keyboards.no_limit(table_id))
        return
    await _apply(message, state, uow, clock, "capacity", capacity=capacity)
