"""/statement: the company picked, the period picked, the PDF in the other language. Every
press is checked again on the server (the presser may still ask for that company's
statement; the period is read back from its key)."""

from typing import Annotated, Literal

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

from bot.ui.callbacks.bounds import RowId


class StatementCompanyCb(CallbackData, prefix="stc"):
    org: RowId


class StatementPeriodCb(CallbackData, prefix="stp"):
    """A preset's name, "typed" (type one), or a period's key (a typed period confirmed)."""

    org: RowId
    period: Annotated[str, Field(max_length=17)]


class StatementLanguageCb(CallbackData, prefix="stl"):
    """The same statement's PDF in the other language."""

    org: RowId
    period: Annotated[str, Field(max_length=17)]
    lang: Literal["it", "en"]
