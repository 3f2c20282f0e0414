"""Onboarding, as a table of states and transitions.

    /start ──► language ──► consent ──► actor ──┬─► organisation ──┐
                  (no row yet)  │ no: stop     └──(citizen)────────┴─► territory
                                └─ yes: member row created                 │ typed text
                                                     ┌── ambiguous ◄───────┤
                                                     ▼                     │ found
                                              territory_pick ──► skills ──► availability
                                                                               │ registered
                                                                               ▼
                                                                  team (join / not now) ──► done

Every step is saved when answered, so `/start` after an interruption resumes at the first
missing step (`logic.next_step`). The same states serve /profile edits: with `mode=profile` in
the state data, a saved answer goes back to the profile card instead of the next step.
`/join` and deep links (`?start=team_<id>`) reuse the `team` step.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiogram import Router
from aiogram.filters import CommandObject, CommandStart, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n

from bot.clock import Clock
from bot.filters import HasText, OnMessage, PrivateChat
from bot.flows.onboarding import logic
from bot.flows.onboarding.states import Onboarding
from bot.i18n import LANGUAGES
from bot.services import members, places, teams
from bot.ui import keyboards, texts
from bot.ui.callbacks import (
    NONE_OF_THESE,
    ActorCb,
    AvailCb,
    ConsentCb,
    JoinCb,
    LangCb,
    PlaceCb,
    SkipCb,
)
from domain.territory import Gazetteer, Place
from storage.models import Member
from storage.uow import UnitOfWork


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
    if step is logic.Step.ACTOR:
        await state.set_state(Onboarding.actor)
        await message.answer(texts.ask_actor(), reply_markup=keyboards.actors())
    elif step is logic.Step.ORGANISATION:
        await state.set_state(Onboarding.organisation)
        await message.answer(texts.ask_organisation(member.actor_type or ""))
    elif step is logic.Step.TERRITORY:
        await state.set_state(Onboarding.territory)
        await message.answer(texts.ask_territory())
    elif step is logic.Step.SKILLS:
        await state.set_state(Onboarding.skills)
        await message.answer(texts.ask_skills(), reply_markup=keyboards.skip("skills"))


async def after_save(message: Message, state: FSMContext, member: Member, **ctx: Any) -> None:
    """After an answer is saved: back to the profile card, or on to the next step."""
    if (await state.get_data()).get("mode") == "profile":
        from bot.flows.profile.router import show_profile  # the two flows share their steps

        await show_profile(message, state, member, ctx["uow"], ctx["gazetteer"])
    else:
        await ask_next(message, state, member)


async def offer_teams(message: Message, state: FSMContext, member: Member, uow: UnitOfWork,
                      gazetteer: Gazetteer, target_team_id: int | None = None) -> None:
    """Offer the invited team, else the nearest teams of the member's territory."""
    assert member.id is not None and member.territory_code is not None
    joined = {team.id for team in await uow.teams.of_member(member.id)}
    target = await uow.teams.get(target_team_id) if target_team_id else None
    if target is not None:
        offered, text = [teams.view(gazetteer, target)], None
        text = texts.offer_invited(offered[0])
    else:
        offer = await teams.offer_for_place(uow, gazetteer, member.territory_code)
        if offer.kind == "none":
            await state.clear()
            await message.answer(texts.no_team_yet(offer.place))
            return
        offered = offer.teams
        text = (texts.offer_local(offer.place, offered) if offer.kind == "local"
                else texts.offer_wider(offer.place, offer.area or offer.place, offered))
    open_teams = [team for team in offered if team.id not in joined]
    if not open_teams:
        await state.clear()
        await message.answer(texts.already_member(offered[0]))
        return
    await state.set_state(Onboarding.team)
    await state.set_data({"offered": [team.id for team in open_teams]})
    await message.answer(text, reply_markup=keyboards.team_offer(open_teams))


# --- /start -----------------------------------------------------------------------------------


async def cmd_start(message: Message, command: CommandObject, state: FSMContext,
                    member: Member | None, uow: UnitOfWork, gazetteer: Gazetteer) -> None:
    await state.clear()
    target_id = logic.team_from_payload(command.args)
    target = await uow.teams.get(target_id) if target_id else None
    if command.args and target is None:
        await message.answer(texts.invite_invalid())
    data = {"target_team_id": target.id} if target else {}
    if member is None or member.consent_at is None:
        await state.set_state(Onboarding.language)
        await state.set_data(data)
        await message.answer(texts.choose_language(), reply_markup=keyboards.languages())
    elif member.is_onboarded and target is not None:
        await offer_teams(message, state, member, uow, gazetteer, target.id)
    elif member.is_onboarded:
        await message.answer(texts.welcome_back(member.display_name or ""))
    else:
        await state.set_data(data)
        await message.answer(texts.resume_onboarding())
        await ask_next(message, state, member)


# --- language and consent ---------------------------------------------------------------------


