"""/myneeds: a designer's needs, five a page, each with the buttons its status allows.

    /myneeds ──► page ── Edit n ──► field ──► that step (mode=manage) ──► edit()
                  │ ─── Close n ──► reason typed, or "without a reason" ──► close()
                  │ ─── Reopen n ─► reopen() (an expired need: new deadline first)
                  └──── ◀️ / ▶️ ──► another page

Every button carries a need id only; who may act on it is asked of the service each time
(``need_for_designer``, then the use case itself), so a forged button for another team's need
is answered and changes nothing.
"""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.config import Settings
from bot.flows.needs.newneed import drafts, logic, steps
from bot.flows.needs.newneed.context import ctx_of
from bot.flows.needs.states import Manage
from bot.services import needs
from bot.services.needs import LIVE, REOPENABLE, NeedProblem, NeedView
from bot.services.roles import NotAllowed
from bot.ui.callbacks.newneed import (
    MyNeedAction,
    MyNeedCb,
    MyNeedCloseCb,
    MyNeedFieldCb,
    MyNeedsPageCb,
)
from bot.ui.keyboards import newneed as keyboards
from bot.ui.texts import common as common_texts
from bot.ui.texts import newneed as texts
from domain.territory import Gazetteer
from storage.uow import UnitOfWork

PER_PAGE = 5


def actions_for(status: str) -> list[MyNeedAction]:
    if status in LIVE:
        return ["edit", "close"]
    if status in REOPENABLE:
        return ["reopen"]
    return []


async def show_page(message: Message, uow: UnitOfWork, telegram_id: int, page: int) -> None:
    views, total = await needs.managed_by(uow, telegram_id=telegram_id, limit=PER_PAGE,
                                          offset=(max(page, 1) - 1) * PER_PAGE)
    if total == 0:
        await message.answer(texts.myneeds_empty())
        return
    pages = logic.page_count(total, PER_PAGE)
    if not views and page > 1:  # the list shrank under an old button
        await show_page(message, uow, telegram_id, pages)
        return
    first = (page - 1) * PER_PAGE + 1
    lines = [texts.NeedLine(number=first + i, title=v.title, status=v.status, pledged=v.pledged,
                            target=v.target, unit=v.unit, skill=v.skill, deadline=v.deadline)
             for i, v in enumerate(views)]
    rows = [(first + i, v.id, actions_for(v.status)) for i, v in enumerate(views)]
    await message.answer(texts.myneeds_page(lines, page=page, pages=pages, total=total),
                         reply_markup=keyboards.myneeds(rows, page=page, pages=pages))


async def cmd_myneeds(message: Message, state: FSMContext, uow: UnitOfWork) -> None:
    assert message.from_user is not None
    await state.clear()
    await show_page(message, uow, message.from_user.id, 1)


async def cmd_designers_only(message: Message) -> None:
    await message.answer(texts.designers_only())


async def on_designers_only_button(callback: CallbackQuery) -> None:
    """A /myneeds or /proposals button pressed by someone who designs no team (a forged or
    an old one): refused before any of its branches, and the conversation stays as it was."""
    await callback.answer(common_texts.designers_only_button(), show_alert=True)


async def on_page(callback: CallbackQuery, callback_data: MyNeedsPageCb, message: Message,
                  uow: UnitOfWork) -> None:
    await callback.answer()
    await show_page(message, uow, callback.from_user.id, max(callback_data.page, 1))


async def _checked(callback: CallbackQuery, uow: UnitOfWork, need_id: int) -> NeedView | None:
    """The need if the presser designs its team; otherwise the press is answered."""
    try:
        return await needs.need_for_designer(uow, telegram_id=callback.from_user.id,
                                             need_id=need_id)
    except NotAllowed:
        await callback.answer(texts.not_designer_of_this_team(), show_alert=True)
    except NeedProblem as problem:
        await callback.answer(texts.problem(problem.code, problem.value), show_alert=True)
    return None


