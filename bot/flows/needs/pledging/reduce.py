"""Reducing a pledge from /pledges: ✂️ Reduce asks how much to keep, a typed smaller quantity
lowers it (``needs.reduce``; the team's designers hear it through the notifier).

The button carries the pledge id only: that it is the presser's and still active is checked
here and again by the service; a typed quantity that cannot be the new one (not smaller, not
more than what arrived, not whole for counted units) is answered and asked again.
"""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.filters import registered
from bot.flows.needs.pledging.browse import onboarded
from bot.flows.needs.pledging.pledge import pledge_problem
from bot.flows.needs.states import NeedsFlow
from bot.services import needs
from bot.services.needs import NeedProblem
from bot.services.roles import NotAllowed
from bot.ui.callbacks.needs import ReduceCb
from bot.ui.texts import common as common_texts
from bot.ui.texts import needs as needs_texts
from domain.needs import ParseError, parse_quantity
from storage.models import Member
from storage.uow import UnitOfWork

#: What a typed quantity is answered with, asked again (the others end the step).
_ASK_AGAIN = ("not_smaller", "too_little", "not_whole", "not_positive")


@registered
async def on_reduce(callback: CallbackQuery, callback_data: ReduceCb, message: Message,
                    state: FSMContext, member: Member, uow: UnitOfWork) -> None:
    try:
        pledge = await needs.pledge_of(uow, telegram_id=member.telegram_id,
                                       pledge_id=callback_data.pledge_id)
    except NotAllowed:
        await callback.answer(needs_texts.not_your_pledge(), show_alert=True)
        return
    except NeedProblem as problem:
        await callback.answer(pledge_problem(problem), show_alert=True)
        return
    if pledge.status != "active":
        await callback.answer(needs_texts.not_active_pledge(), show_alert=True)
        return
    await callback.answer()
    await state.set_state(NeedsFlow.reduce_quantity)
    await state.set_data({"pledge_id": pledge.id})
    await message.answer(needs_texts.ask_reduce(pledge))


async def on_typed_reduce(message: Message, state: FSMContext, member: Member | None,
                          uow: UnitOfWork, clock: Clock) -> None:
    pledge_id = (await state.get_data()).get("pledge_id")
    if not onboarded(member) or member is None or not isinstance(pledge_id, int):
        await state.clear()
        await message.answer(common_texts.need_registration() if not onboarded(member)
                             else common_texts.not_understood())
        return
    quantity = parse_quantity(message.text or "")
    if isinstance(quantity, ParseError):
        await message.answer(needs_texts.quantity_problem(quantity))
        return
    try:
        pledge = await needs.pledge_of(uow, telegram_id=member.telegram_id, pledge_id=pledge_id)
        await needs.reduce(uow, now=clock(), telegram_id=member.telegram_id,
                           pledge_id=pledge_id, quantity=quantity)
    except NotAllowed:
        await state.clear()
        await message.answer(needs_texts.not_your_pledge())
        return
    except NeedProblem as problem:
        if problem.code in _ASK_AGAIN:
            await message.answer(needs_texts.reduce_problem(problem.code, pledge))
            return
        await state.clear()
        await message.answer(pledge_problem(problem))
        return
    await state.clear()
    await message.answer(needs_texts.reduced(pledge, quantity))
