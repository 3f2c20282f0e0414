"""/newtable, the RSVP buttons, /tables and /minutes, as a table of states and transitions.

    /newtable ──(several teams)──► team ──┐
        │                                  ▼
        └──(one team)──► when ──(read back in full, warnings)──► ✅ ──► place ► agenda
                          ▲  └─ partial: ask the missing part ─┘ ✏️ ──► when
                          │                                 capacity (skip) ► recurrence
                          └────────────── ✏️ field ◄── summary ◄── reminders (keep)
                                                         │ ✖️ ──► (nothing saved)
                                                         └ ✅ ──► saved, announced (outbox)

    RSVP button (group or private) ─► services.tables.rsvp ─► counts edited in place
    /tables ─► list + a .ics per table        /minutes ─► table ► attendance ► decisions ► notes
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.clock import Clock
from bot.commands import Audience, CommandSpec, Where
from bot.config import Settings
from bot.filters import Command, HasText, InState, NoText, OnMessage, PrivateChat
from bot.flows import needs as newneed
from bot.flows.tables import announce, ics, logic
from bot.flows.tables.states import MinutesFlow, TableFlow
from bot.i18n import speak
from bot.services import needs, tables, teams
from bot.services.roles import NotAllowed
from bot.services.tables import TableDraft, TableProblem
from bot.ui.callbacks.tables import (
    DecisionNeedCb,
    MinutesStepCb,
    MinutesTableCb,
    RecurrenceCb,
    RsvpCb,
    TableIcsCb,
    TableManageCb,
    TableSkipCb,
    TableSummaryCb,
    TableTeamCb,
    WhenOkCb,
)
from bot.ui.keyboards import tables as keyboards
from bot.ui.texts import common as common_texts
from bot.ui.texts import tables as texts
from domain.tables import AskAgain, parse_when
from domain.territory import Gazetteer
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork

COMMANDS = (
    CommandSpec("newtable", Audience.DESIGNER, Where.PRIVATE, texts.NEWTABLE_MENU,
                texts.NEWTABLE_HELP),
    CommandSpec("tables", Audience.MEMBER, Where.PRIVATE, texts.TABLES_MENU, texts.TABLES_HELP),
    CommandSpec("minutes", Audience.DESIGNER, Where.PRIVATE, texts.MINUTES_MENU,
                texts.MINUTES_HELP),
)

OWN_STATES = frozenset(s.state for s in (*TableFlow.__all_states__,
                                         *MinutesFlow.__all_states__))


# --- /newtable ----------------------------------------------------------------------------------


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
    await state.set_data({"team_id": team_id, "team_name": team_name,
                          "queue": list(logic.STEPS[1:]), "reminders": [1440, 60]})
    await _ask(message, state, "when")


async def on_team(callback: CallbackQuery, callback_data: TableTeamCb, message: Message,
                  state: FSMContext) -> None:
    offered: dict[str, str] = (await state.get_data()).get("teams", {})
    name = offered.get(str(callback_data.team_id))
    if name is None:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    await _begin(message, state, callback_data.team_id, name)


async def _ask(message: Message, state: FSMContext, step: str) -> None:
    await state.set_state(getattr(TableFlow, step))
    if step == "when":
        await message.answer(texts.ask_when())
    elif step == "place":
        await message.answer(texts.ask_place())
    elif step == "agenda":
        await message.answer(texts.ask_agenda(), reply_markup=keyboards.skip("agenda"))
    elif step == "capacity":
        await message.answer(texts.ask_capacity(), reply_markup=keyboards.skip("capacity"))
    elif step == "recurrence":
        await message.answer(texts.ask_recurrence(), reply_markup=keyboards.recurrence())
    elif step == "reminders":
        await message.answer(texts.ask_reminders(), reply_markup=keyboards.skip("reminders"))


async def _advance(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    """The next step in the queue, or the summary."""
    queue = [s for s in data.get("queue", []) if s in logic.STEPS]
    if queue:
        data["queue"] = queue[1:]
        await state.set_data(data)
        await _ask(message, state, queue[0])
        return
    await state.set_data(data)
    await state.set_state(TableFlow.summary)
    await message.answer(texts.summary(
        data["team_name"], datetime.fromisoformat(data["at"]), data["place"],
        data.get("agenda", ""), data.get("capacity"), data.get("recurrence", "none"),
        data.get("reminders", [])), reply_markup=keyboards.summary())


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
    await state.set_data(data)
    await state.set_state(TableFlow.when_confirm)
    await message.answer(texts.read_back(result.at, result.warnings),
                         reply_markup=keyboards.when_ok())


async def on_when_ok(callback: CallbackQuery, callback_data: WhenOkCb, message: Message,
                     state: FSMContext, uow: UnitOfWork, clock: Clock) -> None:
    data = dict(await state.get_data())
    await callback.answer()
    if not callback_data.ok or not data.get("candidate"):
        await state.set_data({**data, "candidate": None})
        await _ask(message, state, "when")
        return
    data["at"] = data.pop("candidate")
    if data.get("moving"):
        await _move(callback, message, state, uow, clock, data)
        return
    await _advance(message, state, data)


async def _move(callback: CallbackQuery, message: Message, state: FSMContext, uow: UnitOfWork,
                clock: Clock, data: dict[str, Any]) -> None:
    now = clock()
    await state.clear()
    try:
        old = await tables.table_for_designer(uow, telegram_id=callback.from_user.id,
                                              table_id=int(data["moving"]))
        view = await tables.move_table(uow, now=now, telegram_id=callback.from_user.id,
                                       table_id=old.id,
                                       starts_at=datetime.fromisoformat(data["at"]))
    except NotAllowed:
        await message.answer(texts.not_designer_of_this_team())
        return
    except TableProblem as problem:
        await message.answer(texts.problem(problem.code))
        return
    await announce.announce(uow, view.id, now=now, moved_from=old.starts_at)
    await message.answer(texts.moved(view))


async def on_manage(callback: CallbackQuery, callback_data: TableManageCb, message: Message,
                    state: FSMContext, uow: UnitOfWork, clock: Clock) -> None:
    """Move or cancel a table from /tables: the role and the table checked again."""
    try:
        view = await tables.table_for_designer(uow, telegram_id=callback.from_user.id,
                                               table_id=callback_data.table_id)
        if view.status != "scheduled":
            raise TableProblem("cancelled")
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
        await state.set_state(TableFlow.when)
        await state.set_data({"moving": view.id, "queue": []})
        await message.answer(texts.ask_new_when(view))
    elif action == "reminders":
        await callback.answer()
        await state.set_state(TableFlow.change_reminders)
        await state.set_data({"reminders_of": view.id})
        await message.answer(texts.ask_new_reminders(view, view.reminders))
    elif action == "cancel":
        await callback.answer()
        await message.answer(texts.confirm_cancel(view),
                             reply_markup=keyboards.confirm_cancel(view.id))
    elif action == "cancel_yes":
        now = clock()
        await tables.cancel_table(uow, now=now, telegram_id=callback.from_user.id,
                                  table_id=view.id)
        await announce.announce_cancelled(uow, view.id, now=now)
        await callback.answer()
        await message.answer(texts.cancelled_done())
    elif action == "keep":
        await callback.answer()
        await message.answer(texts.kept())
    else:
        await callback.answer(common_texts.stale_button(), show_alert=True)


async def on_place(message: Message, state: FSMContext) -> None:
    assert message.text is not None
    text = message.text.strip()
    if not text or len(text) > tables.MAX_PLACE:
        await message.answer(texts.bad_place())
        return
    await _advance(message, state, {**await state.get_data(), "place": text})


async def on_agenda(message: Message, state: FSMContext) -> None:
    assert message.text is not None
    if len(message.text) > tables.MAX_AGENDA:
        await message.answer(texts.bad_agenda())
        return
    await _advance(message, state, {**await state.get_data(),
                                    "agenda": "\n".join(logic.parse_lines(message.text))})


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
    told = await announce.announce(uow, view.id, now=now)
    await message.answer(texts.published(view.starts_at, group=told.group is not None,
                                         members=len(told.members)))


# --- RSVP ---------------------------------------------------------------------------------------


async def on_rsvp(callback: CallbackQuery, callback_data: RsvpCb, message: Message,
                  uow: UnitOfWork, clock: Clock, bot: Bot) -> None:
    now = clock()
    try:
        outcome = await tables.rsvp(uow, now=now, telegram_id=callback.from_user.id,
                                    table_id=callback_data.table_id, answer=callback_data.answer)
    except TableProblem as problem:
        await callback.answer(texts.problem(problem.code), show_alert=True)
        return
    view = outcome.table
    if message.chat.type != "private":
        await tables.remember_group_message(uow, table_id=view.id, chat_id=message.chat.id,
                                            message_id=message.message_id)
    if outcome.promoted:
        await announce.tell_promoted(uow, view, outcome.promoted, now=now)
    await uow.commit_if_open()  # the counts edited below are the committed ones
    await callback.answer(texts.rsvp_recorded(outcome.answer, outcome.waiting),
                          show_alert=outcome.waiting)
    await _refresh(bot, uow, view.id, message)


async def _refresh(bot: Bot, uow: UnitOfWork, table_id: int, pressed: Message) -> None:
    """The counts edited in place: on the message pressed and on the group's announcement."""
    view = await tables.view_of(uow, table_id=table_id)
    told = await tables.announcement(uow, table_id=table_id)
    targets = {(pressed.chat.id, pressed.message_id)}
    if view.group_chat_id is not None and view.group_message_id is not None:
        targets.add((view.group_chat_id, view.group_message_id))
    for chat_id, message_id in targets:
        language = (told.group.language if told.group and told.group.chat_id == chat_id
                    else next((r.language for r in told.members if r.chat_id == chat_id),
                              None))
        with speak(language or "it"):
            text = texts.announcement(view)
            markup = keyboards.rsvp(view)
        try:
            await bot.edit_message_text(text=text, chat_id=chat_id, message_id=message_id,
                                        reply_markup=markup)
        except TelegramAPIError:
            pass  # too old to edit, deleted, or unchanged: the counts are in /tables anyway


