"""/deleteme's confirmation."""

from aiogram.filters.callback_data import CallbackData


class DeleteMeCb(CallbackData, prefix="del"):
    confirm: bool
