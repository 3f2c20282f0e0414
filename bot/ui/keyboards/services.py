"""The keyboards of /services and of a service's review."""

from aiogram.types import InlineKeyboardMarkup

from bot.services.local_services import ServiceView
from bot.ui.callbacks.services import (
    ServiceAddCb,
    ServiceCategoryCb,
    ServiceReviewCb,
    ServiceWithdrawCb,
)
from bot.ui.keyboards.grid import button, rows
from bot.ui.texts import services as texts
from bot.ui.texts.needs import category_label
from domain.needs import load_categories


def overview(services: list[ServiceView]) -> InlineKeyboardMarkup:
    buttons = [button(texts.withdraw_button(s.name), ServiceWithdrawCb(service_id=s.id))
               for s in services]
    return rows([button(texts.add_button(), ServiceAddCb()), *buttons], 1)


def categories() -> InlineKeyboardMarkup:
    return rows([button(category_label(code), ServiceCategoryCb(code=code))
                 for code in load_categories().codes], 2)


def review(service_id: int) -> InlineKeyboardMarkup:
    return rows([button(texts.approve_button(), ServiceReviewCb(service_id=service_id,
                                                                 act="approve")),
                 button(texts.decline_button(), ServiceReviewCb(service_id=service_id,
                                                                act="decline"))], 2)
