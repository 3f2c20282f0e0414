"""/needs and /pledges, as a table of states and transitions.

    /needs ──► page of needs ──┬─ ◀ ▶ / filter (the message is edited) ──► page of needs
      │                        └─ 🤝 a need ──► pledge screen ─┬─ 1 / 2 / 5 / all ──► pledged
      │   (designers also get)                      ▲          └─ another quantity, or any
      │                                             │             typed number ──► pledged
      └─► deliveries to confirm ─┬─ all ──► recorded, member thanked
                                 └─ part ──► typed quantity ──► recorded, member thanked

    /start need_<id> (the group announcement's button) ──► pledge screen (registered), or
    onboarding first, then the pledge screen (bot.flows.onboarding keeps ``target_need_id``).

    /pledges ──► my pledges ──► ↩️ withdraw ──► confirm ──► withdrawn (or kept)

A typed quantity belongs to the pledge screen shown last (``need_id`` in the state data), or
to the delivery being confirmed (``pledge_id``). Every button carries ids only and is checked
again by the services (the need still takes pledges, the pledge is the presser's, the
designer is of the need's team); a stale or forged press is answered and changes nothing.
Whom a pledge, a withdrawal or a delivery concerns (the covered need's pledgers, the thanked
member) the services say as events, and the notifier (``notify.needs``) tells them.
"""

from __future__ import annotations

from decimal import Decimal

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.clock import Clock
from bot.commands import Audience, CommandSpec, Where
from bot.config import Settings
from bot.filters import Command, HasText, InState, OnMessage, PrivateChat, registered
from bot.flows.needs import logic
from bot.flows.needs.states import NeedsFlow
from bot.services import needs, places
from bot.services.needs import NeedCard, NeedProblem, PledgeRefused
from bot.services.roles import NotAllowed
from bot.ui.callbacks.needs import DeliverCb, NeedsListCb, PledgeOpenCb, PledgeQtyCb, WithdrawCb
from bot.ui.keyboards import needs as needs_keyboards
from bot.ui.texts import common as common_texts
from bot.ui.texts import needs as needs_texts
from domain.needs import ParseError, load_categories, parse_quantity
from domain.territory import Gazetteer
from storage.models import Member
from storage.uow import UnitOfWork

COMMANDS = (
    CommandSpec("needs", Audience.MEMBER, Where.PRIVATE, needs_texts.NEEDS_MENU,
                needs_texts.NEEDS_HELP),
    CommandSpec("pledges", Audience.MEMBER, Where.PRIVATE, needs_texts.PLEDGES_MENU,
                needs_texts.PLEDGES_HELP),
)


class NoText(Filter):
    """A photo, a sticker … where a typed quantity is expected."""

    async def __call__(self, message: Message) -> bool:
        return message.text is None


def _onboarded(member: Member | None) -> bool:
    return member is not None and member.is_onboarded


