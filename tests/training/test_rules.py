"""The rules of a training path: chosen from the weakest competences and their levels (a
default one without an assessment), the next module, the due time from the rhythm, the
week's pill."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.assessment import load_framework
from domain.training import (
    choose_path,
    load_catalogue,
    next_due,
    next_module,
    pill_of_week,
    week_key,
)

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
ALL_FOUR = {"reading_needs": 4.0, "networking": 4.0, "mobilising": 4.0, "codesign": 4.0,
            "communication": 4.0, "digital": 4.0, "ethics": 4.0, "impact": 4.0}


def test_no_assessment_gives_the_first_module_of_every_competence() -> None:
    path = choose_path(load_framework(), load_catalogue(), {})
    assert path.assessed is False
    assert path.module_ids == ("reading_needs.1", "networking.1", "mobilising.1", "codesign.1",
                               "communication.1", "digital.1", "ethics.1", "impact.1")


def test_the_three_weakest_competences_from_their_level_up() -> None:
    scores = {**ALL_FOUR, "digital": 1.5, "impact": 2.0, "ethics": 3.8}
    path = choose_path(load_framework(), load_catalogue(), scores)
    assert path.assessed is True
    # digital 1.5 and impact 2.0 are foundation: both their modules; ethics 3.8 is advanced:
    # its advanced module only. The weakest first.
    assert path.module_ids == ("digital.1", "digital.2", "impact.1", "impact.2", "ethics.2")


def test_ties_keep_the_frameworks_order_and_an_expert_gets_the_top_module() -> None:
    scores = {cid: 4.8 for cid in ALL_FOUR}  # expert everywhere: nothing at their level
    path = choose_path(load_framework(), load_catalogue(), scores)
    assert path.module_ids == ("reading_needs.2", "networking.2", "mobilising.2")


def test_next_module_goes_on_from_the_position_then_comes_back_to_skipped_ones() -> None:
    path = ["a", "b", "c", "d"]
    assert next_module(path, set()) == "a"
    assert next_module(path, {"a"}, 1) == "b"
    assert next_module(path, {"a", "c"}, 2) == "d"
    assert next_module(path, {"c", "d"}, 4) == "a"  # skipped earlier
    assert next_module(path, {"a", "b", "c", "d"}, 1) is None


def test_due_time_follows_the_rhythm() -> None:
    assert next_due(T0, "weekly") == T0 + timedelta(days=7)
    assert next_due(T0, "3days") == T0 + timedelta(days=3)
    assert next_due(T0, "biweekly") == T0 + timedelta(days=14)
    assert next_due(T0, "nonsense") == T0 + timedelta(days=7)


def test_one_pill_per_iso_week_in_rome() -> None:
    catalogue = load_catalogue()
    assert week_key(T0) == "2026-W48"
    # Sunday 29 Nov 23:30 UTC is already Monday 30 Nov in Rome: the next week
    assert week_key(datetime(2026, 11, 29, 23, 30, tzinfo=UTC)) == "2026-W49"
    assert pill_of_week(catalogue, T0) == pill_of_week(catalogue, T0 + timedelta(days=1))
    assert pill_of_week(catalogue, T0) != pill_of_week(catalogue, T0 + timedelta(days=7))
