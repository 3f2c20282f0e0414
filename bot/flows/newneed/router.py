"""/newneed, as a table of states and transitions (and /myneeds, /cancel).

    /newneed ──(several teams)──► team ──┐
        │                                 ▼
        └──(one team)──► title ► description ► category ► unit ─┬─► quantity ► urgency
                                  (skip)                        ├─ skill ──┘   │
                                                                └─ free unit ─┘ ▼
                              territory ◄── beneficiary (skip) ◄── deadline (skip)
                                  │ team's place, or a comune inside it
                                  ▼
                               summary ── ✏️ field ──► that step ──► summary
                                  │ ── ✖️ Cancel ──► (no state)
                                  └─── ✅ Publish ──► post_need / approve ──► announced

    /newneed 20 ore Titolo [#categoria] [entro 15/12] ──(parse_one_line)──► summary

The questions live in ``steps`` (shared with /propose, the approval of a proposal and the
edits of /myneeds, see ``logic`` for the modes); ``/cancel`` ends any of them.
"""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.filters import CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.commands import Audience, CommandSpec, Where
from bot.config import Settings
from bot.filters import Command, HasText, InState, NoText, OnMessage, PrivateChat, RequireRole
from bot.flows.newneed import drafts, logic, manage, steps
from bot.flows.newneed.states import Manage, NeedFlow
from bot.services import needs, teams
from bot.services.needs import NeedProblem, NeedView, today_in_italy
from bot.services.roles import NotAllowed
from bot.ui.callbacks.newneed import (
    CategoryCb,
    MyNeedCb,
    MyNeedCloseCb,
    MyNeedFieldCb,
    MyNeedsPageCb,
    NeedTeamCb,
    StepSkipCb,
    SummaryCb,
    TerritoryCb,
    UnitCb,
    UrgencyCb,
)
from bot.ui.keyboards import newneed as keyboards
from bot.ui.texts import common as common_texts
from bot.ui.texts import newneed as texts
from domain.needs import ParseError, parse_one_line
from domain.territory import Gazetteer
from storage.models import RoleName
from storage.uow import UnitOfWork

COMMANDS = (
    CommandSpec("newneed", Audience.DESIGNER, Where.PRIVATE, texts.NEWNEED_MENU,
                texts.NEWNEED_HELP),
    CommandSpec("myneeds", Audience.DESIGNER, Where.PRIVATE, texts.MYNEEDS_MENU,
                texts.MYNEEDS_HELP),
    CommandSpec("cancel", Audience.MEMBER, Where.PRIVATE, None, texts.CANCEL_HELP),
)

#: Every state of these flows, for /cancel.


# --- /newneed -----------------------------------------------------------------------------------


async def cmd_newneed(message: Message, command: CommandObject, state: FSMContext,
                      uow: UnitOfWork, clock: Clock, settings: Settings,
                      gazetteer: Gazetteer) -> None:
    assert message.from_user is not None
    await state.clear()
    draft: dict[str, Any] | None = None
    if command.args:
        line = parse_one_line(command.args, today=today_in_italy(clock()))
        if isinstance(line, ParseError):
            await message.answer(texts.one_line_problem(line.code, line.value, line.limit))
            return
        draft = drafts.from_one_line(line)
    designed = await teams.designed_by_person(uow, message.from_user.id)
    ctx = steps.ctx_of(message, state, uow, clock, settings, gazetteer)
    if not designed:
        await message.answer(texts.designers_only())
        return
    if len(designed) == 1:
        await _begin(ctx, designed[0].id or 0, draft)
        return
    await state.set_state(NeedFlow.team)
    await state.set_data({"purpose": "new", "teams": [t.id for t in designed], "pending": draft})
    await message.answer(texts.choose_team_for_need(),
                         reply_markup=keyboards.teams(teams.views(gazetteer, designed)))


async def _begin(ctx: steps.Ctx, team_id: int, draft: dict[str, Any] | None) -> None:
    team = await needs.team_of(ctx.uow, team_id)
    assert team is not None
    if draft is None:
        await steps.start(ctx, steps.flow_data("new", team, queue=list(logic.NEW_STEPS)))
    else:
        await steps.start(ctx, steps.flow_data("new", team, draft=draft))


async def on_team_chosen(callback: CallbackQuery, callback_data: NeedTeamCb, message: Message,
                         state: FSMContext, uow: UnitOfWork, clock: Clock, settings: Settings,
                         gazetteer: Gazetteer) -> None:
    """A team from the offered ones (for /newneed or /propose); any other is stale."""
    data = await state.get_data()
    team = (await needs.team_of(uow, callback_data.team_id)
            if callback_data.team_id in data.get("teams", []) else None)
    if team is None:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    ctx = steps.ctx_of(message, state, uow, clock, settings, gazetteer, callback.from_user.id)
    if data.get("purpose") == "propose":
        await steps.start(ctx, steps.flow_data("propose", team, queue=list(logic.PROPOSE_STEPS)))
    else:
        await _begin(ctx, callback_data.team_id, data.get("pending"))


# --- the summary ----------------------------------------------------------------------------------


async def on_summary(callback: CallbackQuery, callback_data: SummaryCb, message: Message,
                     state: FSMContext, uow: UnitOfWork, clock: Clock, settings: Settings,
                     gazetteer: Gazetteer) -> None:
    data = dict(await state.get_data())
    ctx = steps.ctx_of(message, state, uow, clock, settings, gazetteer, callback.from_user.id)
    if callback_data.action == "cancel":
        await callback.answer()
        await state.clear()
        await message.answer(texts.cancelled())
    elif callback_data.action == "edit" and callback_data.field in logic.SUMMARY_FIELDS:
        await callback.answer()
        data["queue"] = [callback_data.field]
        await steps.advance(ctx, data)
    elif callback_data.action == "publish":
        await _publish(callback, ctx, data)
    else:
        await callback.answer(common_texts.stale_button(), show_alert=True)