async def on_myneed(callback: CallbackQuery, callback_data: MyNeedCb, message: Message,
                    state: FSMContext, uow: UnitOfWork, clock: Clock, settings: Settings,
                    gazetteer: Gazetteer) -> None:
    need = await _checked(callback, uow, callback_data.need_id)
    if need is None:
        return
    action = callback_data.action
    if action not in ("edit", "close", "reopen"):
        await callback.answer(common_texts.stale_button(), show_alert=True)
    elif action in ("edit", "close") and need.status not in LIVE:
        await callback.answer(texts.problem("not_live"), show_alert=True)
    elif action == "reopen" and need.status not in REOPENABLE:
        await callback.answer(texts.problem("not_reopenable"), show_alert=True)
    elif action == "edit":
        await callback.answer()
        await state.clear()
        await message.answer(texts.choose_field(need.title),
                             reply_markup=keyboards.managed_fields(need.id,
                                                                   logic.managed_fields(need.unit)))
    elif action == "close":
        await callback.answer()
        await state.set_state(Manage.close_reason)
        await state.set_data({"need_id": need.id})
        await message.answer(texts.ask_close(need.title),
                             reply_markup=keyboards.close_confirm(need.id))
    else:
        await callback.answer()
        await _reopen(callback, message, state, uow, clock, settings, gazetteer, need)


async def _reopen(callback: CallbackQuery, message: Message, state: FSMContext, uow: UnitOfWork,
                  clock: Clock, settings: Settings, gazetteer: Gazetteer,
                  need: NeedView) -> None:
    try:
        outcome = await needs.reopen(uow, now=clock(), telegram_id=callback.from_user.id,
                                     need_id=need.id)
    except NotAllowed:
        await message.answer(texts.not_designer_of_this_team())
        return
    except NeedProblem as problem:
        if problem.code != "past_deadline":
            await message.answer(texts.problem(problem.code, problem.value))
            return
        team = await needs.team_of(uow, need.team_id)
        if team is None:
            await message.answer(texts.problem("no_such_need"))
            return
        await message.answer(texts.reopen_needs_deadline(need.title))
        draft = drafts.from_need(need, team.territory_code)
        draft["deadline"] = None
        ctx = ctx_of(message, state, uow, clock, settings, gazetteer, callback.from_user.id)
        await steps.start(ctx, steps.flow_data("reopen", team, draft=draft, queue=["deadline"],
                                               need_id=need.id))
        return
    await state.clear()
    await message.answer(texts.reopened(outcome.need.title, outcome.need.status))


async def on_myneed_field(callback: CallbackQuery, callback_data: MyNeedFieldCb,
                          message: Message, state: FSMContext, uow: UnitOfWork, clock: Clock,
                          settings: Settings, gazetteer: Gazetteer) -> None:
    need = await _checked(callback, uow, callback_data.need_id)
    if need is None:
        return
    if callback_data.field not in logic.managed_fields(need.unit):
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    if need.status not in LIVE:
        await callback.answer(texts.problem("not_live"), show_alert=True)
        return
    team = await needs.team_of(uow, need.team_id)
    if team is None:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    ctx = ctx_of(message, state, uow, clock, settings, gazetteer, callback.from_user.id)
    await steps.start(ctx, steps.flow_data(
        "manage", team, draft=drafts.from_need(need, team.territory_code),
        queue=[callback_data.field], need_id=need.id, field=callback_data.field))


async def _close(message: Message, uow: UnitOfWork, clock: Clock, telegram_id: int,
                 need_id: int, reason: str | None) -> str | None:
    """Close the need (its pledgers are told, by the service's event); the refusal's text
    when it may not be closed."""
    try:
        outcome = await needs.close(uow, now=clock(), telegram_id=telegram_id, need_id=need_id,
                                    reason=reason)
    except NotAllowed:
        return texts.not_designer_of_this_team()
    except NeedProblem as problem:
        return texts.problem(problem.code, problem.value)
    await message.answer(texts.closed(outcome.need.title, outcome.told))
    return None


async def on_close_confirm(callback: CallbackQuery, callback_data: MyNeedCloseCb,
                           message: Message, state: FSMContext, uow: UnitOfWork,
                           clock: Clock) -> None:
    # The need's designer first, whichever the answer: "keep it open" clears the state too.
    if await _checked(callback, uow, callback_data.need_id) is None:
        return
    if not callback_data.confirm:
        await callback.answer()
        await state.clear()
        await message.answer(texts.kept_open())
        return
    refusal = await _close(message, uow, clock, callback.from_user.id, callback_data.need_id,
                           None)
    if refusal is not None:
        await callback.answer(refusal, show_alert=True)
        return
    await callback.answer()
    await state.clear()


async def on_close_reason(message: Message, state: FSMContext, uow: UnitOfWork,
                          clock: Clock) -> None:
    reason = logic.clean_line(message.text, logic.MAX_REASON)
    if reason is None:
        await message.answer(texts.close_reason_invalid())
        return
    assert message.from_user is not None
    need_id = int((await state.get_data()).get("need_id", 0))
    await state.clear()
    refusal = await _close(message, uow, clock, message.from_user.id, need_id, reason)
    if refusal is not None:
        await message.answer(refusal)
