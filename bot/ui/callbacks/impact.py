"""/report, /overview and /export: the buttons that pick a scope and a period, and the one under
an observer's weekly digest that opens the full overview. Every press is checked again on the
server (the person's roles, the scope, the period read back from its key)."""

from typing import Annotated, Literal

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

from bot.ui.callbacks.bounds import Code


class OverviewCb(CallbackData, prefix="ovw"):
    """Open `/overview` of a territory (``place``, its code) for the period whose key is
    ``period`` (``domain.period.Period.key``, e.g. "20261130-20261206"); under the observer's
    weekly digest."""

    place: Code
    period: Annotated[str, Field(max_length=17)]


Command = Literal["report", "overview"]


class ImpactScopeCb(CallbackData, prefix="ims"):
    """/report or /overview: the scope picked (``kind`` and ``key`` as
    ``bot.services.impact.Scope``)."""

    cmd: Command
    kind: Literal["team", "teams", "place", "all"]
    key: Code


class ImpactPeriodCb(CallbackData, prefix="imp"):
    """The period picked for a scope: a preset's name, "typed" (type one), or a period's key
    (a typed period confirmed)."""

    cmd: Command
    kind: Literal["team", "teams", "place", "all"]
    key: Code
    period: Annotated[str, Field(max_length=17)]


class ImpactDefinitionsCb(CallbackData, prefix="imd"):
    """Show how each figure is counted (under a /report or an /overview)."""

    cmd: Command
