"""The buttons of /services and of a service's review: ids and codes only, each checked again
on the server when pressed."""

from typing import Literal

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks.bounds import Code, RowId


class ServiceAddCb(CallbackData, prefix="lsadd"):
    pass


class ServiceCategoryCb(CallbackData, prefix="lscat"):
    code: Code


class ServiceWithdrawCb(CallbackData, prefix="lswd"):
    service_id: RowId


class ServiceReviewCb(CallbackData, prefix="lsrev"):
    service_id: RowId
    act: Literal["approve", "decline"]
