"""Organisations: which organisation a typed name is, the requests to act for one and their
outcome, /organisation and its edits."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __

from bot.services.places import PlaceView
from bot.ui.texts.common import EMPTY, q
from bot.ui.texts.onboarding import actor_label
from bot.ui.texts.places import place_label

ORGANISATION_MENU = __("Your organisation")
ORGANISATION_HELP = __("/organisation – the organisation you act for: its record, its members' "
                       "requests, its description and website")


# --- which organisation (onboarding, /profile) ---------------------------------------------------


def is_it(name: str) -> str:
    return _("<b>{name}</b> is already registered. Do you act for it?").format(name=q(name))


def yes_it_is() -> str:
    return _("✅ Yes, I act for it")


def no_another(typed: str) -> str:
    return _("No, mine is another: register “{name}”").format(name=typed)


def which(typed: str) -> str:
    return _("Some registered organisations have a name like “{name}”. Is yours one of them?"
             ).format(name=q(typed))


def none_of_these(typed: str) -> str:
    return _("None of these: register “{name}”").format(name=typed)


def created(name: str) -> str:
    return _("🆕 <b>{name}</b> is now registered, and you are its first member.").format(
        name=q(name))


def requested(name: str) -> str:
    return _("⏳ You asked to act for <b>{name}</b>: one of its members (or a designer of its "
             "territory) will confirm it, and you will be told.").format(name=q(name))


def already_confirmed(name: str) -> str:
    return _("You already act for <b>{name}</b>.").format(name=q(name))


def not_offered() -> str:
    return _("That organisation is no longer on offer: type its name again.")


# --- a request to act for an organisation ----------------------------------------------------------


def request_notice(requester: str, organisation: str) -> str:
    return _("🙋 <b>{person}</b> asks to act for <b>{organisation}</b>. Do they belong to it?"
             ).format(person=q(requester), organisation=q(organisation))


def confirm_button() -> str:
    return _("✅ Confirm")


def refuse_button() -> str:
    return _("✖️ Refuse")


def confirmed_notice(organisation: str) -> str:
    return _("✅ You are now a confirmed member of <b>{organisation}</b>: what you pledge is "
             "recorded with it.").format(organisation=q(organisation))


def refused_notice(organisation: str) -> str:
    return _("Your request to act for <b>{organisation}</b> was not confirmed. You can change "
             "who you act for in /profile.").format(organisation=q(organisation))


def decided(confirmed: bool, person: str, organisation: str) -> str:
    if confirmed:
        return _("✅ {person} now acts for <b>{organisation}</b>.").format(
            person=q(person), organisation=q(organisation))
    return _("✖️ {person}'s request to act for <b>{organisation}</b> is refused.").format(
        person=q(person), organisation=q(organisation))


def problem(code: str) -> str:
    if code == "self":
        return _("You cannot confirm your own request: another member of the organisation or "
                 "a designer will.")
    if code == "not_allowed":
        return _("Only the organisation's confirmed members, a designer of its territory or an "
                 "admin can decide on this request.")
    if code == "not_member":
        return _("Only a confirmed member of the organisation can change it.")
    if code == "kind":
        return _("That organisation is of another kind than yours: type its name again.")
    return _("This request is no longer waiting: it was already decided or withdrawn.")


# --- /organisation ----------------------------------------------------------------------------------


def no_organisation() -> str:
    return _("You act for no organisation. To change who you act as, use /profile.")


def card(*, name: str, kind: str, place: PlaceView | None, description: str | None,
         website: str | None, confirmed_members: int, confirmed: bool) -> str:
    rows = [
        "<b>" + q(name) + "</b>",
        _("Kind: {value}").format(value=actor_label(kind)),
        _("Comune: {value}").format(value=place_label(place) if place else EMPTY),
        _("Description: {value}").format(value=q(description) or EMPTY),
        _("Website: {value}").format(value=q(website) or EMPTY),
        _("Confirmed members: {count}").format(count=confirmed_members),
        "",
        _("You are a confirmed member.") if confirmed
        else _("Your request to act for it waits for a confirmation."),
    ]
    return "\n".join(rows)


def requests_heading(count: int, *, shown: int) -> str:
    heading = _("Requests waiting for a confirmation: {count}").format(count=count)
    if count <= shown:
        return heading
    return heading + "\n" + _("Here are the oldest {shown}; once they are decided, /organisation "
                              "shows the next.").format(shown=shown)


def no_requests_in_territory() -> str:
    return _("No request to act for an organisation waits in your teams' territories.")


def edit_description_button() -> str:
    return _("✏️ Description")


def edit_website_button() -> str:
    return _("🔗 Website")


def ask_description() -> str:
    return _("Send the new description (at most 280 characters), or - to remove it.")


def ask_website() -> str:
    return _("Send the website's address, e.g. https://www.example.org, or - to remove it.")


def description_invalid() -> str:
    return _("The description must be text of at most 280 characters. Send it again, or - to "
             "remove it.")


def website_invalid() -> str:
    return _("That is not a web address. Send one like https://www.example.org (http or https, "
             "at most 200 characters), or - to remove it.")


def saved() -> str:
    return _("✅ Saved.")