async def on_language(callback: CallbackQuery, callback_data: LangCb, message: Message,
                      state: FSMContext, member: Member | None, i18n: I18n, **ctx: Any) -> None:
    if callback_data.code not in LANGUAGES:
        await callback.answer(texts.stale_button(), show_alert=True)
        return
    i18n.current_locale = callback_data.code
    await callback.answer()
    mode = (await state.get_data()).get("mode")
    if member is not None and member.consent_at is not None:
        member.language = callback_data.code
        await message.answer(texts.language_set())
        if mode == "profile":
            await after_save(message, state, member, **ctx)
        else:
            await state.clear()
        return
    await state.update_data(language=callback_data.code)
    await state.set_state(Onboarding.consent)
    await message.answer(texts.ask_consent(), reply_markup=keyboards.consent())


async def on_consent(callback: CallbackQuery, callback_data: ConsentCb, message: Message,
                     state: FSMContext, uow: UnitOfWork, clock: Clock, locale: str) -> None:
    await callback.answer()
    if not callback_data.accept:
        await state.clear()
        await message.answer(texts.consent_declined())
        return
    data = await state.get_data()
    member = await members.record_consent(
        uow, telegram_id=callback.from_user.id, display_name=callback.from_user.first_name,
        language=str(data.get("language", locale)), now=clock())
    await state.set_data({k: v for k, v in data.items() if k == "target_team_id"})
    await ask_next(message, state, member)


# --- who, and for which organisation ----------------------------------------------------------


