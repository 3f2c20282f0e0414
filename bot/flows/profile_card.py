"""The profile card: shown by /profile, and again after every field changed from it.

The fields are changed by the onboarding steps (with `mode=profile` in the state data), which
come back here when the answer is saved. Both flows import this module and it imports neither,
so the dependency between them runs one way only: `profile` reuses `onboarding`'s steps.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Message

from bot.fsm import enter
from bot.services import members
from bot.ui.keyboards import profile as profile_keyboards
from bot.ui.texts import profile as profile_texts
from domain.territory import Gazetteer
from storage.models import Member
from storage.uow import UnitOfWork


class Profile(StatesGroup):
    menu = State()  # the card is shown, with a button per field


def editable_fields(member: Member) -> list[str]:
    fields = ["language", "actor"]
    if member.actor_type not in (None, "citizen"):
        fields.append("organisation")
    return [*fields, "territory", "skills", "availability"]


def in_profile_mode(data: Mapping[str, Any]) -> bool:
    """Does the state data say a field is being changed from the card (not in registration)?"""
    return data.get("mode") == "profile"


async def show_profile(message: Message, state: FSMContext, member: Member, uow: UnitOfWork,
                       gazetteer: Gazetteer) -> None:
    view = await members.profile_view(uow, gazetteer, member)
    await message.answer(profile_texts.profile_card(view, nudges_off=member.nudges_off),
                         reply_markup=profile_keyboards.profile_fields(
                             editable_fields(member), nudges_off=member.nudges_off))
    await enter(state, Profile.menu, {"mode": "profile"})  # once the card went out