# --- /tables ------------------------------------------------------------------------------------


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


# --- /minutes -----------------------------------------------------------------------------------


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
    await state.set_data({"table_id": callback_data.table_id, "attendance": names})
    await state.set_state(MinutesFlow.attendance)
    await message.answer(texts.ask_attendance(names), reply_markup=keyboards.minutes_keep())


async def on_attendance(message: Message, state: FSMContext) -> None:
    assert message.text is not None
    await state.set_data({**await state.get_data(), "attendance": logic.parse_names(message.text)})
    await state.set_state(MinutesFlow.decisions)
    await message.answer(texts.ask_decisions(), reply_markup=keyboards.minutes_skip())


async def on_decisions(message: Message, state: FSMContext) -> None:
    assert message.text is not None
    await state.set_data({**await state.get_data(), "decisions": logic.parse_lines(message.text)})
    await state.set_state(MinutesFlow.notes)
    await message.answer(texts.ask_notes(), reply_markup=keyboards.minutes_skip())


async def on_notes(message: Message, state: FSMContext, uow: UnitOfWork) -> None:
    assert message.text is not None
    await _minutes_summary(message, state, uow, {**await state.get_data(),
                                                 "notes": message.text.strip()[:3000]})


async def _minutes_summary(message: Message, state: FSMContext, uow: UnitOfWork,
                           data: dict[str, Any]) -> None:
    await state.set_data(data)
    await state.set_state(MinutesFlow.summary)
    view = await tables.view_of(uow, table_id=int(data["table_id"]))
    await message.answer(texts.minutes_check() + "\n\n" + texts.minutes_text(
        view, data.get("attendance", []), data.get("decisions", []), data.get("notes", "")),
        reply_markup=keyboards.minutes_summary())


