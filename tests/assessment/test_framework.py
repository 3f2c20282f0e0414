"""The competence framework as content: complete in both languages, each competence drawing
on a named EU framework competence; and the rules read from it (scores, levels, weakest)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from domain.assessment import (
    DEFAULT_DATA_DIR,
    FRAMEWORK_LANGUAGES,
    competence_scores,
    load_framework,
    to_grow,
    weakest,
)

EU_FRAMEWORKS = {"EntreComp", "LifeComp", "DigComp 2.2"}


def test_the_shipped_framework_is_complete_in_both_languages() -> None:
    raw = json.loads((DEFAULT_DATA_DIR / "framework.json").read_text(encoding="utf-8"))
    framework = load_framework()
    assert 7 <= len(framework.competences) <= 10
    for competence in raw["competences"]:
        assert 2 <= len(competence["statements"]) <= 4, competence["id"]
        assert {s["framework"] for s in competence["sources"]} <= EU_FRAMEWORKS
        for lang in FRAMEWORK_LANGUAGES:
            assert competence["name"][lang].strip()
            for statement in competence["statements"]:
                assert statement["text"][lang].strip(), (statement["id"], lang)
    for level in raw["levels"]:
        for lang in FRAMEWORK_LANGUAGES:
            assert level["name"][lang].strip() and level["descriptor"][lang].strip()
    for rating in range(framework.scale_min, framework.scale_max + 1):
        for lang in FRAMEWORK_LANGUAGES:
            assert framework.scale_label(rating, lang).strip()
    # statements differ between the languages (a translation, not a copy)
    for statement in framework.statements:
        assert statement.text("it") != statement.text("en"), statement.id


def test_a_missing_english_statement_stops_loading(tmp_path: Path) -> None:
    raw = json.loads((DEFAULT_DATA_DIR / "framework.json").read_text(encoding="utf-8"))
    raw["competences"][2]["statements"][1]["text"]["en"] = " "
    (tmp_path / "framework.json").write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ValueError, match=r"mobilising\.2 has no text in en"):
        load_framework(tmp_path)


def test_scores_levels_and_the_weakest_first() -> None:
    framework = load_framework()
    ratings = {s.id: 4 for s in framework.statements}
    ratings.update({"digital.1": 1, "digital.2": 2, "digital.3": 2,      # 1.67
                    "impact.1": 2, "impact.2": 2, "impact.3": 3,         # 2.33
                    "networking.1": 5, "networking.2": 5, "networking.3": 4})  # 4.67
    del ratings["ethics.3"]                                               # 4.0 of two
    scores = competence_scores(framework, ratings)
    assert scores["digital"] == 1.67 and scores["impact"] == 2.33
    assert scores["networking"] == 4.67 and scores["ethics"] == 4.0
    assert framework.level_of(scores["digital"]).id == "foundation"
    assert framework.level_of(2.5).id == "intermediate"
    assert framework.level_of(scores["ethics"]).id == "advanced"
    assert framework.level_of(scores["networking"]).id == "expert"
    order = weakest(framework, scores)
    # ties (4.0) keep the framework's order
    assert order[:4] == ["digital", "impact", "reading_needs", "mobilising"]
    assert order[-1] == "networking"
    assert weakest(framework, {}) == []


def test_to_grow_is_the_few_weakest_and_never_a_strength() -> None:
    framework = load_framework()
    scores = {c.id: 3.0 for c in framework.competences} | {"digital": 1.5, "networking": 2.0}
    assert to_grow(framework, scores, 3) == ["digital", "networking", "reading_needs"]
    # Strong everywhere: the weakest of them is still at the expert level, nothing to grow.
    strong = {"impact": 4.7, "ethics": 4.5, "digital": 3.0}
    assert to_grow(framework, strong, 3) == ["digital"]
    assert to_grow(framework, {}, 3) == []
