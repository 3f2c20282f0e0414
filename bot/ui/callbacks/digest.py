"""The button under a designer's pledge notice that switches hourly ⇄ daily."""

from aiogram.filters.callback_data import CallbackData


class PledgeDigestCb(CallbackData, prefix="pdigest"):
    digest: str  # "hourly" | "daily" (checked on the server)
