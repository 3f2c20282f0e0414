"""The button under a designer's pledge notice that switches hourly ⇄ daily."""

from typing import Literal

from aiogram.filters.callback_data import CallbackData


class PledgeDigestCb(CallbackData, prefix="pdigest"):
    digest: Literal["hourly", "daily"]  # checked again on the server
