"""Onboarding, as a table of states and transitions.

    /start ──► language ──► consent ──► actor ──┬─► organisation ─┬───┐ new name: registered
                  (no row yet)  │ no: stop     │   (typed name)   ▼   │
                                │              │  organisation_pick ─┤ a known one: a request
                                │              └──(citizen)──────────┴─► territory
                                └─ yes: member row created                 │ typed text
                                                     ┌── ambiguous ◄───────┤
                                                     ▼                     │ found
                                              territory_pick ──► skills ──► availability
                                                                               │ registered
                                                                               ▼
                                                                  team (join / not now) ──► done

Every step is saved when answered, so `/start` after an interruption resumes at the first
missing step (`logic.next_step`). The same states serve /profile edits: with `mode=profile` in
the state data, a saved answer goes back to the profile card (`bot.flows.profile_card`)
instead of the next step.
`/join` and deep links (`?start=team_<id>`) reuse the `team` step. A need's deep link
(`?start=need_<id>`, the button of a need announced in a team group) shows a registered member
the need's pledge screen at once; anyone else registers first (the need id kept in the state
data as `target_need_id`) and lands on that pledge screen when registration ends.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiogram import F, Router
from aiogram.filters import CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n

from bot.clock import Clock
from bot.commands import Audience, CommandSpec, Where
from bot.config import Settings
from bot.filters import CommandStart, HasText, InState, OnMessage, PrivateChat, registered
from bot.flows.needs import show_pledge_screen
from bot.flows.onboarding import logic
from bot.flows.onboarding.states import Onboarding
from bot.flows.profile_card import in_profile_mode, show_profile
from bot.fsm import LANGUAGE_ONLY
from bot.i18n import LANGUAGES
from bot.middlewares import KeyboardOffWhenAnswered, watch_questions
from bot.services import members, needs, organisations, places, roles, teams
from bot.ui.callbacks.language import LangCb
from bot.ui.callbacks.onboarding import NONE_OF_THESE, ActorCb, AvailCb, ConsentCb, PlaceCb, SkipCb
from bot.ui.callbacks.organisations import OrgPickCb
from bot.ui.callbacks.team import JoinCb
from bot.ui.keyboards import language as language_keyboards
from bot.ui.keyboards import onboarding as onboarding_keyboards
from bot.ui.keyboards import organisations as organisation_keyboards
from bot.ui.keyboards import team as team_keyboards
from bot.ui.texts import common as common_texts
from bot.ui.texts import language as language_texts
from bot.ui.texts import needs as needs_texts
from bot.ui.texts import onboarding as onboarding_texts
from bot.ui.texts import organisations as organisation_texts
from bot.ui.texts import places as places_texts
from bot.ui.texts import team as team_texts
from domain.territory import Gazetteer, Place
from storage.models import Member
from storage.uow import UnitOfWork

COMMANDS = (
    CommandSpec("start", Audience.EVERYONE, Where.PRIVATE, onboarding_texts.START_MENU,
                onboarding_texts.START_HELP),
)


def snapshot(member: Member | None) -> logic.Snapshot | None:
    if member is None:
        return None
    return logic.Snapshot(consented=member.consent_at is not None, actor_type=member.actor_type,
                          organisation_name=member.organisation_name,
                          territory_code=member.territory_code, onboarded=member.is_onboarded)


# --- moving on ------------------------------------------------------------------------------


async def ask_next(message: Message, state: FSMContext, member: Member) -> None:
    """Ask for the first missing piece of the profile."""
    step = logic.next_step(snapshot(member))
    # Each question goes out before the conversation moves on to it.
    if step is logic.Step.ACTOR:
        await message.answer(onboarding_texts.ask_actor(), reply_markup=onboarding_keyboards.actors())
        await state.set_state(Onboarding.actor)
    elif step is logic.Step.ORGANISATION:
        await message.answer(onboarding_texts.ask_organisation(member.actor_type or ""))
        await state.set_state(Onboarding.organisation)
    elif step is logic.Step.TERRITORY:
        await message.answer(onboarding_texts.ask_territory())
        await state.set_state(Onboarding.territory)
    elif step is logic.Step.SKILLS:
        await message.answer(onboarding_texts.ask_skills(),
                             reply_markup=onboarding_keyboards.skip("skills"))
        await state.set_state(Onboarding.skills)


async def after_save(message: Message, state: FSMContext, member: Member, uow: UnitOfWork,
                     gazetteer: Gazetteer) -> None:
    """After an answer is saved: back to the profile card, or on to the next step."""
    if in_profile_mode(await state.get_data()):
        await show_profile(message, state, member, uow, gazetteer)
    else:
        await ask_next(message, state, member)


async def offer_teams(message: Message, state: FSMContext, member: Member, uow: UnitOfWork,
                      gazetteer: Gazetteer, target_team_id: int | None = None, *,
                      welcome: bool = False) -> None:
    """Offer the invited team, else the nearest teams of the member's territory. `welcome`:
    the end of registration, so the answer also says what to do next."""
    offer = await teams.offer_for_member(uow, gazetteer, member=member,
                                         invited_team_id=target_team_id)
    if offer.kind == "none":
        await state.clear()
        await message.answer(team_texts.no_team_yet(offer.place)
                             + _next_steps(welcome, with_team=False))
        return
    if offer.kind == "invited":
        text = team_texts.offer_invited(offer.teams[0])
    elif offer.kind == "local":
        text = team_texts.offer_local(offer.place, offer.teams)
    else:
        text = team_texts.offer_wider(offer.place, offer.area or offer.place, offer.teams)
    open_teams = offer.open
    if not open_teams:
        await state.clear()
        await message.answer(team_texts.already_member(offer.teams[0])
                             + _next_steps(welcome, with_team=True))
        return
    await state.set_state(Onboarding.team)
    await state.set_data({"offered": [team.id for team in open_teams], "welcome": welcome})
    await message.answer(text, reply_markup=team_keyboards.team_offer(open_teams))


# --- /start -----------------------------------------------------------------------------------


async def cmd_start(message: Message, command: CommandObject, state: FSMContext,
                    member: Member | None, uow: UnitOfWork, gazetteer: Gazetteer,
                    settings: Settings) -> None:
    await state.clear()
    need_id = logic.need_from_payload(command.args)
    if need_id is not None:
        await start_for_need(message, state, member, uow, gazetteer, settings, need_id)
        return
    target = await teams.invited_team(uow, logic.team_from_payload(command.args))
    if command.args and target is None:
        await message.answer(onboarding_texts.invite_invalid())
    data = {"target_team_id": target.id} if target else {}
    if member is None or member.consent_at is None:
        await state.set_state(Onboarding.language)
        await state.set_data(data)
        await message.answer(language_texts.choose_language(),
                             reply_markup=language_keyboards.languages())
    elif member.is_onboarded and target is not None:
        await offer_teams(message, state, member, uow, gazetteer, target.id)
    elif member.is_onboarded:
        await message.answer(onboarding_texts.welcome_back(member.display_name or ""))
    else:
        await state.set_data(data)
        await message.answer(onboarding_texts.resume_onboarding())
        await ask_next(message, state, member)


async def start_for_need(message: Message, state: FSMContext, member: Member | None,
                         uow: UnitOfWork, gazetteer: Gazetteer, settings: Settings,
                         need_id: int) -> None:
    """`/start need_<id>`: the pledge screen now, or after registering."""
    if member is not None and member.is_onboarded:
        await show_pledge_screen(message, state, uow, gazetteer, settings, need_id)
        return
    card = await needs.find_need(uow, need_id=need_id)
    data: dict[str, int] = {}
    if card is None:
        await message.answer(needs_texts.no_such_need())
    elif not needs.is_pledgeable(card.need):
        await message.answer(needs_texts.not_pledgeable())
    else:
        data = {"target_need_id": need_id}
    if member is None or member.consent_at is None:
        await state.set_state(Onboarding.language)
        await state.set_data(data)
        await message.answer(language_texts.choose_language(),
                             reply_markup=language_keyboards.languages())
    else:
        await state.set_data(data)
        await message.answer(onboarding_texts.resume_onboarding())
        await ask_next(message, state, member)


# --- language and consent ---------------------------------------------------------------------


async def on_language(callback: CallbackQuery, callback_data: LangCb, message: Message,
                      state: FSMContext, member: Member | None, i18n: I18n, uow: UnitOfWork,
                      gazetteer: Gazetteer, clock: Clock) -> None:
    if callback_data.code not in LANGUAGES:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    i18n.current_locale = callback_data.code
    await callback.answer()
    profile_mode = in_profile_mode(await state.get_data())
    if member is not None and member.consent_at is not None:
        members.set_language(uow, member, language=callback_data.code, now=clock())
        await message.answer(language_texts.language_set())
        if profile_mode:
            await after_save(message, state, member, uow, gazetteer)
        else:
            await state.clear()
        return
    if (member is None and (await state.get_data()).get(LANGUAGE_ONLY)
            and await roles.set_language(uow, telegram_id=callback.from_user.id,
                                         language=callback_data.code, now=clock())):
        await state.clear()  # an observer, expert or admin: no onboarding as a citizen
        await message.answer(language_texts.language_set())
        return
    await state.update_data(language=callback_data.code)
    await state.set_state(Onboarding.consent)
    await message.answer(onboarding_texts.ask_consent(), reply_markup=onboarding_keyboards.consent())


async def on_consent(callback: CallbackQuery, callback_data: ConsentCb, message: Message,
                     state: FSMContext, uow: UnitOfWork, clock: Clock, locale: str) -> None:
    await callback.answer()
    if not callback_data.accept:
        await state.clear()
        await message.answer(onboarding_texts.consent_declined())
        return
    data = await state.get_data()
    member = await members.record_consent(
        uow, telegram_id=callback.from_user.id, display_name=callback.from_user.first_name,
        language=str(data.get("language", locale)), now=clock())
    await state.set_data({k: v for k, v in data.items() if k in logic.TARGETS})
    await ask_next(message, state, member)


# --- who, and for which organisation ----------------------------------------------------------


@registered
async def on_actor(callback: CallbackQuery, callback_data: ActorCb, message: Message,
                   state: FSMContext, member: Member, uow: UnitOfWork,
                   gazetteer: Gazetteer) -> None:
    if callback_data.kind not in logic.ACTORS:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    if callback_data.kind != member.actor_type or callback_data.kind == "citizen":
        # A citizen acts for no organisation; an organisation of another kind is not theirs.
        await organisations.drop_link(uow, telegram_id=member.telegram_id)
    members.set_actor(member, kind=callback_data.kind)
    if callback_data.kind != "citizen" and in_profile_mode(await state.get_data()):
        await state.set_state(Onboarding.organisation)  # a new kind of actor needs its name
        await message.answer(onboarding_texts.ask_organisation(callback_data.kind))
        return
    await after_save(message, state, member, uow, gazetteer)


async def on_organisation(message: Message, state: FSMContext, member: Member | None,
                          uow: UnitOfWork, gazetteer: Gazetteer, clock: Clock) -> None:
    """The typed name: an organisation of the member's kind it clearly is (asked to make
    sure), several it may be (a button each), or none (registered now)."""
    name = logic.clean_organisation(message.text)
    if member is None or name is None:
        await message.answer(onboarding_texts.organisation_invalid())
        return
    found = await organisations.candidates(uow, kind=member.actor_type or "", typed=name)
    if found.status == "none":
        await register_organisation(message, state, member, name, uow, gazetteer, clock)
        return
    first = found.organisations[0]
    if found.status == "one" and first.id == await organisations.linked_to(
            uow, telegram_id=member.telegram_id):  # their own organisation, spelt another way
        await join_organisation(message, state, member, first.id, uow, gazetteer, clock)
        return
    if found.status == "one":
        await message.answer(organisation_texts.is_it(first.name),
                             reply_markup=organisation_keyboards.is_it(first.id, name))
    else:
        await message.answer(organisation_texts.which(name), reply_markup=organisation_keyboards
                             .which([(o.id, o.name) for o in found.organisations], name))
    await state.update_data(org_candidates=[o.id for o in found.organisations], org_typed=name)
    await state.set_state(Onboarding.organisation_pick)


async def register_organisation(message: Message, state: FSMContext, member: Member, name: str,
                                uow: UnitOfWork, gazetteer: Gazetteer, clock: Clock) -> None:
    created = await organisations.create_for(uow, member=member, name=name, now=clock())
    await message.answer(organisation_texts.created(created.name))
    await after_save(message, state, member, uow, gazetteer)


@registered
async def on_organisation_picked(callback: CallbackQuery, callback_data: OrgPickCb,
                                 message: Message, state: FSMContext, member: Member,
                                 uow: UnitOfWork, gazetteer: Gazetteer, clock: Clock) -> None:
    data = await state.get_data()
    offered, typed = data.get("org_candidates", []), data.get("org_typed")
    if not isinstance(typed, str) or (callback_data.org_id != 0
                                      and callback_data.org_id not in offered):
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    await state.update_data(org_candidates=[], org_typed=None)
    if callback_data.org_id == 0:
        await register_organisation(message, state, member, typed, uow, gazetteer, clock)
        return
    await join_organisation(message, state, member, callback_data.org_id, uow, gazetteer, clock)


async def join_organisation(message: Message, state: FSMContext, member: Member,
                            organisation_id: int, uow: UnitOfWork, gazetteer: Gazetteer,
                            clock: Clock) -> None:
    try:
        chosen, confirmed = await organisations.ask_to_join(
            uow, gazetteer, member=member, organisation_id=organisation_id, now=clock())
    except organisations.OrganisationProblem as problem:
        await message.answer(organisation_texts.problem(problem.code) if problem.code == "kind"
                             else organisation_texts.not_offered())
        await state.set_state(Onboarding.organisation)
        return
    await message.answer(organisation_texts.already_confirmed(chosen.name) if confirmed
                         else organisation_texts.requested(chosen.name))
    await after_save(message, state, member, uow, gazetteer)


async def on_text_while_picking_organisation(message: Message, state: FSMContext,
                                             member: Member | None, uow: UnitOfWork,
                                             gazetteer: Gazetteer, clock: Clock) -> None:
    """A new name instead of a button: another attempt at the organisation's name."""
    await state.set_state(Onboarding.organisation)
    await on_organisation(message, state, member, uow, gazetteer, clock)


