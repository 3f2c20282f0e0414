"""/minutes, after a table: which table ► who came (drafted from the answers: keep or rewrite)
► decisions ► notes ► check ► posted (the service's event posts it to the group) and kept; then
each decision may become a need through /newneed's guided flow, its title written.
"""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.config import Settings
from bot.flows import needs as needs_flow
from bot.flows.tables import logic
from bot.flows.tables.states import MinutesFlow
from bot.fsm import enter
from bot.i18n import current_locale
from bot.services import needs, tables, teams
from bot.services.roles import NotAllowed
from bot.services.tables import TableProblem
from bot.ui.callbacks.tables import DecisionNeedCb, MinutesStepCb, MinutesTableCb
from bot.ui.keyboards import tables as keyboards
from bot.ui.texts import common as common_texts
from bot.ui.texts import table_notices as notices
from bot.ui.texts import tables as texts
from domain.territory import Gazetteer
from storage.uow import UnitOfWork


async def cmd_minutes(message: Message, state: FSMContext, uow: UnitOfWork,
                      clock: Clock) -> None:
    assert message.from_user is not None
    await state.clear()
    if not await teams.designed_by_person(uow, message.from_user.id):
        await message.answer(texts.minutes_designers_only())
        return
    due = await tables.minutes_candidates(uow, now=clock(), telegram_id=message.from_user.id)
    if not due:
        await message.answer(texts.no_minutes_due())
        return
    await state.set_state(MinutesFlow.table)
    await state.set_data({"offered": [t.id for t in due]})
    await message.answer(texts.choose_minutes_table(),
                         reply_markup=keyboards.minutes_tables(due))


async def on_minutes_table(callback: CallbackQuery, callback_data: MinutesTableCb,
                           message: Message, state: FSMContext, uow: UnitOfWork) -> None:
    data = await state.get_data()
    if callback_data.table_id not in data.get("offered", []):
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    try:
        names = await tables.attendance_guess(uow, telegram_id=callback.from_user.id,
                                              table_id=callback_data.table_id)
    except (NotAllowed, TableProblem):
        await callback.answer(common_texts.stale_button(), show_alert=True)
        await state.clear()
        return
    await callback.answer()
    await message.answer(texts.ask_attendance(names, logic.MAX_ATTENDANCE),
                         reply_markup=keyboards.minutes_keep())
    await enter(state, MinutesFlow.attendance, {"table_id": callback_data.table_id,
                                                "attendance": names})


def _too_long(text: str, limit: int) -> str | None:
    """The refusal of an answer over ``limit`` characters, said before it is kept (counted
    as it goes into the HTML of the check and of the group's post, escaped)."""
    length = len(common_texts.q(text.strip()))
    return common_texts.too_long(limit, length) if length > limit else None


async def on_attendance(message: Message, state: FSMContext) -> None:
    assert message.text is not None
    if refusal := _too_long(message.text, logic.MAX_ATTENDANCE):
        await message.answer(refusal)
        return
    # The next question first: the step advances only once it went out.
    await message.answer(texts.ask_decisions(logic.MAX_DECISIONS),
                         reply_markup=keyboards.minutes_skip())
    await state.set_data({**await state.get_data(), "attendance": logic.parse_names(message.text)})
    await state.set_state(MinutesFlow.decisions)


async def on_decisions(message: Message, state: FSMContext) -> None:
    assert message.text is not None
    data = dict(await state.get_data())
    items, complete = logic.gather(list(data.get("decision_items", [])), message.text)
    if refusal := (_too_long(message.text, logic.MAX_DECISIONS)
                   or _too_long("\n".join(items), logic.MAX_DECISIONS)):
        await message.answer(refusal)
        return
    if not items:
        await message.answer(texts.ask_decisions(logic.MAX_DECISIONS),
                             reply_markup=keyboards.minutes_skip())
        return
    if complete:
        await message.answer(texts.ask_notes(logic.MAX_NOTES),
                             reply_markup=keyboards.minutes_skip())
        await state.set_data({**data, "decisions": items})
        await state.set_state(MinutesFlow.notes)
        return
    await message.answer(texts.list_so_far(items), reply_markup=keyboards.decisions_done())
    await state.set_data({**data, "decision_items": items})


async def on_notes(message: Message, state: FSMContext, uow: UnitOfWork) -> None:
    assert message.text is not None
    if refusal := _too_long(message.text, logic.MAX_NOTES):
        await message.answer(refusal)
        return
    await _minutes_summary(message, state, uow, {**await state.get_data(),
                                                 "notes": message.text.strip()})


