"""Onboarding: consent, who you act as, the territory, skills and availability."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __

from bot.services.places import PlaceView
from bot.ui.texts.common import EMPTY, at_most, excerpt, q
from bot.ui.texts.places import place_label
from bot.ui.texts.privacy import privacy_notice


def ask_consent() -> str:
    return privacy_notice() + "\n\n" + _("Do you agree that we keep these data?")


def consent_accept_button() -> str:
    return _("✅ I agree")


def consent_decline_button() -> str:
    return _("✖️ No, thanks")


def consent_declined() -> str:
    return _(
        "No problem: without your consent I can't register you, and nothing has been stored. "
        "Send /start whenever you change your mind."
    )


def ask_actor() -> str:
    return _("Who are you joining as?")


ACTOR_LABELS = {
    "citizen": __("🙋 Citizen"),
    "npo": __("🤝 Non-profit (NPO)"),
    "company": __("🏢 Company"),
    "institution": __("🏛 Institution"),
}


def actor_label(kind: str | None) -> str:
    return str(ACTOR_LABELS[kind]) if kind in ACTOR_LABELS else EMPTY


def ask_organisation(kind: str) -> str:
    if kind == "npo":
        asked = _("What is the name of your non-profit organisation?")
    elif kind == "company":
        asked = _("What is the name of your company?")
    else:
        asked = _("What is the name of your institution?")
    return asked + " " + at_most(100)


def organisation_invalid() -> str:
    return _("Please send the name as text, between 2 and 100 characters.")


def ask_territory() -> str:
    return _(
        "Where do you live or work? Type your comune, for example “Bergamo” or “Brugherio MB”. "
        "A province or a region works too."
    )


def territory_not_found(typed: str) -> str:
    return _(
        "I couldn't find “{typed}”. Check the spelling, or add the province code, "
        "for example “Samone TO”."
    ).format(typed=excerpt(typed))


def territory_ambiguous(typed: str) -> str:
    return _("“{typed}” could be more than one place. Which one do you mean?").format(
        typed=excerpt(typed))


def none_of_these() -> str:
    return _("None of these")


def territory_retype() -> str:
    return _("All right: type the place again, perhaps with its province code "
             "(for example “Samone TO”).")


def territory_set(place: PlaceView, alias: str | None = None) -> str:
    text = _("📍 Territory: {place}").format(place=place_label(place))
    if alias:
        text += "\n" + _("(“{old}” is now part of {name}.)").format(old=q(alias), name=place.name)
    return text


def ask_skills() -> str:
    return _(
        "What can you offer? List your skills separated by commas (for example “first aid, "
        "accounting, driving”), or skip."
    ) + " " + at_most(300)


def skills_invalid() -> str:
    return _("Please list your skills as text, at most 300 characters in all.")


def ask_availability() -> str:
    return _("How much time can you give?")


AVAILABILITY_LABELS = {
    "month": __("A few hours a month"),
    "week": __("A few hours a week"),
    "weekends": __("Weekends"),
    "oncall": __("On call in emergencies"),
}


def availability_label(value: str | None) -> str:
    return str(AVAILABILITY_LABELS[value]) if value in AVAILABILITY_LABELS else EMPTY


def registered(name: str) -> str:
    return _("Thank you, {name}: you are now a cohesion maker!").format(name=q(name))


def next_steps(*, with_team: bool) -> str:
    """The end of registration: where to start (the team's table only with a team)."""
    lines = ["<b>" + _("What next?") + "</b>",
             "• " + _("/needs – the needs near you, and how you can help")]
    if with_team:
        lines.append("• " + _("/tables – your team's next table: come and meet everyone"))
    lines.append("• " + _("/assessment – a few minutes to find your strengths as a "
                          "cohesion maker"))
    return "\n".join(lines)


def resume_onboarding() -> str:
    return _("Let's finish your registration where we left off.")


def welcome_back(name: str) -> str:
    return _(
        "Welcome back, {name}! /profile shows your profile, /team your team, "
        "/help everything you can do."
    ).format(name=q(name))


def invite_invalid() -> str:
    return _("This invitation link is no longer valid, but you can still register.")


# The command, for the menu and for /help (bot.commands).
START_MENU = __("Register or start again")
START_HELP = __("/start – register or start again")
