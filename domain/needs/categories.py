"""The categories of needs (data in storage/data/needs/categories.json), in every language,
with a reader for the ``#tag`` people type."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from domain.territory import normalize

__all__ = ["CATEGORY_LANGUAGES", "DEFAULT_DATA_DIR", "Category", "CategoryCatalog",
           "load_categories"]

#: Shipped data: <repo>/storage/data/needs, located from this file so any CWD works.
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "storage" / "data" / "needs"

#: Every category is written in each of these (bot.i18n.LANGUAGES; a test keeps them equal).
CATEGORY_LANGUAGES = ("it", "en")


@dataclass(frozen=True, slots=True)
class Category:
    """One category, in every language: the label people see, the words that name it.

    ``names`` are short words a ``#tag`` may be (typos tolerated); ``keywords`` are accepted as
    a tag only when exact, and are what members' skills are matched against.
    """

    code: str
    labels: Mapping[str, str]
    names: Mapping[str, tuple[str, ...]]
    keywords: Mapping[str, tuple[str, ...]]

    def label(self, language: str) -> str:
        """The label in ``language``, Italian when that language is missing."""
        return self.labels.get(language) or self.labels["it"]

    def all_keywords(self) -> tuple[str, ...]:
        """Names and keywords of every language: what a skill may match."""
        words = [w for lang in CATEGORY_LANGUAGES for w in (*self.names.get(lang, ()),
                                                           *self.keywords.get(lang, ()))]
        return tuple(dict.fromkeys(words))


class CategoryCatalog:
    """The loaded categories, in the file's order, with a reader for what people type."""

    def __init__(self, categories: Iterable[Category]) -> None:
        self.categories = tuple(categories)
        self._by_code = {c.code: c for c in self.categories}
        if len(self._by_code) != len(self.categories):
            raise ValueError("two categories share a code")
        # Exact keys: code, labels, names, keywords.  Fuzzy keys: code, labels, names (keywords
        # are specific words, and a typo in one is more likely another word than a category).
        self._exact: dict[str, set[str]] = {}
        fuzzy: dict[str, set[str]] = {}
        for c in self.categories:
            strong = {c.code, *c.labels.values(),
                      *(n for names in c.names.values() for n in names)}
            for text in strong:
                fuzzy.setdefault(normalize(text), set()).add(c.code)
            for text in (*strong, *(k for kws in c.keywords.values() for k in kws)):
                self._exact.setdefault(normalize(text), set()).add(c.code)
        self._fuzzy_keys = sorted(fuzzy)
        self._fuzzy_codes = [fuzzy[k] for k in self._fuzzy_keys]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._by_code)

    def get(self, code: str) -> Category | None:
        return self._by_code.get(code)

    def find(self, text: str) -> Category | None:
        """The one category ``text`` names: code, label, name or keyword, Italian or English.

        "#salute", "#Health", "#cibo", "#food_and_essentials", "#mobilità", "#dormitorio" are
        exact; a typo in a code, label or name is forgiven within a bounded edit distance (one
        edit up to 7 letters, two beyond; none under 4 letters) with a transposition counting as
        one ("#slaute").  When two categories are equally close, nothing is guessed.
        """
        key = normalize(text.replace("_", " ").replace("-", " "))
        if not key:
            return None
        exact = self._exact.get(key)
        if exact:
            return self._by_code[next(iter(exact))] if len(exact) == 1 else None
        letters = len(key.replace(" ", ""))
        if letters < 4:
            return None
        allowed = 1 if letters <= 7 else 2
        hits = process.extract(key, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=60,
                               limit=20)
        best: dict[str, int] = {}
        for candidate, _score, index in hits:
            distance = OSA.distance(key, candidate)
            if distance <= allowed:
                for code in self._fuzzy_codes[index]:
                    best[code] = min(distance, best.get(code, distance))
        if not best:
            return None
        nearest = min(best.values())
        codes = [code for code, d in best.items() if d == nearest]
        return self._by_code[codes[0]] if len(codes) == 1 else None


def load_categories(data_dir: Path | None = None) -> CategoryCatalog:
    """The shipped categories (cached: repeated calls are free), or those in ``data_dir``.

    Raises ``ValueError`` when a category lacks a label, names or keywords in a language, so a
    broken data file stops the bot at start rather than showing an empty button later.
    """
    return _load_cached((data_dir or DEFAULT_DATA_DIR).resolve())


@functools.cache
def _load_cached(data_dir: Path) -> CategoryCatalog:
    raw = json.loads((data_dir / "categories.json").read_text(encoding="utf-8"))
    categories = []
    for item in raw["categories"]:
        code = item["code"]
        for field in ("label", "names", "keywords"):
            missing = [lang for lang in CATEGORY_LANGUAGES if not item[field].get(lang)]
            if missing:
                raise ValueError(f"category {code!r} has no {field} in {', '.join(missing)}")
        categories.append(Category(
            code=code,
            labels={lang: item["label"][lang] for lang in CATEGORY_LANGUAGES},
            names={lang: tuple(item["names"][lang]) for lang in CATEGORY_LANGUAGES},
            keywords={lang: tuple(item["keywords"][lang]) for lang in CATEGORY_LANGUAGES},
        ))
    return CategoryCatalog(categories)
