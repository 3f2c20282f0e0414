"""What tables say on their own, to a team's group and members (worded by
``bot.notify.tables`` in each recipient's language): a table's announcement with its counts and
RSVP buttons, a place freed, a cancellation, reminders, the minutes reminder, the minutes as
posted — and "a former member", which stands for an erased attendee in kept minutes.

The conversations' own words are in ``bot.ui.texts.tables``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from bot.services.tables import TableView
from bot.ui.texts.common import q
from bot.ui.texts.tables import recurrence_text, when


def announcement(table: TableView, *, moved_from: datetime | None = None,
                 restarted: bool = False, joined: bool = False) -> str:
    lines = []
    if joined:
        lines.append(_("👋 Welcome to the team: this table is coming up. Will you come?"))
    if restarted:
        lines.append(_("🔁 <b>The series starts again.</b>"))
    if moved_from is not None:
        lines.append(_("📅 <b>The table has moved</b> (it was {old}).").format(
            old=when(moved_from)))
    lines += [
        _("🪑 <b>Territorial table</b> of {team}").format(team=q(table.team_name)),
        _("When: <b>{when}</b>").format(when=when(table.starts_at)),
        _("Where: {place}").format(place=q(table.place)),
    ]
    if table.agenda_points:
        lines.append(_("Agenda:") + "\n" + "\n".join(f"• {q(p)}" for p in table.agenda_points))
    if table.recurrence != "none":
        lines.append(_("Repeats: {recurrence}").format(
            recurrence=recurrence_text(table.recurrence, table.starts_at)))
    lines.append(counts(table))
    return "\n".join(lines)


def counts(table: TableView) -> str:
    text = _("Coming: {yes} · Maybe: {maybe} · Not coming: {no}").format(
        yes=table.yes if table.capacity is None else f"{table.yes}/{table.capacity}",
        maybe=table.maybe, no=table.no)
    if table.waiting:
        text += "\n" + ngettext("{n} on the waiting list", "{n} on the waiting list",
                                table.waiting).format(n=table.waiting)
    return text


def rsvp_button(answer: str, count: int) -> str:
    label = {"yes": _("✅ I'll come"), "maybe": _("🤔 Maybe"), "no": _("❌ Can't come")}[answer]
    return f"{label} ({count})"


def promoted(table: TableView) -> str:
    return _("🎉 A place freed up: you are now coming to the table of {team} on "
             "<b>{when}</b>.").format(team=q(table.team_name), when=when(table.starts_at))


def cancelled_notice(table: TableView) -> str:
    return _("✖️ The table of {team} on <b>{when}</b> has been cancelled.").format(
        team=q(table.team_name), when=when(table.starts_at))


def skipped_notice(table: TableView, following: datetime | None) -> str:
    text = _("⏭ The table of {team} on <b>{when}</b> will not take place this time.").format(
        team=q(table.team_name), when=when(table.starts_at))
    if following is not None:
        text += "\n" + _("The series goes on: the next meeting is on <b>{when}</b>, and it "
                         "will be announced as usual.").format(when=when(following))
    return text


def series_ended_notice(table: TableView) -> str:
    return _("✖️ The table of {team} on <b>{when}</b> has been cancelled, and the series ends "
             "here: no further meetings are planned.").format(team=q(table.team_name),
                                                               when=when(table.starts_at))


def place_changed(table: TableView, old_place: str) -> str:
    return _("📍 The table of {team} on <b>{when}</b> has a new place: {place} (it was "
             "{old}).").format(team=q(table.team_name), when=when(table.starts_at),
                               place=q(table.place), old=q(old_place))


def skipped_announcement(table: TableView) -> str:
    """A skipped meeting's announcement: said first, the rest struck through."""
    return "\n".join([_("⏭ <b>Skipped</b>: this meeting will not take place; the series goes "
                        "on."), f"<s>{announcement(table)}</s>"])


def cancelled_announcement(table: TableView) -> str:
    """A table's announcement once it is cancelled: said first, the rest struck through."""
    return "\n".join([_("✖️ <b>Cancelled</b>: this table will not take place."),
                      f"<s>{announcement(table)}</s>"])


def reminder(table: TableView, minutes: int) -> str:
    hours = minutes // 60
    ahead = (ngettext("in {n} hour", "in {n} hours", hours).format(n=hours) if minutes % 60 == 0
             else ngettext("in {n} minute", "in {n} minutes", minutes).format(n=minutes))
    return _("⏰ Reminder: the table of {team} is {ahead}, on <b>{when}</b>.\n"
             "Where: {place}").format(team=q(table.team_name), ahead=ahead,
                                       when=when(table.starts_at), place=q(table.place))


def minutes_reminder(table: TableView) -> str:
    return _("📝 The table of {team} on {when} has no minutes yet: write them with /minutes.").format(
        team=q(table.team_name), when=when(table.starts_at))


def minutes_text(table: TableView, attendance: Sequence[str], decisions: Sequence[str],
                 notes: str) -> str:
    lines = [_("📝 <b>Minutes</b> of the table of {team}, {when}").format(
        team=q(table.team_name), when=when(table.starts_at)),
        _("Present: {names}").format(names=", ".join(q(n) for n in attendance) or "—")]
    if decisions:
        lines.append(_("Decisions:") + "\n" + "\n".join(f"• {q(d)}" for d in decisions))
    if notes:
        lines.append(_("Notes: {notes}").format(notes=q(notes)))
    return "\n".join(lines)


def former_member() -> str:
    """Stands, in kept minutes, for an attendee who erased their data."""
    return _("a former member")
