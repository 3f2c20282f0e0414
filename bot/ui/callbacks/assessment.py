"""/assessment's buttons. Each names the run and the statement it was shown for: the service
refuses a press for another run or a statement not reached (a stale or forged button)."""

from aiogram.filters.callback_data import CallbackData


class AssessmentCb(CallbackData, prefix="as"):
    action: str      # start, resume, again, rate, back, pause, retake, chart
    run: int = 0     # the run the screen belongs to (0: none yet)
    index: int = 0   # the statement shown
    rating: int = 0  # for "rate"
