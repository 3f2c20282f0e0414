"""The free expert hour: /expert (experts, hours, the confirm screen, the booking, cancel and
move, feedback), /slots, and what the outbox tells each side (confirmations with a calendar
file, reminders, cancellations)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.i18n import ngettext
from babel.dates import format_date, format_time

from bot.i18n import current_locale
from bot.services.expert import BookingView, ExpertView, SlotView
from bot.ui.texts.common import at_most, q
from domain.assessment import load_framework
from domain.calendar import ROME
from domain.expert import CHANGE_CUTOFF, MAX_LINK, MAX_PLACE, Meeting

EXPERT_MENU = __("Your free hour with an expert")
EXPERT_HELP = __("/expert – book your free hour of expert advice, move or cancel it")
SLOTS_MENU = __("Your hours as an expert")
SLOTS_HELP = __("/slots – publish your free hours, see who booked them, remove a free one")
CUTOFF_HOURS = int(CHANGE_CUTOFF.total_seconds() // 3600)


# --- dates --------------------------------------------------------------------------------------


def when(starts_at: datetime, ends_at: datetime) -> str:
    """In full, Rome time: "giovedì 10 dicembre 2026, 15:00–16:00"."""
    start, end = starts_at.astimezone(ROME), ends_at.astimezone(ROME)
    return _("{day}, {start}–{end}").format(
        day=format_date(start.date(), format="full", locale=current_locale()),
        start=format_time(start.time(), format="HH:mm", locale=current_locale()),
        end=format_time(end.time(), format="HH:mm", locale=current_locale()))


def short_when(starts_at: datetime) -> str:
    """For a button: "gio 10 dic, 15:00"."""
    start = starts_at.astimezone(ROME)
    return _("{day}, {time}").format(
        day=format_date(start.date(), format="EEE d MMM", locale=current_locale()),
        time=format_time(start.time(), format="HH:mm", locale=current_locale()))


def competence_names(ids: Sequence[str]) -> str:
    framework = load_framework()
    known = {c.id: c for c in framework.competences}
    return ", ".join(known[i].name(current_locale()) for i in ids if i in known)


# --- /expert: choosing ----------------------------------------------------------------------------


def experts_intro(experts: Sequence[ExpertView], *, assessed: bool, moving: bool = False) -> str:
    lines = [_("🔁 <b>Choose your new hour</b>: first the expert.") if moving else
             _("🎓 <b>Your free hour with an expert</b>\nEvery member has one free hour of "
               "advice. Choose an expert:")]
    for expert in experts:
        line = _("• <b>{name}</b> – {competences}").format(
            name=q(expert.name), competences=competence_names(expert.competences))
        if expert.matched:
            line += "\n" + _("   ✔ for what you most want to grow: {competences}").format(
                competences=competence_names(expert.matched))
        lines.append(line)
    if not assessed and not moving:
        lines.append(_("💡 Take /assessment first, and I will put first the experts of the "
                       "competences you most want to grow."))
    return "\n\n".join(lines)


def no_experts() -> str:
    return _("No expert has free hours in your language right now. Try again in a few days.")


def expert_button(expert: ExpertView) -> str:
    return _("👤 {name} ({count})").format(name=expert.name, count=expert.free_slots)


def slots_intro(expert: ExpertView) -> str:
    return _("Free hours of <b>{name}</b> (Europe/Rome time). Choose one:").format(
        name=q(expert.name))


def no_slots_left() -> str:
    return _("This expert has no free hours left. Choose another one.")


def button_back() -> str:
    return _("↩️ Back")


def confirm(expert: ExpertView, slot: SlotView) -> str:
    return _("Book your free hour with <b>{name}</b> on <b>{when}</b> (Europe/Rome time)?\n"
             "You can cancel or move it up to {hours} hours before.").format(
        name=q(expert.name), when=when(slot.starts_at, slot.ends_at), hours=CUTOFF_HOURS)


def confirm_move(expert: ExpertView, slot: SlotView) -> str:
    return _("Move your free hour to <b>{when}</b> with <b>{name}</b> (Europe/Rome time)?").format(
        name=q(expert.name), when=when(slot.starts_at, slot.ends_at))


def button_book() -> str:
    return _("✅ Book it")


def button_move_here() -> str:
    return _("✅ Move it here")


def button_other_hours() -> str:
    return _("↩️ Other hours")


def booked(view: BookingView) -> str:
    return _("✅ Booked: your free hour with <b>{name}</b>, {when}. The calendar file and "
             "reminders (a day and an hour before) are on their way.").format(
        name=q(view.expert.name), when=when(view.slot.starts_at, view.slot.ends_at)
    ) + meeting_lines(view, for_expert=False)


def moved(view: BookingView) -> str:
    return _("🔁 Moved: your free hour with <b>{name}</b> is now {when}.").format(
        name=q(view.expert.name), when=when(view.slot.starts_at, view.slot.ends_at)
    ) + meeting_lines(view, for_expert=False)


# --- /expert: the booking in place -----------------------------------------------------------


def current(view: BookingView, *, changeable: bool) -> str:
    text = _("📅 Your free hour: with <b>{name}</b>, {when} (Europe/Rome time).").format(
        name=q(view.expert.name), when=when(view.slot.starts_at, view.slot.ends_at))
    text += meeting_lines(view, for_expert=False)
    if not changeable:
        text += "\n" + cutoff()
    return text


def held(view: BookingView) -> str:
    return _("You have already had your free hour (with {name}, {when}): there is one per "
             "member. Thank you for taking part!").format(
        name=q(view.expert.name), when=when(view.slot.starts_at, view.slot.ends_at))


def button_move() -> str:
    return _("🔁 Move it")


def button_cancel() -> str:
    return _("✖️ Cancel it")


def cancel_confirm(view: BookingView) -> str:
    return _("Cancel your free hour with <b>{name}</b>, {when}?").format(
        name=q(view.expert.name), when=when(view.slot.starts_at, view.slot.ends_at))


def button_cancel_yes() -> str:
    return _("Yes, cancel")


def button_keep() -> str:
    return _("No, leave it as it is")


def cancelled() -> str:
    return _("Cancelled. Your free hour is yours again: book another one with /expert.")


def kept() -> str:
    return _("Kept: see you then!")


# --- refusals -----------------------------------------------------------------------------------


def cutoff() -> str:
    return _("It is less than {hours} hours before the start: it can no longer be cancelled "
             "or moved.").format(hours=CUTOFF_HOURS)


def problem(code: str) -> str:
    """A refusal of a member's step, in words."""
    if code == "taken":
        return _("Sorry, that hour was just taken by someone else. Choose another one.")
    if code == "has_booking":
        return _("You already have a free hour booked: see it with /expert.")
    if code == "used":
        return _("You have already had your free hour: there is one per member.")
    if code == "cutoff":
        return cutoff()
    if code == "no_slot":
        return _("That hour is no longer offered.")
    if code == "past":
        return _("That hour has already begun.")
    if code == "no_expert":
        return _("That expert is no longer available.")
    if code == "language":
        return _("That expert does not speak your language.")
    if code == "same_slot":
        return _("That is already your hour.")
    if code == "not_over":
        return _("Your hour is not over yet: tell us how it went afterwards.")
    if code == "already_rated":
        return _("You already told us how it went: thank you!")
    return _("This booking is no longer active.")


