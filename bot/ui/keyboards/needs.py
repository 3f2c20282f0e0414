"""The keyboards of /needs, the pledge screen, /pledges and deliveries."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.services.needs import DeliveryView, NeedCard, PledgeView
from bot.ui.callbacks.needs import DeliverCb, NeedsListCb, PledgeOpenCb, PledgeQtyCb, WithdrawCb
from bot.ui.texts import needs as needs_texts
from domain.needs import CategoryCatalog


def _qty(value: Decimal) -> str:
    """A quantity as callback data: "2", "2.5" (never an exponent)."""
    text = format(Decimal(value).normalize(), "f")
    return text


def needs_page(cards: Sequence[NeedCard], *, page: int, has_more: bool, cat: str,
               res: str) -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(text=needs_texts.pledge_button(position, card.need.title),
                                  callback_data=PledgeOpenCb(need_id=card.need.id).pack())]
            for position, card in enumerate(cards, page * needs_texts.PER_PAGE + 1)]
    rows.append(filter_row(cat, res))
    paging = []
    if page > 0:
        paging.append(InlineKeyboardButton(
            text="◀", callback_data=NeedsListCb(page=page - 1, cat=cat, res=res).pack()))
    if has_more:
        paging.append(InlineKeyboardButton(
            text="▶", callback_data=NeedsListCb(page=page + 1, cat=cat, res=res).pack()))
    if paging:
        rows.append(paging)
    return InlineKeyboardMarkup(inline_keyboard=rows)


def filter_row(cat: str, res: str) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton(text=needs_texts.category_button(cat or None),
                             callback_data=NeedsListCb(page=0, cat=cat, res=res,
                                                       pick="cat").pack()),
        InlineKeyboardButton(text=needs_texts.resource_button(res or None),
                             callback_data=NeedsListCb(page=0, cat=cat, res=res,
                                                       pick="res").pack()),
    ]


def only_filters(cat: str, res: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[filter_row(cat, res)])


def category_picker(catalog: CategoryCatalog, *, res: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=needs_texts.all_filter_button(),
                   callback_data=NeedsListCb(page=0, cat="", res=res))
    for category in catalog.categories:
        builder.button(text=needs_texts.category_label(category.code, catalog),
                       callback_data=NeedsListCb(page=0, cat=category.code, res=res))
    builder.adjust(1, 2)
    return builder.as_markup()


def resource_picker(*, cat: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=needs_texts.all_filter_button(),
                   callback_data=NeedsListCb(page=0, cat=cat, res=""))
    for code in needs_texts.RESOURCES:
        builder.button(text=needs_texts.resource_label(code),
                       callback_data=NeedsListCb(page=0, cat=cat, res=code))
    builder.adjust(1, 2)
    return builder.as_markup()


def pledge_screen(need_id: int, unit: str | None, presets: Sequence[Decimal],
                  missing: Decimal) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for value in presets:
        builder.button(text=needs_texts.quantity_button(value, unit),
                       callback_data=PledgeQtyCb(need_id=need_id, qty=_qty(value)))
    if missing > 0:
        builder.button(text=needs_texts.all_missing_button(missing, unit),
                       callback_data=PledgeQtyCb(need_id=need_id, qty="all"))
    builder.button(text=needs_texts.other_quantity_button(),
                   callback_data=PledgeQtyCb(need_id=need_id, qty="type"))
    sizes = [len(presets)] if presets else []
    builder.adjust(*sizes, 1)
    return builder.as_markup()


def pledges(items: Sequence[PledgeView]) -> InlineKeyboardMarkup | None:
    rows = [[InlineKeyboardButton(text=needs_texts.withdraw_button(position, pledge.need_title),
                                  callback_data=WithdrawCb(pledge_id=pledge.id, step="ask").pack())]
            for position, pledge in enumerate(items, 1) if pledge.status == "active"]
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def confirm_withdraw(pledge_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=needs_texts.yes_withdraw_button(),
                   callback_data=WithdrawCb(pledge_id=pledge_id, step="yes"))
    builder.button(text=needs_texts.keep_button(),
                   callback_data=WithdrawCb(pledge_id=pledge_id, step="keep"))
    return builder.as_markup()


def deliveries(items: Sequence[DeliveryView]) -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(text=needs_texts.delivered_all_button(position),
                                  callback_data=DeliverCb(pledge_id=item.pledge.id,
                                                          part=False).pack()),
             InlineKeyboardButton(text=needs_texts.delivered_part_button(position),
                                  callback_data=DeliverCb(pledge_id=item.pledge.id,
                                                          part=True).pack())]
            for position, item in enumerate(items, 1)]
    return InlineKeyboardMarkup(inline_keyboard=rows)
