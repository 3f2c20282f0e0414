"""The steps of /services: the overview, the questions of a new service, withdrawing, and a
designer's review (Approve, or Decline with a typed reason). Every press is checked again by
``bot.services.local_services``."""

from __future__ import annotations

from contextlib import suppress

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.flows.services.states import ServiceFlow
from bot.fsm import enter
from bot.services import local_services as service
from bot.services.local_services import ServiceProblem
from bot.ui.callbacks.services import ServiceCategoryCb, ServiceReviewCb, ServiceWithdrawCb
from bot.ui.keyboards import services as keyboards
from bot.ui.texts import common as common_texts
from bot.ui.texts import services as texts
from domain.needs import load_categories
from domain.territory import Gazetteer
from storage.models import Member
from storage.uow import UnitOfWork


async def cmd_services(message: Message, state: FSMContext, member: Member | None,
                       uow: UnitOfWork, gazetteer: Gazetteer) -> None:
    if member is None or not member.is_onboarded:
        await message.answer(common_texts.need_registration())
        return
    await state.clear()
    try:
        organisation = await service.organisation_for(uow, member.telegram_id)
    except ServiceProblem as problem:
        await message.answer(texts.problem(problem.code))
        return
    listed = await service.list_of(uow, gazetteer, organisation)
    await message.answer(texts.overview(organisation.name, listed),
                         reply_markup=keyboards.overview(listed))


async def on_add(callback: CallbackQuery, message: Message, state: FSMContext,
                 uow: UnitOfWork) -> None:
    try:
        await service.organisation_for(uow, callback.from_user.id)
    except ServiceProblem as problem:
        await callback.answer(texts.problem(problem.code), show_alert=True)
        return
    await callback.answer()
    await message.answer(texts.ask_name())
    await enter(state, ServiceFlow.name, {})


async def _ask(message: Message, state: FSMContext, field: str, limit: int, question: str,
               next_state: State | None = None) -> str | None:
    try:
        value = service.check_text(message.text or "", limit)
    except ServiceProblem as problem:
        await message.answer(texts.problem(problem.code))
        return None
    data = {**await state.get_data(), field: value}
    await message.answer(question, reply_markup=keyboards.categories()
                         if next_state is ServiceFlow.category else None)
    if next_state is not None:
        await enter(state, next_state, data)
    return value


async def on_name(message: Message, state: FSMContext) -> None:
    await _ask(message, state, "name", service.NAME_MAX, texts.ask_category(),
               ServiceFlow.category)


async def on_category(callback: CallbackQuery, callback_data: ServiceCategoryCb,
                      message: Message, state: FSMContext) -> None:
    if load_categories().get(callback_data.code) is None:
        await callback.answer(texts.problem("category"), show_alert=True)
        return
    await callback.answer()
    await message.answer(texts.ask_what())
    await enter(state, ServiceFlow.what, {**await state.get_data(),
                                          "category": callback_data.code})


async def on_category_typed(message: Message) -> None:
    await message.answer(texts.problem("category"), reply_markup=keyboards.categories())


async def on_what(message: Message, state: FSMContext) -> None:
    await _ask(message, state, "what", service.WHAT_MAX, texts.ask_when(), ServiceFlow.when)


async def on_when(message: Message, state: FSMContext) -> None:
    await _ask(message, state, "when", service.WHEN_MAX, texts.ask_reach(), ServiceFlow.reach)


async def on_reach(message: Message, state: FSMContext, uow: UnitOfWork, clock: Clock) -> None:
    data = await state.get_data()
    assert message.from_user is not None
    try:
        listed = await service.submit(
            uow, telegram_id=message.from_user.id, name=str(data.get("name", "")),
            category=str(data.get("category", "")), what=str(data.get("what", "")),
            when=str(data.get("when", "")), reach=message.text or "", territory_code=None,
            now=clock())
    except ServiceProblem as problem:
        await message.answer(texts.problem(problem.code))
        if problem.code not in ("phone", "bad_link", "reach_length", "empty"):
            await state.clear()
        return
    await message.answer(texts.submitted(listed.name))
    await state.clear()


async def on_withdraw(callback: CallbackQuery, callback_data: ServiceWithdrawCb,
                      message: Message, uow: UnitOfWork) -> None:
    try:
        withdrawn = await service.withdraw(uow, telegram_id=callback.from_user.id,
                                           service_id=callback_data.service_id)
    except ServiceProblem as problem:
        await callback.answer(texts.problem(problem.code), show_alert=True)
        return
    await callback.answer()
    await message.answer(texts.withdrawn(withdrawn.name))


async def on_review(callback: CallbackQuery, callback_data: ServiceReviewCb, message: Message,
                    state: FSMContext, uow: UnitOfWork, clock: Clock) -> None:
    try:
        if callback_data.act == "approve":
            reviewed = await service.review(uow, telegram_id=callback.from_user.id,
                                            service_id=callback_data.service_id, approve=True,
                                            reason=None, now=clock())
            await callback.answer()
            with suppress(TelegramBadRequest):  # reviewed: its buttons go (if still there)
                await message.edit_reply_markup(reply_markup=None)
            await message.answer(texts.approved(reviewed.name))
            return
        pending = await service.check_review(uow, telegram_id=callback.from_user.id,
                                             service_id=callback_data.service_id)
    except ServiceProblem as problem:
        await callback.answer(texts.problem(problem.code), show_alert=True)
        return
    await callback.answer()
    await message.answer(texts.ask_reason(pending.name))
    await enter(state, ServiceFlow.decline_reason, {"service_id": callback_data.service_id,
                                                     "review_message": message.message_id})


async def on_decline_reason(message: Message, state: FSMContext, uow: UnitOfWork,
                            clock: Clock, bot: Bot) -> None:
    assert message.from_user is not None
    data = await state.get_data()
    service_id = int(data.get("service_id", 0))
    try:
        reviewed = await service.review(uow, telegram_id=message.from_user.id,
                                        service_id=service_id, approve=False,
                                        reason=message.text, now=clock())
    except ServiceProblem as problem:
        await message.answer(texts.problem(problem.code))
        if problem.code != "reason":
            await state.clear()
        return
    if data.get("review_message"):  # reviewed: the review message's buttons go
        with suppress(TelegramBadRequest):  # already gone (deleted by the person)
            await bot.edit_message_reply_markup(chat_id=message.chat.id,
                                                message_id=int(data["review_message"]),
                                                reply_markup=None)
    await message.answer(texts.declined(reviewed.name))
    await state.clear()