# --- feedback -----------------------------------------------------------------------------------


def feedback_request(view: BookingView) -> str:
    return _("How was your free hour with <b>{name}</b>? One tap, from 1 (not useful) to 5 "
             "(very useful):").format(name=q(view.expert.name))


def feedback_thanks(score: int) -> str:
    return _("Thank you! You gave {score} out of 5.").format(score=score)


# --- /slots ---------------------------------------------------------------------------------------


def experts_only() -> str:
    return _("Only experts publish hours. To book your free hour with one, use /expert.")


def my_slots(slots: Sequence[SlotView], meeting: Meeting | None = None) -> str:
    how = "\n" + your_meeting(meeting)
    if not slots:
        return _("🗓 <b>Your hours</b>\nYou have no hours ahead. Add one with the button "
                 "below.") + how
    lines = [_("🗓 <b>Your hours</b> (Europe/Rome time)")]
    for slot in slots:
        span = when(slot.starts_at, slot.ends_at)
        if slot.booking_id is not None:
            lines.append(_("• {when} – booked by <b>{name}</b>").format(
                when=span, name=q(slot.booked_by)))
        else:
            lines.append(_("• {when} – free").format(when=span))
    return "\n".join(lines) + how


def button_add_slot() -> str:
    return _("➕ Add an hour")


