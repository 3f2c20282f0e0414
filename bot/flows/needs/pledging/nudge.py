"""A nudge's two buttons (the suggestion of a need the balance sends, ``notify.balance``):

    🤝 I can help ──► pledged at once (2 hours, 1 parcel…; at most what is missing);
                      pressed again: "you already pledged" (nothing added)
                      └─ ➕ give more (the pledge screen) / ✂️ give less (reduce)
                  └─► money: the pledge screen asks how much
    🙅 Not for me ──► no suggestions of the need's category for 30 days

The button carries the need's id only; the service checks again that the presser is a
registered member to whom it was suggested (or of the need's team), that the need still
takes pledges and has room. A stale or forged press is answered and changes nothing.
"""

from __future__ import annotations

from decimal import Decimal

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.config import Settings
from bot.filters import registered
from bot.flows.needs.pledging.pledge import refusal_text, show_pledge_screen
from bot.services import balance, needs
from bot.services.needs import NeedProblem
from bot.services.roles import NotAllowed
from bot.ui.callbacks.balance import NudgeCb
from bot.ui.keyboards import balance as balance_keyboards
from bot.ui.texts import balance as balance_texts
from bot.ui.texts import common as common_texts
from bot.ui.texts import needs as needs_texts
from domain.needs import unit_info
from domain.territory import Gazetteer
from storage.models import Member
from storage.uow import UnitOfWork


@registered
async def on_nudge(callback: CallbackQuery, callback_data: NudgeCb, message: Message,
                   state: FSMContext, member: Member, uow: UnitOfWork, clock: Clock,
                   gazetteer: Gazetteer, settings: Settings) -> None:
    if callback_data.act == "mute":
        await _mute(callback, callback_data.need_id, message, member, uow, clock)
    elif callback_data.act == "help":
        await _help(callback, callback_data.need_id, message, state, member, uow, clock,
                    gazetteer, settings)
    else:
        await callback.answer(common_texts.stale_button(), show_alert=True)


async def _mute(callback: CallbackQuery, need_id: int, message: Message, member: Member,
                uow: UnitOfWork, clock: Clock) -> None:
    try:
        muted = await balance.mute_category(uow, now=clock(), telegram_id=member.telegram_id,
                                            need_id=need_id)
    except NotAllowed:
        await callback.answer(balance_texts.not_suggested_to_you(), show_alert=True)
        return
    except NeedProblem:
        await callback.answer(needs_texts.no_such_need(), show_alert=True)
        return
    await callback.answer()
    await message.answer(balance_texts.muted(needs_texts.category_label(muted.category),
                                             balance.MUTE_DAYS))


async def _help(callback: CallbackQuery, need_id: int, message: Message, state: FSMContext,
                member: Member, uow: UnitOfWork, clock: Clock, gazetteer: Gazetteer,
                settings: Settings) -> None:
    try:
        result = await balance.pledge_from_nudge(uow, now=clock(),
                                                 telegram_id=member.telegram_id,
                                                 need_id=need_id, margin=settings.pledge_margin)
    except NotAllowed:
        await callback.answer(balance_texts.not_suggested_to_you(), show_alert=True)
        return
    except NeedProblem:
        await callback.answer(needs_texts.no_such_need(), show_alert=True)
        return
    await callback.answer()
    if isinstance(result, balance.AskQuantity):
        await show_pledge_screen(message, state, uow, gazetteer, settings, need_id)
        return
    if isinstance(result, needs.Pledged | balance.AlreadyPledged):
        await state.clear()
        pledge = result.pledge
        whole = unit_info(pledge.unit).whole if pledge.unit else False
        can_reduce = pledge.quantity - pledge.delivered > (Decimal(1) if whole else Decimal(0))
        said = (needs_texts.pledged(pledge.quantity, result.need, result.organisation)
                if isinstance(result, needs.Pledged)
                else balance_texts.already_pledged(pledge.quantity, pledge.unit,
                                                   result.need.title))
        await message.answer(said + "\n\n" + balance_texts.nudge_pledged_more(),
                             reply_markup=balance_keyboards.after_one_tap(need_id, pledge.id,
                                                                          can_reduce))
        return
    card = await needs.find_need(uow, need_id=need_id)
    await message.answer(refusal_text(result, card))
