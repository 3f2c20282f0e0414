"""The Italian territorial hierarchy and the resolver of what people type.

Over 500 lines as one module on purpose: the indexes the gazetteer builds exist only for the
resolver, which reads every one of them, so loading and reading text share one set of private
tables; and a test pins this module's imports to the standard library and rapidfuzz
(``tests/territory``: ``test_the_domain_module_imports_no_framework_and_no_storage``), so it
cannot lean on a sibling module.

Why this module exists: a member tells the bot where they live by typing free text ("forli",
"Samone (TO)", "Milan", "Lirio"), and teams, needs and reports hang off the official hierarchy
region -> province -> comune.  This module turns the text into one official place, or into a
short list to ask about, and never guesses silently between two real places.

It is plain Python on purpose (stdlib + rapidfuzz): no aiogram, no database, nothing from bot/
or storage/ code.  It only reads the CSV files shipped in ``storage/data/territories`` (built by
``storage/data/territories/build.py``; see the README there for sources and known gaps).

Codes are the keys the bot stores, so they never change meaning:

* comune   -> cadastral code (``"F205"`` Milano), stable across ISTAT recodings;
* province -> ``"P-"`` + plate sigla (``"P-MI"``);
* region   -> ``"R-"`` + two-digit ISTAT code (``"R-03"`` Lombardia).

How ``resolve`` reads text, cheapest and surest first (rapidfuzz only at the end):

1. normalise: case, accents, apostrophes, punctuation (``"Cantu'"`` == ``"Cantù"``);
2. exact lookup of the whole text among official names, other-language names, exonyms;
3. markers and qualifiers: ``"provincia di ..."``, ``"regione ..."``, ``"comune di ..."`` and a
   trailing province sigla / province name / region name (``"Samone TO"``, ``"Castro, Lecce"``);
4. the same lookups with saint words folded (``S.`` / ``Sant'`` / ``Santa`` / ``San`` / ``SS.``);
5. old names of renamed or merged comuni (``"Lirio"`` -> Montalto Pavese, with ``matched_alias``);
6. whole-word prefixes (``"Reggio"`` -> ask between Reggio di Calabria and Reggio nell'Emilia);
7. typo tolerance with a bounded edit distance (rapidfuzz), asking when two places are as close.
"""

from __future__ import annotations

import bisect
import csv
import functools
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

log = logging.getLogger(__name__)

__all__ = ["DEFAULT_DATA_DIR", "Gazetteer", "Place", "PlaceKind", "Resolution", "normalize"]

PlaceKind = Literal["comune", "province", "region"]
ResolutionStatus = Literal["found", "ambiguous", "not_found"]

#: Shipped data: <repo>/storage/data/territories, located from this file so any CWD works.
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "storage" / "data" / "territories"

#: Longer input is not a place name (the longest comune name is ~60 characters).
MAX_INPUT_LENGTH = 100
#: Ambiguous answers offer at most this many places (they become buttons).
MAX_CANDIDATES = 5


@dataclass(frozen=True, slots=True)
class Place:
    """One official place.  Labels for people are built by the UI from these fields."""

    code: str  # "F205" | "P-MI" | "R-03"
    kind: PlaceKind
    name: str  # official Italian name, e.g. "Bolzano", "Milano", "Lombardia"
    name_alt: str | None  # other official language name, e.g. "Bozen"
    province_code: str | None  # comune: its province code "P-MI"; province/region: None
    province_sigla: str | None  # comune or province: "MI"; region: None
    region_code: str  # "R-03" (a region's own code for a region)
    region_name: str
    parent_code: str | None  # comune -> province code; province -> region code; region -> None


@dataclass(frozen=True, slots=True)
class Resolution:
    """What the typed text turned out to be.

    ``found``: ``place`` is set.  ``ambiguous``: ``candidates`` holds 2..5 places, best first, to
    ask about.  ``not_found``: nothing usable.  ``matched_alias`` is the old (merged/renamed)
    name that led to the place, so the UI can say "Lirio is now part of Montalto Pavese".
    """

    status: ResolutionStatus
    place: Place | None = None
    candidates: tuple[Place, ...] = ()
    matched_alias: str | None = None


