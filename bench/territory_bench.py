#!/usr/bin/env python3
"""Benchmark of the territory resolver on what people really type.

Why: onboarding asks every member where they live, in free text.  This measures how often the
resolver gets it right (or asks the right question) and how long it takes, on a fixed list of
realistic inputs: typos, abbreviations, saints, English names, ambiguous names, provinces,
regions, a trailing province code, names of merged comuni, and garbage.

    python bench/territory_bench.py            # from the repo root (or anywhere)
    python bench/territory_bench.py --repeats 50

Targets: accuracy (right place found, or asked with the right place among the options)
>= 95 %, and p95 latency of one ``resolve`` < 15 ms.  Exit status 1 when a target is missed.
Importable: ``run_benchmark()`` returns the figures, ``main()`` prints them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from domain.territory import Gazetteer, Resolution  # noqa: E402

Expected = Literal["found", "asked", "not_found"]

ACCURACY_TARGET = 95.0  # percent
P95_TARGET_MS = 15.0

#: (what the person types, expected outcome, the right code or None for garbage)
CASES: list[tuple[str, Expected, str | None]] = [
    # plain names, case, accents, apostrophes
    ("Milano", "found", "F205"),
    ("ROMA", "found", "H501"),
    ("torino", "found", "L219"),
    ("forli", "found", "D704"),
    ("Forlì", "found", "D704"),
    ("cantu'", "found", "B639"),
    ("Città di Castello", "found", "C745"),
    ("Sant'Agata de Goti", "found", "I197"),
    ("Bagno a Ripoli", "found", "A564"),
    ("Rho", "found", "H264"),
    # bilingual names
    ("Bolzano/Bozen", "found", "A952"),
    ("Bozen", "found", "A952"),
    ("Sgonico Zgonik", "found", "I715"),
    ("Aoste", "found", "A326"),
    # saints and abbreviations
    ("S. Angelo Lodigiano", "found", "I274"),
    ("S.Giovanni Rotondo", "found", "H926"),
    ("S.ta Margherita Ligure", "found", "I225"),
    ("SS. Cosma e Damiano", "found", "I339"),
    ("St. Vincent", "found", "H676"),
    ("Sesto S. Giovanni", "found", "I690"),
    # common short forms
    ("Reggio Emilia", "found", "H223"),
    ("Reggio Calabria", "found", "H224"),
    ("San Remo", "found", "I138"),
    ("Montecatini Terme", "found", "A561"),
    ("Sotto il Monte", "found", "I869"),
    ("20121 Milano", "found", "F205"),
    # English names
    ("Milan", "found", "F205"),
    ("Turin", "found", "L219"),
    ("Venice", "found", "L736"),
    ("Florence", "found", "D612"),
    ("Rome", "found", "H501"),
    ("Naples", "found", "F839"),
    ("Genoa", "found", "D969"),
    ("Padua", "found", "G224"),
    ("Mantua", "found", "E897"),
    ("Leghorn", "found", "E625"),
    ("Syracuse", "found", "I754"),
    # typos
    ("Milnao", "found", "F205"),
    ("Bergmo", "found", "A794"),
    ("Fiernze", "found", "D612"),
    ("Brugerio", "found", "B212"),
    ("Sesto San Giovani", "found", "I690"),
    ("Castelfranco Emlia", "found", "C107"),
    ("Moncaliri", "found", "F335"),
    ("Vicensa", "found", "L840"),
    ("Caltanisetta", "found", "B429"),
    ("Palerrmo", "found", "G273"),
    ("Pordenon", "found", "G888"),
    ("Agrigeto", "found", "A089"),
    ("Cinisello Balsmo", "found", "C707"),
    # trailing province code or name
    ("brugherio mb", "found", "B212"),
    ("Samone (TO)", "found", "H753"),
    ("Samone TN", "found", "H754"),
    ("Castro (LE)", "found", "M261"),
    ("Castro, Bergamo", "found", "C337"),
    ("Gorgonzola MI", "found", "E094"),
    ("Peglio provincia di Pesaro", "found", "G416"),
    ("San Teodoro, Sicilia", "found", "I328"),
    ("Brugerio MB", "found", "B212"),
    # provinces
    ("provincia di milano", "found", "P-MI"),
    ("Provincia di Monza", "found", "P-MB"),
    ("Monza e Brianza", "found", "P-MB"),
    ("province of Turin", "found", "P-TO"),
    ("città metropolitana di Roma", "found", "P-RM"),
    ("Alto Adige", "found", "P-BZ"),
    ("Pesaro Urbino", "found", "P-PU"),
    ("Forlì-Cesena", "found", "P-FC"),
    ("Medio Campidano", "found", "P-VS"),
    ("Gallura", "found", "P-OT"),
    ("MI", "found", "P-MI"),
    # regions
    ("Lombardia", "found", "R-03"),
    ("regione Puglia", "found", "R-16"),
    ("Valle d'Aosta", "found", "R-02"),
    ("Emilia Romagna", "found", "R-08"),
    ("Friuli Venezia Giulia", "found", "R-06"),
    ("Lombardy", "found", "R-03"),
    ("Piedmont", "found", "R-01"),
    ("Tuscany", "found", "R-09"),
    ("Sardinia", "found", "R-20"),
    ("Sicily", "found", "R-19"),
    ("Apulia", "found", "R-16"),
    ("Aosta Valley", "found", "R-02"),
    ("Trentino-South Tyrol", "found", "R-04"),
    # old names of merged or renamed comuni
    ("Lirio", "found", "F417"),
    ("Castegnero", "found", "M439"),
    ("Nanto", "found", "M439"),
    ("Tripi", "found", "L431"),
    ("Murisengo", "found", "F814"),
    ("Ionadi", "found", "E321"),
    ("Quero", "found", "M437"),
    ("Vighizzolo d'Este", "found", "M438"),
    ("Bazzano", "found", "M320"),
    ("Carbonia SU", "found", "B745"),
    # ambiguous: the person must be asked
    ("Samone", "asked", "H753"),
    ("Castro", "asked", "M261"),
    ("Reggio", "asked", "H223"),
    ("Peglio", "asked", "G415"),
    ("San Teodoro", "asked", "I329"),
    ("Calliano", "asked", "B418"),
    ("Molise", "asked", "R-14"),
    ("Cortina", "asked", "A266"),
    ("Montecatini", "asked", "A561"),
    ("Atsi", "asked", "A479"),
    ("Sud Sardegna", "asked", "P-CI"),
    # garbage
    ("", "not_found", None),
    ("   ", "not_found", None),
    ("asdfghjkl", "not_found", None),
    ("ciao", "not_found", None),
    ("12345", "not_found", None),
    ("!!!", "not_found", None),
    ("New York", "not_found", None),
    ("Berlin", "not_found", None),
    ("x" * 150, "not_found", None),
    ("Vorrei iscrivermi al gruppo della mia città per dare una mano", "not_found", None),
]


@dataclass
class BenchResult:
    """The figures of one run; ``passed`` says whether both targets were met."""

    cases: int
    correct: int
    accuracy: float  # percent, correct-or-correctly-asked
    exact: int  # outcomes of exactly the expected form
    latencies_ms: list[float] = field(repr=False)
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    max_ms: float = 0.0
    load_ms: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.accuracy >= ACCURACY_TARGET and self.p95_ms < P95_TARGET_MS


def judge(result: Resolution, expected: Expected, code: str | None) -> tuple[bool, bool]:
    """(correct, exactly as expected).

    A "found" case answered with a question that offers the right place is still correct: the
    person taps it.  An "asked" case answered with a single place is wrong even if that place is
    one of the right ones: it is a silent guess between real places.
    """
    offered = {p.code for p in result.candidates}
    if expected == "not_found":
        ok = result.status == "not_found"
        return ok, ok
    if expected == "found":
        exact = result.status == "found" and result.place is not None and result.place.code == code
        return exact or (result.status == "ambiguous" and code in offered), exact
    ok = result.status == "ambiguous" and code in offered
    return ok, ok


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def run_benchmark(repeats: int = 20, gazetteer: Gazetteer | None = None) -> BenchResult:
    """Resolve every case ``repeats`` times; accuracy from the first pass, latency from all."""
    start = time.perf_counter()
    gz = gazetteer or Gazetteer.load()
    load_ms = (time.perf_counter() - start) * 1000
    correct = exact = 0
    failures: list[str] = []
    for text, expected, code in CASES:
        result = gz.resolve(text)
        ok, is_exact = judge(result, expected, code)
        correct += ok
        exact += is_exact
        if not ok:
            got = (result.place.code if result.place else
                   ",".join(p.code for p in result.candidates) or "-")
            failures.append(f"{text[:40]!r}: expected {expected} {code}, got {result.status} {got}")
    latencies: list[float] = []
    for _ in range(repeats):
        for text, _expected, _code in CASES:
            t0 = time.perf_counter()
            gz.resolve(text)
            latencies.append((time.perf_counter() - t0) * 1000)
    return BenchResult(
        cases=len(CASES), correct=correct, accuracy=100.0 * correct / len(CASES), exact=exact,
        latencies_ms=latencies, p50_ms=statistics.median(latencies),
        p95_ms=_percentile(latencies, 0.95), max_ms=max(latencies), load_ms=load_ms,
        failures=failures,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark of domain.territory.resolve")
    parser.add_argument("--repeats", type=int, default=20, help="timing passes over the cases")
    args = parser.parse_args(argv)
    r = run_benchmark(repeats=max(1, args.repeats))
    print(f"territory resolver: {r.cases} typed inputs, {args.repeats} timing passes")
    print(f"  accuracy   {r.accuracy:5.1f} %  ({r.correct}/{r.cases} correct or correctly asked; "
          f"{r.exact} exactly as expected)   target >= {ACCURACY_TARGET:.0f} %")
    print(f"  latency    p50 {r.p50_ms:.3f} ms   p95 {r.p95_ms:.3f} ms   max {r.max_ms:.3f} ms"
          f"   target p95 < {P95_TARGET_MS:.0f} ms")
    print(f"  load       {r.load_ms:.0f} ms (first Gazetteer.load in this process)")
    for failure in r.failures:
        print(f"  MISS {failure}")
    print("PASS" if r.passed else "FAIL: a target was missed")
    return 0 if r.passed else 1


if __name__ == "__main__":
    sys.exit(main())