# --- where ------------------------------------------------------------------------------------


async def save_territory(message: Message, state: FSMContext, member: Member, code: str,
                         alias: str | None, uow: UnitOfWork, gazetteer: Gazetteer,
                         clock: Clock) -> None:
    members.set_territory(member, code=code)
    # An organisation its first member registered before saying where takes their comune.
    await organisations.settle_territory(uow, member=member, now=clock())
    place = places.view_of(gazetteer, code)
    assert place is not None
    await message.answer(onboarding_texts.territory_set(place, alias))
    await after_save(message, state, member, uow, gazetteer)


def place_buttons(candidates: Sequence[Place]) -> InlineKeyboardMarkup:
    return onboarding_keyboards.places(
        [(p.code, places_texts.place_label(places.view(p))) for p in candidates])


async def on_territory(message: Message, state: FSMContext, member: Member | None,
                       uow: UnitOfWork, gazetteer: Gazetteer, clock: Clock) -> None:
    typed = (message.text or "").strip()
    result = gazetteer.resolve(typed)
    if member is None or result.status == "not_found":
        await message.answer(onboarding_texts.territory_not_found(typed[:80]))
    elif result.status == "found" and result.place is not None:
        await save_territory(message, state, member, result.place.code, result.matched_alias,
                             uow, gazetteer, clock)
    else:
        candidates = result.candidates[:5]
        await message.answer(onboarding_texts.territory_ambiguous(typed[:80]),
                             reply_markup=place_buttons(candidates))
        await state.update_data(candidates=[place.code for place in candidates])
        await state.set_state(Onboarding.territory_pick)