NOT_FOUND = Resolution("not_found")

# --------------------------------------------------------------------------------------------
# Text normalisation
# --------------------------------------------------------------------------------------------

_APOSTROPHES = re.compile(r"[’'`´‘ʼ]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})

#: Every way Italians (and the Valdostan French names) abbreviate a saint.  Folding them to one
#: token lets "S. Angelo", "Sant'Angelo" and "Santo Angelo" meet; it is a second-chance key only.
_SAINT_WORDS = frozenset({
    "s", "st", "sto", "sta", "ss", "sa", "san", "santo", "santa", "sant", "santi", "sante",
    "saint", "sainte", "ste",
})


def normalize(text: str) -> str:
    """Lowercase ASCII words separated by single spaces: "Forlì-Cesena" -> "forli cesena"."""
    text = _APOSTROPHES.sub(" ", text.casefold())
    if not text.isascii():  # accents off: "ì" -> "i", "Š" -> "s"; other scripts drop out
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(_NON_ALNUM.sub(" ", text).split())


def _fold_saints(key: str) -> str:
    return " ".join("s" if w in _SAINT_WORDS else w for w in key.split())


def _name_keys(*names: str | None) -> set[str]:
    """Every normalised spelling of the given names (with ae/oe/ue for German umlauts)."""
    keys: set[str] = set()
    for name in dict.fromkeys(n for n in names if n):
        variants = (name, name.translate(_UMLAUTS)) if not name.isascii() else (name,)
        for variant in dict.fromkeys(variants):
            key = normalize(variant)
            if key:
                keys.add(key)
    return keys


# --------------------------------------------------------------------------------------------
# Markers people put around a place name
# --------------------------------------------------------------------------------------------

_KIND_PREFIX_TEXTS: tuple[tuple[str, PlaceKind], ...] = (
    ("provincia autonoma di", "province"), ("provincia di", "province"),
    ("provincia del", "province"), ("provincia della", "province"),
    ("provincia dell'", "province"), ("provincia dei", "province"),
    ("prov. di", "province"), ("prov.", "province"), ("provincia", "province"),
    ("province of", "province"), ("province", "province"),
    ("città metropolitana di", "province"), ("citta metropolitana di", "province"),
    ("metropolitan city of", "province"), ("libero consorzio comunale di", "province"),
    ("libero consorzio di", "province"),
    ("regione autonoma", "region"), ("regione", "region"), ("region of", "region"),
    ("region", "region"),
    ("comune di", "comune"), ("comune", "comune"), ("città di", "comune"),
    ("citta di", "comune"), ("city of", "comune"), ("town of", "comune"),
    ("municipality of", "comune"),
)
_KIND_PREFIXES = tuple((normalize(text), kind) for text, kind in _KIND_PREFIX_TEXTS)
_KIND_SUFFIXES: tuple[tuple[str, PlaceKind], ...] = (
    ("province", "province"), ("provincia", "province"), ("region", "region"),
    ("regione", "region"),
)
_NOISE_SUFFIXES = ("italia", "italy")
#: What people put before the answer to "where do you live?".
_FILLER_PREFIXES = tuple(normalize(f) for f in (
    "vivo a", "vivo in", "vivo nel", "vivo nella", "abito a", "abito in", "abito nel",
    "abito nella", "sono di", "sono a", "sto a", "risiedo a", "risiedo in", "residente a",
    "residente in", "i live in", "i am from", "i'm from", "i m from", "from", "in", "a",
))
#: Left at the end of the head when the qualifier was "..., provincia di Torino".
_QUALIFIER_GLUE = frozenset({
    "provincia", "prov", "province", "di", "del", "della", "dell", "dei", "in", "of", "the",
    "regione", "region", "citta", "metropolitana", "comune",
})


@dataclass(frozen=True, slots=True)
class _Entry:
    """One way to reach a place from a key; ``alias`` is set for historical names."""

    code: str
    alias: str | None = None
    old_sigla: str | None = None


#: Where a qualifier puts the place: ("P", "P-TO") in a province, ("R", "R-03") in a region,
#: ("F", "SU") in a province that no longer exists (its former plate sigla).
Scope = tuple[str, str]


@dataclass(frozen=True, slots=True)
class _Reading:
    """One interpretation of the input: the name part, the kind asked for, the scope."""

    head: str
    kind: PlaceKind | None
    scope: tuple[Scope, ...]  # all must hold; () = anywhere


Index = dict[str, list[_Entry]]


def _add(index: Index, key: str, entry: _Entry) -> None:
    bucket = index.setdefault(key, [])
    if entry not in bucket:
        bucket.append(entry)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


class Gazetteer:
    """The loaded hierarchy with indexes built once, so each ``resolve`` is a few lookups."""

    def __init__(
        self,
        places: Iterable[Place],
        *,
        capitals: Iterable[str] = (),
        former_siglas: dict[str, str] | None = None,
        aliases: Iterable[tuple[str, str, str, str, str]] = (),
        exonyms: Iterable[tuple[str, str]] = (),
        province_capitals: dict[str, list[str]] | None = None,
        full_names: dict[str, str] | None = None,
    ) -> None:
        """Build from places and extra names; ``load`` is the usual way in.

        ``aliases``: (old name, current code, kind, old code, old sigla); ``exonyms``: (name,
        code);
        ``full_names``: ISTAT's bilingual form by code ("Bolzano/Bozen"), also searchable.
        """
        full = full_names or {}
        self._places: dict[str, Place] = {}
        for p in places:
            self._places[p.code] = p
        self._in_code_order = tuple(self._places[c] for c in sorted(self._places))
        self._capitals = frozenset(capitals)
        self._former_sigla = dict(former_siglas or {})
        self._successor: dict[str, str] = {}
        self._general: Index = {}
        self._province_idx: Index = {}
        self._region_idx: Index = {}
        self._sigla: dict[str, str] = {}
        self._former_siglas = frozenset(s.lower() for s in self._former_sigla.values())

        for p in self._places.values():
            keys = _name_keys(p.name, p.name_alt, full.get(p.code))
            for key in keys:
                _add(self._general, key, _Entry(p.code))
            if p.kind == "province":
                assert p.province_sigla is not None
                self._sigla[p.province_sigla.lower()] = p.code
                _add(self._province_idx, p.province_sigla.lower(), _Entry(p.code))
                parts = _name_parts(p.name)
                if len(parts) > 1:  # "Pesaro Urbino" for "Pesaro e Urbino"
                    for key in _name_keys(" ".join(parts)):
                        keys.add(key)
                        _add(self._general, key, _Entry(p.code))
                for key in keys | _name_keys(*parts):
                    _add(self._province_idx, key, _Entry(p.code))
            elif p.kind == "region":
                for key in keys:
                    _add(self._region_idx, key, _Entry(p.code))

        exonym_list = list(exonyms)
        for name, code in exonym_list:
            place = self._places.get(code)
            if place is None:
                continue
            for key in _name_keys(name):
                _add(self._general, key, _Entry(code))
                if place.kind == "province":
                    _add(self._province_idx, key, _Entry(code))
                elif place.kind == "region":
                    _add(self._region_idx, key, _Entry(code))

        # "provincia di Monza", "province of Milan": a province is also named by its capital(s).
        by_comune: dict[str, list[str]] = {}
        for name, code in exonym_list:
            by_comune.setdefault(code, []).append(name)
        for prov_code, comune_codes in (province_capitals or {}).items():
            for c in comune_codes:
                capital = self._places.get(c)
                if capital is None or prov_code not in self._places:
                    continue
                for key in _name_keys(capital.name, capital.name_alt, *by_comune.get(c, [])):
                    _add(self._province_idx, key, _Entry(prov_code))

        for old_name, code, kind, old_code, old_sigla in aliases:
            if code not in self._places:
                continue
            if kind == "alt_name":  # a current name in another language: as good as official
                for key in _name_keys(old_name):
                    _add(self._general, key, _Entry(code))
                continue
            for key in _name_keys(old_name):
                _add(self._general, key, _Entry(code, alias=old_name, old_sigla=old_sigla or None))
            if old_code and old_code not in self._places:
                self._successor[old_code] = code
        self._general_folded = self._folded(self._general)
        self._province_folded = self._folded(self._province_idx)
        self._region_folded = self._folded(self._region_idx)
        self._prefix_keys = sorted(self._general)
        self._fuzzy = {
            None: self._fuzzy_table(self._general_folded),
            "comune": self._fuzzy_table(self._general_folded),
            "province": self._fuzzy_table(self._province_folded),
            "region": self._fuzzy_table(self._region_folded),
        }
        # Words that, after a name, say where it is: "Samone TO", "Castro, Lecce", "..., Puglia".
        self._qualifier_keys: dict[str, list[Scope]] = {}
        for what, index in (("P", self._province_idx), ("R", self._region_idx)):
            for key, entries in index.items():
                self._qualifier_keys.setdefault(key, []).extend((what, e.code) for e in entries)

    # ---- loading -------------------------------------------------------------------------------

    @classmethod
    def load(cls, data_dir: Path | None = None) -> Gazetteer:
        """Load the shipped data (cached: repeated calls are free) or the CSVs in ``data_dir``."""
        path = (data_dir or DEFAULT_DATA_DIR).resolve()
        return _load_cached(path)

    @classmethod
    def _from_dir(cls, data_dir: Path) -> Gazetteer:
        regions = _read_csv(data_dir / "regions.csv")
        provinces = _read_csv(data_dir / "provinces.csv")
        comuni = _read_csv(data_dir / "comuni.csv")
        aliases_path = data_dir / "aliases.csv"
        exonyms_path = data_dir / "exonyms.csv"
        aliases = _read_csv(aliases_path) if aliases_path.exists() else []
        exonyms = _read_csv(exonyms_path) if exonyms_path.exists() else []

        full_names: dict[str, str] = {}
        places: list[Place] = []
        region_names = {r["code"]: r["name"] for r in regions}
        for r in regions:
            places.append(Place(r["code"], "region", r["name"], r["name_alt"] or None, None, None,
                                r["code"], r["name"], None))
            full_names[r["code"]] = r.get("name_full", "")
        province_capitals: dict[str, list[str]] = {}
        for p in provinces:
            places.append(Place(p["code"], "province", p["name"], p["name_alt"] or None, None,
                                p["sigla"], p["region_code"], region_names[p["region_code"]],
                                p["region_code"]))
            full_names[p["code"]] = p.get("name_full", "")
            province_capitals[p["code"]] = [c for c in p.get("capital_codes", "").split(";") if c]
        capitals: list[str] = []
        former: dict[str, str] = {}
        for c in comuni:
            places.append(Place(c["code"], "comune", c["name"], c["name_alt"] or None,
                                c["province_code"], c["province_sigla"], c["region_code"],
                                c["region_name"], c["province_code"]))
            full_names[c["code"]] = c.get("name_full", "")
            if c.get("is_capital") == "1":
                capitals.append(c["code"])
            if c.get("former_province_sigla"):
                former[c["code"]] = c["former_province_sigla"]

        return cls(
            places,
            capitals=capitals,
            former_siglas=former,
            aliases=[(a["alias"], a["code"], a.get("kind", ""), a.get("old_code", ""),
                      a.get("old_province_sigla", "")) for a in aliases],
            exonyms=[(e["name"], e["code"]) for e in exonyms],
            province_capitals=province_capitals,
            full_names=full_names,
        )

    # ---- public API ------------------------------------------------------------------------------

    def get(self, code: str) -> Place | None:
        """The place with this code ("F205", "P-MI", "R-03"), or None."""
        return self._places.get(code.strip().upper()) if isinstance(code, str) else None

    def successor(self, code: str) -> Place | None:
        """For a cadastral code that no longer exists (merged comune), the comune it joined.

        Lets stored codes survive a data refresh: ``successor("E608")`` is Montalto Pavese.
        """
        current = self._successor.get(code.strip().upper())
        return self._places.get(current) if current else None

    def places(self, kind: PlaceKind | None = None) -> Iterator[Place]:
        """All places, or all of one kind, in code order."""
        for p in self._in_code_order:
            if kind is None or p.kind == kind:
                yield p

    def ancestors(self, code: str) -> list[Place]:
        """Nearest first: comune -> [province, region]; province -> [region]; region -> []."""
        out: list[Place] = []
        place = self.get(code)
        while place is not None and place.parent_code is not None:
            place = self._places.get(place.parent_code)
            if place is not None:
                out.append(place)
        return out

    def resolve(self, text: str) -> Resolution:
        """Turn what a person typed into a place, a short list to ask about, or nothing.

        Never raises: anything that is not a usable place name is ``not_found``. A failure
        inside the resolver is a bug, not an unknown place: it is logged with its traceback
        (and the person is asked again, rather than the conversation breaking).
        """
        try:
            return self._resolve(text)
        except Exception:
            log.exception("territory resolver failed on %r", text[:80])
            return NOT_FOUND

    # ---- resolution ------------------------------------------------------------------------------

    def _resolve(self, text: str) -> Resolution:
        if not isinstance(text, str) or len(text) > MAX_INPUT_LENGTH:
            return NOT_FOUND
        # Numbers are postcodes or street numbers ("20121 Milano"), never part of a comune name.
        q = " ".join(w for w in normalize(text).split() if not w.isdigit())
        if not q:
            return NOT_FOUND

        if len(q) == 2 and q in self._sigla:
            return self._bare_sigla(q)

        readings = self._readings(q)
        for reading in readings:
            for folded in (False, True):
                r = self._exact(reading, folded)
                if r is not None:
                    return r
        for reading in readings:
            r = self._prefix(reading)
            if r is not None:
                return r
        # Typos: a scoped reading ("brugerio mb") is more specific than the whole text.
        for reading in sorted(readings, key=lambda rd: not rd.scope):
            r = self._fuzzy_match(reading)
            if r is not None:
                return r
        return NOT_FOUND

    def _bare_sigla(self, q: str) -> Resolution:
        """"MI" alone is the province; "RE" is also the comune Re (VB), so ask."""
        province = self._places[self._sigla[q]]
        comuni = [self._places[e.code] for e in self._general.get(q, [])
                  if e.alias is None and self._places[e.code].kind == "comune"]
        if not comuni:
            return Resolution("found", place=province)
        return Resolution("ambiguous", candidates=tuple([province, *comuni][:MAX_CANDIDATES]))

    def _readings(self, q: str) -> list[_Reading]:
        """The interpretations of the text worth trying, most literal first.

        The whole text; the text without filler and kind markers ("vivo a ...",
        "provincia di ..."); then up to two trailing qualifiers peeled off, nearest the name
        first ("Milano (MI), Lombardia" -> "milano" in P-MI and in R-03).
        """
        readings = [_Reading(q, None, ())]
        stripped, kind = q, None
        for filler in _FILLER_PREFIXES:
            if stripped.startswith(filler + " "):
                stripped = stripped[len(filler) + 1:]
                break
        for suffix in _NOISE_SUFFIXES:
            if stripped.endswith(" " + suffix):
                stripped = stripped[: -len(suffix) - 1]
        for prefix, k in _KIND_PREFIXES:
            if stripped.startswith(prefix + " "):
                stripped, kind = stripped[len(prefix) + 1:], k
                break
        else:
            for suffix, k in _KIND_SUFFIXES:
                if stripped.endswith(" " + suffix):
                    stripped, kind = stripped[: -len(suffix) - 1], k
                    break
        if stripped and (stripped, kind) != (q, None):
            readings.append(_Reading(stripped, kind, ()))

        single = self._qualifier_splits(stripped.split())
        for head_tokens, scope in single:
            readings.append(_Reading(" ".join(head_tokens), kind, (scope,)))
        for head_tokens, scope in single:
            for inner_tokens, inner in self._qualifier_splits(head_tokens):
                if inner[0] != scope[0]:  # a province and a region, not two provinces
                    readings.append(_Reading(" ".join(inner_tokens), kind, (inner, scope)))
        return readings

    def _qualifier_splits(self, tokens: list[str]) -> list[tuple[list[str], Scope]]:
        """(name tokens, scope) for each way the last 1-4 words name a province or region."""
        out: list[tuple[list[str], Scope]] = []
        for n in range(min(4, len(tokens) - 1), 0, -1):
            tail = " ".join(tokens[-n:])
            head_tokens = tokens[:-n]
            while head_tokens and head_tokens[-1] in _QUALIFIER_GLUE:
                head_tokens = head_tokens[:-1]
            if not head_tokens:
                continue
            scopes: list[Scope] = []
            if n == 1 and tail in self._sigla:
                scopes.append(("P", self._sigla[tail]))
            if n == 1 and tail in self._former_siglas:
                scopes.append(("F", tail.upper()))
            scopes.extend(self._qualifier_keys.get(tail, []))
            out.extend((head_tokens, scope) for scope in dict.fromkeys(scopes))
        return out

    def _index_for(self, kind: PlaceKind | None, folded: bool) -> Index:
        if kind == "province":
            return self._province_folded if folded else self._province_idx
        if kind == "region":
            return self._region_folded if folded else self._region_idx
        return self._general_folded if folded else self._general

    def _exact(self, reading: _Reading, folded: bool) -> Resolution | None:
        key = _fold_saints(reading.head) if folded else reading.head
        entries = self._index_for(reading.kind, folded).get(key, [])
        return self._decide(self._filter(entries, reading))

    def _prefix(self, reading: _Reading) -> Resolution | None:
        """Whole-word completion: "Reggio" -> Reggio di Calabria / Reggio nell'Emilia."""
        if len(reading.head) < 3 or reading.kind in ("province", "region"):
            return None
        if reading.scope:  # "Castellammare NA": complete to a comune there, not to the scope
            reading = _Reading(reading.head, "comune", reading.scope)
        start = reading.head + " "
        i = bisect.bisect_left(self._prefix_keys, start)
        entries: list[_Entry] = []
        while i < len(self._prefix_keys) and self._prefix_keys[i].startswith(start):
            entries.extend(e for e in self._general[self._prefix_keys[i]] if e.alias is None)
            i += 1
        return self._decide(self._filter(entries, reading), completion=True)

    def _filter(self, entries: Iterable[_Entry], reading: _Reading) -> list[_Entry]:
        out = []
        for e in entries:
            place = self._places[e.code]
            if reading.kind is not None and place.kind != reading.kind:
                continue
            if not all(self._in_scope(place, e, scope) for scope in reading.scope):
                continue
            out.append(e)
        return out

    def _in_scope(self, place: Place, entry: _Entry, scope: Scope) -> bool:
        what, code = scope
        if what == "P":
            return (place.code == code or place.province_code == code
                    or (entry.old_sigla is not None and "P-" + entry.old_sigla == code))
        if what == "R":
            return place.region_code == code
        return self._former_sigla.get(place.code) == code or entry.old_sigla == code

    def _decide(self, entries: list[_Entry], *, completion: bool = False) -> Resolution | None:
        """From every entry a key reached, the answer: one place, a question, or nothing."""
        if not entries:
            return None
        strong = list(dict.fromkeys(e.code for e in entries if e.alias is None))
        historical = [e for e in entries if e.alias is not None]
        if strong:
            chosen = self._prefer([self._places[c] for c in strong])
            # An old name that is also a current name elsewhere ("Calliano", renamed in Asti,
            # still the name of a comune in Trentino): both are real answers, so ask.
            chosen += [self._places[c] for c in dict.fromkeys(e.code for e in historical)
                       if self._places[c] not in chosen]
            if len(chosen) == 1:
                return Resolution("found", place=chosen[0])
            if completion:
                chosen = self._order(chosen)
            return Resolution("ambiguous", candidates=tuple(chosen[:MAX_CANDIDATES]))
        codes = list(dict.fromkeys(e.code for e in historical))
        if len(codes) == 1:
            return Resolution("found", place=self._places[codes[0]],
                              matched_alias=historical[0].alias)
        return Resolution("ambiguous",
                          candidates=tuple(self._order([self._places[c] for c in codes])
                                           [:MAX_CANDIDATES]))

    def _prefer(self, places: list[Place]) -> list[Place]:
        """Same name, different kinds: which ones the person most likely meant.

        A comune beats a province of the same name ("Milano"); a region beats a province of the
        same name ("Valle d'Aosta": same territory); a region and a comune of the same name
        ("Molise") are both plausible, so both stay and the person is asked.
        """
        comuni = self._order([p for p in places if p.kind == "comune"])
        regions = [p for p in places if p.kind == "region"]
        provinces = self._order([p for p in places if p.kind == "province"])
        if regions:
            return regions + comuni
        if comuni:
            return comuni
        return provinces

    def _order(self, places: list[Place]) -> list[Place]:
        """Best first: provincial capitals, then shorter names, then by province."""
        return sorted(places, key=lambda p: (p.code not in self._capitals, len(p.name),
                                             p.province_sigla or "", p.name, p.code))

    # ---- typos -----------------------------------------------------------------------------------

    @staticmethod
    def _folded(index: Index) -> Index:
        out: Index = {}
        for key, entries in index.items():
            for e in entries:
                _add(out, _fold_saints(key), e)
        return out

    @staticmethod
    def _fuzzy_table(index: Index) -> tuple[list[str], list[list[_Entry]]]:
        keys = sorted(index)
        return keys, [index[k] for k in keys]

    def _fuzzy_match(self, reading: _Reading) -> Resolution | None:
        """Bounded edit distance, so "Milnao" is Milano but "ciao" is not a place.

        Up to 1 edit for 4-7 letters, 2 for 8-11, 3 beyond (a transposition counts as one):
        looser bounds turned frazioni into unrelated comuni ("Arbatax" -> "Barbata").  One place
        at the smallest distance is found; several equally close are asked about, except for
        short words where three or more one-letter neighbours mean the text is not a place.
        """
        query = _fold_saints(reading.head)
        letters = len(query.replace(" ", ""))
        if letters < 4:
            return None
        allowed = 1 if letters <= 7 else 2 if letters <= 11 else 3
        keys, entry_lists = self._fuzzy[reading.kind]
        hits = process.extract(query, keys, scorer=fuzz.ratio, score_cutoff=50, limit=40)
        best: dict[str, tuple[int, float, _Entry]] = {}
        for key, score, idx in hits:
            distance = OSA.distance(query, key)
            if distance > allowed:
                continue
            for e in self._filter(entry_lists[idx], reading):
                seen = best.get(e.code)
                if seen is None or (distance, -score) < (seen[0], -seen[1]):
                    best[e.code] = (distance, score, e)
        if not best:
            return None
        d1 = min(d for d, _, _ in best.values())
        top = [e for d, _, e in best.values() if d == d1]
        decided = self._decide(top)
        if decided is None or decided.status == "found":
            return decided
        if letters <= 5 and len(decided.candidates) > 2:  # "ciao": Cirò? Cino? Civo? No.
            return None
        ranked = sorted(best.values(), key=lambda t: (t[0], -t[1]))
        places = self._prefer(list(dict.fromkeys(self._places[e.code] for _, _, e in ranked)))
        places = list(dict.fromkeys([*decided.candidates, *places]))
        return Resolution("ambiguous", candidates=tuple(places[:MAX_CANDIDATES]))


def _name_parts(name: str) -> list[str]:
    """Parts of compound province names, so "provincia di Cesena" or "di Urbino" work."""
    if " e " in name:
        parts = name.split(" e ")
    elif "-" in name and " " not in name:
        parts = name.split("-")
    else:
        return []
    return [re.sub(r"^(della|del|dell'|di)\s+", "", p.strip()) for p in parts]


@functools.cache
def _load_cached(data_dir: Path) -> Gazetteer:
    return Gazetteer._from_dir(data_dir)
