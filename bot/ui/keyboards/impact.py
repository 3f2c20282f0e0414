"""/report and /overview: the scope and period buttons, the typed period's confirmation, the
definitions button."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup

from bot.services.impact import Scope
from bot.ui.callbacks.impact import Command, ImpactDefinitionsCb, ImpactPeriodCb, ImpactScopeCb
from bot.ui.keyboards.grid import button, rows
from bot.ui.texts import impact as texts
from domain.period import PRESETS, Period


def scopes(cmd: Command, choices: Sequence[tuple[Scope, str]]) -> InlineKeyboardMarkup:
    return rows([button(label, ImpactScopeCb(cmd=cmd, kind=scope.kind, key=scope.key))
                 for scope, label in choices], 1)


def periods(cmd: Command, scope: Scope) -> InlineKeyboardMarkup:
    def pick(period: str) -> ImpactPeriodCb:
        return ImpactPeriodCb(cmd=cmd, kind=scope.kind, key=scope.key, period=period)

    return rows([*(button(texts.preset_button(name), pick(name)) for name in PRESETS),
                 button(texts.type_period_button(), pick("typed"))], 2)


def confirm(cmd: Command, scope: Scope, period: Period) -> InlineKeyboardMarkup:
    return rows([button(texts.confirm_button(), ImpactPeriodCb(
                     cmd=cmd, kind=scope.kind, key=scope.key, period=period.key())),
                 button(texts.change_button(), ImpactPeriodCb(
                     cmd=cmd, kind=scope.kind, key=scope.key, period="typed"))], 2)


def definitions(cmd: Command) -> InlineKeyboardMarkup:
    return rows([button(texts.definitions_button(), ImpactDefinitionsCb(cmd=cmd))], 1)
