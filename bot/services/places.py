"""Territory look-ups for the bot, over the shipped gazetteer."""

from __future__ import annotations

from dataclasses import dataclass

from domain.territory import Gazetteer, Place


@dataclass(frozen=True, slots=True)
class PlaceView:
    """What a text needs of a territory (built from domain.territory.Place)."""

    kind: str
    name: str
    province_sigla: str | None
    region_name: str


def view(place: Place) -> PlaceView:
    return PlaceView(kind=place.kind, name=place.name, province_sigla=place.province_sigla,
                     region_name=place.region_name)


def view_of(gazetteer: Gazetteer, code: str | None) -> PlaceView | None:
    place = gazetteer.get(code) if code else None
    return view(place) if place else None


def chain(gazetteer: Gazetteer, code: str) -> list[str]:
    """The place and its ancestors, nearest first."""
    return [code, *(place.code for place in gazetteer.ancestors(code))]
