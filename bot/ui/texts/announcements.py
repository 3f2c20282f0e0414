"""Announcements a team sends to its members and its group."""

from __future__ import annotations

from datetime import datetime

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __

from bot.services.announcements import MAX_LENGTH
from bot.ui.texts import tables as tables_texts
from bot.ui.texts.common import q


def announcement(team: str, text: str) -> str:
    return _("📣 <b>{team}</b>\n{text}").format(team=q(team), text=q(text))


# --- /announce: a designer writes to the team's group and members ------------------------------

ANNOUNCE_MENU = __("Announce to your team")
ANNOUNCE_HELP = __("/announce – a message to your team's group and members, now or later")


def designers_only() -> str:
    return _("/announce is for the designers of a team: it sends a message to the team they "
             "lead.")


def choose_team() -> str:
    return _("Which team is the announcement for?")


def ask_text(team: str) -> str:
    return _("📣 Announcement to <b>{team}</b>. Write its text (up to {limit} characters); "
             "/cancel stops here.").format(team=q(team), limit=MAX_LENGTH)


def bad_text() -> str:
    return _("Please write the announcement as text, up to {limit} characters.").format(
        limit=MAX_LENGTH)


def ask_audience() -> str:
    return _("Who should get it?")


def audience_label(who: str) -> str:
    if who == "group":
        return _("👥 The team's group")
    if who == "members":
        return _("🙋 Each member, privately")
    return _("👥🙋 The group and each member")


def no_group_note() -> str:
    return _("The team has no linked group yet: it will go to each member privately.")


def ask_when() -> str:
    return _("When should it go out? Press <b>Now</b>, or write a day and a time, like "
             "<i>domani 18:00</i> or <i>next Monday 9am</i>.")


def now_button() -> str:
    return _("⚡ Now")


def read_back(moment: datetime) -> str:
    return _("It would go out on <b>{when}</b>. Is that right?").format(
        when=tables_texts.when(moment))


def when_ok_button() -> str:
    return _("✅ Yes, that's it")


def when_again_button() -> str:
    return _("✏️ No, write it again")


def preview(announcement_text: str, *, who: str, at: datetime | None) -> str:
    when = tables_texts.when(at) if at is not None else _("now")
    return "\n".join([
        _("<b>Preview</b> – this is how it will look:"), "", announcement_text, "",
        _("To: {who}").format(who=audience_label(who)),
        _("When: {when}").format(when=when),
    ])


def send_button() -> str:
    return _("✅ Send")


def schedule_button() -> str:
    return _("✅ Schedule")


def cancel_button() -> str:
    return _("✖️ Cancel")


def sent() -> str:
    return _("📣 Done: it goes out in a moment.")


def scheduled(at: datetime) -> str:
    return _("📣 Scheduled: it goes out on {when}.").format(when=tables_texts.when(at))


def already_scheduled() -> str:
    return _("That very announcement is already scheduled for that moment: nothing was added.")


def cancelled() -> str:
    return _("Cancelled: nothing was sent.")


def use_buttons() -> str:
    return _("Please answer with the buttons, or /cancel.")
