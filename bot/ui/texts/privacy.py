"""Privacy: what we keep, /mydata and /deleteme."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.i18n import ngettext


def privacy_notice(*, url: str | None = None, retention_days: int = 7) -> str:
    """The short notice; `url`: where docs/privacy.md is published (else it is named);
    `retention_days`: how long an update that failed is kept (the setting)."""
    where = (f'<a href="{escape(url)}">docs/privacy.md</a>' if url
             else "<code>docs/privacy.md</code>")
    return _(
        "<b>Privacy</b>\n"
        "Cohesion Makers connects citizens, non-profits, companies and institutions in "
        "territorial teams. To do that we keep only: your Telegram id and first name, your "
        "language, who you act as (and your organisation's name), your comune, the skills and "
        "availability you tell us, the teams you join, what you pledge to the teams' needs, "
        "the needs you propose, your answers to tables and whether minutes list you as present, "
        "which needs we suggested to you, your self-assessments, your training progress, your "
        "bookings of the expert hour and, if you hold a role, what you did in it (needs, tables "
        "and minutes you wrote, an expert's profile and hours). We never ask for your phone "
        "number. {retention}\n"
        "Within a team, its designers see the members' first names and what they act as, and "
        "the members see their designers' first names. Nothing is sold or shared outside the "
        "project.\n"
        "You can see everything we hold with /mydata and erase it with /deleteme at any time. "
        "What we keep, why, where, for how long, who sees it and how erasure works on each "
        "database: {document}."
    ).format(document=where, retention=ngettext(
        "An update the bot failed to handle is kept {days} day for us to fix it, then deleted; "
        "our logs hold no message text and no names.",
        "An update the bot failed to handle is kept {days} days for us to fix it, then deleted; "
        "our logs hold no message text and no names.", retention_days).format(days=retention_days))


def mydata_caption() -> str:
    return _("Here is everything we hold about you.")


def mydata_summary(data: Mapping[str, Any]) -> str:
    """A short account of the /mydata file, in the person's language: one line per entry (the
    caller gives those that hold something; a count for a list), the roles by name."""
    lines = []
    if any(key in data for key in _PROFILE):
        lines.append(str(_("your profile (name, who you act as, organisation, place, skills)")))
    for key, label in _SECTIONS.items():
        if key not in data:
            continue
        value = data[key]
        if key == "roles" and isinstance(value, list):
            names = sorted({str(_ROLES.get(str(grant.get("role")), grant.get("role")))
                            for grant in value if isinstance(grant, dict)})
            lines.append(_("{what}: {roles}").format(what=label, roles=", ".join(names)))
        elif isinstance(value, list):
            lines.append(_("{what}: {count}").format(what=label, count=len(value)))
        else:
            lines.append(str(label))
    listed = [key for key in data if key not in _PROFILE and key not in _SECTIONS
              and key != "telegram_id"]
    lines += [escape(key.replace("_", " ")) for key in listed]  # a section with no words yet
    return _("<b>What the file holds</b>\n{lines}\n\nErase it all with /deleteme.").format(
        lines="\n".join(f"• {line}" for line in lines))


_PROFILE = ("first_name", "actor_type", "organisation_name", "territory_code", "skills",
            "availability", "language", "consent_at", "registered_at", "last_seen_on")
_SECTIONS = {
    "teams": __("teams you joined"),
    "roles": __("roles you hold"),
    "organisation": __("the organisation you act for"),
    "services_submitted": __("the local services you listed for your organisation"),
    "pledges": __("pledges"),
    "proposals": __("proposals no designer has adopted yet"),
    "suggestions_received": __("needs we suggested to you"),
    "suggestions_of_needs": __("whether you want suggestions of needs"),
    "table_answers": __("answers to tables"),
    "tables_created": __("tables you set"),
    "table_minutes_written": __("minutes you wrote"),
    "table_minutes_attendance": __("minutes that list you among those present"),
    "self_assessments": __("self-assessments"),
    "training": __("your training path and progress"),
    "expert_hour_bookings": __("bookings of the expert hour"),
    "expert_profile": __("your expert profile and the hours you published"),
    "stories": __("stories you shared"),
    "stories_found_useful": __("stories you found useful"),
    "actions_in_a_role": __("what you did as a designer, expert or admin (the audit trail)"),
    "statements_issued": __("company statements you asked for"),
}
_ROLES = {"designer": __("designer"), "observer": __("observer"), "expert": __("expert"),
          "admin": __("admin")}


def deleteme_confirm() -> str:
    return _(
        "This erases everything we hold about you: your profile and organisation, your team "
        "memberships and roles, your answers to tables and your name in their minutes, your "
        "proposals no designer adopted, your self-assessments and training, your bookings of "
        "the expert hour (and, if you are an expert, your profile and hours), the needs we "
        "suggested to you, and the messages we sent you or about you.\n"
        "Your pledges stay in the needs' totals as those of a deleted member; the needs, "
        "tables and minutes you wrote for a team stay the team's, without your name.\n"
        "It cannot be undone. Are you sure?"
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