@registered
async def on_place_picked(callback: CallbackQuery, callback_data: PlaceCb, message: Message,
                          state: FSMContext, member: Member, uow: UnitOfWork,
                          gazetteer: Gazetteer, clock: Clock) -> None:
    candidates = (await state.get_data()).get("candidates", [])
    if callback_data.code != NONE_OF_THESE and callback_data.code not in candidates:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    await state.update_data(candidates=[])
    if callback_data.code == NONE_OF_THESE:
        await state.set_state(Onboarding.territory)
        await message.answer(onboarding_texts.territory_retype())
        return
    await save_territory(message, state, member, callback_data.code, None, uow, gazetteer,
                         clock)


async def on_text_while_picking(message: Message, state: FSMContext, member: Member | None,
                                uow: UnitOfWork, gazetteer: Gazetteer, clock: Clock) -> None:
    """A new text instead of a button: treat it as a new attempt at the place."""
    if message.text and not message.text.startswith("/"):
        await state.set_state(Onboarding.territory)
        await on_territory(message, state, member, uow, gazetteer, clock)
        return
    codes = (await state.get_data()).get("candidates", [])
    candidates = [place for place in map(gazetteer.get, codes) if place is not None]
    await message.answer(common_texts.use_buttons(), reply_markup=place_buttons(candidates))


