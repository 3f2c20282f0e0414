"""/profile: the card and its buttons."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __

from bot.i18n import fmt_date
from bot.services.members import ProfileView
from bot.ui.texts import balance as balance_texts
from bot.ui.texts.common import EMPTY, q
from bot.ui.texts.language import LANGUAGE_NAMES
from bot.ui.texts.onboarding import actor_label, availability_label
from bot.ui.texts.places import place_label


def profile_card(profile: ProfileView, *, nudges_off: bool = False) -> str:
    rows = [
        "<b>" + _("Your profile") + "</b>",
        _("Name: {value}").format(value=q(profile.name)),
        _("Language: {value}").format(value=LANGUAGE_NAMES.get(profile.language, EMPTY)),
        _("You act as: {value}").format(value=actor_label(profile.actor_type)),
    ]
    if profile.actor_type not in (None, "citizen"):
        rows.append(_("Organisation: {value}").format(value=q(profile.organisation) or EMPTY))
    rows += [
        _("Territory: {value}").format(
            value=place_label(profile.place) if profile.place else EMPTY),
        _("Skills: {value}").format(value=q(profile.skills) or EMPTY),
        _("Availability: {value}").format(value=availability_label(profile.availability)),
        _("Teams: {value}").format(value=", ".join(q(t) for t in profile.teams) or EMPTY),
        balance_texts.nudges_line(nudges_off),
        _("Member since {date}").format(date=fmt_date(profile.since)),
    ]
    return "\n".join(rows) + "\n\n" + _("Choose what to change:")


PROFILE_FIELD_LABELS = {
    "language": __("Language"),
    "actor": __("Actor type"),
    "organisation": __("Organisation"),
    "territory": __("Territory"),
    "skills": __("Skills"),
    "availability": __("Availability"),
}


def profile_field_button(field: str) -> str:
    return str(PROFILE_FIELD_LABELS[field])


def profile_nudges_button(nudges_off: bool) -> str:
    return balance_texts.nudges_button(nudges_off)


def profile_done_button() -> str:
    return _("✔️ Done")


def profile_closed() -> str:
    return _("Your profile is up to date. /help shows what you can do.")


# The command, for the menu and for /help (bot.commands).
PROFILE_MENU = __("Your profile")
PROFILE_HELP = __("/profile – see and change your profile")
