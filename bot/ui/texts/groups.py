"""Team group chats: the bot arriving and leaving, /linkgroup, the group's language."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.i18n import ngettext

from bot.services.teams import TeamView
from bot.ui.texts.common import q
from bot.ui.texts.places import place_label


def group_hello(hours: int) -> str:
    return ngettext(
        "Hello! I'm the Cohesion Makers bot. A designer of a territorial team can link this "
        "group to the team by sending /linkgroup here. If nobody does within {hours} hour, "
        "I'll leave the group.",
        "Hello! I'm the Cohesion Makers bot. A designer of a territorial team can link this "
        "group to the team by sending /linkgroup here. If nobody does within {hours} hours, "
        "I'll leave the group.",
        hours,
    ).format(hours=hours)


def group_goodbye() -> str:
    return _(
        "Nobody linked this group to a territorial team in time, so I'm leaving. A team "
        "designer can add me again and send /linkgroup."
    )


def group_linked(team: TeamView) -> str:
    return _(
        "✅ This group is now linked to <b>{team}</b> ({place}). The team's announcements will "
        "arrive here. Welcome, cohesion makers!"
    ).format(team=q(team.name), place=place_label(team.place))


def group_already_linked(team: TeamView) -> str:
    return _("This group is already linked to <b>{team}</b>.").format(team=q(team.name))


def group_link_moved(team: TeamView) -> str:
    return _("Note: <b>{team}</b> was linked to another group; from now on it uses this one."
             ).format(team=q(team.name))


def linkgroup_in_private() -> str:
    return _("Send /linkgroup inside your team's Telegram group, not here.")


def linkgroup_not_designer() -> str:
    return _("Only the designer of a team can link a group. Ask your team's designer.")


def linkgroup_not_admin() -> str:
    return _("You need to be an administrator of this group to link it to your team.")


def linkgroup_choose() -> str:
    return _("Which of your teams do you want to link to this group?")


def group_language_admins_only() -> str:
    return _("Only the administrators of this group can change its language.")


# The command, for the group admins' menu and for /help (bot.commands).
LINKGROUP_MENU = __("Link this group to your team (designers)")
LINKGROUP_HELP = __("/linkgroup – send it inside your team's Telegram group to link it")
