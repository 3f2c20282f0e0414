"""/help and the command menus Telegram shows."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _

from bot.services.help import HelpView


def help_text(view: HelpView) -> str:
    lines = ["<b>" + _("What you can do") + "</b>",
             _("/start – register or start again"),
             _("/help – this list"),
             _("/language – change language"),
             _("/privacy – what we keep and why")]
    if view.registered:
        lines += [_("/profile – see and change your profile"),
                  _("/team – your team"),
                  _("/join – join the team of your territory"),
                  _("/mydata – everything we hold about you, as a file"),
                  _("/deleteme – erase your data")]
    if view.designer:
        lines += ["", "<b>" + _("As a designer") + "</b>",
                  _("/linkgroup – send it inside your team's Telegram group to link it")]
    if view.observer:
        lines += ["", "<b>" + _("As an observer") + "</b>",
                  _("You follow your territory; the overview commands are coming soon.")]
    if view.expert:
        lines += ["", "<b>" + _("As an expert") + "</b>",
                  _("Publishing your advice slots is coming soon.")]
    if view.admin:
        lines += ["", "<b>" + _("As an administrator") + "</b>",
                  _("Teams and roles are managed with the command-line tool `cohesion`.")]
    return "\n".join(lines)


def command_descriptions() -> dict[str, str]:
    """For the menu Telegram shows (setMyCommands), per language."""
    return {
        "start": _("Register or start again"),
        "profile": _("Your profile"),
        "team": _("Your team"),
        "join": _("Join the team of your territory"),
        "language": _("Change language"),
        "privacy": _("What we keep and why"),
        "help": _("What you can do"),
    }


def group_command_descriptions() -> dict[str, str]:
    return {
        "linkgroup": _("Link this group to your team (designers)"),
        "language": _("Change the group's language (admins)"),
        "help": _("What you can do"),
    }
