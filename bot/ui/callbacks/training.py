"""The buttons of /training, its modules and the pushes: only codes and module ids, each
checked again on the server when pressed (the module is in the presser's path, the step is
the current one)."""

from typing import Literal

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks.bounds import Code, Flag, Page


class TrainMenuCb(CallbackData, prefix="trmenu"):
    action: Literal["next", "rhythm", "pause", "resume"]


class TrainRhythmCb(CallbackData, prefix="trrhy"):
    rhythm: Code  # a code of domain.training.RHYTHMS


class TrainOpenCb(CallbackData, prefix="tropen"):
    module: Code


class TrainAnswerCb(CallbackData, prefix="trans"):
    module: Code
    option: Page


class TrainFeedbackCb(CallbackData, prefix="trfb"):
    module: Code
    useful: Flag  # 1 | 0


class TrainPillCb(CallbackData, prefix="trpill"):
    """An answer to the check of the week's pill, pressed in a team group."""

    module: Code
    option: Page  # the option's position (bounded like a page number)
