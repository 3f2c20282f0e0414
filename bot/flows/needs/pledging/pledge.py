"""The pledge screen (from /needs, or the group announcement's deep link), pledging with a
tap or a typed quantity, and /pledges with its withdrawals.

What may still be pledged is the service's ``room_for`` (``domain.needs``' one rule, the one
the pledge itself is held to); the covered notice to the other pledgers is the service's
event, said by the notifier.
"""

from __future__ import annotations

from decimal import Decimal

from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.clock import Clock
from bot.config import Settings
from bot.filters import registered
from bot.flows.needs.pledging import logic
from bot.flows.needs.pledging.browse import edit_in_place, onboarded
from bot.flows.needs.states import NeedsFlow
from bot.fsm import enter
from bot.services import needs, places
from bot.services.needs import NeedCard, NeedProblem, PledgeRefused
from bot.services.roles import NotAllowed
from bot.ui.callbacks.needs import PledgeOpenCb, PledgeQtyCb, WithdrawCb
from bot.ui.keyboards import needs as needs_keyboards
from bot.ui.texts import common as common_texts
from bot.ui.texts import needs as needs_texts
from domain.needs import ParseError, parse_quantity
from domain.territory import Gazetteer
from storage.models import Member
from storage.uow import UnitOfWork

# --- the pledge screen ------------------------------------------------------------------------


def _room(card: NeedCard, settings: Settings) -> Decimal:
    return needs.room_for(card.need, settings.pledge_margin).room


def _pledge_keyboard(card: NeedCard, settings: Settings) -> InlineKeyboardMarkup:
    need = card.need
    return needs_keyboards.pledge_screen(
        need.id, need.unit, logic.presets(need.open_quantity, _room(card, settings), need.unit),
        need.open_quantity)


async def show_pledge_screen(message: Message, state: FSMContext, uow: UnitOfWork,
                             gazetteer: Gazetteer, settings: Settings, need_id: int) -> bool:
    """The need, what is missing and the quantity buttons; a typed number pledges too.
    False (and said why) when the need is unknown or takes no pledges. Also the landing of
    the deep link `/start need_<id>` (bot.flows.onboarding)."""
    card = await needs.find_need(uow, need_id=need_id)
    if card is None:
        await message.answer(needs_texts.no_such_need())
        return False
    if not needs.is_pledgeable(card.need):
        await message.answer(needs_texts.not_pledgeable())
        return False
    room = _room(card, settings)
    if room <= 0:
        await message.answer(refusal_text(PledgeRefused(need_id, Decimal(0), room,
                                                        "over_limit"), card))
        return False
    await message.answer(needs_texts.pledge_screen(
        card, places.view_of(gazetteer, card.need.territory_code), room),
        reply_markup=_pledge_keyboard(card, settings))
    await enter(state, NeedsFlow.pledge_quantity, {"need_id": need_id})  # once it went out
    return True


def refusal_text(refusal: PledgeRefused, card: NeedCard | None) -> str:
    return needs_texts.refused(refusal, card.need if card else None)


@registered
async def on_pledge_open(callback: CallbackQuery, callback_data: PledgeOpenCb, message: Message,
                         state: FSMContext, member: Member, uow: UnitOfWork,
                         gazetteer: Gazetteer, settings: Settings) -> None:
    await callback.answer()
    await show_pledge_screen(message, state, uow, gazetteer, settings, callback_data.need_id)


# --- pledging -------------------------------------------------------------------------------------


async def do_pledge(message: Message, state: FSMContext, telegram_id: int, need_id: int,
                    quantity: Decimal, uow: UnitOfWork, clock: Clock,
                    settings: Settings) -> bool:
    """Pledge and confirm with the new coverage bar, or say why not; True once pledged."""
    try:
        result = await needs.pledge(uow, now=clock(), telegram_id=telegram_id, need_id=need_id,
                                    quantity=quantity, margin=settings.pledge_margin)
    except NotAllowed:
        await state.clear()
        await message.answer(common_texts.need_registration())
        return False
    except NeedProblem:
        await state.clear()
        await message.answer(needs_texts.no_such_need())
        return False
    if isinstance(result, needs.Pledged):
        await state.clear()
        await message.answer(needs_texts.pledged(result.pledge.quantity, result.need,
                                                 result.organisation))
        return True
    card = await needs.find_need(uow, need_id=need_id)
    text = refusal_text(result, card)
    if card is None or result.reason == "not_pledgeable" or result.room <= 0:
        await state.clear()
        await message.answer(text)
        return False
    await message.answer(text, reply_markup=_pledge_keyboard(card, settings))
    await enter(state, NeedsFlow.pledge_quantity, {"need_id": need_id})
    return False