async def on_actor(callback: CallbackQuery, callback_data: ActorCb, message: Message,
                   state: FSMContext, member: Member | None, **ctx: Any) -> None:
    if member is None or callback_data.kind not in logic.ACTORS:
        await callback.answer(texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    member.actor_type = callback_data.kind
    if callback_data.kind == "citizen":
        member.organisation_name = None
    elif (await state.get_data()).get("mode") == "profile":
        await state.set_state(Onboarding.organisation)  # a new kind of actor needs its name
        await message.answer(texts.ask_organisation(callback_data.kind))
        return
    await after_save(message, state, member, **ctx)


async def on_organisation(message: Message, state: FSMContext, member: Member | None,
                          **ctx: Any) -> None:
    name = logic.clean_organisation(message.text)
    if member is None or name is None:
        await message.answer(texts.organisation_invalid())
        return
    member.organisation_name = name
    await after_save(message, state, member, **ctx)


# --- where ------------------------------------------------------------------------------------


async def save_territory(message: Message, state: FSMContext, member: Member, code: str,
                         alias: str | None, **ctx: Any) -> None:
    gazetteer: Gazetteer = ctx["gazetteer"]
    member.territory_code = code
    place = places.view_of(gazetteer, code)
    assert place is not None
    await message.answer(texts.territory_set(place, alias))
    await after_save(message, state, member, **ctx)


def place_buttons(candidates: Sequence[Place]) -> InlineKeyboardMarkup:
    return keyboards.places([(p.code, texts.place_label(places.view(p))) for p in candidates])


async def on_territory(message: Message, state: FSMContext, member: Member | None,
                       gazetteer: Gazetteer, **ctx: Any) -> None:
    typed = (message.text or "").strip()
    result = gazetteer.resolve(typed)
    if member is None or result.status == "not_found":
        await message.answer(texts.territory_not_found(typed[:80]))
    elif result.status == "found" and result.place is not None:
        await save_territory(message, state, member, result.place.code, result.matched_alias,
                             gazetteer=gazetteer, **ctx)
    else:
        candidates = result.candidates[:5]
        await state.update_data(candidates=[place.code for place in candidates])
        await state.set_state(Onboarding.territory_pick)
        await message.answer(texts.territory_ambiguous(typed[:80]),
                             reply_markup=place_buttons(candidates))


async def on_place_picked(callback: CallbackQuery, callback_data: PlaceCb, message: Message,
                          state: FSMContext, member: Member | None, **ctx: Any) -> None:
    candidates = (await state.get_data()).get("candidates", [])
    if member is None or (
            callback_data.code != NONE_OF_THESE and callback_data.code not in candidates):
        await callback.answer(texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    await state.update_data(candidates=[])
    if callback_data.code == NONE_OF_THESE:
        await state.set_state(Onboarding.territory)
        await message.answer(texts.territory_retype())
        return
    await save_territory(message, state, member, callback_data.code, None, **ctx)


async def on_text_while_picking(message: Message, state: FSMContext, **ctx: Any) -> None:
    """A new text instead of a button: treat it as a new attempt at the place."""
    if message.text and not message.text.startswith("/"):
        await state.set_state(Onboarding.territory)
        await on_territory(message, state, **ctx)
        return
    gazetteer: Gazetteer = ctx["gazetteer"]
    codes = (await state.get_data()).get("candidates", [])
    candidates = [place for place in map(gazetteer.get, codes) if place is not None]
    await message.answer(texts.use_buttons(), reply_markup=place_buttons(candidates))


# --- skills and availability (optional) -------------------------------------------------------


async def ask_availability(message: Message, state: FSMContext) -> None:
    await state.set_state(Onboarding.availability)
    await message.answer(texts.ask_availability(), reply_markup=keyboards.availability(with_skip=True))


async def on_skills(message: Message, state: FSMContext, member: Member | None, **ctx: Any) -> None:
    skills = logic.clean_skills(message.text)
    if member is None or skills is None:
        await message.answer(texts.skills_invalid(), reply_markup=keyboards.skip("skills"))
        return
    member.skills = skills
    await after_skills(message, state, member, **ctx)


async def after_skills(message: Message, state: FSMContext, member: Member, **ctx: Any) -> None:
    if (await state.get_data()).get("mode") == "profile":
        await after_save(message, state, member, **ctx)
    else:
        await ask_availability(message, state)


async def on_skills_skipped(callback: CallbackQuery, message: Message, state: FSMContext,
                            member: Member | None, **ctx: Any) -> None:
    if member is None:
        await callback.answer(texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    await after_skills(message, state, member, **ctx)


async def on_availability(callback: CallbackQuery, callback_data: AvailCb, message: Message,
                          state: FSMContext, member: Member | None, **ctx: Any) -> None:
    if member is None or callback_data.value not in texts.AVAILABILITY_LABELS:
        await callback.answer(texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    member.availability = callback_data.value
    await finish(message, state, member, **ctx)


async def on_availability_skipped(callback: CallbackQuery, message: Message, state: FSMContext,
                                  member: Member | None, **ctx: Any) -> None:
    if member is None:
        await callback.answer(texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    await finish(message, state, member, **ctx)


async def finish(message: Message, state: FSMContext, member: Member, **ctx: Any) -> None:
    data = await state.get_data()
    if data.get("mode") == "profile" or member.is_onboarded:
        await after_save(message, state, member, **ctx)
        return
    member.onboarded_at = ctx["clock"]()
    await message.answer(texts.registered(member.display_name or ""))
    await offer_teams(message, state, member, ctx["uow"], ctx["gazetteer"],
                      data.get("target_team_id"))


# --- the team ---------------------------------------------------------------------------------


async def on_join(callback: CallbackQuery, callback_data: JoinCb, message: Message,
                  state: FSMContext, member: Member | None, uow: UnitOfWork,
                  gazetteer: Gazetteer, clock: Clock) -> None:
    offered = (await state.get_data()).get("offered", [])
    if member is None or (callback_data.team_id != 0 and callback_data.team_id not in offered):
        await callback.answer(texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    await state.clear()
    if callback_data.team_id == 0:
        await message.answer(texts.join_later())
        return
    team, _new = await teams.join(uow, member=member, team_id=callback_data.team_id,
                                  now=clock())
    if team is None:
        await message.answer(texts.stale_button())
        return
    await message.answer(texts.joined(teams.view(gazetteer, team)))


# --- wrong kinds of answer --------------------------------------------------------------------


async def on_text_instead_of_button(message: Message, state: FSMContext, raw_state: str | None,
                                    uow: UnitOfWork, gazetteer: Gazetteer) -> None:
    """A typed answer where buttons were asked for: say so, and show the buttons again."""
    markup: InlineKeyboardMarkup | None = None
    if raw_state == Onboarding.language.state:
        markup = keyboards.languages()
    elif raw_state == Onboarding.consent.state:
        markup = keyboards.consent()
    elif raw_state == Onboarding.actor.state:
        markup = keyboards.actors()
    elif raw_state == Onboarding.availability.state:
        markup = keyboards.availability(with_skip=True)
    elif raw_state == Onboarding.team.state:
        offered = await uow.teams.by_ids((await state.get_data()).get("offered", []))
        markup = keyboards.team_offer(teams.views(gazetteer, offered))
    await message.answer(texts.use_buttons(), reply_markup=markup)


async def on_non_text_territory(message: Message) -> None:
    await message.answer(texts.text_expected())


def create_router() -> Router:
    """The onboarding table: which update, in which state, goes to which step."""
    router = Router(name="onboarding")
    router.message.filter(PrivateChat())
    router.callback_query.filter(PrivateChat(), OnMessage())
    router.message.register(cmd_start, CommandStart())
    router.callback_query.register(on_language, Onboarding.language, LangCb.filter())
    router.callback_query.register(on_consent, Onboarding.consent, ConsentCb.filter())
    router.callback_query.register(on_actor, Onboarding.actor, ActorCb.filter())
    router.message.register(on_organisation, Onboarding.organisation)
    router.message.register(on_territory, Onboarding.territory, HasText())
    router.callback_query.register(on_place_picked, Onboarding.territory_pick, PlaceCb.filter())
    router.message.register(on_text_while_picking, Onboarding.territory_pick)
    router.message.register(on_skills, Onboarding.skills)
    router.callback_query.register(on_skills_skipped, SkipCb.filter(), Onboarding.skills)
    router.callback_query.register(on_availability, Onboarding.availability, AvailCb.filter())
    router.callback_query.register(on_availability_skipped, SkipCb.filter(), Onboarding.availability)
    router.callback_query.register(on_join, Onboarding.team, JoinCb.filter())
    router.message.register(on_text_instead_of_button, StateFilter(
        Onboarding.language, Onboarding.consent, Onboarding.actor, Onboarding.availability,
        Onboarding.team))
    router.message.register(on_non_text_territory, Onboarding.territory)
    return router