async def _publish(callback: CallbackQuery, ctx: steps.Ctx, data: dict[str, Any]) -> None:
    missing = logic.missing_for_approval(data["draft"])
    if missing:  # a proposal approved before its quantity was given
        await callback.answer()
        data["queue"] = missing
        await steps.advance(ctx, data)
        return
    now, username = ctx.clock(), ctx.settings.bot_username
    draft = drafts.to_need_draft(data["draft"])
    try:
        if data["mode"] == "approve":
            need: NeedView = (await needs.approve(
                ctx.uow, now=now, telegram_id=ctx.user_id, need_id=data["need_id"],
                draft=draft, bot_username=username)).need
        else:
            need = await needs.post_need(ctx.uow, now=now, telegram_id=ctx.user_id,
                                         team_id=data["team_id"], draft=draft,
                                         bot_username=username)
    except NotAllowed:
        await callback.answer(texts.not_designer_of_this_team(), show_alert=True)
        await ctx.state.clear()
        return
    except NeedProblem as problem:
        await callback.answer()
        await ctx.message.answer(texts.problem(problem.code, problem.value))
        if problem.code == "not_proposal":
            await ctx.state.clear()
        else:
            await steps.show_summary(ctx, data)
        return
    await callback.answer()
    await ctx.state.clear()
    announced = await needs.announcement_target(ctx.uow, team_id=need.team_id) is not None
    if data["mode"] == "approve":
        await ctx.message.answer(texts.approved(need.title, announced=announced))
    else:
        await ctx.message.answer(texts.published(need.title, announced=announced))


# --- /cancel ------------------------------------------------------------------------------------


async def cmd_cancel(message: Message, state: FSMContext) -> None:
    """/cancel in this flow's steps (elsewhere, the fallback's /cancel answers)."""
    await state.clear()
    await message.answer(texts.cancelled())


def create_router() -> Router:
    """The /newneed table: which update, in which state, goes to which step."""
    router = Router(name="newneed")
    router.message.filter(PrivateChat())
    router.callback_query.filter(PrivateChat(), OnMessage())
    designer = RequireRole(RoleName.DESIGNER)
    # Commands first, so they work from any step.
    router.message.register(cmd_newneed, Command("newneed"), designer)
    router.message.register(manage.cmd_designers_only, Command("newneed"))
    router.message.register(manage.cmd_myneeds, Command("myneeds"), designer)
    router.message.register(manage.cmd_designers_only, Command("myneeds"))
    router.message.register(cmd_cancel, Command("cancel"),
                            InState(*NeedFlow.__all_states__, *Manage.__all_states__))
    # Typed answers, step by step.
    router.message.register(steps.on_title, InState(NeedFlow.title), HasText())
    router.message.register(steps.on_description, InState(NeedFlow.description), HasText())
    router.message.register(steps.on_category_typed, InState(NeedFlow.category), HasText())
    router.message.register(steps.on_unit_typed, InState(NeedFlow.unit), HasText())
    router.message.register(steps.on_skill, InState(NeedFlow.skill), HasText())
    router.message.register(steps.on_free_unit, InState(NeedFlow.free_unit), HasText())
    router.message.register(steps.on_quantity, InState(NeedFlow.quantity), HasText())
    router.message.register(steps.on_deadline, InState(NeedFlow.deadline), HasText())
    router.message.register(steps.on_beneficiary, InState(NeedFlow.beneficiary), HasText())
    router.message.register(steps.on_territory,
                            InState(NeedFlow.territory, NeedFlow.territory_pick), HasText())
    router.message.register(manage.on_close_reason, InState(Manage.close_reason), HasText())
    router.message.register(steps.on_text_instead_of_button,
                            InState(NeedFlow.urgency, NeedFlow.team, NeedFlow.summary), HasText())
    router.message.register(steps.on_text_expected, InState(
        *NeedFlow.__all_states__, *Manage.__all_states__), NoText())
    # Buttons.
    router.callback_query.register(on_team_chosen, InState(NeedFlow.team), NeedTeamCb.filter())
    router.callback_query.register(
        steps.on_skip, InState(NeedFlow.description, NeedFlow.deadline, NeedFlow.beneficiary),
        StepSkipCb.filter())
    router.callback_query.register(steps.on_category, InState(NeedFlow.category),
                                   CategoryCb.filter())
    router.callback_query.register(steps.on_unit, InState(NeedFlow.unit), UnitCb.filter())
    router.callback_query.register(steps.on_urgency, InState(NeedFlow.urgency),
                                   UrgencyCb.filter())
    router.callback_query.register(steps.on_territory_button,
                                   InState(NeedFlow.territory, NeedFlow.territory_pick),
                                   TerritoryCb.filter())
    router.callback_query.register(on_summary, InState(NeedFlow.summary), SummaryCb.filter())
    router.callback_query.register(manage.on_page, MyNeedsPageCb.filter())
    router.callback_query.register(manage.on_myneed, MyNeedCb.filter())
    router.callback_query.register(manage.on_myneed_field, MyNeedFieldCb.filter())
    router.callback_query.register(manage.on_close_confirm, MyNeedCloseCb.filter())
    return router
