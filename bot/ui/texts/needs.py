"""Needs and pledges as people read them: /needs, the pledge screen, /pledges, deliveries, and
what pledgers are told of a need they pledged to.

Quantities are written in the person's locale ("2,5 ore", "2.5 hours", "€20" / "20 €"), with
the unit's word in the right plural; deadlines as dates of the person's locale.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.i18n import ngettext
from babel.dates import format_date
from babel.numbers import format_decimal

from bot.i18n import current_locale
from bot.services.needs import DeliveryView, NeedCard, NeedView, PledgeRefused, PledgeView
from bot.services.places import PlaceView
from bot.ui.texts.common import excerpt, q
from bot.ui.texts.places import place_short
from domain.needs import CategoryCatalog, ParseError, coverage_blocks, load_categories

NEEDS_MENU = __("Open needs near you")
NEEDS_HELP = __("/needs – open needs of your teams and territory: pledge with a tap")
PLEDGES_MENU = __("Your pledges")
PLEDGES_HELP = __("/pledges – your pledges, their state, withdraw one")

FILLED, EMPTY = "▰", "▱"
RESOURCES = ("time", "money", "goods", "skills")
PER_PAGE = 5  # needs per page of /needs


# --- numbers, units, dates ------------------------------------------------------------------------


def number(value: Decimal) -> str:
    """A quantity in the locale: 2 / 2,5 (it) / 2.5 (en); never a trailing ",00"."""
    value = Decimal(value)
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return format_decimal(value, locale=current_locale())


def _plural_n(value: Decimal) -> int:
    """The count gettext chooses a plural by: a fraction reads as a plural ("1,5 ore")."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else 2


def amount(value: Decimal, unit: str | None, skill: str | None = None) -> str:
    """A quantity with its unit: "8 ore", "1 hour", "€20", "3 pacchi", "30 coperte"."""
    shown, n = number(value), _plural_n(value)
    if unit == "hours":
        return ngettext("{n} hour", "{n} hours", n).format(n=shown)
    if unit == "eur":
        return _("€{n}").format(n=shown)
    if unit == "kg":
        return _("{n} kg").format(n=shown)
    if unit == "parcels":
        return ngettext("{n} parcel", "{n} parcels", n).format(n=shown)
    if unit == "items":
        return ngettext("{n} item", "{n} items", n).format(n=shown)
    if unit == "skill_hours":
        if skill:
            return ngettext("{n} hour of {skill}", "{n} hours of {skill}", n).format(
                n=shown, skill=q(skill))
        return ngettext("{n} hour pro bono", "{n} hours pro bono", n).format(n=shown)
    if unit and unit.startswith("unit:"):
        return f"{shown} {q(unit.removeprefix('unit:'))}"
    return shown


def out_of(pledged: Decimal, target: Decimal, unit: str | None, skill: str | None = None) -> str:
    """"8/20 ore", "€8/20": the pledged figure, then the target with its unit."""
    if unit == "eur":
        return _("€{pledged}/{target}").format(pledged=number(pledged), target=number(target))
    return f"{number(pledged)}/{amount(target, unit, skill)}"


def coverage_bar(need: NeedView) -> str:
    """"▰▰▱▱▱ 8/20 ore"."""
    target = need.target or Decimal(1)
    filled, empty = coverage_blocks(need.pledged, target)
    return f"{FILLED * filled}{EMPTY * empty} {out_of(need.pledged, target, need.unit, need.skill)}"


def day(value: date) -> str:
    return format_date(value, format="medium", locale=current_locale())


def urgency(code: str) -> str:
    if code == "high":
        return _("🔴 urgent")
    if code == "low":
        return _("🟢 not urgent")
    return _("🟡 normal urgency")


def category_label(code: str, catalog: CategoryCatalog | None = None) -> str:
    found = (catalog or load_categories()).get(code)
    return found.label(current_locale()) if found is not None else code


def resource_label(code: str) -> str:
    if code == "time":
        return _("Volunteer time")
    if code == "money":
        return _("Money")
    if code == "goods":
        return _("Goods")
    if code == "skills":
        return _("Professional skills")
    return code


# --- /needs ---------------------------------------------------------------------------------------


def need_lines(card: NeedCard, place: PlaceView | None) -> list[str]:
    """Title, team and place, coverage bar and category, urgency and deadline."""
    need = card.need
    where = q(card.team_name) + (f" · {place_short(place)}" if place is not None else "")
    if card.organisation_name:
        where += " · " + _("for {organisation}").format(organisation=q(card.organisation_name))
    when = urgency(need.urgency)
    if need.deadline is not None and need.category == "fundraising":
        when += " · " + _("campaign ends {day}").format(day=day(need.deadline))
    elif need.deadline is not None:
        when += " · " + _("by {day}").format(day=day(need.deadline))
    lines = [f"<b>{q(need.title)}</b>", where,
             f"{coverage_bar(need)} · {q(category_label(need.category))}", when]
    if need.link:
        lines.append(give_here(need.link))
    return lines


