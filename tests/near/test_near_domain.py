"""domain.near without a database: the grid search gives what scanning every comune gives;
needs matching a member's skills (through the categories' keywords) come first."""

from __future__ import annotations

import random

import pytest

from domain.matching import skill_categories
from domain.near import (
    AROUND_KM,
    NEAREST_LIMIT_KM,
    Atlas,
    Placed,
    box_around,
    first_steps,
    haversine_km,
    place_steps,
    rank,
)


@pytest.mark.parametrize("centre", [(45.4642, 9.19), (46.1698, 9.8715), (44.0, 7.5),
                                    (38.1157, 13.3615), (40.0, 12.0), (47.3, 12.1)])
def test_within_walks_the_grid_and_finds_what_a_full_scan_finds(
        centre: tuple[float, float]) -> None:
    atlas = Atlas.load()
    box = box_around(*centre, AROUND_KM)
    scanned = sorted(
        ((code, d) for code in _codes(atlas)
         if (p := atlas.point(code)) is not None and box.holds(p.lat, p.lon)
         and (d := haversine_km(*centre, p.lat, p.lon)) <= AROUND_KM),
        key=lambda cd: (cd[1], cd[0]))
    assert atlas.within(*centre, AROUND_KM) == scanned


def test_around_milan_the_nearest_come_first_and_approximate_points_count() -> None:
    atlas = Atlas.load()
    around = atlas.within(45.4642, 9.19, AROUND_KM)
    first = [code for code, d in around if d == around[0][1]]
    assert "F205" in first  # with the unmatched comuni of its province, standing on its point
    assert any(p.approximate for c in first if c != "F205" and (p := atlas.point(c)))
    assert [d for _c, d in around] == sorted(d for _c, d in around)
    assert 100 < len(around) < 400  # the metropolitan city and its neighbours, not Lombardy


def _codes(atlas: Atlas) -> list[str]:
    return list(atlas._points)  # the test reads the full list to compare against


@pytest.mark.parametrize(("skills", "categories"), [
    ("cucina, guida auto", {"food", "mobility"}),
    ("Infermiera", {"health"}),           # a stem of the keyword
    ("nurse; driver", {"health", "mobility"}),
    ("ripetizioni", {"education"}),
    ("consulenza legale", {"work", "capacity"}),  # advice is what capacity building asks
    ("pittura, giardinaggio", set()),     # no category names these
    ("", set()),
    (None, set()),
])
def test_skills_name_the_categories_their_words_match(skills: str | None,
                                                       categories: set[str]) -> None:
    assert skill_categories(skills) == categories


def test_needs_matching_the_skills_come_first_among_equally_near_ones() -> None:
    chain = ["F205", "P-MI", "R-03"]
    # in the database's order (least covered first): 1 and 2 elsewhere in Milan, 3 a food need
    spots = [Placed(1, "F205", None, 0), Placed(2, "F205", None, 1), Placed(3, "F205", None, 2),
             Placed(4, "P-MI", None, 3)]
    assert [p.key for p in rank(spots, chain=chain, limit=3)] == [1, 2, 3]
    assert [p.key for p in rank(spots, chain=chain, limit=3, preferred=frozenset({3, 4}))] \
        == [3, 1, 2]
    # nearness still comes first: a matching need farther away does not jump ahead
    located = [Placed(1, "F205", 0.4, 0), Placed(5, "B162", 6.0, 1)]
    assert [p.key for p in rank(located, chain=chain, limit=2, preferred=frozenset({5}))] \
        == [1, 5]


def test_place_steps_order_places_as_rank_does() -> None:
    chain = ["F205", "P-MI", "R-03"]
    places = {"F205": 0.2, "B162": 6.1, "C523": 6.3, "F704": 12.0, "P-MI": None, "R-03": None}
    steps = place_steps(places, chain=chain)
    assert steps == {"F205": 0, "B162": 1, "C523": 2, "F704": 3, "P-MI": 4, "R-03": 5}
    assert place_steps({"B162": 6.1, "C523": 6.2}, chain=chain) == {"B162": 0, "C523": 0}
    # without a point (the member's comune unknown to the atlas): the comune, then the others
    assert place_steps({"F205": None, "P-MI": None, "B162": None}, chain=chain) \
        == {"F205": 0, "P-MI": 1, "B162": 2}
    items = [Placed(i, code, d) for i, (code, d) in enumerate(places.items())]
    assert [p.territory_code for p in rank(items, chain=chain, limit=6)] \
        == sorted(places, key=lambda code: steps[code])


def test_nearest_stops_at_the_cells_that_must_hold_it_and_agrees_with_a_full_scan() -> None:
    atlas = Atlas.load()
    rng = random.Random(26)
    points = [(45.4642, 9.19), (40.0, 12.0), (46.5, 11.35), (37.5, 15.08), (45.0, 7.0),
              *((rng.uniform(36.5, 47.2), rng.uniform(6.5, 18.6)) for _ in range(300))]
    for lat, lon in points:
        exact = min(((haversine_km(lat, lon, p.lat, p.lon), code) for code in _codes(atlas)
                     if (p := atlas.point(code)) is not None and not p.approximate),
                    default=None)
        expected = (exact[1], exact[0]) if exact and exact[0] <= NEAREST_LIMIT_KM else None
        assert atlas.nearest(lat, lon) == expected, (lat, lon)


def test_first_steps_keep_the_nearest_places_that_hold_enough() -> None:
    steps = {"F205": 0, "B162": 1, "C523": 1, "F704": 2, "P-MI": 3}
    assert first_steps(steps, {"F205": 7, "B162": 1}, 5) == {"F205": 0}
    # a step is taken whole: its needs may be preferred over the nearer ones'
    assert first_steps(steps, {"F205": 3, "B162": 1, "C523": 4, "F704": 9}, 5) \
        == {"F205": 0, "B162": 1, "C523": 1}
    assert first_steps(steps, {"F704": 1, "P-MI": 1}, 5) == {"F704": 2, "P-MI": 3}
    assert first_steps(steps, {}, 5) == {}
