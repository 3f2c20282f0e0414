"""Buttons that choose a chat's language (private chats and groups)."""

from aiogram.filters.callback_data import CallbackData


class LangCb(CallbackData, prefix="lang"):
    code: str
