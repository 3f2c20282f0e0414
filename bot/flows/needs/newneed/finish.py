"""What the last answer leads to, when it is not the summary: a proposal sent to the team's
designers (mode "propose"), an edit applied (mode "manage"), a need reopened with a new
deadline (mode "reopen"). Whom each concerns the service says as events; the notifier tells
them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from bot.flows.needs.newneed.context import Ctx
from bot.services import needs
from bot.services.needs import NeedEdit, NeedProblem, ProposalDraft
from bot.services.roles import NotAllowed
from bot.ui.texts import newneed as texts
from bot.ui.texts import proposals as proposals_texts


async def submit_proposal(ctx: Ctx, data: dict[str, Any]) -> None:
    draft = data["draft"]
    proposal = ProposalDraft(
        title=draft["title"], description=draft["description"], category=draft["category"],
        quantity=Decimal(draft["quantity"]) if draft["quantity"] else None,
        unit=draft["unit"] if draft["quantity"] else None, skill=draft.get("skill"),
        link=draft.get("link"), organisation_id=draft.get("organisation_id"))
    await ctx.state.clear()
    try:
        outcome = await needs.propose_need(ctx.uow, now=ctx.clock(), telegram_id=ctx.user_id,
                                           team_id=data["team_id"], draft=proposal)
    except NotAllowed:
        await ctx.message.answer(proposals_texts.propose_needs_a_team())
        return
    except NeedProblem as problem:
        await ctx.message.answer(texts.problem(problem.code, problem.value))
        return
    await ctx.message.answer(proposals_texts.proposal_sent(outcome.need.title))


def _edit_of(field: str, draft: dict[str, Any]) -> NeedEdit:
    value: Any = draft.get(field)
    if field in ("description", "deadline", "unit_value") and value is None:
        return NeedEdit(clear=frozenset({field}))
    if field == "quantity":
        return NeedEdit(quantity=Decimal(value))
    if field == "unit_value":
        return NeedEdit(unit_value=Decimal(value))
    if field == "deadline":
        return NeedEdit(deadline=date.fromisoformat(value))
    return NeedEdit(**{field: value})


async def apply_edit(ctx: Ctx, data: dict[str, Any]) -> None:
    await ctx.state.clear()
    try:
        outcome = await needs.edit(ctx.uow, now=ctx.clock(), telegram_id=ctx.user_id,
                                   need_id=data["need_id"],
                                   changes=_edit_of(data["field"], data["draft"]))
    except NotAllowed:
        await ctx.message.answer(texts.not_designer_of_this_team())
        return
    except NeedProblem as problem:
        await ctx.message.answer(texts.problem(problem.code, problem.value))
        return
    await ctx.message.answer(texts.edited(outcome.need.title, outcome.told))


async def apply_reopen(ctx: Ctx, data: dict[str, Any]) -> None:
    await ctx.state.clear()
    deadline = data["draft"]["deadline"]
    try:
        outcome = await needs.reopen(ctx.uow, now=ctx.clock(), telegram_id=ctx.user_id,
                                     need_id=data["need_id"],
                                     deadline=date.fromisoformat(deadline) if deadline else None)
    except NotAllowed:
        await ctx.message.answer(texts.not_designer_of_this_team())
        return
    except NeedProblem as problem:
        await ctx.message.answer(texts.problem(problem.code, problem.value))
        return
    await ctx.message.answer(texts.reopened(outcome.need.title, outcome.need.status))
