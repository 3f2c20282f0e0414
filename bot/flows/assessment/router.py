"""/assessment, as a table:

    /assessment ──(never started)──► intro ──▶️ Start──► statement 1/24
                ──(a run open)─────► "7/24 answered" ──▶️ Resume──► the first unanswered
                                                     └─🔄 Start again──► statement 1/24
                ──(finished)───────► the latest result ──📊 Chart──► the chart (once: the
                                     │                     button goes, 🔄 moves under it)
                                     └──🔄 Retake──► 1/24
    statement i ──1…5──► statement i+1 (edited in place) … ──last──► chart + result (🔄 only)
                ──◀️ Back──► statement i-1 (its answer shown, can be changed)
                ──⏸ Pause──► "paused at i/24" (answers kept; /assessment resumes)
                ──typed text──► "use the buttons" and the statement again

Every answer is written when given (bot.services.assessment), so a pause, a restart or another
worker resumes from the database; a stale or forged button is answered and changes nothing.
"""

from __future__ import annotations

import asyncio

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message

from bot.charts import render_profile
from bot.clock import Clock
from bot.commands import Audience, CommandSpec, Where
from bot.filters import Command, InState, NotCommand, OnMessage, PrivateChat, registered
from bot.flows.assessment.states import AssessmentFlow
from bot.middlewares import watch_questions
from bot.services import assessment
from bot.services.assessment import Result, Screen, StalePress
from bot.ui.callbacks.assessment import AssessmentCb
from bot.ui.keyboards import assessment as keyboards
from bot.ui.texts import assessment as texts
from bot.ui.texts import common as common_texts
from domain.assessment import load_framework
from storage.models import Member
from storage.uow import UnitOfWork

COMMANDS = (
    CommandSpec("assessment", Audience.MEMBER, Where.PRIVATE, texts.ASSESSMENT_MENU,
                texts.ASSESSMENT_HELP),
)
CHART_FILE = "assessment.png"


async def show_screen(message: Message, screen: Screen, *, edit: bool) -> None:
    framework = load_framework()
    text = texts.statement_screen(screen, framework)
    markup = keyboards.statement(screen, framework.scale_min, framework.scale_max)
    if edit:
        await message.edit_text(text, reply_markup=markup)
    else:
        await message.answer(text, reply_markup=markup)


async def show_result(message: Message, result: Result) -> None:
    """The chart, then the result under it with its buttons (the last thing on screen)."""
    await send_chart(message, result)
    await message.answer(texts.result(result, load_framework()),
                         reply_markup=keyboards.finished(chart=False))


async def send_chart(message: Message, result: Result,
                     markup: InlineKeyboardMarkup | None = None) -> None:
    png = await asyncio.to_thread(render_profile, texts.chart(result, load_framework()))
    await message.answer_photo(BufferedInputFile(png, CHART_FILE),
                               caption=texts.chart_caption(), reply_markup=markup)


async def cmd_assessment(message: Message, state: FSMContext, member: Member | None,
                         uow: UnitOfWork) -> None:
    await state.clear()
    if member is None or not member.is_onboarded:
        await message.answer(common_texts.need_registration())
        return
    now = await assessment.status(uow, telegram_id=member.telegram_id)
    if now.open_run_id is not None:
        await message.answer(texts.in_progress(now), reply_markup=keyboards.resume(now))
        return
    latest = await assessment.latest_result(uow, telegram_id=member.telegram_id)
    if latest is not None:
        await message.answer(texts.result(latest, load_framework()),
                             reply_markup=keyboards.finished(chart=True))
        return
    await message.answer(texts.intro(now.total), reply_markup=keyboards.start())


@registered
async def on_button(callback: CallbackQuery, callback_data: AssessmentCb, message: Message,
                    state: FSMContext, member: Member, uow: UnitOfWork, clock: Clock) -> None:
    who = member.telegram_id
    if not member.is_onboarded:
        await callback.answer(common_texts.need_registration(), show_alert=True)
        return
    action, run, index = callback_data.action, callback_data.run, callback_data.index
    try:
        if action in ("start", "resume", "again", "retake"):
            if action == "resume" and (await assessment.status(uow, telegram_id=who)
                                       ).open_run_id != run:
                raise StalePress
            screen = await assessment.begin(uow, telegram_id=who, now=clock(),
                                            fresh=action == "again")
            await callback.answer()
            await state.set_state(AssessmentFlow.answering)
            await show_screen(message, screen, edit=action != "retake")
        elif action == "rate":
            step = await assessment.rate(uow, telegram_id=who, run_id=run, index=index,
                                         rating=callback_data.rating, now=clock())
            await callback.answer()
            if isinstance(step, Result):
                await state.clear()
                await message.edit_reply_markup(reply_markup=None)
                await show_result(message, step)
            else:
                await show_screen(message, step, edit=True)
        elif action == "back":
            screen = await assessment.back(uow, telegram_id=who, run_id=run, index=index)
            await callback.answer()
            await show_screen(message, screen, edit=True)
        elif action == "pause":
            progress = await assessment.pause(uow, telegram_id=who, run_id=run)
            await callback.answer()
            await state.clear()
            await message.edit_text(texts.paused(progress))
        elif action == "chart":
            latest = await assessment.latest_result(uow, telegram_id=who)
            if latest is None:
                await callback.answer(texts.no_result(), show_alert=True)
                return
            await callback.answer()
            # Sent once: the result loses its 📊, and 🔄 Retake moves under the chart, the
            # last thing on screen.
            await message.edit_reply_markup(reply_markup=None)
            await send_chart(message, latest, keyboards.finished(chart=False))
        else:
            raise StalePress
    except StalePress:
        await callback.answer(texts.stale(), show_alert=True)


async def on_typed_text(message: Message, state: FSMContext, member: Member | None,
                        uow: UnitOfWork) -> None:
    """Text where a rating button is expected: say so and show the statement again."""
    if member is None:
        await state.clear()
        await message.answer(common_texts.need_registration())
        return
    screen = await assessment.current_screen(uow, telegram_id=member.telegram_id)
    if screen is None:  # finished or discarded meanwhile (another worker)
        await state.clear()
        progress = await assessment.status(uow, telegram_id=member.telegram_id)
        await message.answer(texts.nothing_open() if progress.has_result
                             else texts.no_result())
        return
    await message.answer(texts.use_the_buttons())
    await show_screen(message, screen, edit=False)


def create_router() -> Router:
    router = Router(name="assessment")
    watch_questions(router)
    router.message.filter(PrivateChat())
    router.callback_query.filter(PrivateChat(), OnMessage())
    router.message.register(cmd_assessment, Command("assessment"))
    router.message.register(on_typed_text, InState(AssessmentFlow.answering), NotCommand())
    router.callback_query.register(on_button, AssessmentCb.filter())
    return router
