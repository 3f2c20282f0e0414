"""The /profile card's buttons."""

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks.bounds import Code


class ProfileCb(CallbackData, prefix="prof"):
    field: Code
