"""The /profile card's buttons."""

from aiogram.filters.callback_data import CallbackData


class ProfileCb(CallbackData, prefix="prof"):
    field: str
