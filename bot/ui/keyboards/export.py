"""/export's buttons: the scopes, the preset periods, the other separator."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from aiogram.types import InlineKeyboardMarkup

from bot.services.impact.export import ScopeChoice
from bot.ui.callbacks.export import ExportCb
from bot.ui.keyboards.grid import button, rows
from bot.ui.texts import export as texts
from domain.export import Separator
from domain.period import PRESETS, Period, preset


def scopes(choices: Sequence[tuple[ScopeChoice, str]], period: Period | None
           ) -> InlineKeyboardMarkup:
    """One button per scope, labelled as given; a typed period rides along."""
    key = period.key() if period is not None else ""
    return rows([button(label, ExportCb(kind=scope.kind, key=scope.key, period=key))
                 for scope, label in choices], 1)


def periods(scope: ScopeChoice, today: date) -> InlineKeyboardMarkup:
    """This month, last month, the last 3 months, this year (Rome days around ``today``)."""
    return rows([button(texts.preset_button(name),
                        ExportCb(kind=scope.kind, key=scope.key,
                                 period=preset(name, today).key()))
                 for name in PRESETS], 2)


def other_separator(scope: ScopeChoice, period: Period, used: Separator
                    ) -> InlineKeyboardMarkup:
    other: Separator = "," if used == ";" else ";"
    return rows([button(texts.switch_separator_button(other),
                        ExportCb(kind=scope.kind, key=scope.key, period=period.key(),
                                 sep="s" if other == ";" else "c"))], 1)
