"""The keyboards of /training, its modules and the pushes."""

from __future__ import annotations

from typing import Any

from aiogram.types import InlineKeyboardMarkup

from bot.services.training import TrainingView
from bot.ui.callbacks.training import (
    TrainAnswerCb,
    TrainFeedbackCb,
    TrainMenuCb,
    TrainOpenCb,
    TrainPillCb,
    TrainRhythmCb,
)
from bot.ui.keyboards.grid import button, rows
from bot.ui.texts import training as texts
from domain.training import RHYTHMS, Module


def as_json(markup: InlineKeyboardMarkup) -> dict[str, Any]:
    """The keyboard as the outbox stores it (``payload["reply_markup"]``)."""
    return markup.model_dump(exclude_none=True)


def overview(view: TrainingView) -> InlineKeyboardMarkup:
    buttons = []
    if view.next_module is not None:
        buttons.append(button(texts.button_next(), TrainMenuCb(action="next")))
    buttons.append(button(texts.button_rhythm(), TrainMenuCb(action="rhythm")))
    buttons.append(button(texts.button_resume(), TrainMenuCb(action="resume")) if view.paused
                   else button(texts.button_pause(), TrainMenuCb(action="pause")))
    return rows(buttons, 1)


def rhythms(current: str) -> InlineKeyboardMarkup:
    return rows([button(texts.button_rhythm_choice(code, code == current),
                        TrainRhythmCb(rhythm=code)) for code in RHYTHMS], 1)


def check(module: Module) -> InlineKeyboardMarkup:
    return rows([button(texts.option_button(module, index),
                        TrainAnswerCb(module=module.id, option=index))
                 for index in range(len(module.check.options))], 1)


def pill_check(module: Module) -> InlineKeyboardMarkup:
    """The pill's check as buttons, in the group's language (the presser alone sees the
    verdict)."""
    return rows([button(texts.option_button(module, index),
                        TrainPillCb(module=module.id, option=index))
                 for index in range(len(module.check.options))], 1)


def open_check(module: Module) -> InlineKeyboardMarkup:
    return rows([button(texts.button_check(), TrainOpenCb(module=module.id))], 1)


def feedback(module: Module) -> InlineKeyboardMarkup:
    return rows([button(texts.button_useful(), TrainFeedbackCb(module=module.id, useful=1)),
                 button(texts.button_not_useful(), TrainFeedbackCb(module=module.id, useful=0))],
                2)
