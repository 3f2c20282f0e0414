"""Territorial tables, the conversations: the questions of /newtable, the read-back of a date,
the answer to an RSVP, /tables with moving and cancelling, and /minutes — and the dates and
rules every text of tables writes the same way. What tables say on their own to groups and
members (announcements, reminders, the posted minutes) is in ``bot.ui.texts.table_notices``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.i18n import ngettext
from babel.dates import format_date, format_time

from bot.i18n import current_locale
from bot.services.tables import MAX_AGENDA, MAX_PLACE, MyTable, TableView
from bot.ui.texts.common import at_most, q
from domain.calendar import ROME
from domain.tables import Recurrence, holiday_name

NEWTABLE_MENU = __("Call a territorial table")
NEWTABLE_HELP = __("/newtable – set your team's next meeting: date, place, agenda")
TABLES_MENU = __("Your team's tables")
TABLES_HELP = __("/tables – upcoming and past tables, your answer, the agenda, a calendar file")
MINUTES_MENU = __("Write a table's minutes")
MINUTES_HELP = __("/minutes – who came, what was decided, notes: posted to the group")


# --- dates --------------------------------------------------------------------------------------


def when(moment: datetime) -> str:
    """In full, in the person's language: "giovedì 25 febbraio 2027, 18:00"."""
    local = moment.astimezone(ROME)
    return _("{day}, {time}").format(
        day=format_date(local.date(), format="full", locale=current_locale()),
        time=format_time(local.time(), format="HH:mm", locale=current_locale()))


def day_only(value: date) -> str:
    return format_date(value, format="full", locale=current_locale())


def hour_only(value: time) -> str:
    return format_time(value, format="HH:mm", locale=current_locale())


# --- /newtable ----------------------------------------------------------------------------------


def designers_only() -> str:
    return _("Only a team's designers can call a table. Ask yours, or see /tables.")


def not_designer_of_this_team() -> str:
    # Said to whoever presses a table's designer button without the role: most never held it
    # (a forged or forwarded button), so nothing here presumes they once did.
    return _("You are not allowed to do that: only a designer of this table's team can. "
             "Nothing was saved.")


def choose_team() -> str:
    return _("For which team is the table?")


def ask_when() -> str:
    return _("When is it? Write the day and the time, for example "
             "<i>giovedì 18:00</i>, <i>3/12 ore 18</i>, <i>tomorrow at 5pm</i>.")


def when_problem(code: str, day: date | None, hour: time | None) -> str:
    if code == "no_time" and day is not None:
        return _("At what time on {day}? For example <i>18:00</i>.").format(day=day_only(day))
    if code == "no_date" and hour is not None:
        return _("On which day, at {time}? For example <i>giovedì</i> or <i>3/12</i>.").format(
            time=hour_only(hour))
    if code == "bad_date":
        return _("That is not a date I can read (day/month, for example 3/12). Try again.")
    if code == "bad_time":
        return _("That is not a time I can read (for example 18:00 or 6pm). Try again.")
    if code == "past":
        return _("That moment has already passed. Write a day and a time still to come.")
    return _("I could not read a day and a time there. Write them like "
             "<i>giovedì 18:00</i>, <i>25/2/2027 ore 18</i> or <i>next Thursday 6pm</i>.")


def read_back(moment: datetime, warnings: Sequence[str]) -> str:
    lines = [_("The table would be on <b>{when}</b>. Is that right?").format(when=when(moment))]
    local = moment.astimezone(ROME)
    if "holiday" in warnings:
        name = holiday_name(local.date(), current_locale()) or ""
        lines.append(_("⚠️ That day is a public holiday in Italy ({holiday}).").format(
            holiday=q(name)))
    if "unlikely_hour" in warnings:
        lines.append(_("⚠️ {time} is an unusual hour for a meeting.").format(
            time=hour_only(local.time())))
    return "\n".join(lines)


def button_when_ok() -> str:
    return _("✅ Yes, that's it")


def button_when_again() -> str:
    return _("✏️ No, write it again")


def ask_place() -> str:
    return _("Where? Write the address, or an online link.") + " " + at_most(MAX_PLACE)


