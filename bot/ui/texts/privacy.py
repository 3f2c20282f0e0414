"""Privacy: what we keep, /mydata and /deleteme."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __


def privacy_notice() -> str:
    return _(
        "<b>Privacy</b>\n"
        "Cohesion Makers connects citizens, non-profits, companies and institutions in "
        "territorial teams. To do that we keep only: your Telegram id and first name, your "
        "language, who you act as (and your organisation's name), your comune, the skills and "
        "availability you tell us, the teams you join, what you pledge to the teams' needs, "
        "which needs we suggested to you, your self-assessments, your training progress and "
        "your bookings of the expert hour. We never ask for your phone number.\n"
        "Within a team, its designers see the members' first names and what they act as, and "
        "the members see their designers' first names. Nothing is sold or shared outside the "
        "project.\n"
        "You can see everything we hold with /mydata and erase it with /deleteme at any time."
    )


def mydata_caption() -> str:
    return _("Here is everything we hold about you.")


def deleteme_confirm() -> str:
    return _(
        "This erases your profile, your team memberships and your roles. It cannot be undone. "
        "Are you sure?"
    )


def deleteme_yes() -> str:
    return _("🗑 Yes, erase my data")


def cancel_button() -> str:
    return _("Cancel")


def deleted() -> str:
    return _("Your data has been erased. Goodbye! Send /start if you ever want to come back.")


def nothing_deleted() -> str:
    return _("Nothing was erased.")


def nothing_to_delete() -> str:
    return _("We hold no data about you.")


def deleted_member() -> str:
    """Who a message to others quoted, once that person erased their data."""
    return _("a deleted member")


# The commands, for the menu and for /help (bot.commands).
PRIVACY_MENU = __("What we keep and why")
PRIVACY_HELP = __("/privacy – what we keep and why")
MYDATA_HELP = __("/mydata – everything we hold about you, as a file")
DELETEME_HELP = __("/deleteme – erase your data")
