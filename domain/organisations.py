"""Organisations' names: the key a name is compared by, and which known organisations a typed
name is likely to be.

Plain Python (stdlib + rapidfuzz): no aiogram, no database.

``name_key`` normalises like the territory names do (lowercase ASCII words) and drops the words
of an Italian legal form — "onlus", "odv", "aps", "ets", "srl"/"s.r.l.", "spa"/"s.p.a.", "snc",
"sas", "scarl", "coop", "impresa sociale", "cooperativa sociale" — so "Caritas Ambrosiana"
and "caritas ambrosiana onlus" have the same key. Words that name what an organisation is
("associazione", "fondazione", "comune", "cooperativa" alone) stay: "Fondazione Cariplo" is not
"Cariplo".

``match`` compares word by word, not the whole string: a word of five letters or more may have
one typo (two from nine letters), a shorter word none — so "Banco Alimentre" is "Banco
Alimentare", while "ACLI Milano" is not "ARCI Milano" and "Croce Rossa Monza" is not "Croce
Rossa Milano". A clear match is the same words (with those typos, in any order); a likely one
holds the typed words among its own (or the other way round) or is close as a whole: asked
about, never taken for granted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from domain.territory import normalize

#: Legal forms, as ``normalize`` leaves them ("S.r.l." -> "s r l"), longest first.
LEGAL_FORMS: tuple[str, ...] = (
    "societa cooperativa sociale", "cooperativa sociale", "impresa sociale",
    "s c a r l", "s c r l", "s r l s", "s r l", "s p a", "s n c", "s a s",
    "onlus", "odv", "aps", "ets", "srls", "srl", "spa", "snc", "sas", "scarl", "scrl", "coop",
)
_LEGAL = re.compile(r"\b(?:" + "|".join(re.escape(form) for form in LEGAL_FORMS) + r")\b")
#: How many organisations a typed name is shown at most.
MAX_CANDIDATES = 5
#: How close two names must be as a whole (token sort ratio) to be asked about.
LIKELY_SCORE = 85


def name_key(name: str) -> str:
    """The name as matching sees it: normalised, without its legal form (unless nothing else
    is left: "Onlus" stays "onlus")."""
    key = normalize(name)
    stripped = " ".join(_LEGAL.sub(" ", key).split())
    return stripped or key


def _word_close(a: str, b: str) -> bool:
    if a == b:
        return True
    shortest = min(len(a), len(b))
    if shortest < 5:
        return False
    return OSA.distance(a, b) <= (1 if shortest < 9 else 2)


def _covered(words: list[str], others: list[str]) -> bool:
    """Each of ``words`` is close to a different one of ``others``."""
    free = list(others)
    for word in words:
        found = next((i for i, other in enumerate(free) if _word_close(word, other)), None)
        if found is None:
            return False
        free.pop(found)
    return True


def _clear(typed: str, key: str) -> bool:
    if typed == key or typed.replace(" ", "") == key.replace(" ", ""):
        return True
    a, b = typed.split(), key.split()
    return len(a) == len(b) and _covered(a, b)


def _likely(typed: str, key: str) -> bool:
    a, b = typed.split(), key.split()
    if not a or not b:
        return False
    return (_covered(a, b) or _covered(b, a)
            or fuzz.token_sort_ratio(typed, key) >= LIKELY_SCORE)


@dataclass(frozen=True, slots=True)
class Match:
    """``one``: a single clear match (``ids[0]``); ``several``: organisations to ask about,
    best first; ``none``: nothing like it."""

    status: Literal["one", "several", "none"]
    ids: tuple[int, ...]


def match(typed: str, candidates: Sequence[tuple[int, str]]) -> Match:
    """Which of ``candidates`` — (id, name_key) — the typed name likely names, best first."""
    key = name_key(typed)
    clear = [i for i, other in candidates if _clear(key, other)]
    if len(clear) == 1:
        return Match("one", (clear[0],))
    likely = [(i, other) for i, other in candidates if i not in clear and _likely(key, other)]
    likely.sort(key=lambda pair: -fuzz.token_sort_ratio(key, pair[1]))
    ids = (*clear, *(i for i, _other in likely))[:MAX_CANDIDATES]
    return Match("several", ids) if ids else Match("none", ())


MAX_DESCRIPTION = 280
MAX_WEBSITE = 200
_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def clean_description(text: str | None) -> str | None:
    """A description of 1–280 characters, spaces folded; None if unusable."""
    if not text or text.startswith("/"):
        return None
    description = " ".join(text.split())
    return description if 1 <= len(description) <= MAX_DESCRIPTION else None


def clean_website(text: str | None) -> str | None:
    """An http(s) address of a real-looking host, at most 200 characters ("www.x.it" gets
    "https://"); None if unusable."""
    if not text:
        return None
    url = text.strip()
    if any(c.isspace() for c in url) or len(url) > MAX_WEBSITE:
        return None
    if "://" not in url:
        url = "https://" + url
    scheme, _sep, rest = url.partition("://")
    if scheme.lower() not in ("http", "https"):
        return None
    host = re.split(r"[/?#]", rest, maxsplit=1)[0].lower()
    if "@" in host or not _HOST.match(host.split(":")[0]):
        return None
    return url if len(url) <= MAX_WEBSITE else None
