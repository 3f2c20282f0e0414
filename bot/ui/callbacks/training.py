"""The buttons of /training, its modules and the pushes: only codes and module ids, each
checked again on the server when pressed (the module is in the presser's path, the step is
the current one)."""

from aiogram.filters.callback_data import CallbackData


class TrainMenuCb(CallbackData, prefix="trmenu"):
    action: str  # "next" | "rhythm" | "pause" | "resume"


class TrainRhythmCb(CallbackData, prefix="trrhy"):
    rhythm: str  # a code of domain.training.RHYTHMS


class TrainOpenCb(CallbackData, prefix="tropen"):
    module: str


class TrainAnswerCb(CallbackData, prefix="trans"):
    module: str
    option: int


class TrainFeedbackCb(CallbackData, prefix="trfb"):
    module: str
    useful: int  # 1 | 0


class TrainPillCb(CallbackData, prefix="trpill"):
    """An answer to the check of the week's pill, pressed in a team group."""

    module: str
    option: int
