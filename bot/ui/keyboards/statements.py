"""/statement: the company buttons, the period buttons (the presets of /report), the typed
period's confirmation, the PDF in the other language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from aiogram.types import InlineKeyboardMarkup

from bot.services.statements import Company
from bot.ui.callbacks.statements import (
    StatementCompanyCb,
    StatementLanguageCb,
    StatementPeriodCb,
)
from bot.ui.keyboards.grid import button, rows
from bot.ui.texts import impact as period_texts
from bot.ui.texts import statements as texts
from domain.period import PRESETS, Period


def companies(choices: Sequence[Company]) -> InlineKeyboardMarkup:
    return rows([button(c.name, StatementCompanyCb(org=c.id)) for c in choices], 1)


def periods(org: int) -> InlineKeyboardMarkup:
    def pick(period: str) -> StatementPeriodCb:
        return StatementPeriodCb(org=org, period=period)

    return rows([*(button(period_texts.preset_button(name), pick(name)) for name in PRESETS),
                 button(period_texts.type_period_button(), pick("typed"))], 2)


def confirm(org: int, period: Period) -> InlineKeyboardMarkup:
    return rows([button(texts.confirm_button(), StatementPeriodCb(org=org, period=period.key())),
                 button(period_texts.change_button(), StatementPeriodCb(org=org, period="typed"))],
                2)


def other_language(org: int, period: Period, language: str) -> InlineKeyboardMarkup:
    other: Literal["it", "en"] = "en" if language == "it" else "it"
    return rows([button(texts.other_language_button(other),
                        StatementLanguageCb(org=org, period=period.key(), lang=other))], 1)