def button_remove_slot(slot: SlotView) -> str:
    return _("🗑 {when}").format(when=short_when(slot.starts_at))


def ask_slot() -> str:
    return _("When does the hour begin? Type the day and the time, Europe/Rome time, e.g. "
             "<code>10/12 15:00</code>. /cancel to stop.")


def slot_added(slot: SlotView) -> str:
    return _("✅ Hour added: {when}. Members can book it now.").format(
        when=when(slot.starts_at, slot.ends_at))


def slot_removed(slot: SlotView) -> str:
    return _("🗑 Hour removed: {when}.").format(when=when(slot.starts_at, slot.ends_at))


def slot_problem(code: str) -> str:
    """A refused hour (typed or pressed), in words."""
    if code == "format":
        return _("I could not read that. Type the day and the time, e.g. <code>10/12 15:00</code>.")
    if code == "date":
        return _("That day or time does not exist. Try again, e.g. <code>10/12 15:00</code>.")
    if code == "past":
        return _("That time has already passed. Type a time ahead.")
    if code == "too_far":
        return _("That is more than a year ahead. Type a nearer time.")
    if code == "overlap":
        return _("That hour overlaps one of yours. Type another time.")
    if code == "booked":
        return _("That hour is booked: it cannot be removed. The member can cancel it.")
    if code == "not_expert":
        return experts_only()
    return _("That hour is no longer yours to change.")


def slots_cancelled() -> str:
    return _("Stopped: no hour added.")


def text_expected() -> str:
    return _("Please type the day and the time, e.g. <code>10/12 15:00</code>.")


# --- what the outbox says -------------------------------------------------------------------------


def ics_title_for_member(view: BookingView) -> str:
    return _("Free hour with {name} (Cohesion Makers)").format(name=view.expert.name)


def ics_title_for_expert(view: BookingView) -> str:
    return _("Free hour with {name} (Cohesion Makers)").format(name=view.member.name)


def ics_description() -> str:
    return _("Free hour of expert advice, booked through Cohesion Makers.")


def _contact(view: BookingView) -> str:
    if view.member.telegram_id is None:
        return q(view.member.name)
    return f'<a href="tg://user?id={view.member.telegram_id}">{q(view.member.name)}</a>'


def member_confirmation(view: BookingView) -> str:
    return _("📅 Your free hour with <b>{name}</b>: {when} (Europe/Rome time). Add it to your "
             "calendar with this file. To cancel or move it (up to {hours} hours before): "
             "/expert.").format(name=q(view.expert.name),
                                when=when(view.slot.starts_at, view.slot.ends_at),
                                hours=CUTOFF_HOURS) + meeting_lines(view, for_expert=False)


def expert_confirmation(view: BookingView) -> str:
    return _("📅 New booking: {member} booked your hour of {when} (Europe/Rome time). Your "
             "hours: /slots.").format(member=_contact(view),
                                      when=when(view.slot.starts_at, view.slot.ends_at)
                                      ) + meeting_lines(view, for_expert=True)


def member_moved(view: BookingView) -> str:
    return _("🔁 Your free hour has moved: with <b>{name}</b>, {when} (Europe/Rome time). Here "
             "is the updated calendar file.").format(
        name=q(view.expert.name), when=when(view.slot.starts_at, view.slot.ends_at)
    ) + meeting_lines(view, for_expert=False)


def expert_moved_in(view: BookingView) -> str:
    return _("🔁 {member} moved their booking to your hour of {when} (Europe/Rome time).").format(
        member=_contact(view), when=when(view.slot.starts_at, view.slot.ends_at)
    ) + meeting_lines(view, for_expert=True)


def expert_freed(view: BookingView) -> str:
    return _("✖️ The booking of your hour of {when} was cancelled: the hour is free again.").format(
        when=when(view.slot.starts_at, view.slot.ends_at))


def member_cancelled_by_expert(view: BookingView) -> str:
    return _("✖️ Your free hour with {name}, {when}, was cancelled: the expert is no longer "
             "available. Your free hour is yours again: /expert.").format(
        name=q(view.expert.name), when=when(view.slot.starts_at, view.slot.ends_at))


def member_cancelled_expert_erased(view: BookingView) -> str:
    return _("✖️ Your free hour of {when} was cancelled: the expert is no longer available. "
             "Your free hour is yours again: /expert.").format(
        when=when(view.slot.starts_at, view.slot.ends_at))


