"""The questions a need is written with, shared by /newneed, /propose, the approval of a
proposal and /myneeds' edits.

Each step reads one answer, stores it in the JSON draft (``state data["draft"]``) and calls
``advance``, which asks the next queued step or, with the queue empty, finishes by ``mode``
(see ``logic``): the summary here, or ``finish``'s proposal, edit or reopening. A wrong value
is answered and the same step stays; a typed text where buttons are expected shows them again.
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.clock import Clock
from bot.config import Settings
from bot.flows.needs.newneed import finish, logic
from bot.flows.needs.newneed.context import Ctx, ctx_of, place_label
from bot.flows.needs.states import STEP_STATES, NeedFlow
from bot.fsm import enter
from bot.services import needs, places, teams
from bot.services.needs import today_in_italy
from bot.ui.callbacks.newneed import (
    CategoryCb,
    OrganisationCb,
    StepSkipCb,
    TerritoryCb,
    UnitCb,
    UrgencyCb,
)
from bot.ui.keyboards import newneed as keyboards
from bot.ui.texts import common as common_texts
from bot.ui.texts import newneed as texts
from domain.needs import (
    FUNDRAISING,
    ParseError,
    check_quantity,
    is_goods,
    load_categories,
    parse_link,
    parse_quantity,
    parse_unit,
    parse_unit_value,
)
from domain.territory import Gazetteer
from storage.models import Team
from storage.uow import UnitOfWork

# --- starting ---------------------------------------------------------------------------------


def flow_data(mode: str, team: Team, *, draft: dict[str, Any] | None = None,
              queue: list[str] | None = None, need_id: int | None = None,
              **extra: Any) -> dict[str, Any]:
    assert mode in logic.MODES and team.id is not None
    return {"mode": mode, "team_id": team.id, "team_code": team.territory_code,
            "team_name": team.name, "need_id": need_id,
            "draft": draft if draft is not None else logic.empty_draft(),
            "queue": list(queue or []), **extra}


async def start(ctx: Ctx, data: dict[str, Any]) -> None:
    await advance(ctx, data)


async def advance(ctx: Ctx, data: dict[str, Any]) -> None:
    """Ask the next queued step, or finish. The conversation moves to the next step only once
    its question went out: a question that failed leaves the person at the step they were
    answering, draft and queue as they were, so they can answer it again."""
    step, data["queue"] = logic.next_in(data["queue"])
    while step == "organisation":
        npos = await needs.npos_for_team(ctx.uow, team_id=data["team_id"])
        if npos:
            data["npos"] = [[organisation_id, name] for organisation_id, name in npos]
            break
        step, data["queue"] = logic.next_in(data["queue"])  # no non-profit to choose from
    if step is not None:
        await ask(ctx, step, data)
        return
    if data["mode"] in ("new", "approve"):
        await show_summary(ctx, data)
        return
    await ctx.state.set_data(data)
    if data["mode"] == "propose":
        await finish.submit_proposal(ctx, data)
    elif data["mode"] == "manage":
        await finish.apply_edit(ctx, data)
    else:
        await finish.apply_reopen(ctx, data)


def prompt(step: str, data: dict[str, Any], gazetteer: Gazetteer
           ) -> tuple[str, InlineKeyboardMarkup | None]:
    mode, draft = data["mode"], data["draft"]
    skip = (keyboards.skip(step) if logic.skippable(step, draft) and mode != "reopen"
            else None)
    if step == "title":
        return texts.ask_title(mode), None
    if step == "description":
        return texts.ask_description(), skip
    if step == "category":
        return texts.ask_category(), keyboards.categories()
    if step == "unit":
        return texts.ask_unit(mode), keyboards.units(with_skip=mode == "propose",
                                                     with_skill=mode != "propose")
    if step == "skill":
        return (texts.ask_profession() if draft.get("category") == "capacity"
                else texts.ask_skill()), None
    if step == "link":
        return texts.ask_link(), None
    if step == "organisation":
        return texts.ask_organisation(), keyboards.organisations(data.get("npos", []))
    if step == "free_unit":
        return texts.ask_free_unit(), None
    if step == "quantity":
        return texts.ask_quantity(draft["unit"], draft.get("skill")), None
    if step == "unit_value":
        return texts.ask_unit_value(draft["unit"]), skip
    if step == "urgency":
        return texts.ask_urgency(), keyboards.urgencies()
    if step == "deadline":
        if draft.get("category") == FUNDRAISING and mode != "reopen":
            return texts.ask_campaign_end(), None
        return texts.ask_deadline(can_skip=mode != "reopen"), skip
    if step == "beneficiary":
        return texts.ask_beneficiary(), skip
    team_place = place_label(gazetteer, data["team_code"])
    return (texts.ask_territory(team_place),
            keyboards.territory(data["team_code"], team_place))


async def ask(ctx: Ctx, step: str, data: dict[str, Any]) -> None:
    text, markup = prompt(step, data, ctx.gazetteer)
    await ctx.message.answer(text, reply_markup=markup)
    await enter(ctx.state, STEP_STATES[step], data)


async def saved(ctx: Ctx, data: dict[str, Any], **values: Any) -> None:
    """Store answers in the draft and move on."""
    data["draft"].update(values)
    await advance(ctx, data)


async def current(state: FSMContext) -> dict[str, Any]:
    """The state data, to change freely: nothing is kept until the step's reply went out."""
    return copy.deepcopy(dict(await state.get_data()))


