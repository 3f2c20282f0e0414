"""The steps of /report and /overview (the table of transitions is ``router.py``)."""

from __future__ import annotations

import asyncio
import dataclasses
import html

from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.clock import Clock
from bot.config import Settings
from bot.flows.impact.states import ImpactFlow
from bot.i18n import current_locale
from bot.services import impact, places
from bot.services.impact import Scope
from bot.services.roles import NotAllowed
from bot.ui.callbacks.impact import (
    Command,
    ImpactPeriodCb,
    ImpactScopeCb,
    OverviewCb,
)
from bot.ui.impact_pdf import render_report_pdf
from bot.ui.keyboards import impact as keyboards
from bot.ui.texts import impact as texts
from bot.ui.texts.impact_charts import impact_charts
from bot.ui.texts.places import place_label
from domain.calendar import ROME
from domain.impact import ImpactReport
from domain.period import Period, chosen, parse_period
from domain.territory import Gazetteer
from storage.uow import UnitOfWork


async def send_report_files(message: Message, report: ImpactReport, language: str,
                            scope: str, cmd: Command) -> None:
    """The charts as images, then the PDF as a document (the definitions' button under it
    too: it is the last message on the screen), in ``language``. Drawn in worker
    threads (matplotlib and ReportLab take a second the event loop must not wait); the
    gettext locale goes with them."""
    charts = await asyncio.to_thread(impact_charts, report)
    for chart in charts:
        await message.answer_photo(BufferedInputFile(chart.png, chart.name),
                                   caption=html.escape(chart.caption))
    pdf = await asyncio.to_thread(
        render_report_pdf, report, language=language, definitions=texts.definition_pairs(),
        assumptions=texts.assumption_lines(report.current.value.method,
                                           report.current.value.goods_without_value),
        charts=charts)
    period = report.current.period
    await message.answer_document(BufferedInputFile(pdf, texts.file_name(scope, period)),
                                  caption=texts.files_caption(scope, period),
                                  reply_markup=keyboards.definitions(cmd))


def scope_name(scope: Scope, gazetteer: Gazetteer) -> str:
    if scope.kind == "teams":
        return texts.all_teams_button()
    if scope.kind == "all":
        return texts.everywhere_button()
    if scope.kind == "place":
        place = places.view_of(gazetteer, scope.key)
        return place_label(place) if place else scope.key
    return scope.name


async def _scopes(uow: UnitOfWork, cmd: Command, telegram_id: int) -> list[Scope]:
    if cmd == "overview":
        return await impact.overview_scopes(uow, telegram_id=telegram_id)
    return await impact.scopes_of(uow, telegram_id=telegram_id)


def _refusal(cmd: Command) -> str:
    return texts.not_allowed_overview() if cmd == "overview" else texts.not_allowed_report()


async def start(message: Message, state: FSMContext, uow: UnitOfWork, gazetteer: Gazetteer,
                cmd: Command) -> None:
    """/report or /overview: the scope (straight on when there is one), then the period."""
    await state.clear()
    if message.from_user is None:
        return
    scopes = await _scopes(uow, cmd, message.from_user.id)
    if not scopes:
        await message.answer(_refusal(cmd))
    elif len(scopes) == 1:
        await message.answer(texts.choose_period(scope_name(scopes[0], gazetteer)),
                             reply_markup=keyboards.periods(cmd, scopes[0]))
    else:
        await message.answer(texts.choose_scope(), reply_markup=keyboards.scopes(
            cmd, [(s, scope_name(s, gazetteer)) for s in scopes]))


async def _scope(uow: UnitOfWork, callback: CallbackQuery, cmd: Command, kind: str,
                 key: str) -> Scope | None:
    """The pressed scope if the presser may see it now; otherwise they are told, and None."""
    try:
        scope = await impact.allowed(uow, telegram_id=callback.from_user.id, kind=kind, key=key)
    except NotAllowed:
        await callback.answer(texts.scope_gone(), show_alert=True)
        return None
    if cmd == "overview" and scope.kind not in ("place", "all"):
        await callback.answer(texts.scope_gone(), show_alert=True)
        return None
    return scope