def _in(minutes: int) -> str:
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("in {n} hour", "in {n} hours", hours).format(n=hours)
    return ngettext("in {n} minute", "in {n} minutes", minutes).format(n=minutes)


def member_reminder(view: BookingView, minutes: int) -> str:
    return _("⏰ Reminder: your free hour with <b>{name}</b> is {within} – {when}.").format(
        name=q(view.expert.name), within=_in(minutes),
        when=when(view.slot.starts_at, view.slot.ends_at)) + meeting_lines(view, for_expert=False)


def expert_reminder(view: BookingView, minutes: int) -> str:
    return _("⏰ Reminder: your hour with {member} is {within} – {when}.").format(
        member=_contact(view), within=_in(minutes),
        when=when(view.slot.starts_at, view.slot.ends_at)) + meeting_lines(view, for_expert=True)


# --- how the hour happens -------------------------------------------------------------------------


def meeting_line(meeting: Meeting, *, for_expert: bool, other: str) -> str:
    """How the hour happens, for one side (``other``: the other person's name, plain)."""
    if meeting.kind == "place":
        return _("📍 Where: {place}").format(place=q(meeting.detail or ""))
    if meeting.kind == "video":
        return _("🎥 Video call: {link}").format(link=q(meeting.detail or ""))
    if for_expert:
        return _("💬 You call {name} here in the Telegram chat.").format(name=q(other))
    return _("💬 {name} will call you here in the Telegram chat.").format(name=q(other))


def meeting_lines(view: BookingView, *, for_expert: bool) -> str:
    """The line to add under a booking's text (a newline first); nothing while the expert has
    not said (the "write to" button under it is the way to ask)."""
    if view.meeting is None:
        return ""
    other = view.member.name if for_expert else view.expert.name
    return "\n" + meeting_line(view.meeting, for_expert=for_expert, other=other)


def ics_meeting(view: BookingView) -> str | None:
    """A call in the chat, said in the calendar's description (a place and a link have their
    own fields)."""
    if view.meeting is not None and view.meeting.kind == "chat":
        return _("The expert calls in the Telegram chat.")
    return None


def button_write_to(name: str) -> str:
    return _("💬 Write to {name}").format(name=name)


def your_meeting(meeting: Meeting | None) -> str:
    """/slots: how the expert meets, as members will read it."""
    if meeting is None:
        return _("How you meet: not said yet. Members see it in their booking: set it with "
                 "the button below.")
    if meeting.kind == "place":
        return _("How you meet: 📍 at {place}").format(place=q(meeting.detail or ""))
    if meeting.kind == "video":
        return _("How you meet: 🎥 video call, {link}").format(link=q(meeting.detail or ""))
    return _("How you meet: 💬 you call the member in the Telegram chat")


def button_meeting() -> str:
    return _("📍 How you meet")


def ask_meeting_kind() -> str:
    return _("How do your hours happen? Members will read it in their booking, the reminders "
             "and the calendar file.")


def button_meeting_place() -> str:
    return _("📍 In a place")


def button_meeting_video() -> str:
    return _("🎥 A video link")


def button_meeting_chat() -> str:
    return _("💬 I call in the chat")


def ask_meeting_place() -> str:
    return _("Type the place: the address and any directions, e.g. <code>Via Dante 5, Milano, "
             "second floor</code>. /cancel to stop.") + " " + at_most(MAX_PLACE)


def ask_meeting_link() -> str:
    return _("Send the link of your video room, starting with https://, e.g. "
             "<code>https://meet.jit.si/cohesion-hour</code>. /cancel to stop.") + " " + at_most(
        MAX_LINK)


def meeting_saved(meeting: Meeting) -> str:
    return _("✅ Saved. {how}").format(how=your_meeting(meeting))


def meeting_problem(code: str) -> str:
    if code == "no_place":
        return _("Please type the place in words, e.g. <code>Via Dante 5, Milano</code>.")
    if code == "long_place":
        return _("That is too long: keep the place under 200 characters.")
    if code == "bad_link":
        return _("That is not a web link I can pass on: send one starting with http:// or "
                 "https://, e.g. <code>https://meet.jit.si/cohesion-hour</code>.")
    if code == "not_expert":
        return experts_only()
    return _("That is not one of the choices: press one of the buttons.")


def meeting_cancelled() -> str:
    return _("Stopped: how you meet did not change.")
