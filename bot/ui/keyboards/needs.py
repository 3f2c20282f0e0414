"""The keyboards of /needs, the pledge screen, /pledges and deliveries."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.services.needs import DeliveryView, NeedCard, PledgeView
from bot.ui.callbacks.needs import (
    DeliverCb,
    NeedsListCb,
    PledgeOpenCb,
    PledgeQtyCb,
    ReduceCb,
    WithdrawCb,
)
from bot.ui.keyboards.grid import button
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


def _first_alone_then_pairs(first: InlineKeyboardButton,
                            rest: Sequence[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[
        [first], *(list(rest[start:start + 2]) for start in range(0, len(rest), 2))])


def category_picker(catalog: CategoryCatalog, *, res: str) -> InlineKeyboardMarkup:
    return _first_alone_then_pairs(
        button(needs_texts.all_filter_button(), NeedsListCb(page=0, cat="", res=res)),
        [button(needs_texts.category_label(category.code, catalog),
                NeedsListCb(page=0, cat=category.code, res=res))
         for category in catalog.categories])


def resource_picker(*, cat: str) -> InlineKeyboardMarkup:
    return _first_alone_then_pairs(
        button(needs_texts.all_filter_button(), NeedsListCb(page=0, cat=cat, res="")),
        [button(needs_texts.resource_label(code), NeedsListCb(page=0, cat=cat, res=code))
         for code in needs_texts.RESOURCES])


def pledge_screen(need_id: int, unit: str | None, presets: Sequence[Decimal],
                  missing: Decimal) -> InlineKeyboardMarkup:
    keyboard = []
    if presets:
        keyboard.append([button(needs_texts.quantity_button(value, unit),
                                PledgeQtyCb(need_id=need_id, qty=_qty(value)))
                         for value in presets])
    if missing > 0:
        keyboard.append([button(needs_texts.all_missing_button(missing, unit),
                                PledgeQtyCb(need_id=need_id, qty="all"))])
    keyboard.append([button(needs_texts.other_quantity_button(),
                            PledgeQtyCb(need_id=need_id, qty="type"))])
    return InlineKeyboardMarkup(inline_keyboard=keyboard)


def pledges(items: Sequence[PledgeView]) -> InlineKeyboardMarkup | None:
    rows = [[InlineKeyboardButton(text=needs_texts.withdraw_button(position, pledge.need_title),
                                  callback_data=WithdrawCb(pledge_id=pledge.id, step="ask").pack()),
             InlineKeyboardButton(text=needs_texts.reduce_button(position),
                                  callback_data=ReduceCb(pledge_id=pledge.id).pack())]
            for position, pledge in enumerate(items, 1) if pledge.status == "active"]
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def confirm_withdraw(pledge_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[
        button(needs_texts.yes_withdraw_button(), WithdrawCb(pledge_id=pledge_id, step="yes")),
        button(needs_texts.keep_button(), WithdrawCb(pledge_id=pledge_id, step="keep"))]])


def deliveries(items: Sequence[DeliveryView]) -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(text=needs_texts.delivered_all_button(position),
                                  callback_data=DeliverCb(pledge_id=item.pledge.id,
                                                          part=False).pack()),
             InlineKeyboardButton(text=needs_texts.delivered_part_button(position),
                                  callback_data=DeliverCb(pledge_id=item.pledge.id,
                                                          part=True).pack())]
            for position, item in enumerate(items, 1)]
    return InlineKeyboardMarkup(inline_keyboard=rows)
