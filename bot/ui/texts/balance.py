"""/balance and the nudges: figures, chart labels, suggestions of needs, the /profile toggle."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.i18n import ngettext
from babel.numbers import format_decimal, format_percent

from bot.charts import BarChart, BarState
from bot.i18n import current_locale
from bot.services.balance import BalanceView, NeedLine, NudgeToSend, TeamLine
from bot.ui.texts.common import EMPTY, q
from bot.ui.texts.needs import amount as pledge_amount
from bot.ui.texts.units import unit_label
from domain.balance import NeedFacts
from domain.needs import coverage_blocks

#: Needs listed in the text (the chart shows as many); the rest are counted.
LISTED = 10
#: Bars in the chart: a phone screen holds about this many readable ones.
CHARTED = 10

# The command, for /help (bot.commands): designers and observers both have it.
BALANCE_MENU = __("Balance of needs and help")
BALANCE_HELP = __("/balance – coverage of your team's needs, the unanswered ones, a chart")
BALANCE_HELP_OBSERVER = __("/balance – the balance of needs and help across your territory")


# --- numbers ----------------------------------------------------------------------------------


def pct(value: float | None) -> str:
    if value is None:
        return EMPTY
    return format_percent(value, format="#,##0%", locale=current_locale())


def number(value: Decimal | float) -> str:
    return format_decimal(value, format="#,##0.##", locale=current_locale())


def gini_text(value: float | None) -> str:
    return EMPTY if value is None else format_decimal(value, format="0.00",
                                                      locale=current_locale())


def amount(pledged: Decimal, target: Decimal, unit: str) -> str:
    """"8/20 hours" with its bar: "▰▰▱▱▱ 8/20 hours"."""
    filled, empty = coverage_blocks(pledged, target)
    return "▰" * filled + "▱" * empty + " " + _("{pledged}/{target} {unit}").format(
        pledged=number(pledged), target=number(target), unit=unit_label(unit, target))


def duration(value: timedelta | None) -> str:
    """Days, or hours under a day (a need answered in the morning it was posted)."""
    if value is None:
        return EMPTY
    days = value // timedelta(days=1)
    if days >= 1:
        return ngettext("{n} day", "{n} days", days).format(n=days)
    hours = value // timedelta(hours=1)
    return ngettext("{n} hour", "{n} hours", hours).format(n=hours)


# --- who may see it -----------------------------------------------------------------------------


def not_allowed() -> str:
    return _("The balance is for the designers of a team and for the observers of a territory: "
             "you are neither. /needs shows the needs you can help with.")


def choose_scope() -> str:
    return _("Which balance do you want to see?")


def all_teams_button() -> str:
    return _("All my teams")


def scope_gone() -> str:
    # Most who ask for a balance they may not see never held the role (a forged button).
    return _("You are not allowed to see that balance: it is for the designers of its team "
             "and the observers of its territory.")


# --- the figures ------------------------------------------------------------------------------


def nothing_to_show(name: str) -> str:
    return "<b>" + _("Balance – {name}").format(name=q(name)) + "</b>\n" + _(
        "There are no open needs right now: nothing to balance. A need counts here from the "
        "moment it is published until it is fulfilled, closed or expired.")


def _need_line(number_: int, line: NeedLine, *, with_team: bool) -> str:
    head = f"{number_}. <b>{q(line.title)}</b>"
    if with_team:
        head += f" ({q(line.team_name)})"
    flags = ""
    if line.unanswered:
        flags = " ⚠️"
    elif line.over_covered:
        flags = " ➕"
    return head + flags + "\n   " + amount(line.pledged, line.target, line.unit) + "\n   " + _(
        "covered {coverage} · delivered {fulfilment} · waiting {days}").format(
        coverage=pct(line.coverage), fulfilment=pct(line.fulfilment),
        days=duration(timedelta(days=line.days_waiting))) + "\n   " + _(
        "first pledge after {first} · covered after {covered}").format(
        first=duration(line.time_to_first_pledge), covered=duration(line.time_to_coverage))


def _team_line(team: TeamLine) -> str:
    unanswered = ngettext("{n} unanswered", "{n} unanswered", team.unanswered).format(
        n=team.unanswered)
    return "• " + _("{name}: {index} ({live} open, {unanswered})").format(
        name=q(team.name), index=pct(team.coverage_index), live=team.live,
        unanswered=unanswered)


def balance_text(view: BalanceView, name: str) -> str:
    """The whole balance of a scope, within one Telegram message."""
    several = view.scope.kind != "team"
    rows = ["<b>" + _("Balance – {name}").format(name=q(name)) + "</b>",
            ngettext("{n} open need", "{n} open needs", view.live).format(n=view.live),
            _("Coverage index: <b>{index}</b> (open needs, each counted up to its target)"
              ).format(index=pct(view.coverage_index)),
            _("How unevenly the help is spread across needs: {gini} (0 = every need covered "
              "alike, 1 = all the help on one need)").format(gini=gini_text(view.spread))]
    if several and view.teams:
        rows.append(_("How unevenly it is spread across teams: {gini}").format(
            gini=gini_text(view.team_spread)))
    rows.append("<i>" + _("The unevenness is measured with the Gini index of the coverage.") + "</i>")
    rows.append(_("Average time to the first pledge: {first}; to coverage: {covered}").format(
        first=duration(view.mean_time_to_first_pledge),
        covered=duration(view.mean_time_to_coverage)))
    rows.append("")
    if view.unanswered:
        rows.append("⚠️ " + ngettext(
            "{n} need nobody answered within {days} days:",
            "{n} needs nobody answered within {days} days:",
            len(view.unanswered)).format(n=len(view.unanswered), days=view.unanswered_after_days))
        rows += [f"• {q(line.title)} – " + duration(timedelta(days=line.days_waiting))
                 for line in view.unanswered[:LISTED]]
    else:
        rows.append(_("✅ Every need older than {days} days has had an answer.").format(
            days=view.unanswered_after_days))
    rows += ["", "<b>" + _("Needs, least covered first") + "</b>"]
    rows += [_need_line(i, line, with_team=several)
             for i, line in enumerate(view.needs[:LISTED], 1)]
    if len(view.needs) > LISTED:
        more = len(view.needs) - LISTED
        rows.append(ngettext("… and {n} more", "… and {n} more", more).format(n=more))
    if several and view.teams:
        rows += ["", "<b>" + _("Teams, least covered first") + "</b>"]
        rows += [_team_line(team) for team in view.teams[:LISTED]]
        if len(view.teams) > LISTED:
            more = len(view.teams) - LISTED
            rows.append(ngettext("… and {n} more", "… and {n} more", more).format(n=more))
    return "\n".join(rows)


# --- the chart --------------------------------------------------------------------------------


def _state(value: float | None, unanswered: bool = False) -> BarState:
    if value is None or value == 0 or unanswered:
        return "none"
    return "part" if value < 1 else "full"


def _short(text: str, width: int = 44) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def chart(view: BalanceView, name: str) -> BarChart:
    """Coverage per team for several teams, else per need; the least covered on top."""
    legend: dict[BarState, str] = {"none": _("nobody yet"), "part": _("partly covered"), "full": _("covered")}
    if view.scope.kind != "team" and len(view.teams) > 1:
        teams = view.teams[:CHARTED]
        return BarChart(
            title=_("Coverage by team – {name}").format(name=name),
            axis=_("coverage index (each need counted up to its target)"),
            labels=[_short(t.name) for t in teams],
            values=[t.coverage_index or 0.0 for t in teams],
            states=[_state(t.coverage_index) for t in teams],
            texts=[pct(t.coverage_index) for t in teams],
            legend=legend, target=_("target"))
    needs: Sequence[NeedLine] = view.needs[:CHARTED]
    return BarChart(
        title=_("Coverage of needs – {name}").format(name=name),
        axis=_("share of the target pledged"),
        labels=[_short(line.title) for line in needs],
        values=[line.coverage for line in needs],
        states=[_state(line.coverage, line.unanswered) for line in needs],
        texts=[pct(line.coverage) for line in needs],
        legend=legend, target=_("target"))


def chart_caption(name: str, *, red: bool) -> str:
    """The photo's caption; the red bars explained only when the chart has one."""
    if red:
        return _("Coverage – {name}. Red: nobody has pledged yet.").format(name=q(name))
    return _("Coverage – {name}.").format(name=q(name))