async def _minutes_summary(message: Message, state: FSMContext, uow: UnitOfWork,
                           data: dict[str, Any]) -> None:
    view = await tables.view_of(uow, table_id=int(data["table_id"]))
    await message.answer(texts.minutes_check() + "\n\n" + notices.minutes_text(
        view, data.get("attendance", []), data.get("decisions", []), data.get("notes", "")),
        reply_markup=keyboards.minutes_summary())
    await state.set_data(data)
    await state.set_state(MinutesFlow.summary)


async def on_minutes_step(callback: CallbackQuery, callback_data: MinutesStepCb,
                          message: Message, state: FSMContext, raw_state: str | None,
                          uow: UnitOfWork, clock: Clock) -> None:
    data = dict(await state.get_data())
    action = callback_data.action
    if action == "keep" and raw_state == MinutesFlow.attendance.state:
        await callback.answer()
        await message.answer(texts.ask_decisions(logic.MAX_DECISIONS),
                             reply_markup=keyboards.minutes_skip())
        await state.set_state(MinutesFlow.decisions)
    elif action == "done" and raw_state == MinutesFlow.decisions.state and data.get(
            "decision_items"):
        await callback.answer()
        await message.answer(texts.ask_notes(logic.MAX_NOTES),
                             reply_markup=keyboards.minutes_skip())
        await state.set_data({**data, "decisions": data.pop("decision_items")})
        await state.set_state(MinutesFlow.notes)
    elif action == "skip" and raw_state == MinutesFlow.decisions.state:
        await callback.answer()
        data.pop("decision_items", None)
        await message.answer(texts.ask_notes(logic.MAX_NOTES),
                             reply_markup=keyboards.minutes_skip())
        await enter(state, MinutesFlow.notes, {**data, "decisions": []})
    elif action == "skip" and raw_state == MinutesFlow.notes.state:
        await callback.answer()
        await _minutes_summary(message, state, uow, {**data, "notes": ""})
    elif action == "cancel" and raw_state == MinutesFlow.summary.state:
        await callback.answer()
        await state.clear()
        await message.answer(texts.cancelled())
    elif action == "publish" and raw_state == MinutesFlow.summary.state:
        await _publish_minutes(callback, message, state, uow, clock, data)
    else:
        await callback.answer(common_texts.stale_button(), show_alert=True)


async def _publish_minutes(callback: CallbackQuery, message: Message, state: FSMContext,
                           uow: UnitOfWork, clock: Clock, data: dict[str, Any]) -> None:
    try:
        minutes = await tables.write_minutes(
            uow, now=clock(), telegram_id=callback.from_user.id, table_id=int(data["table_id"]),
            attendance=data.get("attendance", []), decisions=data.get("decisions", []),
            notes=data.get("notes", ""), language=current_locale())
    except NotAllowed:
        await callback.answer(texts.not_designer_of_this_team(), show_alert=True)
        await state.clear()
        return
    except TableProblem as problem:
        await callback.answer(texts.problem(problem.code), show_alert=True)
        await state.clear()
        return
    await callback.answer()
    await state.clear()
    told = await tables.announcement(uow, table_id=minutes.table.id)
    await message.answer(texts.minutes_posted(group=told.group is not None))
    if minutes.decisions:
        await message.answer(texts.decision_to_need_hint(),
                             reply_markup=keyboards.decisions(minutes.table.id,
                                                              minutes.decisions))


async def on_decision(callback: CallbackQuery, callback_data: DecisionNeedCb, message: Message,
                      state: FSMContext, uow: UnitOfWork, clock: Clock, settings: Settings,
                      gazetteer: Gazetteer) -> None:
    """A decision becomes a need: /newneed's guided flow, its title already written; the
    designer checks the summary and publishes it (``services.needs.post_need``)."""
    try:
        team_id, decision = await tables.decision_of(
            uow, telegram_id=callback.from_user.id, table_id=callback_data.table_id,
            index=callback_data.index)
    except NotAllowed:
        await callback.answer(texts.not_designer_of_this_team(), show_alert=True)
        return
    except TableProblem as problem:
        await callback.answer(texts.problem(problem.code), show_alert=True)
        return
    team = await needs.team_of(uow, team_id)
    if team is None:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    await needs_flow.start_from_title(message, state, uow, clock, settings, gazetteer,
                                   designer_id=callback.from_user.id, team=team, title=decision,
                                   table_id=callback_data.table_id)
