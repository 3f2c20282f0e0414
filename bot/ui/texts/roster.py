"""/members: a designer's list of their team's members, and its CSV file."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from babel.dates import format_date

from bot.i18n import current_locale
from bot.services import places
from bot.services.roster import RosterLine, RosterPage
from bot.ui.texts.common import EMPTY, q
from bot.ui.texts.onboarding import actor_label, availability_label
from bot.ui.texts.places import place_short
from domain.calendar import ROME
from domain.territory import Gazetteer

MEMBERS_MENU = __("Your team's members")
MEMBERS_HELP = __("/members – your team's members: who they are, skills, last active; a CSV file")


def designers_only() -> str:
    return _("/members is for the designers of a team: it lists the people of the team they "
             "lead.")


def choose_team() -> str:
    return _("Which team's members?")


def previous_button() -> str:
    return _("◀️ Previous")


def next_button() -> str:
    return _("Next ▶️")


def csv_button() -> str:
    return _("📄 CSV file")


def _day(value: date) -> str:
    return format_date(value, format="medium", locale=current_locale())


def _last_seen(value: date | None) -> str:
    return _day(value) if value is not None else _("not yet")


def _who(line: RosterLine) -> str:
    who = actor_label(line.actor_type)
    if line.organisation:
        who += f" ({q(line.organisation)})"
    return who


def page(view: RosterPage) -> str:
    if view.total == 0:
        return _("<b>{team}</b> has no members yet.").format(team=q(view.team_name))
    lines = [_("<b>{team}</b>: members {first}–{last} of {total}").format(
        team=q(view.team_name), first=view.first, last=view.first + len(view.lines) - 1,
        total=view.total)]
    for number, line in enumerate(view.lines, view.first):
        lines.append("")
        lines.append(f"{number}. <b>{q(line.name)}</b> – {_who(line)}")
        lines.append(_("Skills: {skills}").format(skills=q(line.skills) if line.skills else EMPTY))
        lines.append(_("Joined {joined} · last active {seen}").format(
            joined=_day(line.joined_at.astimezone(ROME).date()),
            seen=_last_seen(line.last_seen_on)))
    return "\n".join(lines)


def csv_caption(team: str, count: int) -> str:
    return _("📄 The members of <b>{team}</b> ({count}), as a CSV file.").format(
        team=q(team), count=count)


def csv_file(lines: Sequence[RosterLine], gazetteer: Gazetteer) -> bytes:
    """The roster as CSV (UTF-8 with a BOM, so spreadsheets read the accents). A cell that
    starts like a formula is prefixed with ' so a spreadsheet shows it instead of running it."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Name"), _("Acts as"), _("Organisation"), _("Skills"), _("Availability"),
                     _("Territory"), _("Joined"), _("Last active")])
    for line in lines:
        place = places.view_of(gazetteer, line.territory_code)
        writer.writerow([_cell(value) for value in (
            line.name, actor_label(line.actor_type) if line.actor_type else "",
            line.organisation or "", line.skills or "",
            availability_label(line.availability) if line.availability else "",
            place_short(place) if place is not None else "",
            line.joined_at.astimezone(ROME).date().isoformat(),
            line.last_seen_on.isoformat() if line.last_seen_on else "")])
    return ("\ufeff" + out.getvalue()).encode()


def _cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_filename(team: str) -> str:
    slug = "".join(ch if ch.isalnum() else "-" for ch in team.lower()).strip("-")
    return f"members-{slug or 'team'}.csv"