def bad_place() -> str:
    return _("Please write the place or link in up to 300 characters.")


def ask_agenda() -> str:
    return _("What is on the agenda? One point per line, or separated by “;”, or one per "
             "message.") + " " + at_most(MAX_AGENDA)


def bad_agenda() -> str:
    return _("Please keep the agenda within 3000 characters.")


def ask_capacity() -> str:
    return _("How many people can come at most? Write a number, or skip if there is no limit.")


def bad_capacity() -> str:
    return _("Please write a whole number from 1 to 10000, or press Skip.")


def ask_recurrence() -> str:
    return _("Does it repeat?")


def recurrence_label(kind: str) -> str:
    if kind == "weekly":
        return _("Every week")
    if kind == "monthly":
        return _("Every month, on the same weekday")
    return _("Only once")


def recurrence_text(kind: str, moment: datetime) -> str:
    local = moment.astimezone(ROME)
    weekday = format_date(local.date(), format="EEEE", locale=current_locale())
    if kind == "weekly":
        return _("every week, on {weekday}").format(weekday=weekday)
    if kind == "monthly":
        ordinal = Recurrence("monthly").ordinal(moment)
        if local.weekday() == 6:  # Sunday: "domenica" is feminine in Italian, a sentence each
            sundays = {1: _("every first Sunday of the month"),
                       2: _("every second Sunday of the month"),
                       3: _("every third Sunday of the month"),
                       4: _("every fourth Sunday of the month"),
                       -1: _("every last Sunday of the month")}
            return sundays[ordinal]
        names = {1: _("first"), 2: _("second"), 3: _("third"), 4: _("fourth"), -1: _("last")}
        return _("every {ordinal} {weekday} of the month").format(ordinal=names[ordinal],
                                                                  weekday=weekday)
    return _("only once")


def ask_reminders() -> str:
    return _("Reminders go to the group and to those who said yes a day and an hour before. "
             "Keep them, or write other times in hours before, e.g. <i>48, 2</i>.")


def bad_reminders() -> str:
    return _("Please write hours before the table as numbers, e.g. <i>24, 1</i>, or keep the "
             "default.")


def bad_reminders_change() -> str:
    return _("Please write hours before the table as numbers, e.g. <i>24, 1</i> (or /cancel to "
             "keep the reminders as they are).")


def reminders_text(minutes: Sequence[int]) -> str:
    if not minutes:
        return _("none")
    parts = []
    for m in sorted(minutes, reverse=True):
        hours = m // 60
        parts.append(ngettext("{n} hour before", "{n} hours before", hours).format(n=hours)
                     if m % 60 == 0 else
                     ngettext("{n} minute before", "{n} minutes before", m).format(n=m))
    return ", ".join(parts)


def use_buttons() -> str:
    return _("Please choose one of the buttons above.")


def text_expected() -> str:
    return _("Please answer with a text message.")


def summary(team: str, moment: datetime, place: str, agenda: str, capacity: int | None,
            recurrence: str, reminders: Sequence[int]) -> str:
    points = [line.strip(" -•*") for line in agenda.splitlines() if line.strip(" -•*")]
    lines = [
        _("Check the table before announcing it:"),
        _("Team: {team}").format(team=q(team)),
        _("When: <b>{when}</b>").format(when=when(moment)),
        _("Where: {place}").format(place=q(place)),
        _("Agenda:") + ("\n" + "\n".join(f"• {q(p)}" for p in points) if points else " —"),
        _("Places: {capacity}").format(capacity=capacity if capacity else _("no limit")),
        _("Repeats: {recurrence}").format(recurrence=recurrence_text(recurrence, moment)),
        _("Reminders: {reminders}").format(reminders=reminders_text(reminders)),
    ]
    return "\n".join(lines)


def button_confirm() -> str:
    return _("✅ Announce")


def button_cancel() -> str:
    return _("✖️ Cancel")


def list_so_far(items: Sequence[str]) -> str:
    """The points gathered one per message, read back, and how to finish."""
    listed = "\n".join(f"• {q(item)}" for item in items)
    return _("So far:\n{items}\n\nSend the next point as a new message, or press “{done}” "
             "when the list is complete.").format(items=listed, done=button_list_done())