# --- skills and availability (optional) -------------------------------------------------------


async def ask_availability(message: Message, state: FSMContext) -> None:
    await message.answer(onboarding_texts.ask_availability(),
                         reply_markup=onboarding_keyboards.availability(with_skip=True))
    await state.set_state(Onboarding.availability)


async def on_skills(message: Message, state: FSMContext, member: Member | None, uow: UnitOfWork,
                    gazetteer: Gazetteer) -> None:
    skills = logic.clean_skills(message.text)
    if member is None or skills is None:
        await message.answer(onboarding_texts.skills_invalid(),
                             reply_markup=onboarding_keyboards.skip("skills"))
        return
    members.set_skills(member, skills=skills)
    await after_skills(message, state, member, uow, gazetteer)


async def after_skills(message: Message, state: FSMContext, member: Member, uow: UnitOfWork,
                       gazetteer: Gazetteer) -> None:
    if in_profile_mode(await state.get_data()):
        await after_save(message, state, member, uow, gazetteer)
    else:
        await ask_availability(message, state)


@registered
async def on_skills_skipped(callback: CallbackQuery, message: Message, state: FSMContext,
                            member: Member, uow: UnitOfWork, gazetteer: Gazetteer) -> None:
    await callback.answer()
    await after_skills(message, state, member, uow, gazetteer)


