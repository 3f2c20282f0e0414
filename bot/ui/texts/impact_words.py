"""The words and numbers an impact report is drawn and printed with (charts and PDF alike).

Plain text in the current gettext locale, numbers and dates by Babel: nothing here is escaped,
because a chart draws text as it is and the PDF escapes every cell where it builds it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from html import unescape

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext
from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal, format_percent

from bot.i18n import current_locale
from bot.ui.texts.common import EMPTY
from bot.ui.texts.needs import category_label as _category_label
from bot.ui.texts.units import unit_label
from domain.assessment import load_framework
from domain.calendar import ROME
from domain.period import Period

# --- numbers ---------------------------------------------------------------------------------


SHIPPED_SOURCE = ("Indicative defaults shipped with Cohesion Makers, to be reviewed (no published "
                  "source)")
"""The ``source`` of the shipped hourly values (storage/data/impact/hour_values.json): data in
English, worded here in the reader's language (a source an admin typed is shown as typed)."""


def value_source(source: str) -> str:
    if source == SHIPPED_SOURCE:
        return _("indicative defaults shipped with Cohesion Makers, to be reviewed (no "
                 "published source)")
    return source


def number(value: Decimal | float | int) -> str:
    """A count or a quantity: at most two decimals, grouped as the language groups them."""
    return format_decimal(value, format="#,##0.##", locale=current_locale())


def money(value: Decimal) -> str:
    return format_currency(value, "EUR", locale=current_locale())


def money_whole(value: Decimal) -> str:
    """Euro without cents, for a chart: "2.502 €", "€2,502"."""
    pattern = Locale.parse(current_locale()).currency_formats["standard"].pattern
    return format_currency(value, "EUR", format=pattern.replace("0.00", "0"),
                           locale=current_locale(), currency_digits=False)


def pct(value: float | None) -> str:
    if value is None:
        return EMPTY
    return format_percent(value, format="#,##0%", locale=current_locale())


def one_decimal(value: float | None) -> str:
    if value is None:
        return EMPTY
    return format_decimal(value, format="0.0", locale=current_locale())


def two_decimals(value: float | None) -> str:
    if value is None:
        return EMPTY
    return format_decimal(value, format="0.00", locale=current_locale())


def signed(value: float, decimals: str = "0.#") -> str:
    """A change with its sign: "+1,2", "−0,4" (a true minus), "0"."""
    text = format_decimal(abs(value), format=decimals, locale=current_locale())
    if value > 0:
        return "+" + text
    if value < 0:
        return "−" + text
    return text


def change(current: Decimal | float | int, previous: Decimal | float | int) -> str:
    """How much a figure moved since the previous period: a percentage when there was
    something before, else the difference ("new" when it rose from nothing)."""
    now, before = float(current), float(previous)
    if now == before:
        return "="
    if before == 0:
        return _("new")
    return format_percent((now - before) / abs(before), format="+#,##0%;−#,##0%",
                          locale=current_locale())


def duration(value: timedelta | None) -> str:
    """Days, or hours under a day."""
    if value is None:
        return EMPTY
    days = value // timedelta(days=1)
    if days >= 1:
        return ngettext("{n} day", "{n} days", days).format(n=days)
    hours = value // timedelta(hours=1)
    return ngettext("{n} hour", "{n} hours", hours).format(n=hours)


# --- dates -------------------------------------------------------------------------------------


def day(value: date) -> str:
    return format_date(value, format="long", locale=current_locale())


def period_text(period: Period) -> str:
    """In full: "1 marzo 2026 – 31 maggio 2026", a single day as itself."""
    start = format_date(period.start, format="long", locale=current_locale())
    if period.start == period.end:
        return start
    return start + " – " + format_date(period.end, format="long", locale=current_locale())


def period_short(period: Period) -> str:
    """For a chart's legend or a page's footer: "1 mar 2026 – 31 mag 2026"."""
    start = format_date(period.start, format="medium", locale=current_locale())
    if period.start == period.end:
        return start
    return start + " – " + format_date(period.end, format="medium", locale=current_locale())


def made_at(moment: datetime) -> str:
    """When a report was made, in Rome's time."""
    local = moment.astimezone(ROME)
    return _("{date} at {time} (Italian time)").format(
        date=format_date(local.date(), format="long", locale=current_locale()),
        time=format_time(local.time(), format="HH:mm", locale=current_locale()))


# --- what the figures are about ----------------------------------------------------------------


def actor_label(key: str) -> str:
    if key == "citizen":
        return _("Citizens")
    if key == "npo":
        return _("Non-profits")
    if key == "company":
        return _("Companies")
    if key == "institution":
        return _("Institutions")
    return _("Not stated")


def need_state(key: str) -> str:
    if key == "posted":
        return _("Posted")
    if key == "covered":
        return _("Covered")
    if key == "fulfilled":
        return _("Fulfilled")
    if key == "closed":
        return _("Closed")
    if key == "expired":
        return _("Expired")
    return key


def goods_unit(unit: str) -> str:
    """A goods line's unit, plural, as typed when the designer typed one (not escaped)."""
    if unit.startswith("unit:"):
        return unit.removeprefix("unit:")
    return unescape(unit_label(unit))


def category(code: str) -> str:
    return _category_label(code)


def competence(competence_id: str) -> str:
    try:
        return load_framework().competence(competence_id).name(current_locale())
    except KeyError:  # a competence retired from the framework since the runs were taken
        return competence_id
