"""Every sentence the bot says, in one place, through gettext.

msgids are English; `locales/it` holds the Italian. Placeholders are named and filled after
translation; anything a person typed is escaped here, never in handlers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.i18n import ngettext

from bot.i18n import LANGUAGES, fmt_date, speak

# Language names are endonyms: each is written in its own language, whatever the reader's.
LANGUAGE_NAMES = {"it": "🇮🇹 Italiano", "en": "🇬🇧 English"}
EMPTY = "—"


def q(text: str | None) -> str:
    """Escape user-provided text for HTML messages."""
    return escape(text or "", quote=False)


# --- places -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlaceView:
    """What a text needs of a territory (built from domain.territory.Place by the services)."""

    kind: str
    name: str
    province_sigla: str | None
    region_name: str


def place_label(place: PlaceView) -> str:
    if place.kind == "comune":
        return _("{name} ({province}) – {region}").format(
            name=place.name, province=place.province_sigla or "", region=place.region_name)
    if place.kind == "province":
        return _("Province of {name} – {region}").format(name=place.name, region=place.region_name)
    return _("{name} (region)").format(name=place.name)


def place_short(place: PlaceView) -> str:
    if place.kind == "comune":
        return f"{place.name} ({place.province_sigla})"
    return place_label(place)


# --- onboarding -------------------------------------------------------------------------------


def choose_language() -> str:
    """Shown before we know the person's language, so it is said in every language we speak."""
    lines = []
    for code in LANGUAGES:
        with speak(code):
            lines.append(_("Welcome to Cohesion Makers! Choose your language."))
    return "\n".join(lines)


def privacy_notice() -> str:
    return _(
        "<b>Privacy</b>\n"
        "Cohesion Makers connects citizens, non-profits, companies and institutions in "
        "territorial teams. To do that we keep only: your Telegram id and first name, your "
        "language, who you act as (and your organisation's name), your comune, the skills and "
        "availability you tell us, and the teams you join. We never ask for your phone number.\n"
        "Within a team, its designers see the members' first names and what they act as, and "
        "the members see their designers' first names. Nothing is sold or shared outside the "
        "project.\n"
        "You can see everything we hold with /mydata and erase it with /deleteme at any time."
    )


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
        return _("What is the name of your non-profit organisation?")
    if kind == "company":
        return _("What is the name of your company?")
    return _("What is the name of your institution?")


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
    ).format(typed=q(typed))


def territory_ambiguous(typed: str) -> str:
    return _("“{typed}” could be more than one place. Which one do you mean?").format(
        typed=q(typed))


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
    )


def skills_invalid() -> str:
    return _("Please list your skills as text, at most 300 characters in all.")


def skip_button() -> str:
    return _("Skip")


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


def resume_onboarding() -> str:
    return _("Let's finish your registration where we left off.")


def welcome_back(name: str) -> str:
    return _(
        "Welcome back, {name}! /profile shows your profile, /team your team, "
        "/help everything you can do."
    ).format(name=q(name))


def invite_invalid() -> str:
    return _("This invitation link is no longer valid, but you can still register.")


def use_buttons() -> str:
    return _("Please choose one of the buttons above.")


def text_expected() -> str:
    return _("Please answer with a text message.")


def need_registration() -> str:
    return _("First let's get you registered: send /start.")


# --- teams ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TeamView:
    id: int
    name: str
    place: PlaceView


def join_button(team: TeamView) -> str:
    return _("Join {team}").format(team=team.name)


def not_now_button() -> str:
    return _("Not now")


def offer_invited(team: TeamView) -> str:
    return _("You have been invited to <b>{team}</b> ({place}). Do you want to join?").format(
        team=q(team.name), place=place_label(team.place))


def offer_local(place: PlaceView, teams: Sequence[TeamView]) -> str:
    names = ", ".join(f"<b>{q(team.name)}</b>" for team in teams)
    return ngettext(
        "The team of {place} is {teams}. Do you want to join?",
        "In {place} there are these teams: {teams}. Which one do you want to join?",
        len(teams),
    ).format(place=place_short(place), teams=names)


def offer_wider(place: PlaceView, area: PlaceView, teams: Sequence[TeamView]) -> str:
    names = ", ".join(f"<b>{q(team.name)}</b>" for team in teams)
    return _(
        "There is no team in {place} yet. The team of {area}, {teams}, welcomes people from "
        "all over its territory: do you want to join?"
    ).format(place=place_short(place), area=place_label(area), teams=names)


def no_team_yet(place: PlaceView) -> str:
    return _(
        "There is no team in {place} or its province and region yet. When one starts, /join "
        "will find it; meanwhile /help shows what you can do."
    ).format(place=place_short(place))


def joined(team: TeamView) -> str:
    return _("🎉 Welcome to <b>{team}</b>! /team shows your team.").format(team=q(team.name))


def already_member(team: TeamView) -> str:
    return _("You are already a member of <b>{team}</b>.").format(team=q(team.name))


def join_later() -> str:
    return _("All right. You can join a team later with /join.")


@dataclass(frozen=True, slots=True)
class TeamCardView:
    team: TeamView
    designers: Sequence[str]
    member_count: int
    group_linked: bool


def team_card(card: TeamCardView) -> str:
    lines = [f"<b>{q(card.team.name)}</b>", "📍 " + place_label(card.team.place)]
    designers = ", ".join(q(name) for name in card.designers) or _("not appointed yet")
    lines.append(_("Designer: {names}").format(names=designers))
    lines.append(ngettext("{count} member", "{count} members", card.member_count).format(
        count=card.member_count))
    lines.append(_("Group chat: linked") if card.group_linked else _("Group chat: not linked yet"))
    return "\n".join(lines)


def no_team_joined() -> str:
    return _("You haven't joined a team yet. Use /join to find the team of your territory.")


# --- profile ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProfileView:
    name: str
    language: str
    actor_type: str | None
    organisation: str | None
    place: PlaceView | None
    skills: str | None
    availability: str | None
    teams: Sequence[str]
    since: datetime


def profile_card(profile: ProfileView) -> str:
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


def profile_done_button() -> str:
    return _("✔️ Done")


def profile_closed() -> str:
    return _("Your profile is up to date. /help shows what you can do.")


# --- language, help, privacy, personal data -----------------------------------------------------


def choose_language_short() -> str:
    return _("Choose the language:")


def language_set() -> str:
    return _("Done: from now on I'll write in English.")


def group_language_admins_only() -> str:
    return _("Only the administrators of this group can change its language.")


@dataclass(frozen=True, slots=True)
class HelpView:
    registered: bool
    designer: bool
    observer: bool
    expert: bool
    admin: bool


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


# --- groups -----------------------------------------------------------------------------------


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


def announcement(team: str, text: str) -> str:
    return _("📣 <b>{team}</b>\n{text}").format(team=q(team), text=q(text))


def linkgroup_in_private() -> str:
    return _("Send /linkgroup inside your team's Telegram group, not here.")


def linkgroup_not_designer() -> str:
    return _("Only the designer of a team can link a group. Ask your team's designer.")


def linkgroup_not_admin() -> str:
    return _("You need to be an administrator of this group to link it to your team.")


def linkgroup_choose() -> str:
    return _("Which of your teams do you want to link to this group?")


def private_only() -> str:
    return _("Let's talk about this in a private chat with me.")


# --- errors -----------------------------------------------------------------------------------


def apology() -> str:
    return _("Sorry, something went wrong on our side. Please try again in a moment.")


def stale_button() -> str:
    return _("This button is no longer valid.")


def not_understood() -> str:
    return _("I didn't understand. /help lists what you can do.")
