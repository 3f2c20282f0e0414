"""/needs: a page of the needs near the member, paged and filtered by editing the message in
place; designers also get the deliveries they may confirm (``deliveries``)."""

from __future__ import annotations

from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.filters import registered
from bot.flows.needs.pledging import logic
from bot.services import needs, places
from bot.ui.callbacks.needs import NeedsListCb
from bot.ui.keyboards import needs as needs_keyboards
from bot.ui.texts import common as common_texts
from bot.ui.texts import needs as needs_texts
from domain.needs import load_categories
from domain.territory import Gazetteer
from storage.models import Member
from storage.uow import UnitOfWork


def onboarded(member: Member | None) -> bool:
    return member is not None and member.is_onboarded


async def edit_in_place(message: Message, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Edit a message in place; pressing the filter already shown changes nothing."""
    try:
        await message.edit_text(text, reply_markup=markup)
    except TelegramBadRequest as error:
        if "not modified" not in str(error):
            raise


async def render_page(uow: UnitOfWork, gazetteer: Gazetteer, telegram_id: int, *, page: int,
                      cat: str, res: str) -> tuple[str, InlineKeyboardMarkup]:
    found = await needs.browse(uow, telegram_id=telegram_id, page=page,
                               per_page=logic.PER_PAGE, category=cat or None,
                               resource=res or None)
    if not found.cards:
        filtered = bool(cat or res)
        if page > 0:
            return needs_texts.no_more_needs(), needs_keyboards.only_filters(cat, res)
        return (needs_texts.no_needs(filtered=filtered),
                needs_keyboards.only_filters(cat, res))
    rows = [(card, places.view_of(gazetteer, card.need.territory_code)) for card in found.cards]
    text = needs_texts.needs_page(rows, page=page, filters=needs_texts.filters_text(cat, res))
    return text, needs_keyboards.needs_page(found.cards, page=page, has_more=found.has_more,
                                            cat=cat, res=res)


async def cmd_needs(message: Message, state: FSMContext, member: Member | None,
                    uow: UnitOfWork, gazetteer: Gazetteer) -> None:
    if not onboarded(member) or member is None:
        await message.answer(common_texts.need_registration())
        return
    await state.clear()
    found = await needs.browse(uow, telegram_id=member.telegram_id, per_page=logic.PER_PAGE)
    deliveries = await needs.pending_deliveries(uow, telegram_id=member.telegram_id)
    if found.cards or not deliveries:
        text, markup = await render_page(uow, gazetteer, member.telegram_id, page=0, cat="",
                                         res="")
        await message.answer(text, reply_markup=markup)
    if deliveries:
        await message.answer(needs_texts.deliveries_list(deliveries),
                             reply_markup=needs_keyboards.deliveries(deliveries))


@registered
async def on_list(callback: CallbackQuery, callback_data: NeedsListCb, message: Message,
                  member: Member, uow: UnitOfWork, gazetteer: Gazetteer) -> None:
    data = callback_data
    catalog = load_categories()
    if not logic.valid_filters(data.page, data.cat, data.res, catalog) or data.pick not in (
            "", "cat", "res"):
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    if data.pick == "cat":
        await edit_in_place(message, needs_texts.pick_category(),
                            needs_keyboards.category_picker(catalog, res=data.res))
    elif data.pick == "res":
        await edit_in_place(message, needs_texts.pick_resource(),
                            needs_keyboards.resource_picker(cat=data.cat))
    else:
        text, markup = await render_page(uow, gazetteer, member.telegram_id, page=data.page,
                                         cat=data.cat, res=data.res)
        await edit_in_place(message, text, markup)
