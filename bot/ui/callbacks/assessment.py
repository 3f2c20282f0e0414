"""/assessment's buttons. Each names the run and the statement it was shown for: the service
refuses a press for another run or a statement not reached (a stale or forged button)."""

from typing import Literal

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks.bounds import Page, RowIdOrNone


class AssessmentCb(CallbackData, prefix="as"):
    action: Literal["start", "resume", "again", "rate", "back", "pause", "retake",
                    "chart"]  # start, resume, again, rate, back, pause, retake, chart
    run: RowIdOrNone = 0     # the run the screen belongs to (0: none yet)
    index: Page = 0   # the statement shown
    rating: Page = 0  # for "rate"