# --- typed answers ------------------------------------------------------------------------------


async def on_title(message: Message, state: FSMContext, uow: UnitOfWork, clock: Clock,
                   settings: Settings, gazetteer: Gazetteer) -> None:
    title = logic.clean_title(message.text)
    if isinstance(title, ParseError):
        await message.answer(texts.problem(title.code, title.value, title.limit))
        return
    ctx = ctx_of(message, state, uow, clock, settings, gazetteer)
    await saved(ctx, await current(state), title=title)


async def on_description(message: Message, state: FSMContext, uow: UnitOfWork, clock: Clock,
                         settings: Settings, gazetteer: Gazetteer) -> None:
    text = logic.clean_description(message.text)
    if text is None:
        await message.answer(texts.description_invalid(), reply_markup=keyboards.skip("description"))
        return
    ctx = ctx_of(message, state, uow, clock, settings, gazetteer)
    await saved(ctx, await current(state), description=text)


async def on_skill(message: Message, state: FSMContext, uow: UnitOfWork, clock: Clock,
                   settings: Settings, gazetteer: Gazetteer) -> None:
    skill = logic.clean_line(message.text, logic.MAX_SKILL)
    if skill is None:
        await message.answer(texts.skill_invalid())
        return
    data = await current(state)
    queue = logic.needs_quantity("skill_hours", data["draft"], data["queue"]) + data["queue"]
    data["queue"] = logic.with_unit_value(data["mode"], "skill_hours", data["draft"], queue)
    data["draft"].update(unit="skill_hours", skill=skill)
    await advance(ctx_of(message, state, uow, clock, settings, gazetteer), data)


async def _unit_chosen(ctx: Ctx, data: dict[str, Any], code: str) -> None:
    """A unit code (a button, or a typed word read by parse_unit)."""
    draft = data["draft"]
    if code == "-":  # a proposal without a quantity
        draft.update(unit=None, skill=None, quantity=None)
        data["queue"] = [s for s in data["queue"] if s != "quantity"]
    elif code in ("skill_hours", "free"):
        data["queue"] = logic.after_unit(code, draft, data["queue"])
    else:
        queue = logic.needs_quantity(code, draft, data["queue"]) + data["queue"]
        if code != draft.get("unit"):
            draft["unit_value"] = None  # worth per kg is not worth per parcel
        data["queue"] = logic.with_unit_value(data["mode"], code, draft, queue)
        draft.update(unit=code, skill=None)
    await advance(ctx, data)


async def on_free_unit(message: Message, state: FSMContext, uow: UnitOfWork, clock: Clock,
                       settings: Settings, gazetteer: Gazetteer) -> None:
    code = parse_unit(message.text or "")
    if isinstance(code, ParseError) or code == "skill_hours":
        error = code if isinstance(code, ParseError) else ParseError("bad_unit")
        await message.answer(texts.problem(error.code, error.value, error.limit))
        return
    await _unit_chosen(ctx_of(message, state, uow, clock, settings, gazetteer),
                       await current(state), code)


