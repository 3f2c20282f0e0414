"""Territories as people read them."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _

from bot.services.places import PlaceView


def place_label(place: PlaceView) -> str:
    if place.kind == "comune":
        return _("{name} ({province}) – {region}").format(
            name=place.name, province=place.province_sigla or "", region=place.region_name)
    if place.kind == "province":
        return _("Province of {name} – {region}").format(name=place.name, region=place.region_name)
    return _("{name} (region)").format(name=place.name)


def place_short(place: PlaceView) -> str:
    if place.kind == "comune":
        return f"{place.name} ({place.province_sigla})"
    return place_label(place)