@registered
async def on_availability(callback: CallbackQuery, callback_data: AvailCb, message: Message,
                          state: FSMContext, member: Member, uow: UnitOfWork,
                          gazetteer: Gazetteer, clock: Clock, settings: Settings) -> None:
    if callback_data.value not in onboarding_texts.AVAILABILITY_LABELS:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    members.set_availability(member, availability=callback_data.value)
    await finish(message, state, member, uow, gazetteer, clock, settings)


@registered
async def on_availability_skipped(callback: CallbackQuery, message: Message, state: FSMContext,
                                  member: Member, uow: UnitOfWork, gazetteer: Gazetteer,
                                  clock: Clock, settings: Settings) -> None:
    await callback.answer()
    await finish(message, state, member, uow, gazetteer, clock, settings)


async def finish(message: Message, state: FSMContext, member: Member, uow: UnitOfWork,
                 gazetteer: Gazetteer, clock: Clock, settings: Settings) -> None:
    data = await state.get_data()
    if in_profile_mode(data) or member.is_onboarded:
        await after_save(message, state, member, uow, gazetteer)
        return
    members.complete_registration(member, now=clock())
    await message.answer(onboarding_texts.registered(member.display_name or ""))
    need_id = data.get("target_need_id")
    if isinstance(need_id, int):  # came from a need's announcement: straight back to it
        await state.clear()
        await show_pledge_screen(message, state, uow, gazetteer, settings, need_id)
        return
    await offer_teams(message, state, member, uow, gazetteer, data.get("target_team_id"),
                      welcome=True)


# --- the team ---------------------------------------------------------------------------------


