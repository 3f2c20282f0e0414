"""/report, /overview and /export: the buttons that pick a scope and a period, and the one under
an observer's weekly digest that opens the full overview. Every press is checked again on the
server (the person's roles, the scope, the period read back from its key)."""

from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

from bot.ui.callbacks.bounds import Code


class OverviewCb(CallbackData, prefix="ovw"):
    """Open `/overview` of a territory (``place``, its code) for the period whose key is
    ``period`` (``domain.period.Period.key``, e.g. "20261130-20261206"); under the observer's
    weekly digest."""

    place: Code
    period: Annotated[str, Field(max_length=17)]