def button_list_done() -> str:
    return _("✅ Done")


def button_skip() -> str:
    return _("Skip")


def button_edit(field: str) -> str:
    labels = {"when": _("✏️ When"), "place": _("✏️ Where"), "agenda": _("✏️ Agenda"),
              "capacity": _("✏️ Places"), "recurrence": _("✏️ Repeats"),
              "reminders": _("✏️ Reminders")}
    return labels.get(field, field)


def cancelled() -> str:
    return _("Cancelled: nothing was saved.")


def published(moment: datetime, *, group: bool, members: int) -> str:
    text = _("✅ Table set for <b>{when}</b>.").format(when=when(moment))
    if group:
        text += "\n" + _("Announced in the team's group.")
    else:
        text += "\n" + _("The team has no linked group: only its members were told.")
    return text + "\n" + ngettext("{n} member told in private.", "{n} members told in private.",
                                  members).format(n=members)


def problem(code: str) -> str:
    texts = {
        "not_found": _("That table no longer exists."),
        "cancelled": _("That table has been cancelled."),
        "not_member": _("Only members of the table's team can answer it."),
        "past": _("That table has already taken place."),
        "bad_place": bad_place(),
        "bad_agenda": bad_agenda(),
        "bad_capacity": bad_capacity(),
        "minutes_exist": _("The minutes of that table have already been written."),
        "not_yet": _("That table has not taken place yet."),
        "no_decision": _("That decision is not in the table's minutes: open /tables or "
                         "/minutes again."),
        "bad_reminders": bad_reminders(),
        "skipped": _("That meeting is skipped: the next one of its series will be announced."),
        "not_recurring": _("That table does not repeat."),
        "not_ended": _("That series has not ended, or it has been restarted already: see "
                       "/tables."),
    }
    return texts.get(code, _("That could not be done."))


# --- RSVP ---------------------------------------------------------------------------------


def rsvp_recorded(answer: str, waiting: bool) -> str:
    if answer == "yes" and waiting:
        return _("The table is full: you are on the waiting list. I'll tell you if a place "
                 "frees up.")
    return {"yes": _("See you there!"), "maybe": _("Noted: maybe."),
            "no": _("Noted: you can't come.")}.get(answer, "")


# --- /tables --------------------------------------------------------------------------------


def no_tables() -> str:
    return _("Your teams have no tables yet.")


def answer_label(answer: str | None, waiting: bool) -> str:
    if answer == "yes" and waiting:
        return _("on the waiting list")
    return {"yes": _("coming"), "maybe": _("maybe"), "no": _("not coming")}.get(
        answer or "", _("no answer yet"))


def my_tables(found: Sequence[MyTable]) -> str:
    upcoming = [t for t in found if not t.past]
    past = [t for t in found if t.past]
    lines: list[str] = []
    if upcoming:
        lines.append(_("<b>Upcoming tables</b>"))
        lines += [_entry(t) for t in upcoming]
    if past:
        lines.append(_("<b>Past tables</b>"))
        lines += [_entry(t) for t in past]
    if any(t.answerable for t in found):
        lines.append(_("Answer with the buttons under each upcoming table; 📅 gives its "
                       "calendar file."))
    else:
        lines.append(_("A calendar file for each: press its button."))
    return "\n\n".join(lines)


def _entry(item: MyTable) -> str:
    table = item.table
    head = _("{when} – {team}, {place}").format(when=when(table.starts_at),
                                                team=q(table.team_name), place=q(table.place))
    if table.status == "cancelled":
        head += " " + _("(cancelled)")
    elif table.status == "skipped":
        head += " " + _("(skipped: the series goes on)")
    body = [head, _("Your answer: {answer}").format(answer=answer_label(item.answer,
                                                                        item.waiting))]
    if table.agenda_points:
        body.append(_("Agenda:") + " " + "; ".join(q(p) for p in table.agenda_points))
    return "\n".join(body)


