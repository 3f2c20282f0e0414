"""/near, as a table:

    /near ──(not onboarded)──► "/start first"
      └──► reply keyboard [📍 Share my location] [🏠 Around my comune]
    📍 location ──► the nearest comune (none within 15 km: "not in Italy / at sea", their
                    comune instead) ──► needs, tables, services with distances
    🏠 ──► around their comune (approximate point said so)
    anything else ──► "use the buttons"

The answer removes the reply keyboard; the location is used for the answer only, never kept.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.clock import Clock
from bot.commands import Audience, CommandSpec, Where
from bot.filters import Command, InState, PrivateChat
from bot.fsm import enter
from bot.services import near
from bot.services.near import NearView
from bot.ui.callbacks.needs import PledgeOpenCb
from bot.ui.callbacks.tables import MyRsvpCb
from bot.ui.keyboards.grid import button, rows
from bot.ui.texts import common as common_texts
from bot.ui.texts import near as texts
from domain.territory import Gazetteer
from storage.models import Member
from storage.uow import UnitOfWork

COMMANDS = (
    CommandSpec("near", Audience.MEMBER, Where.PRIVATE, texts.NEAR_MENU, texts.NEAR_HELP),
)


class NearFlow(StatesGroup):
    where = State()


def _where_keyboard() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(keyboard=[
        [KeyboardButton(text=texts.share_location_button(), request_location=True)],
        [KeyboardButton(text=texts.my_comune_button())]],
        resize_keyboard=True, one_time_keyboard=True)


def _links(view: NearView) -> InlineKeyboardMarkup:
    return rows([*(button(texts.pledge_button(i), PledgeOpenCb(need_id=n.need.id))
                   for i, n in enumerate(view.needs, 1)),
                 *(button(texts.rsvp_button(i), MyRsvpCb(table_id=t.table_id, answer="yes"))
                   for i, t in enumerate(view.tables, 1))], 2)


async def cmd_near(message: Message, state: FSMContext, member: Member | None) -> None:
    if member is None or not member.is_onboarded:
        await message.answer(common_texts.need_registration())
        return
    await message.answer(texts.ask_where(), reply_markup=_where_keyboard())
    await enter(state, NearFlow.where, {})


async def on_where(message: Message, state: FSMContext, member: Member | None,
                   uow: UnitOfWork, gazetteer: Gazetteer, clock: Clock) -> None:
    if member is None or not member.is_onboarded:
        await state.clear()
        await message.answer(common_texts.need_registration(),
                             reply_markup=ReplyKeyboardRemove())
        return
    location = ((message.location.latitude, message.location.longitude)
                if message.location is not None else None)
    if location is None and message.text != texts.my_comune_button():
        await message.answer(texts.press_a_button(), reply_markup=_where_keyboard())
        return
    view = await near.around(uow, gazetteer, member=member, location=location, now=clock())
    await message.answer(texts.header(view.where), reply_markup=ReplyKeyboardRemove())
    if view.where.name is not None:
        links = _links(view)
        await message.answer(texts.body(view),
                             reply_markup=links if links.inline_keyboard else None)
    await state.clear()


class LocationOrText(Filter):
    """A shared location, or typed text that is not a command."""

    async def __call__(self, message: Message) -> bool:
        return message.location is not None or bool(
            message.text and not message.text.startswith("/"))


def create_router() -> Router:
    router = Router(name="near")
    router.message.filter(PrivateChat())
    router.message.register(cmd_near, Command("near"))
    router.message.register(on_where, InState(NearFlow.where), LocationOrText())
    return router
