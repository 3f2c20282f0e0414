"""/newneed: from the command (one line, or the guided questions), or a table's decision,
to the summary and the published need — or, in mode "approve", the proposal published. The
announcement in the team's group and the proposer's notice are the services' events, said by
the notifier."""

from __future__ import annotations

from typing import Any

from aiogram.filters import CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.config import Settings
from bot.flows.needs.newneed import drafts, logic, steps
from bot.flows.needs.newneed.context import Ctx, ctx_of
from bot.flows.needs.states import NeedFlow
from bot.fsm import enter
from bot.services import needs, teams
from bot.services.needs import NeedProblem, NeedView, today_in_italy
from bot.services.roles import NotAllowed
from bot.ui.callbacks.newneed import NeedTeamCb, ProposeKindCb, SummaryCb
from bot.ui.keyboards import newneed as keyboards
from bot.ui.texts import common as common_texts
from bot.ui.texts import newneed as texts
from bot.ui.texts import proposals as proposals_texts
from domain.needs import MAX_TITLE_LENGTH, ParseError, parse_one_line
from domain.territory import Gazetteer
from storage.models import Team
from storage.uow import UnitOfWork


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
    ctx = ctx_of(message, state, uow, clock, settings, gazetteer)
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


async def start_from_title(message: Message, state: FSMContext, uow: UnitOfWork, clock: Clock,
                           settings: Settings, gazetteer: Gazetteer, *, designer_id: int,
                           team: Team, title: str, table_id: int | None = None) -> None:
    """Open /newneed for `team` with its title already written (a table's decision: the need
    published keeps `table_id`, the table it came from)."""
    draft = {**logic.empty_draft(), "title": title[:MAX_TITLE_LENGTH]}
    ctx = ctx_of(message, state, uow, clock, settings, gazetteer, designer_id)
    await steps.start(ctx, steps.flow_data("new", team, draft=draft,
                                           queue=list(logic.NEW_STEPS[1:]),
                                           from_table_id=table_id))


async def _begin(ctx: Ctx, team_id: int, draft: dict[str, Any] | None) -> None:
    team = await needs.team_of(ctx.uow, team_id)
    assert team is not None
    if draft is None:
        await steps.start(ctx, steps.flow_data("new", team, queue=list(logic.NEW_STEPS)))
    else:  # one line: a non-profit's category asks what the line could not say
        await steps.start(ctx, steps.flow_data("new", team, draft=draft,
                                               queue=logic.kind_queue("new", draft)))


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
    ctx = ctx_of(message, state, uow, clock, settings, gazetteer, callback.from_user.id)
    if data.get("purpose") == "propose":
        await begin_proposal(ctx, team)
    else:
        await _begin(ctx, callback_data.team_id, data.get("pending"))


# --- /propose: an ordinary need, or a non-profit's ------------------------------------------------


async def begin_proposal(ctx: Ctx, team: Team) -> None:
    """A confirmed member of a non-profit chooses first: an ordinary proposal, or a fundraising
    or capacity-building need for their organisation; anyone else starts the questions."""
    npo = await needs.npo_for_proposing(ctx.uow, telegram_id=ctx.user_id)
    if npo is None:
        await steps.start(ctx, steps.flow_data("propose", team, queue=list(logic.PROPOSE_STEPS)))
        return
    await ctx.message.answer(texts.propose_kind(npo[1]),
                             reply_markup=keyboards.propose_kinds(npo[1]))
    await enter(ctx.state, NeedFlow.propose_kind, {"team_id": team.id})


async def on_propose_kind(callback: CallbackQuery, callback_data: ProposeKindCb,
                          message: Message, state: FSMContext, raw_state: str | None,
                          uow: UnitOfWork, clock: Clock, settings: Settings,
                          gazetteer: Gazetteer) -> None:
    """Checked again on the server: only a confirmed member of a non-profit proposes for it
    (a forged press by anyone else is refused, whatever the conversation)."""
    npo = await needs.npo_for_proposing(uow, telegram_id=callback.from_user.id)
    if callback_data.kind != "plain" and npo is None:
        await callback.answer(texts.not_npo_member(), show_alert=True)
        return
    data = await state.get_data()
    team = (await needs.team_of(uow, int(data["team_id"]))
            if raw_state == NeedFlow.propose_kind.state and data.get("team_id") else None)
    if team is None:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    ctx = ctx_of(message, state, uow, clock, settings, gazetteer, callback.from_user.id)
    if callback_data.kind == "plain" or npo is None:
        await steps.start(ctx, steps.flow_data("propose", team, queue=list(logic.PROPOSE_STEPS)))
        return
    draft = {**logic.empty_draft(), "category": callback_data.kind,
             "organisation_id": npo[0], "organisation_name": npo[1]}
    queue = ["title", "description",
             *logic.after_category("propose", callback_data.kind, draft, [])]
    await steps.start(ctx, steps.flow_data("propose", team, draft=draft, queue=queue))


# --- the summary ----------------------------------------------------------------------------------


async def on_summary(callback: CallbackQuery, callback_data: SummaryCb, message: Message,
                     state: FSMContext, uow: UnitOfWork, clock: Clock, settings: Settings,
                     gazetteer: Gazetteer) -> None:
    data = dict(await state.get_data())
    ctx = ctx_of(message, state, uow, clock, settings, gazetteer, callback.from_user.id)
    if callback_data.action == "cancel":
        await callback.answer()
        await state.clear()
        await message.answer(texts.cancelled())
    elif (callback_data.action == "edit"
          and callback_data.field in logic.summary_fields(data.get("draft") or {})):
        await callback.answer()
        data["queue"] = [callback_data.field]
        await steps.advance(ctx, data)
    elif callback_data.action == "publish":
        await _publish(callback, ctx, data)
    else:
        await callback.answer(common_texts.stale_button(), show_alert=True)


async def _publish(callback: CallbackQuery, ctx: Ctx, data: dict[str, Any]) -> None:
    missing = logic.missing_for_approval(data["draft"])
    if missing:  # a proposal approved before its quantity was given
        await callback.answer()
        data["queue"] = missing
        await steps.advance(ctx, data)
        return
    now, username = ctx.clock(), ctx.settings.bot_username
    draft = drafts.to_need_draft(data["draft"])
    unit_value = drafts.unit_value_of(data["draft"])
    try:
        if data["mode"] == "approve":
            need: NeedView = (await needs.approve(
                ctx.uow, now=now, telegram_id=ctx.user_id, need_id=data["need_id"],
                draft=draft, bot_username=username, unit_value=unit_value)).need
        else:
            need = await needs.post_need(ctx.uow, now=now, telegram_id=ctx.user_id,
                                         team_id=data["team_id"], draft=draft,
                                         bot_username=username, unit_value=unit_value,
                                         from_table_id=data.get("from_table_id"))
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
        await ctx.message.answer(proposals_texts.approved(need.title, announced=announced))
    else:
        await ctx.message.answer(texts.published(need.title, announced=announced))


# --- /cancel ------------------------------------------------------------------------------------


async def cmd_cancel(message: Message, state: FSMContext) -> None:
    """/cancel in this flow's steps (elsewhere, the fallback's /cancel answers)."""
    await state.clear()
    await message.answer(texts.cancelled())
