"""The week's training pill, answered in a team group: the verdict is an alert only the
presser sees, in their language; nothing is posted in the group and nothing is stored."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery

from bot.filters import OnMessage
from bot.services import training
from bot.services.training import TrainingProblem
from bot.ui.callbacks.training import TrainPillCb
from bot.ui.texts import training as texts


async def on_pill_answer(callback: CallbackQuery, callback_data: TrainPillCb) -> None:
    try:
        outcome = training.answer_pill(module_id=callback_data.module,
                                       option=callback_data.option)
    except TrainingProblem as problem:
        await callback.answer(texts.problem(problem.code), show_alert=True)
        return
    await callback.answer(texts.pill_answered(outcome.module, outcome.correct), show_alert=True)


def create_router() -> Router:
    router = Router(name="training_pill")
    router.callback_query.filter(OnMessage())
    router.callback_query.register(on_pill_answer, TrainPillCb.filter())
    return router
