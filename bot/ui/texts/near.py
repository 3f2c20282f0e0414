"""/near: the question where to look, and what lies around."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from babel.numbers import format_decimal

from bot.i18n import current_locale
from bot.services.near import NearView, Where
from bot.ui.texts import tables as tables_texts
from bot.ui.texts.common import q
from bot.ui.texts.services import service_line

NEAR_MENU = __("What is around me")
NEAR_HELP = __("/near – open needs, upcoming tables and local services around you")


def km(distance: float) -> str:
    """ "2,3 km" (Italian), "2.3 km" (English); whole kilometres past 10; "under 1 km" below
    one (needs and services are placed at their comune's point: nearer than that says
    nothing)."""
    if distance < 1:
        return _("under 1 km")
    pattern = "0.0" if distance < 10 else "0"
    return _("{distance} km").format(
        distance=format_decimal(distance, format=pattern, locale=current_locale()))


def ask_where() -> str:
    return _("Where shall I look? Share your location with the button below (it is used for "
             "this answer only and not kept), or look around your comune.")


def share_location_button() -> str:
    return _("📍 Share my location")


def my_comune_button() -> str:
    return _("🏠 Around my comune")


def press_a_button() -> str:
    return _("Please use one of the two buttons below: share your location, or look around "
             "your comune.")


def no_place() -> str:
    return _("I don't know your comune yet: set it with /profile, or share your location.")


def header(where: Where) -> str:
    lines = []
    if where.lost:
        lines.append(_("That place is not in Italy, or not near a comune we know (at sea?). "
                       "I looked around your comune instead."))
    if where.name is None:
        return "\n".join([*lines, no_place()])
    if where.located:
        lines.append(_("📍 Around your location, near <b>{comune}</b>:").format(
            comune=q(where.name)))
    else:
        lines.append(_("🏠 Around <b>{comune}</b>:").format(comune=q(where.name)))
    if where.approximate:
        lines.append(_("(We have no exact point for {comune}: distances are measured from its "
                       "province's main town, so they are approximate.)").format(
                           comune=q(where.name)))
    return "\n".join(lines)


def _far(distance: float | None) -> str:
    return f" · {km(distance)}" if distance is not None else ""


def body(view: NearView) -> str:
    parts = [_("<b>Open needs you can help with</b>")]
    if view.needs:
        parts += [f"{i}. {q(n.need.title)} — {q(n.place)}{_far(n.distance_km)}"
                  for i, n in enumerate(view.needs, 1)]
    else:
        parts.append(_("No open needs around here right now."))
    parts.append("")
    parts.append(_("<b>Tables in the next 30 days</b>"))
    if view.tables:
        parts += [f"• {tables_texts.when(t.starts_at)} — {q(t.team)}, {q(t.place)}"
                  f"{_far(t.distance_km)}" for t in view.tables]
    else:
        parts.append(_("No tables scheduled around here in the next 30 days."))
    parts.append("")
    parts.append(_("<b>Local services</b>"))
    if view.services:
        parts += [service_line(s) + _far(s.distance_km) for s in view.services]
    else:
        parts.append(_("No local services listed around here yet."))
    return "\n".join(parts)


def pledge_button(number: int) -> str:
    return _("🤝 Help with {number}").format(number=number)


def rsvp_button(number: int) -> str:
    return _("✅ I'll come to table {number}").format(number=number)


def keyboard_gone() -> str:
    return _("Here is what I found.")