async def on_unit_typed(message: Message, state: FSMContext, uow: UnitOfWork, clock: Clock,
                        settings: Settings, gazetteer: Gazetteer) -> None:
    """A unit typed instead of pressed ("ore", "coperte") is read like the one-line's."""
    data = await current(state)
    code = parse_unit(message.text or "")
    if isinstance(code, ParseError):
        await message.answer(texts.problem(code.code, code.value, code.limit),
                             reply_markup=keyboards.units(with_skip=data["mode"] == "propose",
                                                          with_skill=data["mode"] != "propose"))
        return
    await _unit_chosen(ctx_of(message, state, uow, clock, settings, gazetteer), data, code)


async def on_quantity(message: Message, state: FSMContext, uow: UnitOfWork, clock: Clock,
                      settings: Settings, gazetteer: Gazetteer) -> None:
    data = await current(state)
    quantity = parse_quantity(message.text or "")
    problem = (quantity if isinstance(quantity, ParseError)
               else check_quantity(quantity, data["draft"]["unit"]))
    if problem is not None:
        await message.answer(texts.problem(problem.code, problem.value, problem.limit))
        return
    assert isinstance(quantity, Decimal)
    await saved(ctx_of(message, state, uow, clock, settings, gazetteer), data,
                quantity=str(quantity))


async def on_link(message: Message, state: FSMContext, uow: UnitOfWork, clock: Clock,
                  settings: Settings, gazetteer: Gazetteer) -> None:
    """Where to give for a fundraising need: an http(s) address, or asked again."""
    link = parse_link(message.text)
    if not isinstance(link, str):
        await message.answer(texts.link_invalid(message.text))
        return
    await saved(ctx_of(message, state, uow, clock, settings, gazetteer), await current(state),
                link=link)


async def on_unit_value(message: Message, state: FSMContext, uow: UnitOfWork, clock: Clock,
                        settings: Settings, gazetteer: Gazetteer) -> None:
    value = parse_unit_value(message.text or "")
    if isinstance(value, ParseError):
        await message.answer(texts.unit_value_problem(value.code, value.value, value.limit))
        return
    await saved(ctx_of(message, state, uow, clock, settings, gazetteer), await current(state),
                unit_value=str(value))


async def on_deadline(message: Message, state: FSMContext, uow: UnitOfWork, clock: Clock,
                      settings: Settings, gazetteer: Gazetteer) -> None:
    data = await current(state)
    deadline = logic.read_deadline(message.text, today=today_in_italy(clock()))
    if isinstance(deadline, ParseError):
        said = texts.problem(deadline.code, deadline.value, deadline.limit)
        campaign = data["draft"].get("category") == FUNDRAISING and data["mode"] != "reopen"
        await message.answer(texts.campaign_end_again(said) if campaign else said)
        return
    await saved(ctx_of(message, state, uow, clock, settings, gazetteer), data,
                deadline=deadline.isoformat())


async def on_beneficiary(message: Message, state: FSMContext, uow: UnitOfWork, clock: Clock,
                         settings: Settings, gazetteer: Gazetteer) -> None:
    name = logic.clean_line(message.text, logic.MAX_BENEFICIARY)
    if name is None:
        await message.answer(texts.beneficiary_invalid(), reply_markup=keyboards.skip("beneficiary"))
        return
    await saved(ctx_of(message, state, uow, clock, settings, gazetteer), await current(state),
                beneficiary=name)


async def on_category_typed(message: Message, state: FSMContext, uow: UnitOfWork, clock: Clock,
                            settings: Settings, gazetteer: Gazetteer) -> None:
    found = load_categories().find((message.text or "").lstrip("#"))
    if found is None:
        await message.answer(common_texts.use_buttons(), reply_markup=keyboards.categories())
        return
    await _category_chosen(ctx_of(message, state, uow, clock, settings, gazetteer),
                           await current(state), found.code)


