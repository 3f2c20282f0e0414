"""/training, as a table:

    /training ──► the path (✅ done, ▫️ to do), rhythm, next push
        ▶️ Open the next module now ──► module card + check question as buttons
        ⏱ Change rhythm ──► every 3 days / every week / every two weeks ──► set
        ⏸ Pause / ▶️ Resume ──► no pushes / next push a rhythm from now
    push (scheduler) ──► 📝 Answer the check ──► module card + check question
    check answered ──► right / the right answer ──► 👍 Useful / 👎 Not useful ──► noted

Every press is checked again by bot.services.training (registered member, module in their
path, the check not answered yet, the feedback not given yet): a stale or forged press is
answered and changes nothing. Typed text while the buttons are on screen is told to use them.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.clock import Clock
from bot.commands import Audience, CommandSpec, Where
from bot.filters import Command, HasText, InState, OnMessage, PrivateChat, registered
from bot.flows.training.states import TrainingFlow
from bot.services import training
from bot.services.training import ModuleView, TrainingProblem
from bot.ui.callbacks.training import (
    TrainAnswerCb,
    TrainFeedbackCb,
    TrainMenuCb,
    TrainOpenCb,
    TrainRhythmCb,
)
from bot.ui.keyboards import training as keyboards
from bot.ui.texts import common as common_texts
from bot.ui.texts import training as texts
from storage.models import Member
from storage.uow import UnitOfWork

COMMANDS = (
    CommandSpec("training", Audience.MEMBER, Where.PRIVATE, texts.TRAINING_MENU,
                texts.TRAINING_HELP),
)


async def cmd_training(message: Message, state: FSMContext, member: Member | None,
                       uow: UnitOfWork, clock: Clock) -> None:
    await state.clear()
    try:
        view = await training.overview(uow, member=member, now=clock())
    except TrainingProblem as problem:
        await message.answer(texts.problem(problem.code))
        return
    await state.set_state(TrainingFlow.browsing)
    await message.answer(texts.overview(view), reply_markup=keyboards.overview(view))


async def _show_module(message: Message, state: FSMContext, view: ModuleView) -> None:
    markup: InlineKeyboardMarkup | None = None
    if view.answered is None:
        markup = keyboards.check(view.module)
    elif view.useful is None:
        markup = keyboards.feedback(view.module)
    await state.set_state(TrainingFlow.browsing)
    await message.answer(texts.module_card(view), reply_markup=markup,
                         disable_web_page_preview=True)


@registered
async def on_menu(callback: CallbackQuery, callback_data: TrainMenuCb, message: Message,
                  state: FSMContext, member: Member, uow: UnitOfWork, clock: Clock) -> None:
    now = clock()
    try:
        if callback_data.action == "next":
            view = await training.open_next(uow, member=member, now=now)
            await callback.answer()
            await _show_module(message, state, view)
        elif callback_data.action == "rhythm":
            enrolment = await training.set_rhythm_choice(uow, member=member)
            await callback.answer()
            await state.set_state(TrainingFlow.browsing)
            await message.answer(texts.choose_rhythm(),
                                 reply_markup=keyboards.rhythms(enrolment.rhythm))
        elif callback_data.action in ("pause", "resume"):
            enrolment = await training.set_paused(uow, member=member, now=now,
                                                  paused=callback_data.action == "pause")
            await callback.answer()
            await message.answer(texts.paused() if enrolment.paused
                                 else texts.resumed(enrolment.rhythm))
        else:
            await callback.answer(common_texts.stale_button(), show_alert=True)
    except TrainingProblem as problem:
        await callback.answer(texts.problem(problem.code), show_alert=True)


@registered
async def on_rhythm(callback: CallbackQuery, callback_data: TrainRhythmCb, message: Message,
                    member: Member, uow: UnitOfWork, clock: Clock) -> None:
    try:
        enrolment = await training.set_rhythm(uow, member=member, rhythm=callback_data.rhythm,
                                              now=clock())
    except TrainingProblem as problem:
        await callback.answer(texts.problem(problem.code), show_alert=True)
        return
    await callback.answer()
    await message.answer(texts.rhythm_set(enrolment.rhythm))


@registered
async def on_open(callback: CallbackQuery, callback_data: TrainOpenCb, message: Message,
                  state: FSMContext, member: Member, uow: UnitOfWork, clock: Clock) -> None:
    try:
        view = await training.open_module(uow, member=member, module_id=callback_data.module,
                                          now=clock())
    except TrainingProblem as problem:
        await callback.answer(texts.problem(problem.code), show_alert=True)
        return
    await callback.answer()
    await _show_module(message, state, view)


@registered
async def on_answer(callback: CallbackQuery, callback_data: TrainAnswerCb, message: Message,
                    member: Member, uow: UnitOfWork, clock: Clock) -> None:
    try:
        outcome = await training.answer(uow, member=member, module_id=callback_data.module,
                                        option=callback_data.option, now=clock())
    except TrainingProblem as problem:
        await callback.answer(texts.problem(problem.code), show_alert=True)
        return
    await callback.answer()
    await message.answer(texts.answered(outcome.module, outcome.correct),
                         reply_markup=keyboards.feedback(outcome.module))


@registered
async def on_feedback(callback: CallbackQuery, callback_data: TrainFeedbackCb, message: Message,
                      state: FSMContext, member: Member, uow: UnitOfWork, clock: Clock) -> None:
    if callback_data.useful not in (0, 1):
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    try:
        await training.feedback(uow, member=member, module_id=callback_data.module,
                                useful=bool(callback_data.useful), now=clock())
    except TrainingProblem as problem:
        await callback.answer(texts.problem(problem.code), show_alert=True)
        return
    await callback.answer()
    await state.clear()
    await message.answer(texts.feedback_noted(bool(callback_data.useful)))


async def on_typed(message: Message) -> None:
    await message.answer(common_texts.use_buttons())


def create_router() -> Router:
    """Which update goes to which handler, in order."""
    router = Router(name="training")
    router.message.filter(PrivateChat())
    router.callback_query.filter(PrivateChat(), OnMessage())
    router.message.register(cmd_training, Command("training"))
    router.message.register(on_typed, InState(TrainingFlow.browsing), HasText())
    router.callback_query.register(on_menu, TrainMenuCb.filter())
    router.callback_query.register(on_rhythm, TrainRhythmCb.filter())
    router.callback_query.register(on_open, TrainOpenCb.filter())
    router.callback_query.register(on_answer, TrainAnswerCb.filter())
    router.callback_query.register(on_feedback, TrainFeedbackCb.filter())
    return router
