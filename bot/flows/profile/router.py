"""/profile, as a table:

    /profile ──► menu ── field button ──► the onboarding step of that field (mode=profile)
                  ▲                               │ saved
                  └───────────────────────────────┘
                 menu ── Done ──► (no state)

Editing reuses the onboarding steps, so a field is validated the same way wherever it is set.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.filters import OnMessage, PrivateChat
from bot.flows.onboarding.states import Onboarding
from bot.flows.profile.states import Profile
from bot.services import members
from bot.ui import keyboards, texts
from bot.ui.callbacks import ProfileCb
from domain.territory import Gazetteer
from storage.models import Member
from storage.uow import UnitOfWork


def editable_fields(member: Member) -> list[str]:
    fields = ["language", "actor"]
    if member.actor_type not in (None, "citizen"):
        fields.append("organisation")
    return [*fields, "territory", "skills", "availability"]


async def show_profile(message: Message, state: FSMContext, member: Member, uow: UnitOfWork,
                       gazetteer: Gazetteer) -> None:
    await state.set_state(Profile.menu)
    await state.set_data({"mode": "profile"})
    view = await members.profile_view(uow, gazetteer, member)
    await message.answer(texts.profile_card(view),
                         reply_markup=keyboards.profile_fields(editable_fields(member)))


async def cmd_profile(message: Message, state: FSMContext, member: Member | None,
                      uow: UnitOfWork, gazetteer: Gazetteer) -> None:
    if member is None or not member.is_onboarded:
        await message.answer(texts.need_registration())
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
        return texts.choose_language_short(), keyboards.languages()
    if field == "actor":
        return texts.ask_actor(), keyboards.actors()
    if field == "organisation":
        return texts.ask_organisation(member.actor_type or ""), None
    if field == "territory":
        return texts.ask_territory(), None
    if field == "skills":
        return texts.ask_skills(), keyboards.skip("skills")
    return texts.ask_availability(), keyboards.availability(with_skip=True)


async def on_field_chosen(callback: CallbackQuery, callback_data: ProfileCb, message: Message,
                          state: FSMContext, member: Member | None) -> None:
    if member is None or (
            callback_data.field != "done" and callback_data.field not in editable_fields(member)):
        await callback.answer(texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    if callback_data.field == "done":
        await state.clear()
        await message.answer(texts.profile_closed())
        return
    await state.set_state(_FIELD_STEPS[callback_data.field])
    text, markup = _prompt(callback_data.field, member)
    await message.answer(text, reply_markup=markup)


async def on_text_in_menu(message: Message, state: FSMContext, member: Member | None,
                          uow: UnitOfWork, gazetteer: Gazetteer) -> None:
    await message.answer(texts.use_buttons())
    if member is not None:
        await show_profile(message, state, member, uow, gazetteer)


def create_router() -> Router:
    """The profile table: which update, in which state, goes to which step."""
    router = Router(name="profile")
    router.message.filter(PrivateChat())
    router.callback_query.filter(PrivateChat(), OnMessage())
    router.message.register(cmd_profile, Command("profile"))
    router.callback_query.register(on_field_chosen, Profile.menu, ProfileCb.filter())
    router.message.register(on_text_in_menu, Profile.menu)
    return router