async def _category_chosen(ctx: Ctx, data: dict[str, Any], code: str) -> None:
    """A category fixes what a non-profit's need asks next (``logic.after_category``); an edit
    in /myneeds changes the category alone (the service refuses one its need does not suit)."""
    if data["mode"] != "manage":
        data["queue"] = logic.after_category(data["mode"], code, data["draft"], data["queue"])
    await saved(ctx, data, category=code)


async def on_territory(message: Message, state: FSMContext, uow: UnitOfWork, clock: Clock,
                       settings: Settings, gazetteer: Gazetteer) -> None:
    """A comune typed: accepted when it lies inside the team's territory."""
    data = await current(state)
    team_code, typed = data["team_code"], (message.text or "").strip()
    team_place = place_label(gazetteer, team_code)
    result = gazetteer.resolve(typed)
    found = [result.place] if result.place is not None else list(result.candidates)
    inside = [p for p in found if team_code in places.chain(gazetteer, p.code)]
    ctx = ctx_of(message, state, uow, clock, settings, gazetteer)
    if not found:
        await message.answer(texts.territory_not_found(typed[:80]),
                             reply_markup=keyboards.territory(team_code, team_place))
    elif not inside:
        await state.set_state(NeedFlow.territory)
        await message.answer(texts.territory_outside(place_label(gazetteer, found[0].code),
                                                     team_place),
                             reply_markup=keyboards.territory(team_code, team_place))
    elif len(inside) == 1:
        await saved(ctx, data, territory=None if inside[0].code == team_code else inside[0].code)
    else:
        data["candidates"] = [p.code for p in inside[:5]]
        await message.answer(texts.territory_ambiguous(typed[:80]), reply_markup=keyboards.territory(
            team_code, team_place, [(p.code, place_label(gazetteer, p.code)) for p in inside[:5]]))
        await enter(state, NeedFlow.territory_pick, data)


async def on_text_expected(message: Message) -> None:
    await message.answer(common_texts.text_expected())


async def on_text_instead_of_button(message: Message, state: FSMContext, raw_state: str | None,
                                    uow: UnitOfWork, gazetteer: Gazetteer) -> None:
    """Urgency, the team and the summary are answered with buttons: say so, show them again."""
    data = await current(state)
    markup: InlineKeyboardMarkup | None = None
    if raw_state == NeedFlow.urgency.state:
        markup = keyboards.urgencies()
    elif raw_state == NeedFlow.summary.state:
        markup = summary_markup(data)
    elif raw_state == NeedFlow.organisation.state:
        markup = keyboards.organisations(data.get("npos", []))
    elif raw_state == NeedFlow.propose_kind.state and message.from_user is not None:
        npo = await needs.npo_for_proposing(uow, telegram_id=message.from_user.id)
        markup = keyboards.propose_kinds(npo[1]) if npo is not None else None
    elif raw_state == NeedFlow.team.state:
        markup = keyboards.teams(await teams.views_of(uow, gazetteer, data.get("teams", [])))
    await message.answer(common_texts.use_buttons(), reply_markup=markup)


# --- buttons ------------------------------------------------------------------------------------


async def on_skip(callback: CallbackQuery, callback_data: StepSkipCb, message: Message,
                  state: FSMContext, raw_state: str | None, uow: UnitOfWork, clock: Clock,
                  settings: Settings, gazetteer: Gazetteer) -> None:
    data = await current(state)
    step = STEP_STATES.get(callback_data.step)
    if (callback_data.step not in logic.SKIPPABLE or step is None or step.state != raw_state
            or data.get("mode") == "reopen"):
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    if not logic.skippable(callback_data.step, data["draft"]):
        await callback.answer(texts.campaign_end_needed(), show_alert=True)
        return
    if callback_data.step == "organisation":
        await callback.answer()
        ctx = ctx_of(message, state, uow, clock, settings, gazetteer, callback.from_user.id)
        await saved(ctx, data, organisation_id=None, organisation_name=None)
        return
    await callback.answer()
    ctx = ctx_of(message, state, uow, clock, settings, gazetteer, callback.from_user.id)
    await saved(ctx, data, **{callback_data.step: None})


