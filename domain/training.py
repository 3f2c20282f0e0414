"""Training: the modules as content, and the rules of a member's path.

The modules are content (``storage/data/training/modules.json``, both languages): for each
competence of the self-assessment's framework, modules at a level (foundation → advanced), each
with a title, a short text, a link and a one-question check. The rules here are plain:

- the path: the modules of the member's weakest competences (``PATH_COMPETENCES`` of them,
  weakest first), from their current level up; a member with no assessment gets the first
  module of every competence, in the framework's order (and is invited to /assessment);
- the next module: the first one not done from the path's position on, then any skipped one;
- when the next push falls due: ``now`` plus the rhythm's days;
- the week's training pill for team groups: one module per ISO week, in turn.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from domain.assessment import Framework, weakest
from domain.calendar import ROME

__all__ = [
    "DEFAULT_DATA_DIR", "DEFAULT_RHYTHM", "PATH_COMPETENCES", "RHYTHMS", "Catalogue", "Check",
    "Module", "TrainingPath", "choose_path", "load_catalogue", "next_due", "next_module",
    "pill_of_week", "week_key",
]

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "storage" / "data" / "training"
LANGUAGES = ("it", "en")
PATH_COMPETENCES = 3
# rhythm code -> days between two pushes (weekly is the default)
RHYTHMS: Mapping[str, int] = {"3days": 3, "weekly": 7, "biweekly": 14}
DEFAULT_RHYTHM = "weekly"


@dataclass(frozen=True, slots=True)
class Check:
    questions: Mapping[str, str]
    options: tuple[Mapping[str, str], ...]
    answer: int  # index of the right option

    def question(self, language: str) -> str:
        return self.questions.get(language) or self.questions["it"]

    def option(self, index: int, language: str) -> str:
        return self.options[index].get(language) or self.options[index]["it"]


@dataclass(frozen=True, slots=True)
class Module:
    id: str
    competence_id: str
    level: str
    titles: Mapping[str, str]
    texts: Mapping[str, str]
    link: str
    check: Check

    def title(self, language: str) -> str:
        return self.titles.get(language) or self.titles["it"]

    def text(self, language: str) -> str:
        return self.texts.get(language) or self.texts["it"]


@dataclass(frozen=True, slots=True)
class Catalogue:
    version: int
    modules: tuple[Module, ...]

    def get(self, module_id: str) -> Module | None:
        return self._by_id().get(module_id)

    def of_competence(self, competence_id: str) -> tuple[Module, ...]:
        return tuple(m for m in self.modules if m.competence_id == competence_id)

    def _by_id(self) -> dict[str, Module]:
        return {m.id: m for m in self.modules}


@dataclass(frozen=True, slots=True)
class TrainingPath:
    module_ids: tuple[str, ...]
    assessed: bool  # chosen from an assessment (False: the default path)


def _rank(framework: Framework) -> dict[str, int]:
    return {level.id: i for i, level in enumerate(framework.levels)}


def choose_path(framework: Framework, catalogue: Catalogue,
                scores: Mapping[str, float]) -> TrainingPath:
    """The member's path from their latest scores (competence id -> 1–5), or the default one."""
    rank = _rank(framework)
    if not scores:
        first = []
        for competence in framework.competences:
            modules = sorted(catalogue.of_competence(competence.id), key=lambda m: rank[m.level])
            if modules:
                first.append(modules[0].id)
        return TrainingPath(tuple(first), assessed=False)
    chosen: list[str] = []
    for competence_id in weakest(framework, scores)[:PATH_COMPETENCES]:
        level = rank[framework.level_of(scores[competence_id]).id]
        modules = sorted(catalogue.of_competence(competence_id), key=lambda m: rank[m.level])
        from_level = [m for m in modules if rank[m.level] >= level]
        chosen += [m.id for m in (from_level or modules[-1:])]
    return TrainingPath(tuple(chosen), assessed=True)


def next_module(path: Sequence[str], done: Collection[str], position: int = 0) -> str | None:
    """The first module not done from `position` on, else the first one skipped before it;
    None when every module of the path is done."""
    for module_id in [*path[position:], *path[:position]]:
        if module_id not in done:
            return module_id
    return None


def next_due(now: datetime, rhythm: str) -> datetime:
    """When the next push falls due for a member on `rhythm` (an unknown one counts as weekly)."""
    return now + timedelta(days=RHYTHMS.get(rhythm, RHYTHMS[DEFAULT_RHYTHM]))


def week_key(now: datetime) -> str:
    """The ISO week of `now` in Rome ("2026-W48"): a group's pill is sent once per week."""
    year, week, _day = now.astimezone(ROME).isocalendar()
    return f"{year}-W{week:02d}"


def pill_of_week(catalogue: Catalogue, now: datetime) -> Module:
    """The week's training pill: the modules in turn, one per ISO week."""
    year, week, _day = now.astimezone(ROME).isocalendar()
    return catalogue.modules[(year * 53 + week) % len(catalogue.modules)]


def load_catalogue(data_dir: Path | None = None) -> Catalogue:
    """The shipped modules (cached), or those in ``data_dir``.

    Raises ``ValueError`` on a text missing in a language, a repeated id, a check with fewer
    than two options or an answer out of range, or a module with no https link."""
    return _load_cached((data_dir or DEFAULT_DATA_DIR).resolve())


def _texts(raw: Mapping[str, str], where: str) -> dict[str, str]:
    missing = [lang for lang in LANGUAGES if not str(raw.get(lang, "")).strip()]
    if missing:
        raise ValueError(f"{where} has no text in {', '.join(missing)}")
    return {lang: raw[lang] for lang in LANGUAGES}


@functools.cache
def _load_cached(data_dir: Path) -> Catalogue:
    raw = json.loads((data_dir / "modules.json").read_text(encoding="utf-8"))
    seen: set[str] = set()
    modules = []
    for item in raw["modules"]:
        mid = item["id"]
        if mid in seen:
            raise ValueError(f"module {mid!r} appears twice")
        seen.add(mid)
        check = item["check"]
        options = tuple(_texts(o, f"module {mid} option") for o in check["options"])
        answer = int(check["answer"])
        if not 2 <= len(options) <= 4 or not 0 <= answer < len(options):
            raise ValueError(f"module {mid!r}: 2-4 options and an answer among them")
        if not str(item.get("link", "")).startswith("https://"):
            raise ValueError(f"module {mid!r} has no https link")
        modules.append(Module(
            id=mid, competence_id=item["competence"], level=item["level"],
            titles=_texts(item["title"], f"module {mid} title"),
            texts=_texts(item["text"], f"module {mid} text"), link=item["link"],
            check=Check(questions=_texts(check["question"], f"module {mid} question"),
                        options=options, answer=answer)))
    if not modules:
        raise ValueError("the training catalogue has no modules")
    return Catalogue(version=int(raw["version"]), modules=tuple(modules))
