"""The weekly digests: a team group's week, an observer's territory's week, their buttons, and
the group administrators' /weekly switch."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.i18n import ngettext
from babel.dates import format_date

from bot.i18n import current_locale
from bot.services.digests import GroupDigest, ObserverDigest, UnitTotal
from bot.ui.texts.balance import amount, number, pct
from bot.ui.texts.common import q
from bot.ui.texts.tables import when
from bot.ui.texts.units import unit_label
from domain.digests import TeamWeek
from domain.period import Period

WEEKLY_MENU = __("Weekly digest in this group: on or off")
WEEKLY_HELP = __("/weekly on|off – the weekly digest in your team's group (its administrators)")

#: The longest title a button to help shows (Telegram cuts long buttons anyway).
BUTTON_TITLE = 28


def _days(period: Period) -> str:
    """"30 Nov – 6 Dec 2026" in the reader's language."""
    return _("{start} – {end}").format(
        start=format_date(period.start, format="d MMM", locale=current_locale()),
        end=format_date(period.end, format="d MMM yyyy", locale=current_locale()))


def _quantities(totals: Sequence[UnitTotal]) -> str:
    return ", ".join(f"{number(t.quantity)} {unit_label(t.unit, t.quantity)}" for t in totals)


# --- a team group's digest ----------------------------------------------------------------------


def group_digest(digest: GroupDigest) -> str:
    lines = [_("📰 <b>The week of {team}</b> ({days})").format(team=q(digest.team_name),
                                                              days=_days(digest.period)),
             _("🆕 New needs: {count}").format(count=digest.new_needs)]
    pledges = sum(t.count for t in digest.pledges)
    lines.append(_("🤝 Pledges: {count}").format(count=pledges) if not pledges else
                 _("🤝 Pledges: {count} ({amounts})").format(
                     count=pledges, amounts=_quantities(digest.pledges)))
    deliveries = sum(t.count for t in digest.deliveries)
    lines.append(_("📦 Deliveries: {count}").format(count=deliveries) if not deliveries else
                 _("📦 Deliveries: {count} ({amounts})").format(
                     count=deliveries, amounts=_quantities(digest.deliveries)))
    if digest.wanting:
        lines += ["", _("🙋 <b>Most in want of help</b>")]
        for n, need in enumerate(digest.wanting, 1):
            lines.append(_("{n}. {title} — {amount}, waiting for {days}").format(
                n=n, title=q(need.title), amount=amount(need.pledged, need.target, need.unit),
                days=ngettext("{n} day", "{n} days", need.days_waiting).format(
                    n=need.days_waiting)))
    if digest.tables:
        lines += ["", _("📅 <b>Tables in the coming week</b>")]
        lines += [_("• {when} — {place}").format(when=when(table.starts_at), place=q(table.place))
                  for table in digest.tables]
    lines += ["", growth(digest.assessments, digest.modules)]
    return "\n".join(lines)


def growth(assessments: int, modules: int) -> str:
    return _("📈 Growth: {assessments} and {modules} this week.").format(
        assessments=ngettext("{n} self-assessment taken", "{n} self-assessments taken",
                             assessments).format(n=assessments),
        modules=ngettext("{n} training module completed", "{n} training modules completed",
                         modules).format(n=modules))


def help_button(n: int, title: str) -> str:
    """Under the digest, one per need in want: "🙋 I can help: 1. Coperte per …"."""
    short = title if len(title) <= BUTTON_TITLE else title[:BUTTON_TITLE - 1].rstrip() + "…"
    return _("🙋 I can help: {n}. {title}").format(n=n, title=short)


# --- an observer's digest -----------------------------------------------------------------------


def _place(digest: ObserverDigest) -> str:
    """"Province of Milano", not "Milano" (the comune has the same name)."""
    if digest.place_kind == "province":
        return _("Province of {name}").format(name=digest.place_name)
    if digest.place_kind == "region":
        return _("{name} (region)").format(name=digest.place_name)
    return digest.place_name


def observer_digest(digest: ObserverDigest) -> str:
    lines = [_("📊 <b>{place}: the week {days}</b>").format(place=q(_place(digest)),
                                                            days=_days(digest.period)),
             ngettext("{n} team in the territory.", "{n} teams in the territory.",
                      digest.teams).format(n=digest.teams),
             "",
             _("🆕 New needs: {count}").format(count=digest.new_needs),
             _("✅ Needs covered: {count}").format(count=digest.covered),
             _("🤝 Pledges: {count}, of which {hours} hours of help").format(
                 count=digest.pledges, hours=number(digest.hours)),
             _("📦 Deliveries: {count}").format(count=digest.deliveries),
             _("🗓 Tables held: {count}").format(count=digest.tables_held)]
    if digest.attention:
        lines += ["", _("⚠️ <b>Teams that need attention</b>")]
        lines += [_("• {team}: {why}").format(team=q(team.name),
                                              why=attention_reasons(team,
                                                                    digest.unanswered_after_days))
                  for team in digest.attention]
    return "\n".join(lines)


def attention_reasons(team: TeamWeek, days: int) -> str:
    reasons = []
    if team.unanswered:
        reasons.append(ngettext("{n} need unanswered for over {days} days",
                                "{n} needs unanswered for over {days} days",
                                team.unanswered).format(n=team.unanswered, days=days))
    if team.coverage_index is not None:
        reasons.append(_("coverage {percent}").format(percent=pct(team.coverage_index)))
    if not team.active:
        reasons.append(_("nothing happened this week"))
    return "; ".join(reasons)


def overview_button() -> str:
    return _("📊 Full overview")


# --- /weekly in a group -------------------------------------------------------------------------


def weekly_state(on: bool) -> str:
    if on:
        return _("The weekly digest is <b>on</b> in this group: every week it gets the team's "
                 "week and the needs most in want of help. An administrator can turn it off "
                 "with /weekly off.")
    return _("The weekly digest is <b>off</b> in this group. An administrator can turn it on "
             "with /weekly on.")


def weekly_switched(on: bool) -> str:
    if on:
        return _("✅ Weekly digest on: this group gets it every week.")
    return _("🔕 Weekly digest off: this group will not get it any more.")


def weekly_usage() -> str:
    return _("Write /weekly on or /weekly off.")


def weekly_admins_only() -> str:
    return _("Only an administrator of this group can turn the weekly digest on or off.")


def weekly_not_linked() -> str:
    return _("This group is not linked to a team, so it gets no weekly digest. A designer of "
             "the team links it with /linkgroup.")


def weekly_in_group() -> str:
    return _("/weekly works in your team's group: send it there (administrators only).")