async def on_category(callback: CallbackQuery, callback_data: CategoryCb, message: Message,
                      state: FSMContext, uow: UnitOfWork, clock: Clock, settings: Settings,
                      gazetteer: Gazetteer) -> None:
    if load_categories().get(callback_data.code) is None:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    ctx = ctx_of(message, state, uow, clock, settings, gazetteer, callback.from_user.id)
    await _category_chosen(ctx, await current(state), callback_data.code)


async def on_organisation(callback: CallbackQuery, callback_data: OrganisationCb,
                          message: Message, state: FSMContext, uow: UnitOfWork, clock: Clock,
                          settings: Settings, gazetteer: Gazetteer) -> None:
    """A non-profit among those offered, or none; any other is stale (the service checks the
    organisation again when the need is published)."""
    data = await current(state)
    offered = {int(organisation_id): str(name) for organisation_id, name in data.get("npos", [])}
    chosen = callback_data.organisation_id
    if chosen and chosen not in offered:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    ctx = ctx_of(message, state, uow, clock, settings, gazetteer, callback.from_user.id)
    await saved(ctx, data, organisation_id=chosen or None,
                organisation_name=offered.get(chosen))


async def on_unit(callback: CallbackQuery, callback_data: UnitCb, message: Message,
                  state: FSMContext, uow: UnitOfWork, clock: Clock, settings: Settings,
                  gazetteer: Gazetteer) -> None:
    data = await current(state)
    allowed = set(logic.UNIT_CHOICES) - ({"skill_hours"} if data["mode"] == "propose" else set())
    if data["mode"] == "propose":
        allowed.add("-")
    if callback_data.code not in allowed:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    ctx = ctx_of(message, state, uow, clock, settings, gazetteer, callback.from_user.id)
    await _unit_chosen(ctx, data, callback_data.code)


async def on_urgency(callback: CallbackQuery, callback_data: UrgencyCb, message: Message,
                     state: FSMContext, uow: UnitOfWork, clock: Clock, settings: Settings,
                     gazetteer: Gazetteer) -> None:
    if callback_data.value not in keyboards.URGENCIES:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    ctx = ctx_of(message, state, uow, clock, settings, gazetteer, callback.from_user.id)
    await saved(ctx, await current(state), urgency=callback_data.value)


async def on_territory_button(callback: CallbackQuery, callback_data: TerritoryCb,
                              message: Message, state: FSMContext, uow: UnitOfWork, clock: Clock,
                              settings: Settings, gazetteer: Gazetteer) -> None:
    data = await current(state)
    code, team_code = callback_data.code, data["team_code"]
    if code != team_code and code not in data.get("candidates", []):
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    data["candidates"] = []
    ctx = ctx_of(message, state, uow, clock, settings, gazetteer, callback.from_user.id)
    await saved(ctx, data, territory=None if code == team_code else code)


# --- the summary (new needs, approvals) -----------------------------------------------------------


def summary_lines(data: dict[str, Any], gazetteer: Gazetteer, today: date
                  ) -> texts.SummaryLines:
    draft = data["draft"]
    deadline = date.fromisoformat(draft["deadline"]) if draft["deadline"] else None
    return texts.SummaryLines(
        mode=data["mode"], team=data["team_name"], title=draft["title"] or "",
        description=draft["description"], category=draft["category"], unit=draft["unit"],
        skill=draft["skill"], quantity=draft["quantity"], urgency=draft["urgency"],
        deadline=deadline, beneficiary=draft["beneficiary"],
        place=place_label(gazetteer, draft["territory"] or data["team_code"]),
        deadline_next_year=deadline is not None and deadline.year > today.year,
        goods=is_goods(draft["unit"]), unit_value=draft.get("unit_value"),
        link=draft.get("link"), organisation=draft.get("organisation_name"))


def summary_markup(data: dict[str, Any]) -> InlineKeyboardMarkup:
    return keyboards.summary(logic.summary_fields(data["draft"]))


async def show_summary(ctx: Ctx, data: dict[str, Any]) -> None:
    await ctx.message.answer(texts.summary(summary_lines(
        data, ctx.gazetteer, today_in_italy(ctx.clock()))),
                             reply_markup=summary_markup(data))
    await enter(ctx.state, NeedFlow.summary, data)