async def on_scope(callback: CallbackQuery, callback_data: ImpactScopeCb, message: Message,
                   state: FSMContext, uow: UnitOfWork, gazetteer: Gazetteer) -> None:
    scope = await _scope(uow, callback, callback_data.cmd, callback_data.kind, callback_data.key)
    if scope is None:
        return
    await state.clear()
    await callback.answer()
    await message.answer(texts.choose_period(scope_name(scope, gazetteer)),
                         reply_markup=keyboards.periods(callback_data.cmd, scope))


async def on_period(callback: CallbackQuery, callback_data: ImpactPeriodCb, message: Message,
                    state: FSMContext, uow: UnitOfWork, clock: Clock, settings: Settings,
                    gazetteer: Gazetteer) -> None:
    """A preset, "type one", or a typed period confirmed: checked again, then the report."""
    cb = callback_data
    scope = await _scope(uow, callback, cb.cmd, cb.kind, cb.key)
    if scope is None:
        return
    if cb.period == "typed":
        await callback.answer()
        await state.set_state(ImpactFlow.typing_period)
        await state.set_data({"cmd": cb.cmd, "kind": scope.kind, "key": scope.key})
        await message.answer(texts.ask_period())
        return
    period = chosen(cb.period, clock().astimezone(ROME).date())
    if period is None:
        await callback.answer(texts.scope_gone(), show_alert=True)
        return
    await callback.answer()
    await state.clear()
    await show(message, uow, telegram_id=callback.from_user.id, cmd=cb.cmd, scope=scope,
               period=period, clock=clock, settings=settings, gazetteer=gazetteer)


async def on_period_typed(message: Message, state: FSMContext, clock: Clock) -> None:
    """A typed period: read back in full with confirm / change, or asked again."""
    data = await state.get_data()
    typed = message.text or ""
    period = parse_period(typed, today=clock().astimezone(ROME).date())
    if period is None:
        await message.answer(texts.period_unreadable(typed))
        return
    scope = Scope(data["kind"], data["key"], "")
    await state.clear()
    await message.answer(texts.period_readback(period),
                         reply_markup=keyboards.confirm(data["cmd"], scope, period))


async def show(message: Message, uow: UnitOfWork, *, telegram_id: int, cmd: Command,
               scope: Scope, period: Period, clock: Clock, settings: Settings,
               gazetteer: Gazetteer) -> None:
    try:
        report = await impact.report_of(
            uow, telegram_id=telegram_id, kind=scope.kind, key=scope.key, period=period,
            now=clock(), uncovered_after_days=settings.unanswered_after_days,
            overview=cmd == "overview")
    except NotAllowed:  # the role went between the two reads
        await message.answer(texts.scope_gone())
        return
    if report.teams == 0:
        await message.answer(texts.nothing_to_compare())
        return
    # The scope as the person sees it everywhere ("Provincia di Milano", not "Milano").
    report = dataclasses.replace(report, scope_name=scope_name(scope, gazetteer))
    text = texts.report_text(report, report.scope_name)
    if report.overview is not None:
        text += "\n\n" + texts.overview_text(report)
    await message.answer(text, reply_markup=keyboards.definitions(cmd))
    await send_report_files(message, report, current_locale(), report.scope_name, cmd)


async def on_definitions(callback: CallbackQuery, message: Message) -> None:
    await callback.answer()
    await message.answer(texts.definitions())


async def on_overview_button(callback: CallbackQuery, callback_data: OverviewCb,
                             message: Message, state: FSMContext, uow: UnitOfWork, clock: Clock,
                             settings: Settings, gazetteer: Gazetteer) -> None:
    """The button under an observer's weekly digest: the overview of that place and week,
    checked again (the role may have gone, the data may be forged)."""
    period = Period.from_key(callback_data.period)
    scope = await _scope(uow, callback, "overview", "place", callback_data.place)
    if scope is None:
        return
    if period is None:
        await callback.answer(texts.scope_gone(), show_alert=True)
        return
    await callback.answer()
    await state.clear()
    await show(message, uow, telegram_id=callback.from_user.id, cmd="overview", scope=scope,
               period=period, clock=clock, settings=settings, gazetteer=gazetteer)


