"""A designer confirms what a pledger delivered: all of it with a tap, or part of it typed.
The pledger's thanks is the service's event, said by the notifier."""

from __future__ import annotations

from decimal import Decimal

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.filters import registered
from bot.flows.needs.pledging.pledge import pledge_problem
from bot.flows.needs.states import NeedsFlow
from bot.services import needs
from bot.services.needs import NeedProblem
from bot.services.roles import NotAllowed
from bot.ui.callbacks.needs import DeliverCb
from bot.ui.texts import common as common_texts
from bot.ui.texts import needs as needs_texts
from domain.needs import ParseError, parse_quantity
from storage.models import Member
from storage.uow import UnitOfWork


async def _record_delivery(telegram_id: int, pledge_id: int, quantity: Decimal | None,
                           uow: UnitOfWork, clock: Clock) -> str:
    """Confirm a delivery; the text to answer with."""
    try:
        item = await needs.delivery(uow, telegram_id=telegram_id, pledge_id=pledge_id)
    except NotAllowed:
        return needs_texts.not_your_team()
    except NeedProblem as problem:
        return pledge_problem(problem)
    try:
        outcome = await needs.confirm_delivery(uow, now=clock(), telegram_id=telegram_id,
                                               pledge_id=pledge_id, quantity=quantity)
    except NotAllowed:
        return needs_texts.not_your_team()
    except NeedProblem as problem:
        if problem.code == "too_much":
            return needs_texts.too_much_delivered(item)
        if problem.code == "not_positive":
            return needs_texts.quantity_problem(ParseError("not_positive"))
        return pledge_problem(problem)
    return needs_texts.delivery_recorded(quantity if quantity is not None else item.owed, item,
                                         outcome.need)


@registered
async def on_deliver(callback: CallbackQuery, callback_data: DeliverCb, message: Message,
                     state: FSMContext, member: Member, uow: UnitOfWork, clock: Clock) -> None:
    pledge_id = callback_data.pledge_id
    try:
        item = await needs.delivery(uow, telegram_id=member.telegram_id, pledge_id=pledge_id)
    except NotAllowed:
        await callback.answer(needs_texts.not_your_team(), show_alert=True)
        return
    except NeedProblem as problem:
        await callback.answer(pledge_problem(problem), show_alert=True)
        return
    await callback.answer()
    if callback_data.part:
        await state.set_state(NeedsFlow.delivery_quantity)
        await state.set_data({"pledge_id": pledge_id})
        await message.answer(needs_texts.type_delivered(item))
        return
    await message.answer(await _record_delivery(member.telegram_id, pledge_id, None, uow, clock))


async def on_typed_delivery(message: Message, state: FSMContext, member: Member | None,
                            uow: UnitOfWork, clock: Clock) -> None:
    pledge_id = (await state.get_data()).get("pledge_id")
    if member is None or not isinstance(pledge_id, int):
        await state.clear()
        await message.answer(common_texts.not_understood())
        return
    quantity = parse_quantity(message.text or "")
    if isinstance(quantity, ParseError):
        await message.answer(needs_texts.quantity_problem(quantity))
        return
    await state.clear()
    await message.answer(await _record_delivery(member.telegram_id, pledge_id, quantity, uow,
                                                clock))
