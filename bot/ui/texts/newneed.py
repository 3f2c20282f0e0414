"""Writing and managing needs: the questions (of /newneed, and of /propose, whose own texts are
``proposals``), the summary, the announcement in the team's group, the answers to every wrong
value, and /myneeds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.i18n import ngettext
from babel.dates import format_date
from babel.numbers import format_decimal

from bot.i18n import current_locale
from bot.ui.texts.common import EMPTY, at_most, excerpt, q
from bot.ui.texts.units import unit_label
from domain.needs import MAX_TITLE_LENGTH, coverage_blocks, load_categories

NEWNEED_MENU = __("Post a need for your team")
NEWNEED_HELP = __(
    "/newneed – post a need step by step, or in one line: "
    "<code>/newneed 20 hours Accompany elderly people to medical visits #health by 15/12</code>")
MYNEEDS_MENU = __("Your team's needs")
MYNEEDS_HELP = __("/myneeds – your teams' needs: edit, close or reopen them")
CANCEL_MENU = __("Stop what you are doing")
CANCEL_HELP = __("/cancel – stop the current question (nothing is saved)")

ONE_LINE_EXAMPLE = "/newneed 20 ore Accompagnare anziani alle visite mediche #salute entro 15/12"
ONE_LINE_EXAMPLE_EN = "/newneed 20 hours Accompany elderly people to medical visits #health by 15/12"


# --- numbers, units, the coverage bar ---------------------------------------------------------


def number(value: Decimal | str | int) -> str:
    return format_decimal(Decimal(value), locale=current_locale())


def day(value: date) -> str:
    return format_date(value, format="long", locale=current_locale())


def amount(quantity: Decimal | str | int, unit: str, skill: str | None = None) -> str:
    return f"{number(quantity)} {unit_label(unit, quantity, skill)}"


def coverage_bar(pledged: Decimal | str | int, target: Decimal | str | int, unit: str,
                 skill: str | None = None) -> str:
    """"▱▱▱▱▱ 0/20 ore"."""
    filled, empty = coverage_blocks(Decimal(pledged), Decimal(target))
    return (f"{'▰' * filled}{'▱' * empty} {number(pledged)}/{number(target)} "
            f"{unit_label(unit, target, skill)}")


def category_label(code: str | None) -> str:
    found = load_categories().get(code) if code else None
    return found.label(current_locale()) if found else EMPTY


def urgency_label(value: str) -> str:
    return {"low": _("🟢 Low"), "normal": _("🟡 Normal"), "high": _("🔴 High")}.get(value, value)


def unit_button(code: str) -> str:
    return {"hours": _("⏱ Volunteer hours"), "eur": _("💶 Money (€)"), "kg": _("⚖️ Kilos"),
            "parcels": _("📦 Parcels"), "items": _("🧺 Items"),
            "skill_hours": _("🎓 A professional skill, pro bono"),
            "free": _("✍️ Other goods (name the unit)")}[code]


def status_label(status: str) -> str:
    return {"open": _("open"), "covered": _("covered"), "fulfilled": _("fulfilled"),
            "closed": _("closed"), "expired": _("expired"), "proposed": _("proposed"),
            "declined": _("declined")}.get(status, status)


def field_label(field: str) -> str:
    return {"title": _("Title"), "description": _("Description"), "category": _("Category"),
            "unit": _("What is asked"), "quantity": _("Quantity"),
            "unit_value": _("Value per unit"), "urgency": _("Urgency"),
            "deadline": _("Deadline"), "beneficiary": _("Beneficiary"),
            "territory": _("Place"), "skill": _("Profession"), "link": _("Where to give"),
            "organisation": _("Organisation")}[field]


# --- who may, which team ------------------------------------------------------------------------


def designers_only() -> str:
    return _("Only a team's designer can do this. To suggest a need to your team, use /propose.")


def not_designer_of_this_team() -> str:
    return _("Only a designer of this need's team can do that: nothing was changed.")


def choose_team_for_need() -> str:
    return _("For which of your teams is this need?")


# --- the questions ------------------------------------------------------------------------------


def ask_title(mode: str) -> str:
    if mode == "propose":
        return _("💡 What need have you noticed? Write a short title, e.g. “Shopping for an "
                 "elderly neighbour”. (/cancel to stop)") + " " + at_most(MAX_TITLE_LENGTH)
    return _("📝 What is needed? Write a short title, e.g. “Accompany elderly people to medical "
             "visits”. (/cancel to stop)") + " " + at_most(MAX_TITLE_LENGTH)


def ask_description() -> str:
    return _("Describe it in a few lines (who, what, when), or press Skip.") + " " + at_most(1000)


def ask_category() -> str:
    return _("Which category is it?")


def ask_unit(mode: str) -> str:
    if mode == "propose":
        return _("What would help, and in what unit? If you don't know how much is needed, "
                 "press Skip.")
    return _("What is asked for? Choose the resource and its unit.")


def ask_skill() -> str:
    return _("Which professional skill? Write its name, e.g. “legal advice”.") + " " + at_most(100)


def ask_profession() -> str:
    return _("Which profession is needed? Write it, e.g. “accountant” or “graphic "
             "designer”: then how many hours.") + " " + at_most(100)


LINK_EXAMPLE = "https://dona.example.org/pulmino"


def ask_link() -> str:
    return _("Where can people give? Send the address of the fundraising page, e.g. "
             "<code>{example}</code>. The bot never handles money: pledges are promises to "
             "give there.").format(example=LINK_EXAMPLE)


def link_invalid(value: str | None) -> str:
    return _("“{value}” is not a web address people can give at. Send one starting with "
             "https://, e.g. <code>{example}</code>.").format(value=excerpt(value),
                                                              example=LINK_EXAMPLE)


def ask_campaign_end() -> str:
    return _("When does the campaign end? Write a date such as 31/01 (or “by 31/01”).")


def campaign_end_again(problem_text: str) -> str:
    return _("{problem}\nWhen does the campaign end? For example: 31/01.").format(
        problem=problem_text)


def campaign_end_needed() -> str:
    return _("A fundraising needs the day its campaign ends.")


def ask_organisation() -> str:
    return _("Which non-profit of the territory is it for? Press its name, or “None of "
             "these”.")


def no_organisation_button() -> str:
    return _("None of these")


def propose_kind(organisation: str) -> str:
    return _("What would you like to propose? An ordinary need, or a need of <b>{name}</b>: "
             "a fundraising (money, with a link to where to give) or capacity building (hours "
             "of a profession).").format(name=q(organisation))


def propose_plain_button() -> str:
    return _("💡 An ordinary need")


def propose_fundraising_button(organisation: str) -> str:
    return _("💶 A fundraising for {name}").format(name=organisation[:40])


def propose_capacity_button(organisation: str) -> str:
    return _("🎓 Capacity building for {name}").format(name=organisation[:40])


def not_npo_member() -> str:
    return _("Only confirmed members of a non-profit can propose a need for it.")


def ask_free_unit() -> str:
    return _("In what unit are the goods counted? One word, e.g. “blankets”.") + " " + at_most(20)


def ask_quantity(unit: str, skill: str | None) -> str:
    return _("How much is needed, in {unit}? Write a number, e.g. 20.").format(
        unit=unit_label(unit, None, skill))


def _one_unit(unit: str) -> str:
    """"one parcel", "one kg"; goods named by the designer: "one unit of blankets"."""
    if unit.startswith("unit:"):
        return _("one unit of {goods}").format(goods=unit_label(unit, 1))
    return _("one {unit}").format(unit=unit_label(unit, 1))


def _per_unit(unit: str) -> str:
    """"parcel", "kg"; goods named by the designer: "unit of blankets"."""
    if unit.startswith("unit:"):
        return _("unit of {goods}").format(goods=unit_label(unit, 1))
    return unit_label(unit, 1)


def ask_unit_value(unit: str) -> str:
    return _("What is {one_unit} worth, in euro? Write e.g. 5 or 2,50 (optional — it lets the "
             "report estimate the value of what was given), or press Skip.").format(
        one_unit=_one_unit(unit))


def unit_value_problem(code: str, value: str | None, limit: Decimal | None) -> str:
    """A typed value of one unit that cannot be taken, and how to write it."""
    if code == "too_large":
        return _("One unit can be worth at most {limit} €: write a smaller value, or press "
                 "Skip.").format(limit=number(limit or 0))
    if code == "not_positive":
        return _("The value must be more than zero: write e.g. 5, or press Skip.")
    if code == "ambiguous_quantity":
        return problem(code, value)
    return _("Write the value in euro as a number, e.g. 5 or 2,50 (“€ 5” and “5 euro” work "
             "too), or press Skip.")


def unit_value_line(value: str | None, unit: str | None) -> str:
    if value is None or unit is None:
        return _("Value per unit: {value}").format(value=EMPTY)
    return _("Value per unit: {value} € per {unit}").format(value=number(value),
                                                         unit=_per_unit(unit))


def ask_urgency() -> str:
    return _("How urgent is it?")


def ask_deadline(*, can_skip: bool = True) -> str:
    if not can_skip:
        return _("By when? Write the new deadline, e.g. 15/12.")
    return _("By when? Write a date such as 15/12 (or “by 15/12”), or press Skip.")


def ask_beneficiary() -> str:
    return (_("Is it for an organisation (e.g. a food bank)? Write its name, or press Skip.")
            + " " + at_most(120))


def ask_territory(team_place: str) -> str:
    return _("Where? Press the team's place, {place}, or write a comune inside it.").format(
        place=team_place)


def territory_button(place: str) -> str:
    return _("📍 {place}").format(place=place)


def territory_ambiguous(typed: str) -> str:
    return _("“{typed}” could be more than one place in the team's territory: which one?").format(
        typed=excerpt(typed))


def territory_not_found(typed: str) -> str:
    return _("I can't find a comune called “{typed}”. Check the spelling, or press the "
             "team's place.").format(typed=excerpt(typed))


def territory_outside(place: str, team_place: str) -> str:
    return _("{place} is outside the team's territory ({team_place}). Write a comune inside "
             "it, or press the team's place.").format(place=place, team_place=team_place)


def description_invalid() -> str:
    return _("Please write a description of up to 1000 characters, or press Skip.")


def beneficiary_invalid() -> str:
    return _("Please write the organisation's name (up to 120 characters), or press Skip.")


def skill_invalid() -> str:
    return _("Please write the skill's name in a few words (up to 100 characters).")


def close_reason_invalid() -> str:
    return _("Please write the reason in a line (up to 300 characters), or press a button.")


# --- what was wrong -----------------------------------------------------------------------------


def problem(code: str, value: str | None = None, limit: Decimal | None = None) -> str:
    """A parse or service problem code (domain.needs.ParseError, services.needs.NeedProblem)
    worded for the person."""
    shown = excerpt(value)
    bound = number(limit) if limit is not None else ""
    texts = {
        "empty": _("Write the need after the command, or send /newneed alone to be guided."),
        "no_quantity": _("Start with how much is needed: a number, e.g. 20."),
        "bad_quantity": _("“{value}” is not a number I can read: write e.g. 20 or 2,5."),
        "ambiguous_quantity": _("“{value}” could be a thousand or one and a half: write it "
                                "without the separator (1500) or with a decimal comma (1,5)."),
        "not_positive": _("The quantity must be more than zero."),
        "too_large": _("That is more than this unit allows (at most {limit})."),
        "not_whole": _("Parcels and items are counted in whole numbers: write e.g. 3."),
        "no_unit": _("After the number, write the unit: ore/hours, €, kg, pacchi/parcels, "
                     "pezzi/items, or the goods' name."),
        "bad_unit": _("“{value}” is not a unit a need can be counted in: use ore/hours, €, kg, "
                      "pacchi/parcels, pezzi/items, or the goods' name (e.g. blankets)."),
        "no_skill": _("Name the professional skill after “pro bono”, ending it with a colon: "
                      "“10 hours pro bono of legal advice: Help against evictions”."),
        "no_title": _("The title needs at least a few words: what is needed?"),
        "title_too_long": _("The title is too long (at most {limit} characters): keep the "
                            "details for the description."),
        "bad_category": _("“{value}” is not a category. Categories: {categories}."),
        "many_categories": _("Only one #category, please ({value})."),
        "bad_deadline": _("“{value}” is not a date I can read: write it as day/month, e.g. "
                          "15/12."),
        "past_deadline": _("That date has already passed: the deadline must be today or later."),
        "far_deadline": _("That date is too far ahead (at most {limit} days from today)."),
        "many_deadlines": _("Only one deadline, please ({value})."),
        "bad_urgency": _("That is not an urgency I know."),
        "bad_territory": _("That place is outside the team's territory."),
        "unit_locked": _("The unit can't change once people have pledged."),
        "bad_unit_value": _("The value of one unit must be more than zero and at most "
                            "100000 €, with at most two decimals."),
        "not_proposal": _("This proposal has already been handled: nothing was changed."),
        "not_live": _("This need is no longer open: it can't be edited or closed."),
        "not_reopenable": _("Only a closed or expired need can be reopened."),
        "no_such_need": _("This need no longer exists."),
        "bad_link": _("“{value}” is not a web address people can give at: it must start "
                      "with https://, e.g. https://dona.example.org/pulmino."),
        "many_links": _("Only one address, please: where people can give."),
        "kind_unit": _("A fundraising is counted in euro, and capacity building in hours of "
                       "a profession."),
        "no_link": _("A fundraising needs the address of the page where people can give."),
        "no_campaign_end": _("A fundraising needs the day its campaign ends."),
        "bad_organisation": _("That organisation is not a non-profit of the team's "
                              "territory."),
    }
    text = texts.get(code, _("Something in the need is not right; please check it."))
    categories = ", ".join(f"#{c.names[current_locale()][0]}"
                           if c.names.get(current_locale()) else c.code
                           for c in load_categories().categories)
    return text.format(value=shown, limit=bound, categories=categories)


def one_line_problem(code: str, value: str | None, limit: Decimal | None) -> str:
    example = ONE_LINE_EXAMPLE if current_locale() == "it" else ONE_LINE_EXAMPLE_EN
    return _("{problem}\nFor example: <code>{example}</code>\nOr send /newneed alone and I'll "
             "ask one thing at a time.").format(problem=problem(code, value, limit),
                                               example=q(example))


# --- the summary --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SummaryLines:
    """What the summary shows, already looked up (labels, the place's name)."""

    mode: str
    team: str
    title: str
    description: str | None
    category: str | None
    unit: str | None
    skill: str | None
    quantity: str | None
    urgency: str
    deadline: date | None
    beneficiary: str | None
    place: str
    #: The deadline falls in a later year than today: read back so a typo is caught.
    deadline_next_year: bool = False
    #: Goods: the summary shows the value of one unit (``unit_value``, euro, or none given).
    goods: bool = False
    unit_value: str | None = None
    #: A non-profit's need: where to give (fundraising) and the organisation it is for.
    link: str | None = None
    organisation: str | None = None


def summary(s: SummaryLines) -> str:
    heading = (_("💡 <b>A proposal to publish</b>: check it, complete it, then publish.")
               if s.mode == "approve" else _("📝 <b>Check the need before publishing it</b>"))
    asked = amount(s.quantity, s.unit, s.skill) if s.unit and s.quantity else EMPTY
    return "\n".join([
        heading,
        _("Team: {team}").format(team=q(s.team)),
        _("Title: <b>{title}</b>").format(title=q(s.title)),
        _("Description: {text}").format(text=q(s.description) if s.description else EMPTY),
        _("Category: {category}").format(category=category_label(s.category)),
        _("Asked: {amount}").format(amount=asked),
        *([unit_value_line(s.unit_value, s.unit)] if s.goods else []),
        *([_("Give here: {link}").format(link=q(s.link) if s.link else EMPTY)]
          if s.category == "fundraising" else []),
        *([_("For: {organisation}").format(
            organisation=q(s.organisation) if s.organisation else EMPTY)]
          if s.category in ("fundraising", "capacity") else []),
        _("Urgency: {urgency}").format(urgency=urgency_label(s.urgency)),
        _deadline_line(s),
        _("Beneficiary: {name}").format(name=q(s.beneficiary) if s.beneficiary else EMPTY),
        _("Place: {place}").format(place=s.place),
    ])


def _deadline_line(s: SummaryLines) -> str:
    if s.category == "fundraising":
        return _("Campaign end: {deadline}").format(
            deadline=day(s.deadline) if s.deadline else EMPTY)
    if s.deadline is None:
        return _("Deadline: {deadline}").format(deadline=EMPTY)
    if s.deadline_next_year:
        return _("Deadline: {deadline} ⚠️ that is next year: if you meant another day, press "
                 "✏️ Deadline.").format(deadline=day(s.deadline))
    return _("Deadline: {deadline}").format(deadline=day(s.deadline))


def publish_button() -> str:
    return _("✅ Publish")


def cancel_button() -> str:
    return _("✖️ Cancel")


def edit_field_button(field: str) -> str:
    return _("✏️ {field}").format(field=field_label(field))


def cancelled() -> str:
    return _("Stopped: nothing was published or changed.")


def stopped() -> str:
    return _("Stopped.")


def nothing_to_cancel() -> str:
    return _("There is nothing to stop. /help lists what you can do.")


def published(title: str, *, announced: bool) -> str:
    text = _("✅ Published: <b>{title}</b>.").format(title=q(title))
    if announced:
        return text + " " + _("It is announced in the team's group.")
    return text + " " + _("The team has no linked group to announce it in (/linkgroup, inside "
                          "the group, links one).")


# --- the announcement in the team's group ----------------------------------------------------------


def announcement(*, team: str, title: str, category: str, pledged: Decimal, target: Decimal,
                 unit: str, skill: str | None, urgency: str, deadline: date | None,
                 description: str | None, status: str = "open",
                 delivered: Decimal = Decimal(0), link: str | None = None,
                 organisation: str | None = None) -> str:
    """The need's announcement in its team's group: as posted (open, nothing delivered), and
    as it is kept up to date afterwards (what arrived, covered, fulfilled, closed)."""
    lines = [_("📣 <b>{team}</b> needs help").format(team=q(team)),
             f"<b>{q(title)}</b>"]
    if organisation:
        lines.append(_("For: {organisation}").format(organisation=q(organisation)))
    if description:
        lines.append(q(description if len(description) <= 300 else description[:297] + "…"))
    lines += [_("Category: {category}").format(category=category_label(category)),
              coverage_bar(pledged, target, unit, skill)]
    when = _("Urgency: {urgency}").format(urgency=urgency_label(urgency))
    if deadline is not None and category == "fundraising":
        when += " · " + _("campaign ends {deadline}").format(deadline=day(deadline))
    elif deadline is not None:
        when += " · " + _("by {deadline}").format(deadline=day(deadline))
    lines.append(when)
    if link:
        lines += [_("💶 Give here: {link}").format(link=q(link)),
                  _("A pledge is a promise to give through that link: the bot never handles "
                    "money.")]
    if delivered > 0:
        lines.append(_("Arrived so far: {arrived}/{target} {unit}").format(
            arrived=number(delivered), target=number(target),
            unit=unit_label(unit, target, skill)))
    if (state := announcement_state(status)) is not None:
        lines.append(state)
    return "\n".join(lines)


def announcement_state(status: str) -> str | None:
    """What the announcement says once the need is no longer simply open."""
    return {"covered": _("✅ <b>Covered</b>: thank you all!"),
            "fulfilled": _("🎉 <b>Fulfilled</b>: everything arrived. Thank you all!"),
            "closed": _("🔒 <b>Closed</b>: no more help is needed."),
            "expired": _("⌛ <b>Expired</b>: its deadline has passed.")}.get(status)


def can_help_button() -> str:
    return _("🙋 I can help")


# --- /myneeds --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NeedLine:
    number: int
    title: str
    status: str
    pledged: Decimal
    target: Decimal | None
    unit: str | None
    skill: str | None
    deadline: date | None


def myneeds_page(lines: Sequence[NeedLine], *, page: int, pages: int, total: int) -> str:
    head = _("<b>Your teams' needs</b> ({total} in all, page {page} of {pages})").format(
        total=total, page=page, pages=pages)
    rows = [head]
    for line in lines:
        row = f"{line.number}. <b>{q(line.title)}</b> – {status_label(line.status)}"
        if line.target is not None and line.unit is not None:
            row += "\n   " + coverage_bar(line.pledged, line.target, line.unit, line.skill)
        if line.deadline is not None:
            row += " · " + _("by {deadline}").format(deadline=day(line.deadline))
        rows.append(row)
    return "\n".join(rows)


def myneeds_empty() -> str:
    return _("Your teams have no needs yet: post one with /newneed.")


def edit_button(n: int) -> str:
    return _("✏️ Edit {n}").format(n=n)


def close_button(n: int) -> str:
    return _("🔒 Close {n}").format(n=n)


def reopen_button(n: int) -> str:
    return _("🔓 Reopen {n}").format(n=n)


def previous_button() -> str:
    return _("◀️ Previous")


def next_button() -> str:
    return _("Next ▶️")


def choose_field(title: str) -> str:
    return _("What do you want to change in <b>{title}</b>?").format(title=q(title))


def edited(title: str, told: int) -> str:
    text = _("✏️ <b>{title}</b> has been changed.").format(title=q(title))
    if told:
        text += " " + ngettext("{n} person who pledged will be told.",
                               "{n} people who pledged will be told.",
                               told).format(n=told)
    return text


def ask_close(title: str) -> str:
    return _("Close <b>{title}</b>? Write a reason for the people who pledged, or press a "
             "button.").format(title=q(title)) + " " + at_most(300)


def close_no_reason_button() -> str:
    return _("🔒 Close without a reason")


def keep_open_button() -> str:
    return _("Keep it open")


def kept_open() -> str:
    return _("All right, it stays open.")


def closed(title: str, told: int) -> str:
    text = _("🔒 <b>{title}</b> is closed.").format(title=q(title))
    if told:
        text += " " + ngettext("{n} person who pledged will be told.",
                               "{n} people who pledged will be told.",
                               told).format(n=told)
    return text


def reopened(title: str, status: str) -> str:
    return _("🔓 <b>{title}</b> is reopened ({status}).").format(title=q(title),
                                                              status=status_label(status))


def reopen_needs_deadline(title: str) -> str:
    return _("The deadline of <b>{title}</b> has passed: give it a new one to reopen it.").format(
        title=q(title))
