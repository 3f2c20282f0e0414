"""What a question step needs besides the answer, and the label of a place it shows."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.clock import Clock
from bot.config import Settings
from bot.services import places
from bot.ui.texts import places as places_texts
from domain.territory import Gazetteer
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class Ctx:
    """What a step needs besides the answer."""

    message: Message
    state: FSMContext
    uow: UnitOfWork
    clock: Clock
    settings: Settings
    gazetteer: Gazetteer
    user_id: int


def ctx_of(message: Message, state: FSMContext, uow: UnitOfWork, clock: Clock,
           settings: Settings, gazetteer: Gazetteer, user_id: int | None = None) -> Ctx:
    who = user_id if user_id is not None else (message.from_user.id if message.from_user else 0)
    return Ctx(message, state, uow, clock, settings, gazetteer, who)


def place_label(gazetteer: Gazetteer, code: str) -> str:
    view = places.view_of(gazetteer, code)
    return places_texts.place_label(view) if view else code