# --- nudges -------------------------------------------------------------------------------------


def _need_summary(need: NeedFacts, team: str, place: str) -> str:
    return (f"<b>{q(need.title)}</b>\n" + amount(Decimal(need.pledged), Decimal(need.target),
                                                 need.unit)
            + "\n" + _("{team}, {place}").format(team=q(team), place=q(place)))


def nudge_text(nudge: NudgeToSend, cap_days: int = 7) -> str:
    """A suggestion of a need, in the language in use; ``cap_days``: the real cap it states."""
    summary = _need_summary(nudge.need, nudge.team_name, nudge.place_name)
    if nudge.kind == "surplus" and nudge.from_need is not None:
        body = _("🙌 Thanks to people like you, <b>{source}</b> now has more than it asked "
                 "for. This need nearby is still short:").format(source=q(nudge.from_need.title))
    else:
        body = _("🤝 A need near you is still waiting for help:")
    rows = [body, "", summary]
    if nudge.matched_skills:
        rows += ["", _("We thought of you for your skills: {skills}.").format(
            skills=q(", ".join(nudge.matched_skills)))]
    if cap_days == 1:
        rows += ["", _("At most one suggestion a day; turn them off in /profile.")]
    else:  # the cap is a setting of at least one day
        rows += ["", _("At most one suggestion every {n} days; turn them off in "
                       "/profile.").format(n=cap_days)]
    return "\n".join(rows)