def give_here(link: str) -> str:
    """Where to give for a fundraising need (the bot never handles money)."""
    return _("💶 Give here: {link}").format(link=q(link))


def promise_note() -> str:
    return _("Your pledge is a promise to give through that link: the bot never handles "
             "money. The team's designer confirms what arrived.")


def needs_page(cards: Sequence[tuple[NeedCard, PlaceView | None]], *, page: int,
               filters: str | None) -> str:
    head = _("🤝 <b>Open needs near you</b> (page {page})").format(page=page + 1)
    if filters:
        head += "\n" + _("Filter: {filters}").format(filters=filters)
    blocks = []
    for number_, (card, place) in enumerate(cards, page * PER_PAGE + 1):
        first, *rest = need_lines(card, place)
        blocks.append("\n".join([f"{number_}. {first}", *(f"    {line}" for line in rest)]))
    return "\n\n".join([head, *blocks, _("Tap a need to pledge part of it.")])


def filters_text(category: str | None, resource: str | None) -> str | None:
    parts = []
    if category:
        parts.append(category_label(category))
    if resource:
        parts.append(resource_label(resource))
    return " · ".join(parts) if parts else None


def no_needs(*, filtered: bool) -> str:
    if filtered:
        return _("No open need matches these filters. Try another filter, or all of them.")
    return _("There are no open needs in your teams or your territory right now. "
             "Thank you for looking: when a team asks for help you'll find it here.")


def no_more_needs() -> str:
    return _("There are no more needs on this page: the list has changed.")


def pledge_button(position: int, title: str) -> str:
    short = title if len(title) <= 28 else title[:27] + "…"
    return _("🤝 {n}. {title}").format(n=position, title=short)


def category_button(code: str | None) -> str:
    if not code:
        return _("🗂 Category: all")
    return _("🗂 Category: {name}").format(name=category_label(code))


def resource_button(code: str | None) -> str:
    if not code:
        return _("📦 Type: all")
    return _("📦 Type: {name}").format(name=resource_label(code))


def all_filter_button() -> str:
    return _("All")


def pick_category() -> str:
    return _("Which category of needs do you want to see?")


def pick_resource() -> str:
    return _("Which kind of help do you want to see?")


# --- the pledge screen ----------------------------------------------------------------------------


def pledge_screen(card: NeedCard, place: PlaceView | None, room: Decimal) -> str:
    need = card.need
    lines = need_lines(card, place)
    lines[0] = "🤝 " + lines[0]
    if need.description:
        lines.insert(1, q(need.description))
    if need.beneficiary:
        lines.append(_("For: {who}").format(who=q(need.beneficiary)))
    if need.link:
        lines.append(promise_note())
    if need.open_quantity > 0:
        lines.append(_("Still missing: <b>{amount}</b>. How much can you pledge?").format(
            amount=amount(need.open_quantity, need.unit, need.skill)))
    else:
        lines.append(_("It is already covered: you can still add up to <b>{amount}</b>. "
                       "How much can you pledge?").format(
            amount=amount(room, need.unit, need.skill)))
    lines.append(_("Tap a quantity, or type one (e.g. 3 or 2.5)."))
    return "\n".join(lines)


def quantity_button(value: Decimal, unit: str | None) -> str:
    return amount(value, unit)


def all_missing_button(value: Decimal, unit: str | None) -> str:
    return _("All that is missing ({amount})").format(amount=amount(value, unit))


def other_quantity_button() -> str:
    return _("✏️ Another quantity")


def type_quantity(need: NeedView) -> str:
    return _("Type how much you pledge to <b>{title}</b> (e.g. 3 or 2.5).").format(
        title=q(need.title))


def pledged(quantity: Decimal, need: NeedView, organisation: str | None = None) -> str:
    if organisation:
        text = _("✅ Thank you! You pledged <b>{amount}</b> to <b>{title}</b> for "
                 "<b>{organisation}</b>.").format(
            amount=amount(quantity, need.unit, need.skill), title=q(need.title),
            organisation=q(organisation))
    else:
        text = _("✅ Thank you! You pledged <b>{amount}</b> to <b>{title}</b>.").format(
            amount=amount(quantity, need.unit, need.skill), title=q(need.title))
    text += "\n" + coverage_bar(need)
    if need.status == "covered":
        text += "\n" + _("🎉 With your pledge the need is covered!")
    if need.link:
        text += "\n" + give_here(need.link) + "\n" + promise_note()
    return text + "\n" + _("The team will be in touch; /pledges shows your pledges.")