def table_short(table: TableView) -> str:
    local = table.starts_at.astimezone(ROME)
    return f"{format_date(local.date(), format='short', locale=current_locale())} " \
           f"{hour_only(local.time())} – {table.team_name}"


def ics_button(table: TableView) -> str:
    return _("📅 {table}").format(table=table_short(table))


def ics_caption(table: TableView) -> str:
    return _("Add the table of {team} on {when} to your calendar.").format(
        team=q(table.team_name), when=when(table.starts_at))


def ics_title(table: TableView) -> str:
    return _("Territorial table – {team}").format(team=table.team_name)


# --- /minutes -------------------------------------------------------------------------------


def minutes_designers_only() -> str:
    return _("Only a team's designers write the minutes of its tables.")


def no_minutes_due() -> str:
    return _("No table of your teams is waiting for its minutes.")


def choose_minutes_table() -> str:
    return _("Which table are the minutes of?")


def ask_attendance(names: Sequence[str], limit: int) -> str:
    listed = ", ".join(q(n) for n in names) if names else _("nobody said yes")
    return _("Who came? From the answers: {names}.\nKeep this list, or write the names, "
             "separated by commas.").format(names=listed) + " " + at_most(limit)


def ask_decisions(limit: int) -> str:
    return _("What was decided? One decision per line, or separated by “;”, or one per "
             "message; or skip.") + " " + at_most(limit)


def ask_notes(limit: int) -> str:
    return _("Any notes? Write them, or skip.") + " " + at_most(limit)


def minutes_check() -> str:
    return _("Check the minutes before posting them:")


def button_keep_attendance() -> str:
    return _("✅ Keep this list")


def button_publish_minutes() -> str:
    return _("✅ Post the minutes")


def minutes_posted(*, group: bool) -> str:
    if group:
        return _("✅ Minutes kept and posted in the team's group.")
    return _("✅ Minutes kept (the team has no linked group to post them in).")


def decision_to_need_hint() -> str:
    return _("A decision can become a need: press it, and /newneed starts with it as the title "
             "(you check everything before it is published).")


def decision_button(text: str) -> str:
    short = text if len(text) <= 40 else text[:39] + "…"
    return _("➕ Need: {decision}").format(decision=short)


# --- moving and cancelling ---------------------------------------------------------------------


def button_move() -> str:
    return _("✏️ Move")


def button_reminders() -> str:
    return _("⏰ Reminders")


def ask_new_reminders(table: TableView, minutes: Sequence[int]) -> str:
    return _("The table of {team} on <b>{when}</b> has these reminders: {reminders}. How many "
             "hours before should they be sent instead? E.g. <i>48, 2</i>.").format(
        team=q(table.team_name), when=when(table.starts_at), reminders=reminders_text(minutes))


def reminders_changed(table: TableView, minutes: Sequence[int]) -> str:
    return _("⏰ Reminders for <b>{when}</b> changed: {reminders}. Each is sent once, to the group "
             "and to those who said yes.").format(when=when(table.starts_at),
                                                  reminders=reminders_text(minutes))


def button_cancel_table() -> str:
    return _("✖️ Cancel it")


def button_cancel_yes() -> str:
    return _("✖️ Yes, cancel the table")


def button_keep() -> str:
    return _("Keep it")


def ask_new_when(table: TableView) -> str:
    return _("The table is on {when}. When should it be instead? Write the day and the "
             "time.").format(when=when(table.starts_at))


def confirm_cancel(table: TableView, following: datetime | None = None) -> str:
    if table.recurrence != "none":
        text = _("Cancel the table of {team} on <b>{when}</b>? It repeats ({recurrence}).").format(
            team=q(table.team_name), when=when(table.starts_at),
            recurrence=recurrence_text(table.recurrence, table.starts_at))
        if following is not None:
            text += "\n" + _("⏭ Skip only this meeting: the series goes on, with the next one "
                             "on <b>{when}</b>.").format(when=when(following))
        return text + "\n" + _("✖️ Or cancel it and end the series: no next meeting will be "
                               "set (you can restart it from /tables).\nEither way its group "
                               "and members are told, and no reminder will be sent.")
    return _("Cancel the table of {team} on <b>{when}</b>? Its group and members will be told, "
             "and no reminder will be sent.").format(team=q(table.team_name),
                                                     when=when(table.starts_at))


