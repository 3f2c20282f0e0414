"""/assessment's keyboards."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.services.assessment import Screen, Status
from bot.ui.callbacks.assessment import AssessmentCb
from bot.ui.keyboards.grid import button
from bot.ui.texts import assessment as texts


def start() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[
        button(texts.start_button(), AssessmentCb(action="start"))]])


def resume(state: Status) -> InlineKeyboardMarkup:
    run = state.open_run_id or 0
    return InlineKeyboardMarkup(inline_keyboard=[
        [button(texts.resume_button(state), AssessmentCb(action="resume", run=run))],
        [button(texts.start_again_button(), AssessmentCb(action="again", run=run))]])


def finished(*, chart: bool) -> InlineKeyboardMarkup:
    """Under a result: 📊 only where its chart is not on screen yet, and 🔄 Retake."""
    retake = button(texts.retake_button(), AssessmentCb(action="retake"))
    if not chart:
        return InlineKeyboardMarkup(inline_keyboard=[[retake]])
    return InlineKeyboardMarkup(inline_keyboard=[[
        button(texts.chart_button(), AssessmentCb(action="chart")), retake]])


def statement(screen: Screen, scale_min: int, scale_max: int) -> InlineKeyboardMarkup:
    ratings = [button(texts.rating_button(r, screen.rating),
                      AssessmentCb(action="rate", run=screen.run_id, index=screen.index,
                                   rating=r))
               for r in range(scale_min, scale_max + 1)]
    controls = [button(texts.pause_button(),
                       AssessmentCb(action="pause", run=screen.run_id, index=screen.index))]
    if screen.index > 0:
        controls.insert(0, button(texts.back_button(),
                                  AssessmentCb(action="back", run=screen.run_id,
                                               index=screen.index)))
    return InlineKeyboardMarkup(inline_keyboard=[ratings, controls])