@registered
async def on_join(callback: CallbackQuery, callback_data: JoinCb, message: Message,
                  state: FSMContext, member: Member, uow: UnitOfWork,
                  gazetteer: Gazetteer, clock: Clock) -> None:
    data = await state.get_data()
    offered, welcome = data.get("offered", []), data.get("welcome") is True
    if callback_data.team_id != 0 and callback_data.team_id not in offered:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    await state.clear()
    if callback_data.team_id == 0:
        await message.answer(team_texts.join_later() + _next_steps(welcome, with_team=False))
        return
    team, _new = await teams.join(uow, member=member, team_id=callback_data.team_id,
                                  now=clock())
    if team is None:
        await message.answer(common_texts.stale_button())
        return
    await message.answer(team_texts.joined(teams.view(gazetteer, team))
                         + _next_steps(welcome, with_team=True))


def _next_steps(welcome: bool, *, with_team: bool) -> str:
    """What a member just registered can do next (nothing more after a later /join)."""
    return "\n\n" + onboarding_texts.next_steps(with_team=with_team) if welcome else ""


# --- wrong kinds of answer --------------------------------------------------------------------


async def on_text_instead_of_button(message: Message, state: FSMContext, raw_state: str | None,
                                    uow: UnitOfWork, gazetteer: Gazetteer) -> None:
    """A typed answer where buttons were asked for: say so, and show the buttons again."""
    markup: InlineKeyboardMarkup | None = None
    if raw_state == Onboarding.language.state:
        markup = language_keyboards.languages()
    elif raw_state == Onboarding.consent.state:
        markup = onboarding_keyboards.consent()
    elif raw_state == Onboarding.actor.state:
        markup = onboarding_keyboards.actors()
    elif raw_state == Onboarding.availability.state:
        markup = onboarding_keyboards.availability(with_skip=True)
    elif raw_state == Onboarding.team.state:
        offered = await teams.views_of(uow, gazetteer, (await state.get_data()).get("offered", []))
        markup = team_keyboards.team_offer(offered)
    await message.answer(common_texts.use_buttons(), reply_markup=markup)


async def on_non_text_territory(message: Message) -> None:
    await message.answer(common_texts.text_expected())


def create_router() -> Router:
    """The onboarding table: which update, in which state, goes to which step."""
    router = Router(name="onboarding")
    watch_questions(router)
    router.callback_query.middleware(KeyboardOffWhenAnswered())
    router.message.filter(PrivateChat())
    router.callback_query.filter(PrivateChat(), OnMessage())
    router.message.register(cmd_start, CommandStart())
    router.callback_query.register(on_language, InState(Onboarding.language), LangCb.filter())
    router.callback_query.register(on_consent, InState(Onboarding.consent), ConsentCb.filter())
    router.callback_query.register(on_actor, InState(Onboarding.actor), ActorCb.filter())
    router.message.register(on_organisation, InState(Onboarding.organisation))
    router.callback_query.register(on_organisation_picked, InState(Onboarding.organisation_pick),
                                   OrgPickCb.filter())
    router.message.register(on_text_while_picking_organisation,
                            InState(Onboarding.organisation_pick))
    router.message.register(on_territory, InState(Onboarding.territory), HasText())
    router.callback_query.register(on_place_picked, InState(Onboarding.territory_pick),
                                   PlaceCb.filter())
    router.message.register(on_text_while_picking, InState(Onboarding.territory_pick))
    router.message.register(on_skills, InState(Onboarding.skills))
    # Each Skip names its step: an old copy's Skip of another step is stale, not this one's.
    router.callback_query.register(on_skills_skipped, SkipCb.filter(F.step == "skills"),
                                   InState(Onboarding.skills))
    router.callback_query.register(on_availability, InState(Onboarding.availability),
                                   AvailCb.filter())
    router.callback_query.register(on_availability_skipped,
                                   SkipCb.filter(F.step == "availability"),
                                   InState(Onboarding.availability))
    router.callback_query.register(on_join, InState(Onboarding.team), JoinCb.filter())
    router.message.register(on_text_instead_of_button, InState(
        Onboarding.language, Onboarding.consent, Onboarding.actor, Onboarding.availability,
        Onboarding.team))
    router.message.register(on_non_text_territory, InState(Onboarding.territory))
    return router