async def on_minutes_step(callback: CallbackQuery, callback_data: MinutesStepCb,
                          message: Message, state: FSMContext, raw_state: str | None,
                          uow: UnitOfWork, clock: Clock) -> None:
    data = dict(await state.get_data())
    action = callback_data.action
    if action == "keep" and raw_state == MinutesFlow.attendance.state:
        await callback.answer()
        await state.set_state(MinutesFlow.decisions)
        await message.answer(texts.ask_decisions(), reply_markup=keyboards.minutes_skip())
    elif action == "skip" and raw_state == MinutesFlow.decisions.state:
        await callback.answer()
        await state.set_data({**data, "decisions": []})
        await state.set_state(MinutesFlow.notes)
        await message.answer(texts.ask_notes(), reply_markup=keyboards.minutes_skip())
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
    now = clock()
    try:
        minutes = await tables.write_minutes(
            uow, now=now, telegram_id=callback.from_user.id, table_id=int(data["table_id"]),
            attendance=data.get("attendance", []), decisions=data.get("decisions", []),
            notes=data.get("notes", ""))
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
    if told.group is not None:
        with speak(told.group.language):
            text = texts.minutes_text(minutes.table, minutes.attendance, minutes.decisions,
                                      minutes.notes)
        await uow.outbox.enqueue_many([OutboxItem(
            key=f"table-minutes:{minutes.table.id}:{told.group.chat_id}",
            chat_id=told.group.chat_id, text=text)], now=now)
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
    await newneed.start_from_title(message, state, uow, clock, settings, gazetteer,
                                   designer_id=callback.from_user.id, team=team, title=decision)


