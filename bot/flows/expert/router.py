"""/expert (members book their one free hour) and /slots (experts publish hours).

    /expert ─► booked ahead? ── 📅 the booking ── 🔁 move ─► experts ─► hours ─► confirm ─► moved
       │                                       └─ ✖️ cancel ─► sure? ─► cancelled (hour given back)
       ├─► already held ─► "one per member"
       └─► experts (weakest competences first) ─► 👤 ─► free hours (Rome) ─► confirm ─► booked
                                                                               └ just taken ◄┘
    after the hour ─► feedback 1–5 (a notice)       both sides: .ics, reminders (notices)

    /slots (experts) ─► own hours with bookings ── ➕ ─► typed "10/12 15:00" ─► added
                                                ├─ 🗑 free hour ─► removed
                                                └─ 📍 how you meet ─┬─ place ─► typed ─► saved
                                                                    ├─ video ─► typed link ─► saved
                                                                    └─ in the chat ─► saved
    booked, the booking in /expert, confirmations and reminders: how the hour happens, and a
    "💬 write to" button opening the private chat with the other side (tg://user?id=…).

No state but what /slots has typed (an hour, a place, a link): every button carries ids only,
and the service checks ownership, freedom of the slot and the cut-off again on each press.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.commands import Audience, CommandSpec, Where
from bot.filters import (
    Command,
    HasText,
    InState,
    NoText,
    OnMessage,
    PrivateChat,
    RequireRole,
    registered,
)
from bot.flows.expert.states import SlotsFlow
from bot.middlewares import watch_questions
from bot.services import expert
from bot.services.expert import ExpertProblem, NotAllowed
from bot.ui.callbacks.expert import (
    ExpertBackCb,
    ExpertBookCb,
    ExpertBookingCb,
    ExpertPickCb,
    ExpertRateCb,
    ExpertSlotCb,
    SlotAddCb,
    SlotMeetingCb,
    SlotRemoveCb,
)
from bot.ui.keyboards import expert as keyboards
from bot.ui.texts import common as common_texts
from bot.ui.texts import expert as texts
from domain.expert import SlotTimeError, parse_slot_time
from storage.models import Member, RoleName
from storage.uow import UnitOfWork

COMMANDS = (
    CommandSpec("expert", Audience.MEMBER, Where.PRIVATE, texts.EXPERT_MENU, texts.EXPERT_HELP),
    CommandSpec("slots", Audience.EXPERT, Where.PRIVATE, texts.SLOTS_MENU, texts.SLOTS_HELP),
)


# --- /expert ------------------------------------------------------------------------------------


async def cmd_expert(message: Message, member: Member | None, uow: UnitOfWork,
                     clock: Clock) -> None:
    if member is None or member.onboarded_at is None:
        await message.answer(common_texts.need_registration())
        return
    found = await expert.overview(uow, now=clock(), telegram_id=member.telegram_id)
    if found.booking is not None:
        await message.answer(texts.current(found.booking, changeable=found.changeable),
                             reply_markup=keyboards.with_write_to(
                                 keyboards.booking(found.booking) if found.changeable else None,
                                 found.booking.expert.telegram_id, found.booking.expert.name))
    elif found.held is not None:
        await message.answer(texts.held(found.held))
    elif not found.experts:
        await message.answer(texts.no_experts())
    else:
        await message.answer(texts.experts_intro(found.experts, assessed=found.assessed),
                             reply_markup=keyboards.experts(found.experts))


async def _refuse(callback: CallbackQuery, problem: ExpertProblem) -> None:
    if problem.code == "not_member":
        await callback.answer(common_texts.need_registration(), show_alert=True)
    else:
        await callback.answer(texts.problem(problem.code), show_alert=True)


async def _check_start(uow: UnitOfWork, clock: Clock, telegram_id: int, booking_id: int) -> None:
    """A new booking needs the free hour unused; a move, the member's own booking before the
    cut-off."""
    if booking_id:
        await expert.own_booking(uow, now=clock(), telegram_id=telegram_id, booking_id=booking_id)
    else:
        await expert.ensure_free_hour(uow, now=clock(), telegram_id=telegram_id)


@registered
async def on_pick(callback: CallbackQuery, callback_data: ExpertPickCb, message: Message,
                  member: Member, uow: UnitOfWork, clock: Clock) -> None:
    try:
        await _check_start(uow, clock, member.telegram_id, callback_data.booking_id)
        chosen, free = await expert.free_slots_of(uow, now=clock(), telegram_id=member.telegram_id,
                                                  expert_id=callback_data.expert_id)
    except ExpertProblem as problem:
        await _refuse(callback, problem)
        return
    if not free:
        await callback.answer(texts.no_slots_left(), show_alert=True)
        return
    await callback.answer()
    await message.edit_text(texts.slots_intro(chosen),
                            reply_markup=keyboards.slots(free, booking_id=callback_data.booking_id))


@registered
async def on_slot(callback: CallbackQuery, callback_data: ExpertSlotCb, message: Message,
                  member: Member, uow: UnitOfWork, clock: Clock) -> None:
    try:
        await _check_start(uow, clock, member.telegram_id, callback_data.booking_id)
        chosen, slot = await expert.offer(uow, now=clock(), telegram_id=member.telegram_id,
                                          slot_id=callback_data.slot_id)
    except ExpertProblem as problem:
        await _refuse(callback, problem)
        return
    await callback.answer()
    text = (texts.confirm_move(chosen, slot) if callback_data.booking_id
            else texts.confirm(chosen, slot))
    await message.edit_text(text, reply_markup=keyboards.confirm(
        slot, booking_id=callback_data.booking_id))


@registered
async def on_book(callback: CallbackQuery, callback_data: ExpertBookCb, message: Message,
                  member: Member, uow: UnitOfWork, clock: Clock) -> None:
    now, telegram_id = clock(), member.telegram_id  # read before a rollback can expire `member`
    try:
        if callback_data.booking_id:
            change = await expert.reschedule(uow, now=now, telegram_id=telegram_id,
                                             booking_id=callback_data.booking_id,
                                             slot_id=callback_data.slot_id)
            text, view = texts.moved(change.after), change.after
        else:
            view = await expert.book(uow, now=now, telegram_id=telegram_id,
                                     slot_id=callback_data.slot_id)
            text = texts.booked(view)
    except ExpertProblem as problem:
        await _refuse(callback, problem)
        if problem.code == "taken":
            await message.answer(texts.problem("taken"))
        return
    await callback.answer()
    await message.edit_text(text, reply_markup=keyboards.write_to(view.expert.telegram_id,
                                                                  view.expert.name))


@registered
async def on_back(callback: CallbackQuery, callback_data: ExpertBackCb, message: Message,
                  member: Member, uow: UnitOfWork, clock: Clock) -> None:
    try:
        await _check_start(uow, clock, member.telegram_id, callback_data.booking_id)
        found = await expert.experts_for(uow, now=clock(), telegram_id=member.telegram_id)
    except ExpertProblem as problem:
        await _refuse(callback, problem)
        return
    await callback.answer()
    await _show_experts(message, found, booking_id=callback_data.booking_id, edit=True)


async def _show_experts(message: Message, found: list[expert.ExpertView], *, booking_id: int,
                        edit: bool) -> None:
    if not found:
        text, markup = texts.no_experts(), None
    else:
        text = texts.experts_intro(found, assessed=True, moving=bool(booking_id))
        markup = keyboards.experts(found, booking_id=booking_id)
    if edit:
        await message.edit_text(text, reply_markup=markup)
    else:
        await message.answer(text, reply_markup=markup)


@registered
async def on_booking(callback: CallbackQuery, callback_data: ExpertBookingCb, message: Message,
                     member: Member, uow: UnitOfWork, clock: Clock) -> None:
    now, telegram_id, action = clock(), member.telegram_id, callback_data.action
    try:
        view = await expert.own_booking(uow, now=now, telegram_id=telegram_id,
                                        booking_id=callback_data.booking_id)
        if action == "cancel_yes":
            view = await expert.cancel(uow, now=now, telegram_id=telegram_id,
                                       booking_id=callback_data.booking_id)
        elif action == "move":
            found = await expert.experts_for(uow, now=now, telegram_id=telegram_id)
    except ExpertProblem as problem:
        await _refuse(callback, problem)
        return
    await callback.answer()
    if action == "cancel":
        await message.edit_text(texts.cancel_confirm(view),
                                reply_markup=keyboards.cancel_confirm(view))
    elif action == "cancel_yes":
        await message.edit_text(texts.cancelled())
    elif action == "keep":
        await message.edit_text(texts.kept())
    elif action == "move":
        await _show_experts(message, found, booking_id=view.id, edit=True)


@registered
async def on_rate(callback: CallbackQuery, callback_data: ExpertRateCb, message: Message,
                  member: Member, uow: UnitOfWork, clock: Clock) -> None:
    try:
        await expert.rate(uow, now=clock(), telegram_id=member.telegram_id,
                          booking_id=callback_data.booking_id, score=callback_data.score)
    except ExpertProblem as problem:
        await _refuse(callback, problem)
        return
    await callback.answer()
    await message.edit_text(texts.feedback_thanks(callback_data.score))


# --- /slots -------------------------------------------------------------------------------------


async def _show_slots(message: Message, uow: UnitOfWork, clock: Clock, telegram_id: int, *,
                      edit: bool = False) -> None:
    found = await expert.my_slots(uow, now=clock(), telegram_id=telegram_id)
    meeting = await expert.my_meeting(uow, telegram_id=telegram_id)
    if edit:
        await message.edit_text(texts.my_slots(found, meeting),
                                reply_markup=keyboards.my_slots(found))
    else:
        await message.answer(texts.my_slots(found, meeting),
                             reply_markup=keyboards.my_slots(found))


async def cmd_slots(message: Message, state: FSMContext, uow: UnitOfWork, clock: Clock) -> None:
    assert message.from_user is not None
    await state.clear()
    try:
        await _show_slots(message, uow, clock, message.from_user.id)
    except (ExpertProblem, NotAllowed):
        await message.answer(texts.experts_only())


async def cmd_experts_only(message: Message) -> None:
    await message.answer(texts.experts_only())


async def on_experts_only_button(callback: CallbackQuery) -> None:
    await callback.answer(texts.experts_only(), show_alert=True)


async def on_slot_add(callback: CallbackQuery, message: Message, state: FSMContext) -> None:
    await callback.answer()
    await message.answer(texts.ask_slot())
    await state.set_state(SlotsFlow.when)


async def on_slot_when(message: Message, state: FSMContext, uow: UnitOfWork,
                       clock: Clock) -> None:
    assert message.from_user is not None and message.text is not None
    now = clock()
    try:
        starts_at = parse_slot_time(message.text, now=now)
        slot = await expert.add_slot(uow, now=now, telegram_id=message.from_user.id,
                                     starts_at=starts_at)
    except SlotTimeError as problem:
        await message.answer(texts.slot_problem(problem.code))
        return
    except ExpertProblem as problem:
        await message.answer(texts.slot_problem(problem.code))
        return
    except NotAllowed:
        await state.clear()
        await message.answer(texts.experts_only())
        return
    await state.clear()
    await message.answer(texts.slot_added(slot))
    await _show_slots(message, uow, clock, message.from_user.id)


async def on_slot_remove(callback: CallbackQuery, callback_data: SlotRemoveCb, message: Message,
                         uow: UnitOfWork, clock: Clock) -> None:
    try:
        slot = await expert.remove_slot(uow, now=clock(), telegram_id=callback.from_user.id,
                                        slot_id=callback_data.slot_id)
    except ExpertProblem as problem:
        await callback.answer(texts.slot_problem(problem.code), show_alert=True)
        return
    except NotAllowed:
        await callback.answer(texts.experts_only(), show_alert=True)
        return
    await callback.answer(texts.slot_removed(slot))
    await _show_slots(message, uow, clock, callback.from_user.id, edit=True)


async def cmd_cancel(message: Message, state: FSMContext) -> None:
    stopped = await state.get_state()
    await state.clear()
    await message.answer(texts.slots_cancelled() if stopped == SlotsFlow.when.state
                         else texts.meeting_cancelled())


# --- /slots: how the expert meets -----------------------------------------------------------------


async def on_meeting(callback: CallbackQuery, callback_data: SlotMeetingCb, message: Message,
                     state: FSMContext, uow: UnitOfWork) -> None:
    kind = callback_data.kind
    if kind == "ask":
        await callback.answer()
        await message.answer(texts.ask_meeting_kind(), reply_markup=keyboards.meeting_kinds())
    elif kind in ("place", "video"):
        await callback.answer()
        await message.answer(texts.ask_meeting_place() if kind == "place"
                             else texts.ask_meeting_link())
        await state.set_state(SlotsFlow.meeting_place if kind == "place"
                              else SlotsFlow.meeting_link)
    elif kind == "chat":
        await _save_meeting(message, state, uow, callback.from_user.id, "chat", None)
        await callback.answer()
    else:
        await callback.answer(texts.meeting_problem("bad_kind"), show_alert=True)


async def on_meeting_text_expected(message: Message, state: FSMContext) -> None:
    place = await state.get_state() == SlotsFlow.meeting_place.state
    await message.answer(texts.meeting_problem("no_place" if place else "bad_link"))


async def on_meeting_typed(message: Message, state: FSMContext, uow: UnitOfWork) -> None:
    assert message.from_user is not None
    kind = "place" if await state.get_state() == SlotsFlow.meeting_place.state else "video"
    await _save_meeting(message, state, uow, message.from_user.id, kind, message.text)


async def _save_meeting(message: Message, state: FSMContext, uow: UnitOfWork, telegram_id: int,
                        kind: str, detail: str | None) -> None:
    try:
        meeting = await expert.set_meeting(uow, telegram_id=telegram_id, kind=kind,
                                           detail=detail)
    except ExpertProblem as problem:
        if problem.code == "not_expert":
            await state.clear()
        await message.answer(texts.meeting_problem(problem.code))
        return
    except NotAllowed:
        await state.clear()
        await message.answer(texts.experts_only())
        return
    await state.clear()
    await message.answer(texts.meeting_saved(meeting))


async def on_text_expected(message: Message) -> None:
    await message.answer(texts.text_expected())


def create_router() -> Router:
    """The expert hour's table: which update, in which state, goes to which step."""
    router = Router(name="expert")
    watch_questions(router)
    router.message.filter(PrivateChat())
    private = (PrivateChat(), OnMessage())
    is_expert = RequireRole(RoleName.EXPERT)
    router.message.register(cmd_expert, Command("expert"))
    router.message.register(cmd_slots, Command("slots"), is_expert)
    router.message.register(cmd_experts_only, Command("slots"))
    typing = (SlotsFlow.when, SlotsFlow.meeting_place, SlotsFlow.meeting_link)
    router.message.register(cmd_cancel, Command("cancel"), InState(*typing))
    router.message.register(on_slot_when, InState(SlotsFlow.when), HasText())
    router.message.register(on_meeting_typed,
                            InState(SlotsFlow.meeting_place, SlotsFlow.meeting_link), HasText())
    router.message.register(on_text_expected, InState(SlotsFlow.when), NoText())
    router.message.register(on_meeting_text_expected,
                            InState(SlotsFlow.meeting_place, SlotsFlow.meeting_link), NoText())
    router.callback_query.register(on_pick, ExpertPickCb.filter(), *private)
    router.callback_query.register(on_slot, ExpertSlotCb.filter(), *private)
    router.callback_query.register(on_book, ExpertBookCb.filter(), *private)
    router.callback_query.register(on_back, ExpertBackCb.filter(), *private)
    router.callback_query.register(on_booking, ExpertBookingCb.filter(), *private)
    router.callback_query.register(on_rate, ExpertRateCb.filter(), *private)
    router.callback_query.register(on_slot_add, SlotAddCb.filter(), is_expert, *private)
    router.callback_query.register(on_slot_remove, SlotRemoveCb.filter(), is_expert, *private)
    router.callback_query.register(on_meeting, SlotMeetingCb.filter(), is_expert, *private)
    router.callback_query.register(on_experts_only_button, SlotAddCb.filter())
    router.callback_query.register(on_experts_only_button, SlotMeetingCb.filter())
    router.callback_query.register(on_experts_only_button, SlotRemoveCb.filter())
    return router
