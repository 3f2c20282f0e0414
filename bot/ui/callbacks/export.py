"""/export's buttons: a scope, then a period, then the same export with the other separator.
Every press is checked again on the server: who may export the scope (roles now, not when the
button was sent), and the period read back from its key."""

from typing import Annotated, Literal

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

from bot.ui.callbacks.bounds import Code


class ExportCb(CallbackData, prefix="exp"):
    """``kind``/``key``: the scope (a team id, "all", or a territory code); ``period``: a
    ``domain.period.Period.key`` ("20260301-20260531"), empty to ask for one; ``sep``: "s"
    semicolons, "c" commas, empty for the language's own."""

    kind: Literal["team", "teams", "place", "all"]
    key: Code
    period: Annotated[str, Field(max_length=17)] = ""
    sep: Literal["", "s", "c"] = ""
