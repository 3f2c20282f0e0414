"""/profile, as a table:

    /profile ──► menu ── field button ──► the onboarding step of that field (mode=profile)
                  ▲                               │ saved
                  └───────────────────────────────┘
                 menu ── Done ──► (no state)

Editing reuses the onboarding steps, so a field is validated the same way wherever it is set;
they come back to the card in `bot.flows.profile_card`. This flow imports onboarding, never the
other way round.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.commands import Audience, CommandSpec, Where
from bot.config import Settings
from bot.filters import Command, InState, OnMessage, PrivateChat, registered
from bot.flows.onboarding import Onboarding
from bot.flows.profile_card import Profile, editable_fields, show_profile
from bot.middlewares import KeyboardOffWhenAnswered, watch_questions
from bot.services import balance
from bot.ui.callbacks.profile import ProfileCb
from bot.ui.keyboards import language as language_keyboards
from bot.ui.keyboards import onboarding as onboarding_keyboards
from bot.ui.keyboards.profile import NUDGES
from bot.ui.texts import balance as balance_texts
from bot.ui.texts import common as common_texts
from bot.ui.texts import language as language_texts
from bot.ui.texts import onboarding as onboarding_texts
from bot.ui.texts import profile as profile_texts
from domain.territory import Gazetteer
from storage.models import Member
from storage.uow import UnitOfWork

COMMANDS = (
    CommandSpec("profile", Audience.MEMBER, Where.PRIVATE, profile_texts.PROFILE_MENU,
                profile_texts.PROFILE_HELP),
)


async def cmd_profile(message: Message, state: FSMContext, member: Member | None,
                      uow: UnitOfWork, gazetteer: Gazetteer) -> None:
    if member is None or not member.is_onboarded:
        await message.answer(common_texts.need_registration())
        return
    await show_profile(message, state, member, uow, gazetteer)


_FIELD_STEPS = {
    "language": Onboarding.language,
    "actor": Onboarding.actor,
    "organisation": Onboarding.organisation,
    "territory": Onboarding.territory,
    "skills": Onboarding.skills,
    "availability": Onboarding.availability,
}


def _prompt(field: str, member: Member) -> tuple[str, InlineKeyboardMarkup | None]:
    if field == "language":
        return language_texts.choose_language_short(), language_keyboards.languages()
    if field == "actor":
        return onboarding_texts.ask_actor(), onboarding_keyboards.actors()
    if field == "organisation":
        return onboarding_texts.ask_organisation(member.actor_type or ""), None
    if field == "territory":
        return onboarding_texts.ask_territory(), None
    if field == "skills":
        return onboarding_texts.ask_skills(), onboarding_keyboards.skip("skills")
    return onboarding_texts.ask_availability(), onboarding_keyboards.availability(with_skip=True)


@registered
async def on_field_chosen(callback: CallbackQuery, callback_data: ProfileCb, message: Message,
                          state: FSMContext, member: Member, uow: UnitOfWork,
                          gazetteer: Gazetteer, settings: Settings) -> None:
    if callback_data.field == NUDGES:
        off = not await balance.set_nudges(uow, telegram_id=member.telegram_id,
                                           on=member.nudges_off)
        await callback.answer(balance_texts.nudges_toggled(off, settings.nudge_cap_days))
        await show_profile(message, state, member, uow, gazetteer)
        return
    if callback_data.field != "done" and callback_data.field not in editable_fields(member):
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    if callback_data.field == "done":
        await state.clear()
        await message.answer(profile_texts.profile_closed())
        return
    text, markup = _prompt(callback_data.field, member)
    await message.answer(text, reply_markup=markup)
    await state.set_state(_FIELD_STEPS[callback_data.field])  # once the question went out


async def on_text_in_menu(message: Message, state: FSMContext, member: Member | None,
                          uow: UnitOfWork, gazetteer: Gazetteer) -> None:
    await message.answer(common_texts.use_buttons())
    if member is not None:
        await show_profile(message, state, member, uow, gazetteer)


def create_router() -> Router:
    """The profile table: which update, in which state, goes to which step."""
    router = Router(name="profile")
    watch_questions(router)
    router.callback_query.middleware(KeyboardOffWhenAnswered())
    router.message.filter(PrivateChat())
    router.callback_query.filter(PrivateChat(), OnMessage())
    router.message.register(cmd_profile, Command("profile"))
    router.callback_query.register(on_field_chosen, InState(Profile.menu), ProfileCb.filter())
    router.message.register(on_text_in_menu, InState(Profile.menu))
    return router