def moved(table: TableView) -> str:
    return _("✅ Table moved to <b>{when}</b>: announced again, reminders moved with it.").format(
        when=when(table.starts_at))


def cancelled_done() -> str:
    return _("✖️ Table cancelled: the group and the members are told.")


def kept() -> str:
    return _("Nothing changed.")


# --- a series: skip a meeting, end it, restart it ---------------------------------------------


def button_skip_meeting() -> str:
    return _("⏭ Skip only this meeting")


def button_end_series() -> str:
    return _("✖️ Cancel it and end the series")


def button_restart() -> str:
    return _("🔁 Restart the series")


def button_restart_yes() -> str:
    return _("🔁 Yes, restart it")


def button_keep_ended() -> str:
    return _("Keep it ended")


def skipped_done(table: TableView, following: datetime | None) -> str:
    text = _("⏭ Skipped: the meeting on <b>{when}</b> will not take place; the group and the "
             "members are told.").format(when=when(table.starts_at))
    if following is not None:
        text += "\n" + _("The series goes on: the next meeting, on <b>{when}</b>, will be "
                         "announced as usual.").format(when=when(following))
    return text


def series_ended_done() -> str:
    return _("✖️ Table cancelled and series ended: the group and the members are told. You can "
             "restart it from /tables.")


def confirm_restart(table: TableView, starts_at: datetime) -> str:
    return _("Restart the series of {team} ({recurrence})? Its next meeting would be on "
             "<b>{when}</b>, at {place}, announced to the group and the members.").format(
        team=q(table.team_name), recurrence=recurrence_text(table.recurrence, starts_at),
        when=when(starts_at), place=q(table.place))


def restarted(table: TableView) -> str:
    return _("🔁 Series restarted: the next meeting is on <b>{when}</b>, announced to the group "
             "and the members.").format(when=when(table.starts_at))


# --- changing a table after announcing it ------------------------------------------------------


def button_edit_table() -> str:
    return _("📝 Change place, agenda or places")


def button_no_limit() -> str:
    return _("No limit")


def ask_edit_field(table: TableView) -> str:
    return _("What do you want to change in the table on <b>{when}</b>?").format(
        when=when(table.starts_at))


def ask_edit_place(table: TableView) -> str:
    return _("The table is at {place}. Where will it be instead? Write the address or an online "
             "link (or /cancel to keep it).").format(place=q(table.place)) + " " + at_most(
                 MAX_PLACE)


def ask_edit_agenda(table: TableView) -> str:
    current = "; ".join(q(p) for p in table.agenda_points) or "—"
    return _("The agenda now: {agenda}\nWrite the new agenda, one point per line (or /cancel "
             "to keep it).").format(agenda=current) + " " + at_most(MAX_AGENDA)


def ask_edit_capacity(table: TableView) -> str:
    return _("Places now: {capacity}; coming: {yes}, on the waiting list: {waiting}. How many "
             "people can come at most? Write a number, or press No limit (or /cancel to keep "
             "it).").format(capacity=table.capacity if table.capacity else _("no limit"),
                            yes=table.yes, waiting=table.waiting)


def bad_capacity_edit() -> str:
    return _("Please write a whole number from 1 to 10000, or press No limit.")


def capacity_below_yes(yes: int) -> str:
    return ngettext("{n} person has already said yes: the places cannot be fewer than {n}. "
                    "Write a number from {n} up.",
                    "{n} people have already said yes: the places cannot be fewer than {n}. "
                    "Write a number from {n} up.", yes).format(n=yes)


def edited(table: TableView, field: str) -> str:
    if field == "place":
        return _("📍 Place changed: {place}. Those who said yes are told.").format(
            place=q(table.place))
    if field == "agenda":
        return _("📝 Agenda changed.")
    return _("👥 Places: {capacity}. Anyone moved up from the waiting list is told.").format(
        capacity=table.capacity if table.capacity else _("no limit"))
