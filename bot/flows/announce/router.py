"""/announce, as a table:

    /announce ──(several teams)──► team ──┐
        └──(one team)─────────────────────►  text ──► who (group / members / both;
                                                       members only if no group is linked)
        ┌─────────────────────────────────────────────────────┘
        ▼
      when ── ⚡ Now ───────────────────────────────► preview ── ✅ ──► scheduled (the
        └── a typed day and time ──► read back ── ✅ ─┘   │        scheduler releases it to
                  ▲                     └ ✏️ ──► when     │        the outbox at its time)
                  └ partial or past: asked again          └ ✖️ ──► nothing sent

It goes through the same scheduled notice as `cohesion announce` (bot.services.announcements),
worded per recipient by bot.notify.team. The designer's role is checked at the start, on the
team button (the teams offered are kept in the state) and again by the service at the end.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.clock import Clock
from bot.commands import Audience, CommandSpec, Where
from bot.filters import Command, HasText, InState, NoText, OnMessage, PrivateChat
from bot.flows.announce.states import AnnounceFlow
from bot.fsm import enter
from bot.middlewares import watch_questions
from bot.services import announcements, teams
from bot.services.announcements import AnnouncementProblem
from bot.services.roles import NotAllowed
from bot.ui.callbacks.announce import AnnAudienceCb, AnnConfirmCb, AnnTeamCb, AnnWhenCb
from bot.ui.keyboards import announce as keyboards
from bot.ui.texts import announcements as texts
from bot.ui.texts import common as common_texts
from bot.ui.texts import tables as tables_texts
from domain.tables import AskAgain, parse_when
from storage.uow import UnitOfWork

COMMANDS = (
    CommandSpec("announce", Audience.DESIGNER, Where.PRIVATE, texts.ANNOUNCE_MENU,
                texts.ANNOUNCE_HELP),
)
AUDIENCES = {"group": (True, False), "members": (False, True), "both": (True, True)}


async def cmd_announce(message: Message, state: FSMContext, uow: UnitOfWork) -> None:
    assert message.from_user is not None
    await state.clear()
    designed = await teams.designed_by_person(uow, message.from_user.id)
    if not designed:
        await message.answer(texts.designers_only())
        return
    offered = {str(team.id): [team.name, team.group_chat_id is not None] for team in designed}
    if len(designed) == 1:
        await _begin(message, state, str(designed[0].id), offered)
        return
    await state.set_state(AnnounceFlow.team)
    await state.set_data({"teams": offered})
    await message.answer(texts.choose_team(), reply_markup=keyboards.teams(
        [(int(team_id), str(entry[0])) for team_id, entry in offered.items()]))


async def _begin(message: Message, state: FSMContext, team_id: str,
                 offered: dict[str, Any]) -> None:
    name, linked = offered[team_id]
    await message.answer(texts.ask_text(name))
    await enter(state, AnnounceFlow.text, {"team_id": int(team_id), "team_name": name,
                                           "linked": linked})


async def on_team(callback: CallbackQuery, callback_data: AnnTeamCb, message: Message,
                  state: FSMContext) -> None:
    offered: dict[str, Any] = (await state.get_data()).get("teams", {})
    if str(callback_data.team_id) not in offered:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    await message.edit_reply_markup(reply_markup=None)
    await _begin(message, state, str(callback_data.team_id), offered)


async def on_text(message: Message, state: FSMContext) -> None:
    assert message.text is not None
    text = message.text.strip()
    if not 1 <= len(text) <= announcements.MAX_LENGTH:
        await message.answer(texts.bad_text())
        return
    # Each question goes out before the conversation moves on: one that failed leaves the
    # person at the step they were answering.
    data = {**await state.get_data(), "text": text}
    if data.get("linked"):
        await message.answer(texts.ask_audience(), reply_markup=keyboards.audience())
        await enter(state, AnnounceFlow.audience, data)
        return
    await message.answer(texts.no_group_note())
    await _ask_when(message, state, {**data, "who": "members"})


async def _ask_when(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    await message.answer(texts.ask_when(), reply_markup=keyboards.when())
    await enter(state, AnnounceFlow.when, data)


async def on_audience(callback: CallbackQuery, callback_data: AnnAudienceCb, message: Message,
                      state: FSMContext) -> None:
    if callback_data.who not in AUDIENCES:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    await message.edit_reply_markup(reply_markup=None)
    await _ask_when(message, state, {**await state.get_data(), "who": callback_data.who})


async def on_when_typed(message: Message, state: FSMContext, clock: Clock) -> None:
    """The day and time read as /newtable reads a meeting's: partial answers are completed,
    a past moment is refused, the moment is read back in full before it is kept."""
    assert message.text is not None
    data = dict(await state.get_data())
    day = date.fromisoformat(data["day"]) if data.get("day") else None
    hour = time.fromisoformat(data["hour"]) if data.get("hour") else None
    result = parse_when(message.text, now=clock(), day=day, hour=hour)
    if isinstance(result, AskAgain):
        keep = result.code in ("no_time", "no_date")
        data["day"] = result.day.isoformat() if keep and result.day else None
        data["hour"] = result.hour.isoformat() if keep and result.hour else None
        await state.set_data(data)
        await message.answer(tables_texts.when_problem(result.code, result.day, result.hour),
                             reply_markup=keyboards.when())
        return
    await message.answer(texts.read_back(result.at), reply_markup=keyboards.when_ok())
    await enter(state, AnnounceFlow.when_confirm, {**data, "candidate": result.at.isoformat(),
                                                   "day": None, "hour": None})


async def on_when(callback: CallbackQuery, callback_data: AnnWhenCb, message: Message,
                  state: FSMContext, raw_state: str | None) -> None:
    data = dict(await state.get_data())
    choice = callback_data.choice
    confirming = raw_state == AnnounceFlow.when_confirm.state
    if (choice == "now" and confirming) or (choice in ("ok", "again") and not confirming) \
            or choice not in ("now", "ok", "again") \
            or (choice == "ok" and not data.get("candidate")):
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    await message.edit_reply_markup(reply_markup=None)
    if choice == "again":
        await _ask_when(message, state, {**data, "candidate": None})
        return
    data["at"] = data.pop("candidate") if choice == "ok" else None
    at = datetime.fromisoformat(data["at"]) if data["at"] else None
    await message.answer(texts.preview(texts.announcement(data["team_name"], data["text"]),
                                       who=data["who"], at=at),
                         reply_markup=keyboards.confirm(now=at is None))
    await enter(state, AnnounceFlow.preview, data)


async def on_confirm(callback: CallbackQuery, callback_data: AnnConfirmCb, message: Message,
                     state: FSMContext, uow: UnitOfWork, clock: Clock) -> None:
    data = dict(await state.get_data())
    await state.clear()
    if not callback_data.ok:
        await callback.answer()
        await message.edit_reply_markup(reply_markup=None)
        await message.answer(texts.cancelled())
        return
    now = clock()
    at = datetime.fromisoformat(data["at"]) if data.get("at") else None
    if at is not None and at <= now:  # the preview waited past its moment
        at = None
    group, members = AUDIENCES.get(str(data.get("who")), (False, False))
    try:
        done = await announcements.announce(
            uow, by=callback.from_user.id, team_id=int(data["team_id"]), text=str(data["text"]),
            group=group, members=members, due_at=at or now, now=now)
    except NotAllowed:
        await callback.answer(texts.designers_only(), show_alert=True)
        return
    except AnnouncementProblem:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    await message.edit_reply_markup(reply_markup=None)
    if not done.added:
        await message.answer(texts.already_scheduled())
    else:
        await message.answer(texts.sent() if at is None else texts.scheduled(at))


async def cmd_cancel(message: Message, state: FSMContext) -> None:
    await state.clear()
    await message.answer(texts.cancelled())


async def on_text_instead_of_button(message: Message, state: FSMContext,
                                    raw_state: str | None) -> None:
    """A step answered with buttons: say so, and show them again under the question."""
    data = await state.get_data()
    markup: InlineKeyboardMarkup | None = None
    if raw_state == AnnounceFlow.team.state:
        markup = keyboards.teams([(int(team_id), str(entry[0]))
                                  for team_id, entry in data.get("teams", {}).items()])
    elif raw_state == AnnounceFlow.audience.state:
        markup = keyboards.audience()
    elif raw_state == AnnounceFlow.when_confirm.state:
        markup = keyboards.when_ok()
    elif raw_state == AnnounceFlow.preview.state:
        markup = keyboards.confirm(now=not data.get("at"))
    await message.answer(texts.use_buttons(), reply_markup=markup)


async def on_text_expected(message: Message) -> None:
    await message.answer(common_texts.text_expected())


def create_router() -> Router:
    """The /announce table: which update, in which state, goes to which step."""
    router = Router(name="announce")
    watch_questions(router)
    router.message.filter(PrivateChat())
    router.callback_query.filter(PrivateChat(), OnMessage())
    own = InState(*AnnounceFlow.__all_states__)
    on_message, on_button = router.message.register, router.callback_query.register
    on_message(cmd_announce, Command("announce"))
    on_message(cmd_cancel, Command("cancel"), own)
    on_message(on_text, InState(AnnounceFlow.text), HasText())
    on_message(on_when_typed, InState(AnnounceFlow.when), HasText())
    on_message(on_text_instead_of_button, InState(
        AnnounceFlow.team, AnnounceFlow.audience, AnnounceFlow.when_confirm,
        AnnounceFlow.preview), HasText())
    on_message(on_text_expected, own, NoText())
    on_button(on_team, InState(AnnounceFlow.team), AnnTeamCb.filter())
    on_button(on_audience, InState(AnnounceFlow.audience), AnnAudienceCb.filter())
    on_button(on_when, InState(AnnounceFlow.when, AnnounceFlow.when_confirm), AnnWhenCb.filter())
    on_button(on_confirm, InState(AnnounceFlow.preview), AnnConfirmCb.filter())
    return router