async def _edit(message: Message, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Edit a message in place; pressing the filter already shown changes nothing."""
    try:
        await message.edit_text(text, reply_markup=markup)
    except TelegramBadRequest as error:
        if "not modified" not in str(error):
            raise


# --- /needs: a page, paging, filters ----------------------------------------------------------


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
    if not _onboarded(member) or member is None:
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
        await _edit(message, needs_texts.pick_category(),
                    needs_keyboards.category_picker(catalog, res=data.res))
    elif data.pick == "res":
        await _edit(message, needs_texts.pick_resource(),
                    needs_keyboards.resource_picker(cat=data.cat))
    else:
        text, markup = await render_page(uow, gazetteer, member.telegram_id, page=data.page,
                                         cat=data.cat, res=data.res)
        await _edit(message, text, markup)


# --- the pledge screen ------------------------------------------------------------------------


def _room(card: NeedCard, settings: Settings) -> Decimal:
    return needs.room_for(card.need, settings.pledge_margin).room


def _pledge_keyboard(card: NeedCard, settings: Settings) -> InlineKeyboardMarkup:
    need = card.need
    return needs_keyboards.pledge_screen(
        need.id, need.unit, logic.presets(need.open_quantity, _room(card, settings), need.unit),
        need.open_quantity)


async def show_pledge_screen(message: Message, state: FSMContext, uow: UnitOfWork,
                             gazetteer: Gazetteer, settings: Settings, need_id: int) -> bool:
    """The need, what is missing and the quantity buttons; a typed number pledges too.
    False (and said why) when the need is unknown or takes no pledges. Also the landing of
    the deep link `/start need_<id>` (bot.flows.onboarding)."""
    card = await needs.find_need(uow, need_id=need_id)
    if card is None:
        await message.answer(needs_texts.no_such_need())
        return False
    if not needs.is_pledgeable(card.need):
        await message.answer(needs_texts.not_pledgeable())
        return False
    room = _room(card, settings)
    if room <= 0:
        await message.answer(refusal_text(PledgeRefused(need_id, Decimal(0), room,
                                                        "over_limit"), card))
        return False
    await state.set_state(NeedsFlow.pledge_quantity)
    await state.set_data({"need_id": need_id})
    await message.answer(needs_texts.pledge_screen(
        card, places.view_of(gazetteer, card.need.territory_code), room),
        reply_markup=_pledge_keyboard(card, settings))
    return True


def refusal_text(refusal: PledgeRefused, card: NeedCard | None) -> str:
    return needs_texts.refused(refusal, card.need if card else None)


@registered
async def on_pledge_open(callback: CallbackQuery, callback_data: PledgeOpenCb, message: Message,
                         state: FSMContext, member: Member, uow: UnitOfWork,
                         gazetteer: Gazetteer, settings: Settings) -> None:
    await callback.answer()
    await show_pledge_screen(message, state, uow, gazetteer, settings, callback_data.need_id)


async def do_pledge(message: Message, state: FSMContext, telegram_id: int, need_id: int,
                    quantity: Decimal, uow: UnitOfWork, clock: Clock,
                    settings: Settings) -> None:
    """Pledge and confirm with the new coverage bar, or say why not."""
    try:
        result = await needs.pledge(uow, now=clock(), telegram_id=telegram_id, need_id=need_id,
                                    quantity=quantity, margin=settings.pledge_margin)
    except NotAllowed:
        await state.clear()
        await message.answer(common_texts.need_registration())
        return
    except NeedProblem:
        await state.clear()
        await message.answer(needs_texts.no_such_need())
        return
    if isinstance(result, needs.Pledged):
        await state.clear()
        await message.answer(needs_texts.pledged(result.pledge.quantity, result.need))
        return
    card = await needs.find_need(uow, need_id=need_id)
    text = refusal_text(result, card)
    if card is None or result.reason == "not_pledgeable" or result.room <= 0:
        await state.clear()
        await message.answer(text)
        return
    await state.set_state(NeedsFlow.pledge_quantity)
    await state.set_data({"need_id": need_id})
    await message.answer(text, reply_markup=_pledge_keyboard(card, settings))


@registered
async def on_pledge_quantity(callback: CallbackQuery, callback_data: PledgeQtyCb,
                             message: Message, state: FSMContext, member: Member,
                             uow: UnitOfWork, clock: Clock, settings: Settings) -> None:
    need_id, qty = callback_data.need_id, callback_data.qty
    if qty == "type":
        card = await needs.find_need(uow, need_id=need_id)
        if card is None or not needs.is_pledgeable(card.need):
            await callback.answer(needs_texts.not_pledgeable() if card else
                                  needs_texts.no_such_need(), show_alert=True)
            return
        await callback.answer()
        await state.set_state(NeedsFlow.pledge_quantity)
        await state.set_data({"need_id": need_id})
        await message.answer(needs_texts.type_quantity(card.need))
        return
    quantity: Decimal | None
    if qty == "all":
        card = await needs.find_need(uow, need_id=need_id)
        if card is None:
            await callback.answer(needs_texts.no_such_need(), show_alert=True)
            return
        if not needs.is_pledgeable(card.need) or card.need.open_quantity <= 0:
            await callback.answer()  # closed, or covered by others meanwhile
            reason = "over_limit" if needs.is_pledgeable(card.need) else "not_pledgeable"
            await message.answer(refusal_text(PledgeRefused(need_id, Decimal(0), Decimal(0),
                                                            reason), card))
            return
        quantity = card.need.open_quantity
    else:
        quantity = logic.button_quantity(qty)
    if quantity is None:
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    await callback.answer()
    await do_pledge(message, state, member.telegram_id, need_id, quantity, uow, clock, settings)


async def on_typed_pledge(message: Message, state: FSMContext, member: Member | None,
                          uow: UnitOfWork, clock: Clock, settings: Settings) -> None:
    need_id = (await state.get_data()).get("need_id")
    if not _onboarded(member) or member is None or not isinstance(need_id, int):
        await state.clear()
        await message.answer(common_texts.need_registration() if not _onboarded(member)
                             else common_texts.not_understood())
        return
    quantity = parse_quantity(message.text or "")
    if isinstance(quantity, ParseError):
        card = await needs.find_need(uow, need_id=need_id)
        markup = (_pledge_keyboard(card, settings)
                  if card is not None and needs.is_pledgeable(card.need) else None)
        await message.answer(needs_texts.quantity_problem(quantity), reply_markup=markup)
        return
    await do_pledge(message, state, member.telegram_id, need_id, quantity, uow, clock, settings)


async def on_non_text_quantity(message: Message) -> None:
    await message.answer(needs_texts.quantity_problem(ParseError("bad_quantity")))


# --- /pledges and withdrawing -----------------------------------------------------------------


async def cmd_pledges(message: Message, state: FSMContext, member: Member | None,
                      uow: UnitOfWork) -> None:
    if not _onboarded(member) or member is None:
        await message.answer(common_texts.need_registration())
        return
    await state.clear()
    mine = (await needs.pledges_of(uow, telegram_id=member.telegram_id))[:15]
    if not mine:
        await message.answer(needs_texts.no_pledges())
        return
    await message.answer(needs_texts.pledges_list(mine), reply_markup=needs_keyboards.pledges(mine))


def _pledge_problem(problem: NeedProblem) -> str:
    if problem.code == "not_active":
        return needs_texts.not_active_pledge()
    if problem.code == "no_such_need":
        return needs_texts.no_such_need()
    return needs_texts.no_such_pledge()


@registered
async def on_withdraw(callback: CallbackQuery, callback_data: WithdrawCb, message: Message,
                      member: Member, uow: UnitOfWork, clock: Clock) -> None:
    pledge_id, step = callback_data.pledge_id, callback_data.step
    if step not in ("ask", "yes", "keep"):
        await callback.answer(common_texts.stale_button(), show_alert=True)
        return
    try:
        pledge = await needs.pledge_of(uow, telegram_id=member.telegram_id, pledge_id=pledge_id)
    except NotAllowed:
        await callback.answer(needs_texts.not_your_pledge(), show_alert=True)
        return
    except NeedProblem as problem:
        await callback.answer(_pledge_problem(problem), show_alert=True)
        return
    if step == "keep":
        await callback.answer()
        await _edit(message, needs_texts.kept(), None)
        return
    if pledge.status != "active":
        await callback.answer(needs_texts.not_active_pledge(), show_alert=True)
        return
    if step == "ask":
        await callback.answer()
        await message.answer(needs_texts.confirm_withdraw(pledge),
                             reply_markup=needs_keyboards.confirm_withdraw(pledge_id))
        return
    try:
        await needs.withdraw(uow, now=clock(), telegram_id=member.telegram_id,
                             pledge_id=pledge_id)
    except NotAllowed:
        await callback.answer(needs_texts.not_your_pledge(), show_alert=True)
        return
    except NeedProblem as problem:
        await callback.answer(_pledge_problem(problem), show_alert=True)
        return
    await callback.answer()
    await _edit(message, needs_texts.withdrawn(pledge), None)


# --- deliveries (designers) -------------------------------------------------------------------


async def _record_delivery(message: Message, telegram_id: int, pledge_id: int,
                           quantity: Decimal | None, uow: UnitOfWork, clock: Clock) -> str:
    """Confirm a delivery; the text to answer with."""
    try:
        item = await needs.delivery(uow, telegram_id=telegram_id, pledge_id=pledge_id)
    except NotAllowed:
        return needs_texts.not_your_team()
    except NeedProblem as problem:
        return _pledge_problem(problem)
    try:
        outcome = await needs.confirm_delivery(uow, now=clock(), telegram_id=telegram_id,
                                               pledge_id=pledge_id, quantity=quantity)
    except NotAllowed:
        return needs_texts.not_your_team()
    except NeedProblem as problem:
        if problem.code == "too_much":
            return needs_texts.too_much_delivered(item)
        if problem.code == "not_positive":
            return needs_texts.quantity_problem(ParseError("not_positive"))
        return _pledge_problem(problem)
    return needs_texts.delivery_recorded(quantity if quantity is not None else item.owed, item,
                                         outcome.need)


@registered
async def on_deliver(callback: CallbackQuery, callback_data: DeliverCb, message: Message,
                     state: FSMContext, member: Member, uow: UnitOfWork, clock: Clock) -> None:
    pledge_id = callback_data.pledge_id
    try:
        item = await needs.delivery(uow, telegram_id=member.telegram_id, pledge_id=pledge_id)
    except NotAllowed:
        await callback.answer(needs_texts.not_your_team(), show_alert=True)
        return
    except NeedProblem as problem:
        await callback.answer(_pledge_problem(problem), show_alert=True)
        return
    await callback.answer()
    if callback_data.part:
        await state.set_state(NeedsFlow.delivery_quantity)
        await state.set_data({"pledge_id": pledge_id})
        await message.answer(needs_texts.type_delivered(item))
        return
    await message.answer(await _record_delivery(message, member.telegram_id, pledge_id, None,
                                                uow, clock))


async def on_typed_delivery(message: Message, state: FSMContext, member: Member | None,
                            uow: UnitOfWork, clock: Clock) -> None:
    pledge_id = (await state.get_data()).get("pledge_id")
    if member is None or not isinstance(pledge_id, int):
        await state.clear()
        await message.answer(common_texts.not_understood())
        return
    quantity = parse_quantity(message.text or "")
    if isinstance(quantity, ParseError):
        await message.answer(needs_texts.quantity_problem(quantity))
        return
    await state.clear()
    await message.answer(await _record_delivery(message, member.telegram_id, pledge_id,
                                                quantity, uow, clock))


def create_router() -> Router:
    """The needs table: which update, in which state, goes to which step."""
    router = Router(name="needs")
    router.message.filter(PrivateChat())
    router.callback_query.filter(PrivateChat(), OnMessage())
    router.message.register(cmd_needs, Command("needs"))
    router.message.register(cmd_pledges, Command("pledges"))
    router.callback_query.register(on_list, NeedsListCb.filter())
    router.callback_query.register(on_pledge_open, PledgeOpenCb.filter())
    router.callback_query.register(on_pledge_quantity, PledgeQtyCb.filter())
    router.callback_query.register(on_withdraw, WithdrawCb.filter())
    router.callback_query.register(on_deliver, DeliverCb.filter())
    router.message.register(on_typed_pledge, InState(NeedsFlow.pledge_quantity), HasText())
    router.message.register(on_typed_delivery, InState(NeedsFlow.delivery_quantity), HasText())
    router.message.register(on_non_text_quantity,
                            InState(NeedsFlow.pledge_quantity, NeedsFlow.delivery_quantity),
                            NoText())
    return router
