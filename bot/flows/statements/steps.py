"""The steps of /statement (the table of transitions is ``router.py``)."""

from __future__ import annotations

import asyncio

from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.clock import Clock
from bot.config import Settings
from bot.flows.statements.states import StatementFlow
from bot.fsm import enter
from bot.i18n import current_locale
from bot.services import statements
from bot.services.roles import NotAllowed
from bot.services.statements import Company, Refused, Statement
from bot.ui.callbacks.statements import (
    StatementCompanyCb,
    StatementLanguageCb,
    StatementPeriodCb,
)
from bot.ui.keyboards import statements as keyboards
from bot.ui.statement_image import render_statement_image
from bot.ui.statement_pdf import render_statement_pdf
from bot.ui.texts import impact as period_texts
from bot.ui.texts import statements as texts
from domain.calendar import ROME
from domain.period import Period, chosen, parse_period
from storage.uow import UnitOfWork


async def cmd_statement(message: Message, state: FSMContext, uow: UnitOfWork) -> None:
    await state.clear()
    assert message.from_user is not None
    try:
        found = await statements.choices(uow, telegram_id=message.from_user.id)
    except Refused as refused:
        await message.answer(texts.refusal(refused.reason))
        return
    if len(found.companies) == 1:
        company = found.companies[0]
        await message.answer(texts.choose_period(company.name),
                             reply_markup=keyboards.periods(company.id))
        return
    await message.answer(texts.choose_company(found.more),
                         reply_markup=keyboards.companies(found.companies))


async def _company(uow: UnitOfWork, callback: CallbackQuery, org: int) -> Company | None:
    """The pressed company if the presser may ask its statement now; else they are told."""
    try:
        return await statements.allowed(uow, telegram_id=callback.from_user.id,
                                        organisation_id=org)
    except NotAllowed:
        await callback.answer(texts.company_gone(), show_alert=True)
        return None


async def on_company(callback: CallbackQuery, callback_data: StatementCompanyCb,
                     message: Message, state: FSMContext, uow: UnitOfWork) -> None:
    company = await _company(uow, callback, callback_data.org)
    if company is None:
        return
    await state.clear()
    await callback.answer()
    await message.answer(texts.choose_period(company.name),
                         reply_markup=keyboards.periods(company.id))


async def on_period(callback: CallbackQuery, callback_data: StatementPeriodCb,
                    message: Message, state: FSMContext, uow: UnitOfWork, clock: Clock,
                    settings: Settings) -> None:
    """A preset, "type one", or a typed period confirmed: checked again, then the statement."""
    company = await _company(uow, callback, callback_data.org)
    if company is None:
        return
    if callback_data.period == "typed":
        await callback.answer()
        await message.answer(period_texts.ask_period())
        await enter(state, StatementFlow.typing_period, {"org": company.id})
        return
    period = chosen(callback_data.period, clock().astimezone(ROME).date())
    if period is None:
        await callback.answer(texts.company_gone(), show_alert=True)
        return
    await callback.answer()
    await state.clear()
    await _send(message, uow, company=company, period=period, telegram_id=callback.from_user.id,
                clock=clock, settings=settings)


async def on_period_typed(message: Message, state: FSMContext, uow: UnitOfWork,
                          clock: Clock) -> None:
    """A typed period: read back with make it / change, or asked again."""
    data = await state.get_data()
    typed = message.text or ""
    period = parse_period(typed, today=clock().astimezone(ROME).date())
    if period is None:
        await message.answer(period_texts.period_unreadable(typed))
        return
    org = int(data["org"])
    company = await uow.statements.company(org)
    await state.clear()
    await message.answer(texts.period_readback(company[1] if company else "", period),
                         reply_markup=keyboards.confirm(org, period))


async def _issue(uow: UnitOfWork, *, company: Company, period: Period, telegram_id: int,
                 language: str, clock: Clock, settings: Settings) -> Statement:
    return await statements.issue(uow, company=company, period=period,
                                  key=settings.statement_key(), language=language, now=clock(),
                                  issued_by=telegram_id)


async def _pdf(statement: Statement, language: str, settings: Settings) -> BufferedInputFile:
    pdf = await asyncio.to_thread(render_statement_pdf, statement, language=language,
                                  bot_username=settings.bot_username)
    return BufferedInputFile(pdf, texts.file_name(statement.company.name, statement.period,
                                                  "pdf"))


async def _send(message: Message, uow: UnitOfWork, *, company: Company, period: Period,
                telegram_id: int, clock: Clock, settings: Settings) -> None:
    """The statement: its text, the square image, then the PDF in the person's language with
    a button for the other (last: it is what stays on the screen)."""
    language = current_locale()
    statement = await _issue(uow, company=company, period=period, telegram_id=telegram_id,
                             language=language, clock=clock, settings=settings)
    await message.answer(texts.statement_text(statement))
    image = await asyncio.to_thread(render_statement_image, texts.image_words(statement))
    await message.answer_photo(
        BufferedInputFile(image, texts.file_name(company.name, period, "png")),
        caption=texts.image_caption(statement))
    await message.answer_document(await _pdf(statement, language, settings),
                                  caption=texts.pdf_caption(statement),
                                  reply_markup=keyboards.other_language(company.id, period,
                                                                        language))


async def on_language(callback: CallbackQuery, callback_data: StatementLanguageCb,
                      message: Message, uow: UnitOfWork, clock: Clock,
                      settings: Settings) -> None:
    """The same statement's PDF in the other language, checked again."""
    company = await _company(uow, callback, callback_data.org)
    if company is None:
        return
    period = chosen(callback_data.period, clock().astimezone(ROME).date())
    if period is None:
        await callback.answer(texts.company_gone(), show_alert=True)
        return
    await callback.answer()
    statement = await _issue(uow, company=company, period=period,
                             telegram_id=callback.from_user.id, language=callback_data.lang,
                             clock=clock, settings=settings)
    await message.answer_document(await _pdf(statement, callback_data.lang, settings),
                                  caption=texts.pdf_caption(statement))