def refused(refusal: PledgeRefused, need: NeedView | None) -> str:
    unit = need.unit if need else None
    skill = need.skill if need else None
    if refusal.reason == "over_limit":
        if refusal.room <= 0:
            return _("This need is already fully pledged: thank you all the same! "
                     "/needs shows others.")
        return still_needed(refusal.open_quantity, refusal.room, unit, skill)
    if refusal.reason == "not_whole":
        return _("This need is counted in whole numbers: please pledge e.g. 1 or 2.")
    if refusal.reason == "not_positive":
        return _("Please pledge a quantity greater than zero.")
    return not_pledgeable()


def still_needed(open_quantity: Decimal, room: Decimal, unit: str | None,
                 skill: str | None = None) -> str:
    """A quantity over the room left: what can still be pledged, and the question again."""
    if open_quantity > 0:
        shown = amount(open_quantity, unit, skill)
        if unit in ("hours", "skill_hours"):
            return _("Still needed: {amount}. How many can you give?").format(amount=shown)
        return _("Still needed: {amount}. How much can you give?").format(amount=shown)
    return _("The need is already covered, but up to {amount} more can still be pledged. "
             "How much can you give?").format(amount=amount(room, unit, skill))


def not_pledgeable() -> str:
    return _("This need no longer takes pledges (it was closed, expired or fulfilled). "
             "/needs shows the open ones.")


def no_such_need() -> str:
    return _("I can't find this need: the link may be wrong, or the need was removed. "
             "/needs shows the open ones.")


def quantity_problem(problem: ParseError) -> str:
    if problem.code == "ambiguous_quantity":
        return _("“{value}” could be read two ways: write 1500 for one thousand five hundred, "
                 "or 1.5 for one and a half.").format(value=excerpt(problem.value))
    if problem.code == "not_positive":
        return _("Please type a quantity greater than zero.")
    return _("Please type just a number, e.g. 3 or 2.5 — or use the buttons.")


# --- /pledges -------------------------------------------------------------------------------------


def pledge_state(pledge: PledgeView) -> str:
    if pledge.status == "withdrawn":
        return _("↩️ withdrawn")
    if pledge.status == "delivered":
        return _("✅ delivered")
    if pledge.delivered > 0:
        return _("⏳ partly delivered")
    return _("⏳ waiting for delivery")


def pledges_list(pledges: Sequence[PledgeView]) -> str:
    lines = [_("📋 <b>Your pledges</b>")]
    for position, pledge in enumerate(pledges, 1):
        lines.append(_("{n}. <b>{title}</b>: {amount}, delivered {delivered} · {state}").format(
            n=position, title=q(pledge.need_title), amount=amount(pledge.quantity, pledge.unit),
            delivered=amount(pledge.delivered, pledge.unit), state=pledge_state(pledge)))
    if any(p.status == "active" for p in pledges):
        lines.append(_("You can withdraw what you have not delivered yet."))
        lines.append(_("To give less than you pledged, reduce it."))
    return "\n".join(lines)


def no_pledges() -> str:
    return _("You have no pledges yet. /needs shows the open needs near you.")


def withdraw_button(position: int, title: str) -> str:
    short = title if len(title) <= 24 else title[:23] + "…"
    return _("↩️ Withdraw {n}. {title}").format(n=position, title=short)


def reduce_button(position: int) -> str:
    return _("✂️ Reduce {n}.").format(n=position)


def ask_reduce(pledge: PledgeView) -> str:
    """The question after ✂️ Reduce: how much of the pledge to keep."""
    text = _("Your pledge to <b>{title}</b> is {amount}. How much do you want to keep? "
             "Type a smaller number.").format(title=q(pledge.need_title),
                                              amount=amount(pledge.quantity, pledge.unit))
    if pledge.delivered > 0:
        text += "\n" + _("{delivered} already arrived: keep more than that.").format(
            delivered=amount(pledge.delivered, pledge.unit))
    return text


def reduced(pledge: PledgeView, new: Decimal) -> str:
    return _("✂️ Your pledge to <b>{title}</b> is now {amount}. Thank you for saying so: the "
             "team knows what is still missing.").format(title=q(pledge.need_title),
                                                         amount=amount(new, pledge.unit))