# --- the rest -----------------------------------------------------------------------------------


async def cmd_designers_only(message: Message) -> None:
    await message.answer(texts.designers_only())


async def cmd_cancel(message: Message, state: FSMContext) -> None:
    await state.clear()
    await message.answer(texts.cancelled())


async def on_text_instead_of_button(message: Message, state: FSMContext,
                                    raw_state: str | None) -> None:
    """A step answered with buttons: say so, and show them again under the question."""
    data = await state.get_data()
    markup = None
    if raw_state == TableFlow.when_confirm.state and data.get("candidate"):
        markup = keyboards.when_ok()
    elif raw_state == TableFlow.recurrence.state:
        markup = keyboards.recurrence()
    elif raw_state == TableFlow.summary.state:
        markup = keyboards.summary()
    elif raw_state == TableFlow.team.state:
        markup = keyboards.teams([(int(k), v) for k, v in data.get("teams", {}).items()])
    elif raw_state == MinutesFlow.summary.state:
        markup = keyboards.minutes_summary()
    await message.answer(texts.use_buttons(), reply_markup=markup)


async def on_text_expected(message: Message) -> None:
    await message.answer(texts.text_expected())


def create_router() -> Router:
    """The tables table: which update, in which state, goes to which step."""
    router = Router(name="tables")
    own = InState(*TableFlow.__all_states__, *MinutesFlow.__all_states__)
    # RSVP buttons work in the group and in private.
    router.callback_query.register(on_rsvp, RsvpCb.filter(), OnMessage())
    router.message.filter(PrivateChat())
    private = (PrivateChat(), OnMessage())
    router.message.register(cmd_newtable, Command("newtable"))
    router.message.register(cmd_tables, Command("tables"))
    router.message.register(cmd_minutes, Command("minutes"))
    router.message.register(cmd_cancel, Command("cancel"), own)
    router.message.register(on_when, InState(TableFlow.when), HasText())
    router.message.register(on_place, InState(TableFlow.place), HasText())
    router.message.register(on_agenda, InState(TableFlow.agenda), HasText())
    router.message.register(on_capacity, InState(TableFlow.capacity), HasText())
    router.message.register(on_reminders, InState(TableFlow.reminders), HasText())
    router.message.register(on_change_reminders, InState(TableFlow.change_reminders), HasText())
    router.message.register(on_attendance, InState(MinutesFlow.attendance), HasText())
    router.message.register(on_decisions, InState(MinutesFlow.decisions), HasText())
    router.message.register(on_notes, InState(MinutesFlow.notes), HasText())
    router.message.register(on_text_instead_of_button, InState(
        TableFlow.team, TableFlow.when_confirm, TableFlow.recurrence, TableFlow.summary,
        MinutesFlow.table, MinutesFlow.summary), HasText())
    router.message.register(on_text_expected, own, NoText())
    router.callback_query.register(on_team, InState(TableFlow.team), TableTeamCb.filter(),
                                   *private)
    router.callback_query.register(on_when_ok, InState(TableFlow.when_confirm),
                                   WhenOkCb.filter(), *private)
    router.callback_query.register(on_skip, TableSkipCb.filter(), own, *private)
    router.callback_query.register(on_recurrence, InState(TableFlow.recurrence),
                                   RecurrenceCb.filter(), *private)
    router.callback_query.register(on_summary, InState(TableFlow.summary),
                                   TableSummaryCb.filter(), *private)
    router.callback_query.register(on_ics, TableIcsCb.filter(), *private)
    router.callback_query.register(on_manage, TableManageCb.filter(), *private)
    router.callback_query.register(on_decision, DecisionNeedCb.filter(), *private)
    router.callback_query.register(on_minutes_table, InState(MinutesFlow.table),
                                   MinutesTableCb.filter(), *private)
    router.callback_query.register(on_minutes_step, MinutesStepCb.filter(), own, *private)
    return router
