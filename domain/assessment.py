"""The cohesion-maker competence framework and the rules of the self-assessment.

The framework is content (``storage/data/assessment/framework.json``, both languages): the
competences, their statements rated on a 1–5 scale, the levels and which EU framework
competence (EntreComp, LifeComp, DigComp) each one draws on. Here are the plain rules read from
it: a competence's score is the mean of its statements' ratings, its level the highest whose
threshold the score reaches, and the weakest competences (what training and the expert hour
start from) are those with the lowest scores, ties in the framework's order.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "DEFAULT_DATA_DIR", "FRAMEWORK_LANGUAGES", "Competence", "Framework", "Level", "Source",
    "Statement", "competence_scores", "load_framework", "weakest",
]

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "storage" / "data" / "assessment"
FRAMEWORK_LANGUAGES = ("it", "en")


@dataclass(frozen=True, slots=True)
class Source:
    framework: str      # "EntreComp", "LifeComp", "DigComp 2.2"
    competence: str     # "2.3 Mobilising resources"


@dataclass(frozen=True, slots=True)
class Statement:
    id: str
    competence_id: str
    texts: Mapping[str, str]

    def text(self, language: str) -> str:
        return self.texts.get(language) or self.texts["it"]


@dataclass(frozen=True, slots=True)
class Competence:
    id: str
    names: Mapping[str, str]
    sources: tuple[Source, ...]
    statements: tuple[Statement, ...]

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names["it"]


@dataclass(frozen=True, slots=True)
class Level:
    id: str
    min_score: float
    names: Mapping[str, str]
    descriptors: Mapping[str, str]

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names["it"]

    def descriptor(self, language: str) -> str:
        return self.descriptors.get(language) or self.descriptors["it"]


@dataclass(frozen=True, slots=True)
class Framework:
    version: int
    scale_min: int
    scale_max: int
    scale_labels: Mapping[int, Mapping[str, str]]
    levels: tuple[Level, ...]          # ascending thresholds
    competences: tuple[Competence, ...]

    @property
    def statements(self) -> tuple[Statement, ...]:
        """Every statement, in the order they are asked."""
        return tuple(s for c in self.competences for s in c.statements)

    def competence(self, competence_id: str) -> Competence:
        for competence in self.competences:
            if competence.id == competence_id:
                return competence
        raise KeyError(competence_id)

    def level_of(self, score: float) -> Level:
        """The highest level whose threshold ``score`` reaches."""
        reached = [level for level in self.levels if score >= level.min_score]
        return reached[-1] if reached else self.levels[0]

    def scale_label(self, rating: int, language: str) -> str:
        labels = self.scale_labels[rating]
        return labels.get(language) or labels["it"]


def competence_scores(framework: Framework, ratings: Mapping[str, int]) -> dict[str, float]:
    """Each competence's score, the mean of its rated statements (1–5, two decimals); a
    competence with no rated statement has none."""
    scores: dict[str, float] = {}
    for competence in framework.competences:
        rated = [ratings[s.id] for s in competence.statements if s.id in ratings]
        if rated:
            scores[competence.id] = round(sum(rated) / len(rated), 2)
    return scores


def weakest(framework: Framework, scores: Mapping[str, float]) -> list[str]:
    """Competence ids from the weakest to the strongest; ties keep the framework's order."""
    order = {c.id: i for i, c in enumerate(framework.competences)}
    return sorted((cid for cid in scores if cid in order), key=lambda cid: (scores[cid], order[cid]))


def to_grow(framework: Framework, scores: Mapping[str, float], count: int) -> list[str]:
    """What a member most wants to grow: their ``count`` weakest competences, weakest first,
    leaving out any already at the framework's top level (a strength, however it ranks)."""
    top = framework.levels[-1].min_score
    return [cid for cid in weakest(framework, scores)[:count] if scores[cid] < top]


def load_framework(data_dir: Path | None = None) -> Framework:
    """The shipped framework (cached), or the one in ``data_dir``.

    Raises ``ValueError`` when a text is missing in a language, a statement id is repeated or
    a competence names no source, so a broken data file stops the bot at start.
    """
    return _load_cached((data_dir or DEFAULT_DATA_DIR).resolve())


def _texts(raw: Mapping[str, str], where: str) -> dict[str, str]:
    missing = [lang for lang in FRAMEWORK_LANGUAGES if not str(raw.get(lang, "")).strip()]
    if missing:
        raise ValueError(f"{where} has no text in {', '.join(missing)}")
    return {lang: raw[lang] for lang in FRAMEWORK_LANGUAGES}


@functools.cache
def _load_cached(data_dir: Path) -> Framework:
    raw = json.loads((data_dir / "framework.json").read_text(encoding="utf-8"))
    scale = raw["scale"]
    low, high = int(scale["min"]), int(scale["max"])
    labels = {r: _texts(scale["labels"][str(r)], f"scale label {r}") for r in range(low, high + 1)}
    levels = tuple(sorted(
        (Level(id=item["id"], min_score=float(item["min_score"]),
               names=_texts(item["name"], f"level {item['id']}"),
               descriptors=_texts(item["descriptor"], f"level {item['id']} descriptor"))
         for item in raw["levels"]), key=lambda level: level.min_score))
    if not levels:
        raise ValueError("the framework has no levels")
    seen: set[str] = set()
    competences = []
    for item in raw["competences"]:
        cid = item["id"]
        sources = tuple(Source(framework=s["framework"], competence=s["competence"])
                        for s in item.get("sources", ()))
        if not sources:
            raise ValueError(f"competence {cid!r} names no source framework")
        statements = []
        for s in item["statements"]:
            if s["id"] in seen:
                raise ValueError(f"statement {s['id']!r} appears twice")
            seen.add(s["id"])
            statements.append(Statement(id=s["id"], competence_id=cid,
                                        texts=_texts(s["text"], f"statement {s['id']}")))
        if not 2 <= len(statements) <= 4:
            raise ValueError(f"competence {cid!r} has {len(statements)} statements (2-4)")
        competences.append(Competence(id=cid, names=_texts(item["name"], f"competence {cid}"),
                                      sources=sources, statements=tuple(statements)))
    return Framework(version=int(raw["version"]), scale_min=low, scale_max=high,
                     scale_labels=labels, levels=levels, competences=tuple(competences))
