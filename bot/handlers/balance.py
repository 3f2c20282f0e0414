"""/balance: the balance of needs and help, for designers (their teams) and observers (their
territory), as text and as a chart image.

    /balance ──► one scope ──► the figures, then the chart
             └─► several ──► buttons (all my teams / each team / each territory) ──► the same

Who may see which scope is checked again when a button is pressed (a button can be forged or
outlive a role). The chart is drawn in a worker thread: matplotlib takes tens of milliseconds
the event loop must not wait for.
"""

from __future__ import annotations

import asyncio

from aiogram import Router
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.charts import render_bars
from bot.clock import Clock
from bot.commands import Audience, CommandSpec, Where
from bot.config import Settings
from bot.filters import Command, OnMessage, PrivateChat
from bot.services import balance, places
from bot.services.balance import Scope
from bot.services.roles import NotAllowed
from bot.ui.callbacks.balance import BalanceCb
from bot.ui.keyboards import balance as balance_keyboards
from bot.ui.texts import balance as balance_texts
from bot.ui.texts.places import place_label
from domain.territory import Gazetteer
from storage.uow import UnitOfWork

COMMANDS = (
    CommandSpec("balance", Audience.DESIGNER, Where.PRIVATE, balance_texts.BALANCE_MENU,
                balance_texts.BALANCE_HELP),
    CommandSpec("balance", Audience.OBSERVER, Where.PRIVATE, balance_texts.BALANCE_MENU,
                balance_texts.BALANCE_HELP_OBSERVER),
)
CHART_FILE = "balance.png"


def scope_name(scope: Scope, gazetteer: Gazetteer) -> str:
    if scope.kind == "teams":
        return balance_texts.all_teams_button()
    if scope.kind == "place":
        place = places.view_of(gazetteer, scope.key)
        return place_label(place) if place else scope.key
    return scope.name


async def show_balance(message: Message, uow: UnitOfWork, *, telegram_id: int, scope: Scope,
                       clock: Clock, settings: Settings, gazetteer: Gazetteer) -> None:
    view = await balance.balance_of(uow, now=clock(), telegram_id=telegram_id, kind=scope.kind,
                                    key=scope.key,
                                    unanswered_after_days=settings.unanswered_after_days,
                                    margin=settings.surplus_margin)
    name = scope_name(scope, gazetteer)
    if view.live == 0:
        await message.answer(balance_texts.nothing_to_show(name))
        return
    await message.answer(balance_texts.balance_text(view, name))
    chart = balance_texts.chart(view, name)
    png = await asyncio.to_thread(render_bars, chart)
    await message.answer_photo(BufferedInputFile(png, CHART_FILE),
                               caption=balance_texts.chart_caption(name,
                                                                   red="none" in chart.states))


async def cmd_balance(message: Message, uow: UnitOfWork, clock: Clock, settings: Settings,
                      gazetteer: Gazetteer) -> None:
    if message.from_user is None:
        return
    scopes = await balance.scopes_of(uow, telegram_id=message.from_user.id)
    if not scopes:
        await message.answer(balance_texts.not_allowed())
        return
    if len(scopes) == 1:
        await show_balance(message, uow, telegram_id=message.from_user.id, scope=scopes[0],
                           clock=clock, settings=settings, gazetteer=gazetteer)
        return
    await message.answer(balance_texts.choose_scope(), reply_markup=balance_keyboards.scopes(
        [(scope, scope_name(scope, gazetteer)) for scope in scopes]))


async def on_scope_chosen(callback: CallbackQuery, callback_data: BalanceCb, message: Message,
                          uow: UnitOfWork, clock: Clock, settings: Settings,
                          gazetteer: Gazetteer) -> None:
    scope = next((s for s in await balance.scopes_of(uow, telegram_id=callback.from_user.id)
                  if s.kind == callback_data.kind and s.key == callback_data.key), None)
    if scope is None:
        await callback.answer(balance_texts.scope_gone(), show_alert=True)
        return
    await callback.answer()
    try:
        await show_balance(message, uow, telegram_id=callback.from_user.id, scope=scope,
                           clock=clock, settings=settings, gazetteer=gazetteer)
    except NotAllowed:  # the role went between the two reads
        await message.answer(balance_texts.scope_gone())


def create_router() -> Router:
    router = Router(name="balance")
    router.message.filter(PrivateChat())
    router.callback_query.filter(PrivateChat(), OnMessage())
    router.message.register(cmd_balance, Command("balance"))
    router.callback_query.register(on_scope_chosen, BalanceCb.filter())
    return router
