"""/services: listing what a non-profit or institution offers, the designer's review, /near's
line for a service."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __

from bot.services.local_services import ServiceView
from bot.ui.texts.common import q
from bot.ui.texts.needs import category_label

SERVICES_MENU = __("Your organisation's local services")
SERVICES_HELP = __("/services – list what your non-profit or institution offers locally")


def service_line(s: ServiceView) -> str:
    return _("• <b>{name}</b> ({category}) — {organisation}, {place}\n  {what}\n  🕒 {when} · "
             "📌 {reach}").format(name=q(s.name), category=q(category_label(s.category)),
                                 organisation=q(s.organisation), place=q(s.place),
                                 what=q(s.what), when=q(s.when), reach=q(s.reach))


def status(code: str) -> str:
    if code == "approved":
        return _("✅ approved, shown by /near")
    if code == "declined":
        return _("✖️ declined")
    return _("⏳ waiting for a designer's review")


def overview(organisation: str, services: list[ServiceView]) -> str:
    lines = [_("<b>Local services of {organisation}</b>").format(organisation=q(organisation))]
    if not services:
        lines.append(_("None listed yet."))
    for s in services:
        lines.append(service_line(s))
        lines.append("  " + status(s.status))
        if s.decline_reason:
            lines.append("  " + _("Reason: {reason}").format(reason=q(s.decline_reason)))
    return "\n".join(lines)


def add_button() -> str:
    return _("➕ List a new service")


def withdraw_button(name: str) -> str:
    return _("🗑 Withdraw “{name}”").format(name=name[:40])


def ask_name() -> str:
    return _("What is the service called? (up to 100 characters)")


def ask_category() -> str:
    return _("Which category is it?")


def ask_what() -> str:
    return _("What does it offer? (up to 500 characters)")


def ask_when() -> str:
    return _("When is it available? For example “Mon–Fri 9–12”. (up to 200 characters)")


def ask_reach() -> str:
    return _("How do people reach it? Send a link (https://…) or an address. No phone "
             "numbers, please.")


def submitted(name: str) -> str:
    return _("Thank you: “{name}” is waiting for a designer of your territory to approve it. "
             "I'll tell you their answer.").format(name=q(name))


def problem(code: str) -> str:
    if code == "company":
        return _("Local services are listed by non-profits and institutions, not by companies.")
    if code == "no_organisation":
        return _("Only a confirmed member of a non-profit or an institution can list local "
                 "services. Set your organisation with /profile.")
    if code == "phone":
        return _("That looks like a phone number: we don't publish personal phone numbers. "
                 "Send a link (https://…) or an address instead.")
    if code == "bad_link":
        return _("That link doesn't look right: it should start with http:// or https://.")
    if code in ("too_long", "reach_length"):
        return _("That is too long: please shorten it.")
    if code == "empty":
        return _("Please write something.")
    if code == "no_place":
        return _("Your organisation has no comune yet: set yours with /profile first.")
    if code == "not_designer":
        return _("Only a designer of a team covering that comune can review this service.")
    if code == "already_reviewed":
        return _("This service has already been reviewed.")
    if code == "no_such_service":
        return _("That service no longer exists.")
    if code == "not_yours":
        return _("That service is not your organisation's.")
    if code == "already_withdrawn":
        return _("That service was already withdrawn.")
    if code == "reason":
        return _("Please write a reason (up to 300 characters).")
    if code == "category":
        return _("Please choose a category with the buttons.")
    return _("That did not work.")


def review_request(s: ServiceView) -> str:
    return _("A local service waits for your review:\n{service}").format(
        service=service_line(s))


def approve_button() -> str:
    return _("✅ Approve")


def decline_button() -> str:
    return _("✖️ Decline")


def ask_reason(name: str) -> str:
    return _("Why do you decline “{name}”? Write the reason: the organisation will read it.") \
        .format(name=q(name))


def approved(name: str) -> str:
    return _("✅ “{name}” is approved: /near shows it now.").format(name=q(name))


def declined(name: str) -> str:
    return _("✖️ “{name}” is declined; the organisation is told why.").format(name=q(name))


def approved_notice(name: str) -> str:
    return _("✅ Your local service “{name}” was approved: /near shows it now.").format(
        name=q(name))


def declined_notice(name: str, reason: str | None) -> str:
    return _("✖️ Your local service “{name}” was declined. Reason: {reason}").format(
        name=q(name), reason=q(reason))


def withdrawn(name: str) -> str:
    return _("🗑 “{name}” is withdrawn.").format(name=q(name))