@registered
async def on_pledge_quantity(callback: CallbackQuery, callback_data: PledgeQtyCb,
                             message: Message, state: FSMContext, member: Member,
                             uow: UnitOfWork, clock: Clock, settings: Settings) -> None:
    need_id, qty = callback_data.need_id, callback_data.qty
    if qty == "type":
        card = await needs.find_need(uow, need_id=need_id)
        if card is None or not needs.is_pledgeable(card.need):
            await callback.answer(needs_texts.not_pledgeable() if card else
                                  needs_texts.no_such_need(), show_alert=True)
            return
        await callback.answer()
        await message.answer(needs_texts.type_quantity(card.need))
        await enter(state, NeedsFlow.pledge_quantity, {"need_id": need_id})
        return
    quantity: Decimal | None
    if qty == "all":
        card = await needs.find_need(uow, need_id=need_id)
        if card is None:
            await callback.answer(needs_texts.no_such_need(), show_alert=True)
            return
        if not needs.is_pledgeable(card.need) or card.need.open_quantity <= 0:
            await callback.answer()  # closed, or covered by others meanwhile
            reason = "over_limit" if needs.is_pledgeable(card.need) else "not_pledgeable"
            await message.answer(refusal_text(PledgeRefused(need_id, Decimal(0), Decimal(0),
                                                            reason), card))
            return
        quantity = card.need.open_quantity
    else:
        quantity = logic.button_quantity(qty)
    if quantity is None:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    if await do_pledge(message, state, member.telegram_id, need_id, quantity, uow, clock,
                       settings):
        try:  # the question is answered: its buttons go (a press on an old copy pledges anew)
            await message.edit_reply_markup(reply_markup=None)
        except TelegramBadRequest:
            pass  # deleted or too old meanwhile: nothing left to press anyway


async def on_typed_pledge(message: Message, state: FSMContext, member: Member | None,
                          uow: UnitOfWork, clock: Clock, settings: Settings) -> None:
    need_id = (await state.get_data()).get("need_id")
    if not onboarded(member) or member is None or not isinstance(need_id, int):
        await state.clear()
        await message.answer(common_texts.need_registration() if not onboarded(member)
                             else common_texts.not_understood())
        return
    quantity = parse_quantity(message.text or "")
    if isinstance(quantity, ParseError):
        card = await needs.find_need(uow, need_id=need_id)
        markup = (_pledge_keyboard(card, settings)
                  if card is not None and needs.is_pledgeable(card.need) else None)
        await message.answer(needs_texts.quantity_problem(quantity), reply_markup=markup)
        return
    await do_pledge(message, state, member.telegram_id, need_id, quantity, uow, clock, settings)


async def on_non_text_quantity(message: Message) -> None:
    await message.answer(needs_texts.quantity_problem(ParseError("bad_quantity")))


# --- /pledges and withdrawing -----------------------------------------------------------------


async def cmd_pledges(message: Message, state: FSMContext, member: Member | None,
                      uow: UnitOfWork) -> None:
    if not onboarded(member) or member is None:
        await message.answer(common_texts.need_registration())
        return
    await state.clear()
    mine = (await needs.pledges_of(uow, telegram_id=member.telegram_id))[:15]
    if not mine:
        await message.answer(needs_texts.no_pledges())
        return
    await message.answer(needs_texts.pledges_list(mine), reply_markup=needs_keyboards.pledges(mine))


def pledge_problem(problem: NeedProblem) -> str:
    if problem.code == "not_active":
        return needs_texts.not_active_pledge()
    if problem.code == "no_such_need":
        return needs_texts.no_such_need()
    return needs_texts.no_such_pledge()


@registered
async def on_withdraw(callback: CallbackQuery, callback_data: WithdrawCb, message: Message,
                      member: Member, uow: UnitOfWork, clock: Clock) -> None:
    pledge_id, step = callback_data.pledge_id, callback_data.step
    if step not in ("ask", "yes", "keep"):
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    try:
        pledge = await needs.pledge_of(uow, telegram_id=member.telegram_id, pledge_id=pledge_id)
    except NotAllowed:
        await callback.answer(needs_texts.not_your_pledge(), show_alert=True)
        return
    except NeedProblem as problem:
        await callback.answer(pledge_problem(problem), show_alert=True)
        return
    if step == "keep":
        await callback.answer()
        await edit_in_place(message, needs_texts.kept(), None)
        return
    if pledge.status != "active":
        await callback.answer(needs_texts.not_active_pledge(), show_alert=True)
        return
    if step == "ask":
        await callback.answer()
        await message.answer(needs_texts.confirm_withdraw(pledge),
                             reply_markup=needs_keyboards.confirm_withdraw(pledge_id))
        return
    try:
        await needs.withdraw(uow, now=clock(), telegram_id=member.telegram_id,
                             pledge_id=pledge_id)
    except NotAllowed:
        await callback.answer(needs_texts.not_your_pledge(), show_alert=True)
        return
    except NeedProblem as problem:
        await callback.answer(pledge_problem(problem), show_alert=True)
        return
    await callback.answer()
    await edit_in_place(message, needs_texts.withdrawn(pledge), None)
