"""Buttons that choose a chat's language (private chats and groups)."""

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks.bounds import Code


class LangCb(CallbackData, prefix="lang"):
    code: Code
