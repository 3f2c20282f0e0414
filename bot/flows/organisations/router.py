"""/organisation, as a table:

    /organisation ──► the card (+ ✏️ Description / 🔗 Website for a confirmed member)
                      and each request waiting, with ✅ Confirm / ✖️ Refuse
    ✏️ Description ──► description ── text (≤ 280) or "-" ──► saved, the card again
    🔗 Website     ──► website ── http(s) address (≤ 200) or "-" ──► saved, the card again
    Confirm / Refuse (here, or under the notice a decider got) ──► decided; the requester told

A wrong answer is asked again with what is expected. Every press is checked again by the
service (a confirmed member of that organisation, a designer of its territory or an admin;
never the requester; the request still waiting): a forged or stale one gets a "no".
"""

from __future__ import annotations

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.commands import Audience, CommandSpec, Where
from bot.filters import Command, InState, NotCommand, OnMessage, PrivateChat
from bot.flows.organisations.states import OrganisationEdit
from bot.middlewares import watch_questions
from bot.services import organisations, places, roles
from bot.ui.callbacks.organisations import OrgDecideCb, OrgEditCb
from bot.ui.keyboards import organisations as keyboards
from bot.ui.texts import common as common_texts
from bot.ui.texts import organisations as texts
from domain import organisations as rules
from domain.territory import Gazetteer
from storage.models import Member, RoleName
from storage.uow import UnitOfWork

COMMANDS = (
    CommandSpec("organisation", Audience.MEMBER, Where.PRIVATE, texts.ORGANISATION_MENU,
                texts.ORGANISATION_HELP),
)
CLEAR = "-"


async def show_card(message: Message, uow: UnitOfWork, gazetteer: Gazetteer,
                    card: organisations.Card) -> None:
    o = card.organisation
    await message.answer(
        texts.card(name=o.name, kind=o.kind, place=places.view_of(gazetteer, o.territory_code),
                   description=o.description, website=o.website,
                   confirmed_members=card.confirmed_members, confirmed=card.confirmed),
        reply_markup=keyboards.edit_fields() if card.confirmed else None)


async def cmd_organisation(message: Message, state: FSMContext, member: Member | None,
                           uow: UnitOfWork, gazetteer: Gazetteer) -> None:
    assert message.from_user is not None
    await state.clear()
    telegram_id = message.from_user.id
    card = await organisations.card_of(uow, telegram_id=telegram_id)
    designer = await roles.holds(uow, telegram_id=telegram_id, role=RoleName.DESIGNER)
    if card is None and not designer:
        await message.answer(common_texts.need_registration()
                             if member is None or not member.is_onboarded
                             else texts.no_organisation())
        return
    requests = list(card.requests) if card is not None else []
    if card is not None:
        await show_card(message, uow, gazetteer, card)
    if designer:
        seen = {r.link_id for r in requests}
        requests += [r for r in await organisations.requests_for_designer(
            uow, gazetteer, telegram_id=telegram_id) if r.link_id not in seen]
        if not requests and card is None:
            await message.answer(texts.no_requests_in_territory())
    if requests:
        await message.answer(texts.requests_heading(len(requests), shown=SHOWN_REQUESTS))
    for request in requests[:SHOWN_REQUESTS]:  # the oldest; /organisation again for the next
        await message.answer(texts.request_notice(request.requester_name, request.organisation),
                             reply_markup=keyboards.decide(request.link_id))


SHOWN_REQUESTS = 5
"""Requests shown at once, one message each: a long queue would be a flood of messages."""


async def on_decide(callback: CallbackQuery, callback_data: OrgDecideCb, message: Message,
                    uow: UnitOfWork, gazetteer: Gazetteer, clock: Clock) -> None:
    accept = callback_data.action == "ok"
    try:
        organisation, person = await organisations.decide(
            uow, gazetteer, by=callback.from_user.id, link_id=callback_data.link_id,
            accept=accept, now=clock())
    except organisations.OrganisationProblem as problem:
        await callback.answer(texts.problem(problem.code), show_alert=True)
        return
    await callback.answer()
    try:
        await message.edit_reply_markup(reply_markup=None)
    except TelegramBadRequest:
        pass  # deleted or too old meanwhile: nothing left to press anyway
    await message.answer(texts.decided(accept, person, organisation))


async def on_edit(callback: CallbackQuery, callback_data: OrgEditCb, message: Message,
                  state: FSMContext, uow: UnitOfWork) -> None:
    card = await organisations.card_of(uow, telegram_id=callback.from_user.id)
    if card is None or not card.confirmed:
        await callback.answer(texts.problem("not_member"), show_alert=True)
        return
    await callback.answer()
    if callback_data.field == "description":
        await message.answer(texts.ask_description())
        await state.set_state(OrganisationEdit.description)
    else:
        await message.answer(texts.ask_website())
        await state.set_state(OrganisationEdit.website)


async def _save(message: Message, state: FSMContext, uow: UnitOfWork, gazetteer: Gazetteer,
                clock: Clock, field: str, value: str | None) -> None:
    assert message.from_user is not None
    try:
        await organisations.edit(uow, telegram_id=message.from_user.id,
                                 field="description" if field == "description" else "website",
                                 value=value, now=clock())
    except organisations.OrganisationProblem as problem:
        await state.clear()
        await message.answer(texts.problem(problem.code))
        return
    await state.clear()
    await message.answer(texts.saved())
    card = await organisations.card_of(uow, telegram_id=message.from_user.id)
    if card is not None:
        await show_card(message, uow, gazetteer, card)


async def on_description(message: Message, state: FSMContext, uow: UnitOfWork,
                         gazetteer: Gazetteer, clock: Clock) -> None:
    typed = (message.text or "").strip()
    value = None if typed == CLEAR else rules.clean_description(message.text)
    if typed != CLEAR and value is None:
        await message.answer(texts.description_invalid())
        return
    await _save(message, state, uow, gazetteer, clock, "description", value)


async def on_website(message: Message, state: FSMContext, uow: UnitOfWork,
                     gazetteer: Gazetteer, clock: Clock) -> None:
    typed = (message.text or "").strip()
    value = None if typed == CLEAR else rules.clean_website(message.text)
    if typed != CLEAR and value is None:
        await message.answer(texts.website_invalid())
        return
    await _save(message, state, uow, gazetteer, clock, "website", value)


def create_router() -> Router:
    """The /organisation table: which update, in which state, goes to which step."""
    router = Router(name="organisations")
    watch_questions(router)
    router.message.filter(PrivateChat())
    router.callback_query.filter(PrivateChat(), OnMessage())
    router.message.register(cmd_organisation, Command("organisation"))
    router.callback_query.register(on_decide, OrgDecideCb.filter())
    router.callback_query.register(on_edit, OrgEditCb.filter())
    # A command typed meanwhile goes to its own step (this router stands before most others).
    router.message.register(on_description, InState(OrganisationEdit.description),
                            NotCommand())
    router.message.register(on_website, InState(OrganisationEdit.website),
                            NotCommand())
    return router
