"""Teams: the offer to join, joining, and the team card."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.i18n import ngettext

from bot.services.places import PlaceView
from bot.services.teams import TeamCardView, TeamView
from bot.ui.texts import tables as tables_texts
from bot.ui.texts.common import q
from bot.ui.texts.places import place_label, place_short


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


def team_card(card: TeamCardView) -> str:
    lines = [f"<b>{q(card.team.name)}</b>", "📍 " + place_label(card.team.place)]
    designers = ", ".join(q(name) for name in card.designers) or _("not appointed yet")
    lines.append(_("Designer: {names}").format(names=designers))
    lines.append(ngettext("{count} member", "{count} members", card.member_count).format(
        count=card.member_count))
    if card.next_table is not None:
        lines.append(_("🗓 Next table: {when} – {place} (/tables)").format(
            when=tables_texts.when(card.next_table.starts_at), place=q(card.next_table.place)))
    else:
        lines.append(_("🗓 No table scheduled yet"))
    if card.open_need_count:
        lines.append(ngettext("🤝 {count} open need: {titles} (/needs)",
                              "🤝 {count} open needs: {titles} (/needs)",
                              card.open_need_count).format(
            count=card.open_need_count,
            titles=", ".join(q(title) for title in card.open_needs)
            + (", …" if card.open_need_count > len(card.open_needs) else "")))
    else:
        lines.append(_("🤝 No open needs right now"))
    lines.append(_("Group chat: linked") if card.group_linked else _("Group chat: not linked yet"))
    if card.group_linked and card.invite_link is None:
        lines.append(_("(I can give you a link into the group once a designer makes me one of "
                       "its administrators.)"))
    return "\n".join(lines)


def group_link_button(team: TeamView) -> str:
    return _("👥 Enter the group of {team}").format(team=team.name)


def leave_button(team: TeamView) -> str:
    return _("🚪 Leave {team}").format(team=team.name)


def leave_yes_button() -> str:
    return _("Yes, leave")


def leave_no_button() -> str:
    return _("No, stay")


def leave_confirm(team: str) -> str:
    return _("Do you really want to leave <b>{team}</b>? You will no longer get its "
             "announcements and invitations; what you pledged stays as it is. You can join "
             "again with /join.").format(team=q(team))


def left(team: str) -> str:
    return _("You have left <b>{team}</b>. /join finds a team whenever you want.").format(
        team=q(team))


def stayed(team: str) -> str:
    return _("All right: you stay in <b>{team}</b>.").format(team=q(team))


def leave_problem(code: str) -> str:
    if code == "designer":
        return _("You lead this team as its designer, so you cannot leave it. Ask an "
                 "administrator to hand it over first.")
    return _("You are not a member of this team.")


def join_request_declined(team: str, *, registered: bool) -> str:
    if registered:
        return _("You asked to join the group of <b>{team}</b>: it is for the team's members. "
                 "Join the team with /join, then open the link again.").format(team=q(team))
    return _("You asked to join the group of <b>{team}</b>: it is for the team's members. "
             "Register with /start and join the team, then open the link again.").format(
        team=q(team))


def no_team_joined() -> str:
    return _("You haven't joined a team yet. Use /join to find the team of your territory.")


# The commands, for the menu and for /help (bot.commands).
TEAM_MENU = __("Your team")
TEAM_HELP = __("/team – your team")
JOIN_MENU = __("Join the team of your territory")
JOIN_HELP = __("/join – join the team of your territory")
