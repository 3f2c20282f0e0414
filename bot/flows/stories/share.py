"""/share, step by step (the table is in ``router``): each answer checked here for the person,
again by the service at the end."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.clock import Clock
from bot.flows.stories.states import ShareFlow
from bot.fsm import enter
from bot.services import stories
from bot.services.roles import NotAllowed
from bot.services.stories import Draft, StoryProblem
from bot.ui.callbacks.stories import StoryCategoryCb, StoryOriginCb, StorySendCb, StoryTeamCb
from bot.ui.keyboards import stories as keyboards
from bot.ui.texts import common as common_texts
from bot.ui.texts import stories as texts
from domain import stories as rules
from domain.needs import load_categories
from storage.models import Member
from storage.uow import UnitOfWork


async def cmd_share(message: Message, state: FSMContext, member: Member | None,
                    uow: UnitOfWork) -> None:
    await state.clear()
    if member is None or not member.is_onboarded:
        await message.answer(common_texts.need_registration())
        return
    joined = await stories.teams_for_sharing(uow, telegram_id=member.telegram_id)
    if not joined:
        await message.answer(texts.needs_a_team())
        return
    offered = {str(team.id): team.name for team in joined}
    if len(joined) == 1:
        await _begin(message, state, str(joined[0].id), offered)
        return
    await message.answer(texts.choose_team(), reply_markup=keyboards.teams(
        [(int(i), name) for i, name in offered.items()]))
    await enter(state, ShareFlow.team, {"teams": offered})


async def _begin(message: Message, state: FSMContext, team_id: str,
                 offered: dict[str, str]) -> None:
    await message.answer(texts.ask_title(offered[team_id]))
    await enter(state, ShareFlow.title, {"team_id": int(team_id), "team": offered[team_id]})


async def on_team(callback: CallbackQuery, callback_data: StoryTeamCb, message: Message,
                  state: FSMContext) -> None:
    offered: dict[str, str] = (await state.get_data()).get("teams", {})
    if str(callback_data.team_id) not in offered:
        await callback.answer(texts.not_member_of_team(), show_alert=True)
        return
    await callback.answer()
    await _begin(message, state, str(callback_data.team_id), offered)


async def _typed(message: Message, state: FSMContext, key: str, limit: int,
                 next_state: Any, question: str,
                 markup: InlineKeyboardMarkup | None = None) -> None:
    value = rules.clean_text(message.text, limit)
    if value is None:
        await message.answer(texts.bad_text(limit))
        return
    await message.answer(question, reply_markup=markup)
    await enter(state, next_state, {**await state.get_data(), key: value})


async def on_title(message: Message, state: FSMContext) -> None:
    await _typed(message, state, "title", rules.MAX_TITLE, ShareFlow.done, texts.ask_done())


async def on_done(message: Message, state: FSMContext) -> None:
    await _typed(message, state, "done", rules.MAX_TEXT, ShareFlow.worked, texts.ask_worked())


async def on_worked(message: Message, state: FSMContext) -> None:
    await _typed(message, state, "worked", rules.MAX_TEXT, ShareFlow.photo, texts.ask_photo(),
                 keyboards.skip("photo"))


async def on_photo(message: Message, state: FSMContext) -> None:
    assert message.photo
    await _ask_link(message, state, {**await state.get_data(),
                                     "photo": message.photo[-1].file_id})


async def on_not_photo(message: Message) -> None:
    await message.answer(texts.photo_or_skip(), reply_markup=keyboards.skip("photo"))


async def _ask_link(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    await message.answer(texts.ask_link(), reply_markup=keyboards.skip("link"))
    await enter(state, ShareFlow.link, data)


async def on_link(message: Message, state: FSMContext) -> None:
    link = rules.clean_link(message.text)
    if link is None:
        await message.answer(texts.bad_link(), reply_markup=keyboards.skip("link"))
        return
    await _ask_category(message, state, {**await state.get_data(), "link": link})


async def _ask_category(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    await message.answer(texts.ask_category(), reply_markup=keyboards.categories())
    await enter(state, ShareFlow.category, data)


async def on_skip(callback: CallbackQuery, message: Message, state: FSMContext,
                  raw_state: str | None) -> None:
    await callback.answer()
    data = dict(await state.get_data())
    if raw_state == ShareFlow.photo.state:
        await _ask_link(message, state, {**data, "photo": None})
    else:
        await _ask_category(message, state, {**data, "link": None})


async def on_category(callback: CallbackQuery, callback_data: StoryCategoryCb, message: Message,
                      state: FSMContext, uow: UnitOfWork) -> None:
    if load_categories().get(callback_data.code) is None:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    data = {**await state.get_data(), "category": callback_data.code}
    try:
        needs, tables = await stories.origins(uow, telegram_id=callback.from_user.id,
                                              team_id=int(data["team_id"]))
    except NotAllowed:
        await state.clear()
        await callback.answer(texts.not_member_of_team(), show_alert=True)
        return
    await callback.answer()
    if not needs and not tables:
        await _preview(message, state, {**data, "need_id": None, "table_id": None})
        return
    await message.answer(texts.ask_origin(), reply_markup=keyboards.origins(needs, tables))
    await enter(state, ShareFlow.origin, {**data, "origins": (
        [f"need:{i}" for i, _t in needs] + [f"table:{i}" for i, _a in tables])})


async def on_origin(callback: CallbackQuery, callback_data: StoryOriginCb, message: Message,
                    state: FSMContext) -> None:
    data = dict(await state.get_data())
    offered = data.pop("origins", [])
    kind, origin_id = callback_data.kind, callback_data.id
    if kind != "none" and f"{kind}:{origin_id}" not in offered:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    await _preview(message, state, {**data,
                                    "need_id": origin_id if kind == "need" else None,
                                    "table_id": origin_id if kind == "table" else None})


def draft_of(data: dict[str, Any]) -> Draft:
    return Draft(title=str(data["title"]), done=str(data["done"]), worked=str(data["worked"]),
                 category=str(data["category"]), photo_file_id=data.get("photo"),
                 link=data.get("link"), origin_need_id=data.get("need_id"),
                 origin_table_id=data.get("table_id"))


async def _preview(message: Message, state: FSMContext, data: dict[str, Any]) -> None:
    draft = draft_of(data)
    card = texts.card(title=draft.title, done=draft.done, worked=draft.worked,
                      category=draft.category, team=str(data["team"]), link=draft.link,
                      photo=draft.photo_file_id is not None)
    await message.answer(texts.preview(card), reply_markup=keyboards.send())
    await enter(state, ShareFlow.preview, data)


async def on_send(callback: CallbackQuery, callback_data: StorySendCb, message: Message,
                  state: FSMContext, uow: UnitOfWork, clock: Clock) -> None:
    data = dict(await state.get_data())
    await state.clear()
    if not callback_data.ok:
        await callback.answer()
        await message.answer(texts.cancelled())
        return
    try:
        story = await stories.share(uow, now=clock(), telegram_id=callback.from_user.id,
                                    team_id=int(data["team_id"]), draft=draft_of(data))
    except NotAllowed:
        await callback.answer(texts.not_member_of_team(), show_alert=True)
        return
    except StoryProblem as problem:
        await callback.answer(texts.problem(problem.code), show_alert=True)
        return
    await callback.answer()
    await message.answer(texts.sent(story.title))


async def cmd_cancel(message: Message, state: FSMContext) -> None:
    await state.clear()
    await message.answer(texts.cancelled())


async def on_text_instead_of_button(message: Message, state: FSMContext,
                                    raw_state: str | None, uow: UnitOfWork) -> None:
    """A step answered with buttons: say so, and show them again under the question."""
    data = await state.get_data()
    markup: InlineKeyboardMarkup | None = None
    if raw_state == ShareFlow.origin.state and message.from_user is not None:
        try:
            needs, tables = await stories.origins(uow, telegram_id=message.from_user.id,
                                                  team_id=int(data.get("team_id", 0)))
        except NotAllowed:
            needs, tables = [], []
        markup = keyboards.origins(needs, tables)
    elif raw_state == ShareFlow.team.state:
        markup = keyboards.teams([(int(i), n) for i, n in data.get("teams", {}).items()])
    elif raw_state == ShareFlow.category.state:
        markup = keyboards.categories()
    elif raw_state == ShareFlow.preview.state:
        markup = keyboards.send()
    await message.answer(common_texts.use_buttons(), reply_markup=markup)


async def on_text_expected(message: Message) -> None:
    await message.answer(common_texts.text_expected())
