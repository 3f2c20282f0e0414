"""Proposals: a member's /propose (its questions are the need's, ``newneed``'s), the designer's
/proposals with Approve / Decline, and what the proposer and the designers are told."""

from __future__ import annotations

from decimal import Decimal

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __

from bot.ui.texts.common import at_most, q
from bot.ui.texts.newneed import amount, category_label, published

PROPOSE_MENU = __("Suggest a need to your team")
PROPOSE_HELP = __("/propose – suggest a need you have noticed to your team's designers")
PROPOSALS_MENU = __("Proposals waiting for you")
PROPOSALS_HELP = __("/proposals – the needs members proposed: approve or decline them")


# --- /propose -------------------------------------------------------------------------------------


def propose_needs_a_team() -> str:
    return _("Join a team first with /join: proposals go to its designers.")


def choose_team_for_proposal() -> str:
    return _("To which of your teams do you want to suggest it?")


def proposal_sent(title: str) -> str:
    return _("💡 Thank you! Your proposal <b>{title}</b> has been sent to the team's designers: "
             "you will hear when they decide.").format(title=q(title))


# --- /proposals -----------------------------------------------------------------------------------


def proposal_card(*, title: str, description: str | None, category: str,
                  quantity: Decimal | None, unit: str | None, team: str,
                  skill: str | None = None, link: str | None = None,
                  organisation: str | None = None) -> str:
    lines = [_("💡 Proposal for {team}: <b>{title}</b>").format(team=q(team), title=q(title))]
    if description:
        lines.append(q(description))
    lines.append(_("Category: {category}").format(category=category_label(category)))
    if quantity is not None and unit is not None:
        lines.append(_("Asked: {amount}").format(amount=amount(quantity, unit, skill)))
    if organisation:
        lines.append(_("For: {organisation}").format(organisation=q(organisation)))
    if link:
        lines.append(_("Give here: {link}").format(link=q(link)))
    return "\n".join(lines)


def no_proposals() -> str:
    return _("No proposals are waiting for you.")


def approve_button() -> str:
    return _("✅ Approve")


def decline_button() -> str:
    return _("✖️ Decline")


def approve_complete_first() -> str:
    return _("The proposal doesn't say how much is needed: let's complete it.")


def approved(title: str, *, announced: bool) -> str:
    return published(title, announced=announced) + "\n" + _("The proposer will be told.")


def ask_decline_reason(title: str) -> str:
    return _("Why are you declining <b>{title}</b>? Write the reason: the proposer will read "
             "it. (/cancel to stop)").format(title=q(title)) + " " + at_most(300)


def decline_reason_invalid() -> str:
    return _("Please write the reason in a line (up to 300 characters): the proposer will "
             "read it.")


def declined_done(title: str) -> str:
    return _("The proposal <b>{title}</b> was declined; the proposer will be told why.").format(
        title=q(title))


# --- what the designers and the proposer are told (bot.notify.needs) ------------------------------


def proposed_notice(title: str, proposer: str = "") -> str:
    """To the team's designers; ``proposer``: the member's name (escaped here)."""
    if not proposer:
        return _("💡 A member proposed a need: <b>{title}</b>. Review it with /proposals."
                 ).format(title=q(title))
    return _("💡 {proposer} proposed a need: <b>{title}</b>. Review it with /proposals."
             ).format(proposer=q(proposer), title=q(title))


def approved_notice(title: str) -> str:
    return _("👍 Your proposal <b>{title}</b> has been approved and published.").format(
        title=q(title))


def declined_notice(title: str, reason: str | None) -> str:
    if reason:
        return _("Your proposal <b>{title}</b> was not accepted: {reason}").format(
            title=q(title), reason=q(reason))
    return _("Your proposal <b>{title}</b> was not accepted.").format(title=q(title))