def pledge_button() -> str:
    return _("🤝 I can help")


def not_for_me_button() -> str:
    return _("🙅 Not for me")


def already_pledged(quantity: Decimal, unit: str | None, title: str) -> str:
    """A second tap on a nudge's "I can help": nothing more is pledged."""
    return _("You already pledged <b>{amount}</b> to <b>{title}</b>: nothing was added.").format(
        amount=pledge_amount(quantity, unit), title=q(title))


def nudge_pledged_more() -> str:
    """Under the one-tap pledge's confirmation: it can be changed."""
    return _("Not the right amount? You can change it:")


def more_button() -> str:
    return _("➕ Give more")


def less_button() -> str:
    return _("✂️ Give less")


def muted(category: str, days: int) -> str:
    """After "not for me" (``days``: balance.MUTE_DAYS, many)."""
    return _("🙅 Understood: no suggestions about <b>{category}</b> for {n} days.").format(
        category=q(category), n=days)


def not_suggested_to_you() -> str:
    return _("This suggestion was not for you: nothing was changed. /needs shows the open "
             "needs near you.")


# --- /profile: the toggle -------------------------------------------------------------------------


def nudges_line(off: bool) -> str:
    return _("Suggestions of needs: off") if off else _("Suggestions of needs: on")


def nudges_button(off: bool) -> str:
    return _("Suggestions: turn on") if off else _("Suggestions: turn off")


def nudges_toggled(off: bool, cap_days: int = 7) -> str:
    """The /profile toggle's answer; ``cap_days``: the real cap (the nudge_cap_days setting)."""
    if off:
        return _("Suggestions of needs turned off: I won't propose needs to you.")
    if cap_days == 1:
        return _("Suggestions of needs turned on: at most one a day, matching your skills.")
    return _("Suggestions of needs turned on: at most one every {n} days, matching your "
             "skills.").format(n=cap_days)

