"""/newtable: a designer sets a table, step by step, and checks it before it is announced.

    /newtable ──(several teams)──► team ──┐
        │                                  ▼
        └──(one team)──► when ──(read back in full, warnings)──► ✅ ──► place ► agenda
                          ▲  └─ partial: ask the missing part ─┘ ✏️ ──► when
                          │                                 capacity (skip) ► recurrence
                          └────────────── ✏️ field ◄── summary ◄── reminders (keep)
                                                         │ ✖️ ──► (nothing saved)
                                                         └ ✅ ──► saved (the service's event
                                                                  announces it)

The date step also serves moving a table from /tables (``manage``): the same question and
read-back, then the move instead of the next step.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.clock import Clock
from bot.flows.tables import logic, manage
from bot.flows.tables.states import TableFlow
from bot.fsm import enter
from bot.services import tables, teams
from bot.services.roles import NotAllowed
from bot.services.tables import TableDraft, TableProblem
from bot.ui.callbacks.tables import (
    ListDoneCb,
    RecurrenceCb,
    TableSkipCb,
    TableSummaryCb,
    TableTeamCb,
    WhenOkCb,
)
from bot.ui.keyboards import tables as keyboards
from bot.ui.texts import common as common_texts
from bot.ui.texts import tables as texts
from domain.tables import AskAgain, parse_when
from storage.uow import UnitOfWork


async def cmd_newtable(message: Message, state: FSMContext, uow: UnitOfWork) -> None:
    assert message.from_user is not None
    await state.clear()
    designed = await teams.designed_by_person(uow, message.from_user.id)
    if not designed:
        await message.answer(texts.designers_only())
        return
    if len(designed) == 1:
        await _begin(message, state, designed[0].id or 0, designed[0].name)
        return
    await state.set_state(TableFlow.team)
    await state.set_data({"teams": {str(t.id): t.name for t in designed}})
    await message.answer(texts.choose_team(),
                         reply_markup=keyboards.teams([(t.id or 0, t.name) for t in designed]))


async def _begin(message: Message, state: FSMContext, team_id: int, team_name: str) -> None:
    await _ask(message, state, "when", {"team_id": team_id, "team_name": team_name,
                                        "queue": list(logic.STEPS[1:]),
                                        "reminders": [1440, 60]})


async def on_team(callback: CallbackQuery, callback_data: TableTeamCb, message: Message,
                  state: FSMContext) -> None:
    offered: dict[str, str] = (await state.get_data()).get("teams", {})
    name = offered.get(str(callback_data.team_id))
    if name is None:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    await _begin(message, state, callback_data.team_id, name)


def _question(step: str) -> tuple[str, InlineKeyboardMarkup | None]:
    if step == "when":
        return texts.ask_when(), None
    if step == "place":
        return texts.ask_place(), None
    if step == "agenda":
        return texts.ask_agenda(), keyboards.skip("agenda")
    if step == "capacity":
        return texts.ask_capacity(), keyboards.skip("capacity")
    if step == "recurrence":
        return texts.ask_recurrence(), keyboards.recurrence()
    return texts.ask_reminders(), keyboards.skip("reminders")


async def _ask(message: Message, state: FSMContext, step: str, data: dict[str, Any]) -> None:
    """Ask `step`; the conversation (its state and `data`) moves there only once the question
    went out, so a question that failed leaves the person at the step they were answering."""
    text, markup = _question(step)
    await message.answer(text, reply_markup=markup)
    if step == "agenda":
        data = {k: v for k, v in data.items() if k != "agenda_items"}
    await enter(state, getattr(TableFlow, step), data)


async def _advance(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    """The next step in the queue, or the summary."""
    queue = [s for s in data.get("queue", []) if s in logic.STEPS]
    if queue:
        await _ask(message, state, queue[0], {**data, "queue": queue[1:]})
        return
    await message.answer(texts.summary(
        data["team_name"], datetime.fromisoformat(data["at"]), data["place"],
        data.get("agenda", ""), data.get("capacity"), data.get("recurrence", "none"),
        data.get("reminders", [])), reply_markup=keyboards.summary())
    await enter(state, TableFlow.summary, data)


async def on_when(message: Message, state: FSMContext, clock: Clock) -> None:
    assert message.text is not None
    data = dict(await state.get_data())
    pending_day = date.fromisoformat(data["day"]) if data.get("day") else None
    pending_hour = time.fromisoformat(data["hour"]) if data.get("hour") else None
    result = parse_when(message.text, now=clock(), day=pending_day, hour=pending_hour)
    if isinstance(result, AskAgain):
        data["day"] = result.day.isoformat() if result.day else None
        data["hour"] = result.hour.isoformat() if result.hour else None
        if result.code not in ("no_time", "no_date"):
            data["day"] = data["hour"] = None  # a wrong answer starts the date afresh
        await state.set_data(data)
        await message.answer(texts.when_problem(result.code, result.day, result.hour))
        return
    data.update(candidate=result.at.isoformat(), day=None, hour=None)
    await message.answer(texts.read_back(result.at, result.warnings),
                         reply_markup=keyboards.when_ok())
    await enter(state, TableFlow.when_confirm, data)


async def on_when_ok(callback: CallbackQuery, callback_data: WhenOkCb, message: Message,
                     state: FSMContext, uow: UnitOfWork, clock: Clock) -> None:
    data = dict(await state.get_data())
    await callback.answer()
    if not callback_data.ok or not data.get("candidate"):
        await _ask(message, state, "when", {**data, "candidate": None})
        return
    data["at"] = data.pop("candidate")
    if data.get("moving"):
        await manage.move(callback, message, state, uow, clock, data)
        return
    await _advance(message, state, data)


async def on_place(message: Message, state: FSMContext) -> None:
    assert message.text is not None
    text = message.text.strip()
    if not text or len(text) > tables.MAX_PLACE:
        await message.answer(texts.bad_place())
        return
    await _advance(message, state, {**await state.get_data(), "place": text})


async def on_agenda(message: Message, state: FSMContext) -> None:
    assert message.text is not None
    data = dict(await state.get_data())
    items, complete = logic.gather(list(data.get("agenda_items", [])), message.text)
    if len(message.text) > tables.MAX_AGENDA or len("\n".join(items)) > tables.MAX_AGENDA:
        await message.answer(texts.bad_agenda())
        return
    if not items:
        await message.answer(texts.ask_agenda(), reply_markup=keyboards.skip("agenda"))
        return
    if complete:
        await _advance(message, state, {**data, "agenda": "\n".join(items)})
        return
    await state.set_data({**data, "agenda_items": items})
    await message.answer(texts.list_so_far(items), reply_markup=keyboards.agenda_done())


async def on_agenda_done(callback: CallbackQuery, callback_data: ListDoneCb, message: Message,
                         state: FSMContext) -> None:
    data = dict(await state.get_data())
    items = data.pop("agenda_items", [])
    if callback_data.step != "agenda" or not items:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    await _advance(message, state, {**data, "agenda": "\n".join(items)})


async def on_capacity(message: Message, state: FSMContext) -> None:
    assert message.text is not None
    value = logic.parse_capacity(message.text)
    if value is None:
        await message.answer(texts.bad_capacity(), reply_markup=keyboards.skip("capacity"))
        return
    await _advance(message, state, {**await state.get_data(), "capacity": value})


async def on_reminders(message: Message, state: FSMContext) -> None:
    assert message.text is not None
    value = logic.parse_reminders(message.text)
    if value is None:
        await message.answer(texts.bad_reminders(), reply_markup=keyboards.skip("reminders"))
        return
    await _advance(message, state, {**await state.get_data(), "reminders": value})


async def on_skip(callback: CallbackQuery, callback_data: TableSkipCb, message: Message,
                  state: FSMContext, raw_state: str | None) -> None:
    expected = {TableFlow.agenda.state: "agenda", TableFlow.capacity.state: "capacity",
                TableFlow.reminders.state: "reminders"}
    if expected.get(raw_state or "") != callback_data.step:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    data = dict(await state.get_data())
    if callback_data.step == "agenda":
        data["agenda"] = ""
        data.pop("agenda_items", None)
    elif callback_data.step == "capacity":
        data["capacity"] = None
    await _advance(message, state, data)  # reminders: the ones already in the draft stay


async def on_recurrence(callback: CallbackQuery, callback_data: RecurrenceCb, message: Message,
                        state: FSMContext) -> None:
    if callback_data.kind not in ("none", "weekly", "monthly"):
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    await _advance(message, state, {**await state.get_data(), "recurrence": callback_data.kind})


async def on_summary(callback: CallbackQuery, callback_data: TableSummaryCb, message: Message,
                     state: FSMContext, uow: UnitOfWork, clock: Clock) -> None:
    data = dict(await state.get_data())
    if callback_data.action == "cancel":
        await callback.answer()
        await state.clear()
        await message.answer(texts.cancelled())
    elif callback_data.action == "edit" and callback_data.field in logic.STEPS:
        await callback.answer()
        data["queue"] = [callback_data.field]
        await _advance(message, state, data)
    elif callback_data.action == "confirm" and data.get("at"):
        await _confirm(callback, message, state, uow, clock, data)
    else:
        await callback.answer(common_texts.stale_button(), show_alert=True)


async def _confirm(callback: CallbackQuery, message: Message, state: FSMContext,
                   uow: UnitOfWork, clock: Clock, data: dict[str, Any]) -> None:
    now = clock()
    draft = TableDraft(team_id=int(data["team_id"]), starts_at=datetime.fromisoformat(data["at"]),
                       place=data["place"], agenda=data.get("agenda", ""),
                       capacity=data.get("capacity"), recurrence=data.get("recurrence", "none"),
                       reminders=tuple(data.get("reminders", [])))
    try:
        view = await tables.create_table(uow, now=now, telegram_id=callback.from_user.id,
                                         draft=draft)
    except NotAllowed:
        await callback.answer(texts.not_designer_of_this_team(), show_alert=True)
        await state.clear()
        return
    except TableProblem as problem:
        await callback.answer()
        await message.answer(texts.problem(problem.code) if problem.code != "past"
                             else texts.when_problem("past", None, None))
        data["queue"] = ["when"] if problem.code == "past" else []
        await _advance(message, state, data)
        return
    await callback.answer()
    await state.clear()
    told = await tables.announcement(uow, table_id=view.id)
    await message.answer(texts.published(view.starts_at, group=told.group is not None,
                                         members=len(told.members)))
