"""The training modules as content: complete in both languages, every competence of the
assessment's framework covered from foundation to advanced, each check answerable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from domain.assessment import load_framework
from domain.training import DEFAULT_DATA_DIR, load_catalogue


def test_every_module_is_complete_in_both_languages() -> None:
    raw = json.loads((DEFAULT_DATA_DIR / "modules.json").read_text(encoding="utf-8"))
    assert len(raw["modules"]) >= 16
    for module in raw["modules"]:
        texts = [module["title"], module["text"], module["check"]["question"],
                 *module["check"]["options"]]
        for text in texts:
            assert set(text) == {"it", "en"}, module["id"]
            assert text["it"].strip() and text["en"].strip(), module["id"]
            assert text["it"] != text["en"], module["id"]  # translated, not copied
        assert module["link"].startswith("https://")
        assert 0 <= module["check"]["answer"] < len(module["check"]["options"])


def test_every_competence_has_modules_from_foundation_to_advanced() -> None:
    framework, catalogue = load_framework(), load_catalogue()
    levels = {level.id for level in framework.levels}
    competences = {c.id for c in framework.competences}
    assert {m.competence_id for m in catalogue.modules} == competences
    assert all(m.level in levels for m in catalogue.modules)
    for competence in competences:
        modules = catalogue.of_competence(competence)
        assert len(modules) >= 2, competence
        assert {m.level for m in modules} >= {"foundation", "advanced"}, competence
    assert len({m.id for m in catalogue.modules}) == len(catalogue.modules)
    assert all(len(m.id) <= 30 for m in catalogue.modules)  # fits in a button's 64 bytes


def test_a_broken_file_is_refused(tmp_path: Path) -> None:
    raw = json.loads((DEFAULT_DATA_DIR / "modules.json").read_text(encoding="utf-8"))
    del raw["modules"][3]["check"]["question"]["en"]
    (tmp_path / "modules.json").write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ValueError, match="no text in en"):
        load_catalogue(tmp_path)
    raw = json.loads((DEFAULT_DATA_DIR / "modules.json").read_text(encoding="utf-8"))
    raw["modules"][0]["check"]["answer"] = 7
    folder = tmp_path / "second"
    folder.mkdir()
    (folder / "modules.json").write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ValueError, match="answer"):
        load_catalogue(folder)
