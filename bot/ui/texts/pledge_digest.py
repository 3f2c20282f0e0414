"""What a team's designers hear of pledges: grouped by need (at most once an hour, or in one
summary a day), and a need covered or fulfilled; the choice between hourly and daily."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.utils.i18n import gettext as _

from bot.services.needs import NeedView, PledgeLine
from bot.ui.texts.common import q
from bot.ui.texts.needs import amount, coverage_bar


def _line(line: PledgeLine, need: NeedView) -> str:
    who = q(line.name) if line.name else _("a deleted member")
    how_much = amount(line.quantity, need.unit, need.skill)
    if line.kind == "reduced":
        return _("• {who} lowered their pledge by {amount}").format(who=who, amount=how_much)
    if line.kind == "withdrawn":
        return _("• {who} withdrew {amount}").format(who=who, amount=how_much)
    return _("• {who} pledged {amount}").format(who=who, amount=how_much)


def _need_block(need: NeedView, lines: Sequence[PledgeLine]) -> list[str]:
    return [f"<b>{q(need.title)}</b>", *(_line(line, need) for line in lines),
            coverage_bar(need)]


def hourly(need: NeedView, lines: Sequence[PledgeLine]) -> str:
    """One need's pledges and withdrawals of the last hour."""
    return "\n".join([_("🤝 <b>New pledges</b> in the last hour"), "",
                      *_need_block(need, lines)])


def daily(needs: Sequence[tuple[NeedView, Sequence[PledgeLine]]]) -> str:
    """The day's pledges and withdrawals on the needs of the designer's teams."""
    blocks = ["\n".join(_need_block(need, lines)) for need, lines in needs]
    return "\n\n".join([_("🗓 <b>Today's pledges</b> on your teams' needs"), *blocks])


def covered(need: NeedView) -> str:
    return _("✅ <b>{title}</b> is now covered: {bar}. Confirm deliveries as they arrive "
             "with /myneeds.").format(title=q(need.title), bar=coverage_bar(need))


def fulfilled(need: NeedView) -> str:
    return _("🎉 <b>{title}</b> is fulfilled: everything it asked for arrived.").format(
        title=q(need.title))


def switch_to_daily_button() -> str:
    return _("🗓 One summary a day instead")


def switch_to_hourly_button() -> str:
    return _("⏱ Tell me every hour instead")


def switched(digest: str) -> str:
    if digest == "daily":
        return _("From now on you get one summary of pledges a day, in the evening.")
    return _("From now on you hear of pledges within the hour, grouped by need.")


def not_a_designer() -> str:
    return _("Only a team's designers hear of its pledges.")
