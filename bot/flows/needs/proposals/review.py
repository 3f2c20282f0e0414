"""/propose (a member starts the need's questions in mode "propose") and /proposals (a
designer's pending proposals, with ✅ Approve / ✖️ Decline). Approving completes the proposal
in the need's questions (mode "approve"); declining asks the reason the proposer will read."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.config import Settings
from bot.flows.needs.newneed import drafts, logic, publish, steps
from bot.flows.needs.newneed.context import ctx_of
from bot.flows.needs.states import Manage, NeedFlow
from bot.services import needs, teams
from bot.services.needs import NeedProblem
from bot.services.roles import NotAllowed
from bot.ui.callbacks.proposals import ProposalCb
from bot.ui.keyboards import newneed as newneed_keyboards
from bot.ui.keyboards import proposals as keyboards
from bot.ui.texts import common as common_texts
from bot.ui.texts import newneed as newneed_texts
from bot.ui.texts import proposals as texts
from domain.territory import Gazetteer
from storage.models import Member, NeedStatus
from storage.uow import UnitOfWork

MAX_LISTED = 10


async def cmd_propose(message: Message, state: FSMContext, member: Member | None,
                      uow: UnitOfWork, clock: Clock, settings: Settings,
                      gazetteer: Gazetteer) -> None:
    await state.clear()
    if member is None or not member.is_onboarded:
        await message.answer(common_texts.need_registration())
        return
    joined = await needs.teams_for_proposing(uow, telegram_id=member.telegram_id)
    if not joined:
        await message.answer(texts.propose_needs_a_team())
        return
    if len(joined) == 1:
        ctx = ctx_of(message, state, uow, clock, settings, gazetteer)
        await publish.begin_proposal(ctx, joined[0])
        return
    await state.set_state(NeedFlow.team)
    await state.set_data({"purpose": "propose", "teams": [t.id for t in joined]})
    await message.answer(texts.choose_team_for_proposal(),
                         reply_markup=newneed_keyboards.teams(teams.views(gazetteer, joined)))


async def cmd_proposals(message: Message, state: FSMContext, uow: UnitOfWork) -> None:
    assert message.from_user is not None
    await state.clear()
    pending = await needs.proposals_for(uow, telegram_id=message.from_user.id)
    if not pending:
        await message.answer(texts.no_proposals())
        return
    for need in pending[:MAX_LISTED]:
        team = await needs.team_of(uow, need.team_id)
        card = await needs.find_need(uow, need_id=need.id)
        await message.answer(texts.proposal_card(
            title=need.title, description=need.description, category=need.category,
            quantity=need.target, unit=need.unit, team=team.name if team else "",
            skill=need.skill, link=need.link,
            organisation=card.organisation_name if card is not None else None),
            reply_markup=keyboards.proposal(need.id))


async def on_proposal(callback: CallbackQuery, callback_data: ProposalCb, message: Message,
                      state: FSMContext, uow: UnitOfWork, clock: Clock, settings: Settings,
                      gazetteer: Gazetteer) -> None:
    try:
        need = await needs.need_for_designer(uow, telegram_id=callback.from_user.id,
                                             need_id=callback_data.need_id)
    except NotAllowed:
        await callback.answer(newneed_texts.not_designer_of_this_team(), show_alert=True)
        return
    except NeedProblem as problem:
        await callback.answer(newneed_texts.problem(problem.code, problem.value),
                              show_alert=True)
        return
    team = await needs.team_of(uow, need.team_id)
    if need.status != NeedStatus.PROPOSED.value or team is None:
        await callback.answer(newneed_texts.problem("not_proposal"), show_alert=True)
        return
    if callback_data.action == "decline":
        await callback.answer()
        await state.set_state(Manage.decline_reason)
        await state.set_data({"need_id": need.id})
        await message.answer(texts.ask_decline_reason(need.title))
        return
    if callback_data.action != "approve":
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    card = await needs.find_need(uow, need_id=need.id)
    draft = drafts.from_need(need, team.territory_code,
                             card.organisation_name if card is not None else None)
    missing = logic.missing_for_approval(draft)
    if missing:
        await message.answer(texts.approve_complete_first())
    ctx = ctx_of(message, state, uow, clock, settings, gazetteer, callback.from_user.id)
    await steps.start(ctx, steps.flow_data("approve", team, draft=draft, queue=missing,
                                           need_id=need.id))


async def on_decline_reason(message: Message, state: FSMContext, uow: UnitOfWork,
                            clock: Clock) -> None:
    reason = logic.clean_line(message.text, logic.MAX_REASON)
    if reason is None:
        await message.answer(texts.decline_reason_invalid())
        return
    assert message.from_user is not None
    need_id = int((await state.get_data()).get("need_id", 0))
    await state.clear()
    try:
        outcome = await needs.decline(uow, now=clock(), telegram_id=message.from_user.id,
                                      need_id=need_id, reason=reason)
    except NotAllowed:
        await message.answer(newneed_texts.not_designer_of_this_team())
        return
    except NeedProblem as problem:
        await message.answer(newneed_texts.problem(problem.code, problem.value))
        return
    await message.answer(texts.declined_done(outcome.need.title))
