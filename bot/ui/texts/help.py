"""/help: the commands a person may use, by role, as the command registry lists them."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __

from bot.commands import Audience

HELP_MENU = __("What you can do")
HELP_HELP = __("/help – this list")


def _headings() -> dict[Audience, str]:
    return {Audience.DESIGNER: _("As a designer"), Audience.OBSERVER: _("As an observer"),
            Audience.EXPERT: _("As an expert"), Audience.ADMIN: _("As an administrator")}


def _notes() -> dict[Audience, str]:
    """What a role brings that is not a command (yet)."""
    return {
        Audience.OBSERVER: _("You follow your territory: every team placed in it."),
        Audience.EXPERT: _("Your competences and languages are set by an administrator; members "
                           "book your hours with /expert."),
        Audience.ADMIN: _("Teams and roles are managed with the command-line tool `cohesion`."),
    }


def help_text(sections: dict[Audience, list[str]], audiences: set[Audience]) -> str:
    """`sections`: the command lines per audience (bot.commands.help_sections); the roles'
    headings and notes are added for every audience the person belongs to."""
    lines = ["<b>" + _("What you can do") + "</b>",
             *sections.get(Audience.EVERYONE, []), *sections.get(Audience.MEMBER, [])]
    headings, notes = _headings(), _notes()
    for audience in Audience:
        if audience not in headings or audience not in audiences:
            continue
        lines += ["", "<b>" + headings[audience] + "</b>", *sections.get(audience, [])]
        if audience in notes:
            lines.append(notes[audience])
    return "\n".join(lines)