def reduce_problem(code: str, pledge: PledgeView) -> str:
    """A typed quantity that cannot be the pledge's new one."""
    if code == "not_smaller":
        return _("Your pledge is {amount}: type a smaller number (or withdraw it from "
                 "/pledges).").format(amount=amount(pledge.quantity, pledge.unit))
    if code == "too_little":
        return _("{delivered} already arrived: type more than that.").format(
            delivered=amount(pledge.delivered, pledge.unit))
    if code == "not_whole":
        return _("This need is counted in whole numbers: please type e.g. 1 or 2.")
    return _("Please type a quantity greater than zero (to take back all of it, withdraw it "
             "from /pledges).")


def confirm_withdraw(pledge: PledgeView) -> str:
    owed = pledge.quantity - pledge.delivered
    return _("Withdraw your pledge of {amount} to <b>{title}</b>?").format(
        amount=amount(owed, pledge.unit), title=q(pledge.need_title))


def yes_withdraw_button() -> str:
    return _("Yes, withdraw")


def keep_button() -> str:
    return _("No, keep it")


def withdrawn(pledge: PledgeView) -> str:
    return _("↩️ Your pledge to <b>{title}</b> is withdrawn. Thank you for saying so: the "
             "team now knows it is still missing.").format(title=q(pledge.need_title))


def kept() -> str:
    return _("Good: your pledge stays.")


def not_your_pledge() -> str:
    return _("This pledge is not yours: nothing was changed.")


def not_active_pledge() -> str:
    return _("This pledge is no longer active (withdrawn or delivered already): "
             "nothing was changed.")


def no_such_pledge() -> str:
    return _("I can't find this pledge: nothing was changed.")


# --- deliveries (designers) -----------------------------------------------------------------------


def member_name(name: str | None) -> str:
    return q(name) if name else _("a deleted member")


def deliveries_list(deliveries: Sequence[DeliveryView]) -> str:
    lines = [_("📦 <b>Deliveries to confirm</b> (your teams)")]
    for position, item in enumerate(deliveries, 1):
        lines.append(_("{n}. {member}: {amount} for <b>{title}</b> (delivered so far: "
                       "{delivered})").format(
            n=position, member=member_name(item.member_name),
            amount=amount(item.pledge.quantity, item.need.unit, item.need.skill),
            title=q(item.need.title),
            delivered=amount(item.pledge.delivered, item.need.unit, item.need.skill)))
    lines.append(_("When something arrives, confirm it: the member will be thanked."))
    return "\n".join(lines)


def delivered_all_button(position: int) -> str:
    return _("✅ {n}. Delivered: all").format(n=position)


def delivered_part_button(position: int) -> str:
    return _("✂️ {n}. Delivered: part").format(n=position)


def type_delivered(item: DeliveryView) -> str:
    return _("How much of the {amount} pledged by {member} arrived? Type the quantity "
             "(e.g. 2 or 1.5).").format(amount=amount(item.owed, item.need.unit, item.need.skill),
                                        member=member_name(item.member_name))


def delivery_recorded(amount_: Decimal, item: DeliveryView, need: NeedView) -> str:
    text = _("📦 Recorded: {amount} delivered by {member} for <b>{title}</b>. "
             "We thanked them for you.").format(
        amount=amount(amount_, need.unit, need.skill), member=member_name(item.member_name),
        title=q(need.title))
    if need.status == "fulfilled":
        text += "\n" + _("🎉 The need is fulfilled: everything it asked for has arrived.")
    return text


def too_much_delivered(item: DeliveryView) -> str:
    return _("That is more than the pledge still owes ({amount}).").format(
        amount=amount(item.owed, item.need.unit, item.need.skill))


def not_your_team() -> str:
    return _("Only a designer of the need's team can confirm its deliveries: nothing was "
             "changed.")


# --- what pledgers are told (bot.notify.needs) ----------------------------------------------------


def covered_notice(title: str) -> str:
    return _("✅ The need <b>{title}</b> you pledged to is now covered. Thank you!").format(
        title=q(title))


def changed_notice(title: str) -> str:
    return _("✏️ The need <b>{title}</b> you pledged to has been changed by its team. "
             "See it with /pledges.").format(title=q(title))


def closed_notice(title: str) -> str:
    return _("The need <b>{title}</b> you pledged to has been closed by its team: "
             "your pledge is no longer needed. Thank you all the same!").format(title=q(title))


def expired_notice(title: str) -> str:
    return _("⌛ The need <b>{title}</b> you pledged to has passed its deadline.").format(
        title=q(title))


def thanks_notice(title: str) -> str:
    return _("🙏 The team confirmed what you delivered for <b>{title}</b>. "
             "Thank you!").format(title=q(title))
