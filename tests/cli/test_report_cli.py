"""`cohesion report`: the impact report of a territory or a team as the PDF the chat sends,
and the figures of a small world (``tests/helpers/export_world.py``, worked out by hand) the
same in the PDF (read back with a PDF text extractor) and in the export's CSV files."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from storage.db import create_engine, create_session_factory
from storage.models import NeedEvent
from storage.uow import UnitOfWork
from tests.conftest import T0
from tests.helpers.export_world import ExportWorld, at, build


async def _build(url: str) -> ExportWorld:
    engine = create_engine(url)
    try:
        async with UnitOfWork(create_session_factory(engine)) as uow:
            world = await build(uow, T0)
            # Anna's 4 parcels delivered on 10 October, as the delivery service records it.
            uow.session.add(NeedEvent(need_id=world.needs["n1"], at=at("2026-10-10"), by=None,
                                      kind="delivered", details=json.dumps(
                                          {"pledge": world.pledges["p1"], "quantity": "4"})))
            await uow.commit()
            return world
    finally:
        await engine.dispose()


def pdf_lines(path: Path) -> list[str]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]


def cells_after(lines: list[str], label: str) -> list[str]:
    """A summary row of the PDF: the cells of this period and the period before."""
    index = lines.index(label)
    return lines[index + 1:index + 3]


def csv_rows(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    text = archive.read(name).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_the_pdf_and_the_csv_files_say_the_same(cli: Any, sqlite_url: str,
                                                tmp_path: Path) -> None:
    asyncio.run(_build(sqlite_url))
    pdf, archive_path = tmp_path / "lombardia.pdf", tmp_path / "lombardia.zip"
    code, out, err = cli("report", "--territory", "Lombardia", "--from", "2026-10-01",
                         "--to", "2026-10-31", "--lang", "it", "-o", str(pdf))
    assert (code, err) == (0, "")
    assert "Lombardia (regione), 2026-10-01 to 2026-10-31, 2 team(s)" in out
    assert cli("export", "--territory", "Lombardia", "--from", "2026-10-01", "--to",
               "2026-10-31", "-o", str(archive_path))[0] == 0
    lines = pdf_lines(pdf)
    assert lines[0].startswith("Rapporto di impatto – Lombardia (regione)")
    with zipfile.ZipFile(archive_path) as archive:
        needs = csv_rows(archive, "needs.csv")
        pledges = csv_rows(archive, "pledges.csv")
        tables = csv_rows(archive, "tables.csv")
    # Needs posted in October: N1 (Milano, 5 Oct) and N5 (Bergamo, 12 Oct); in September
    # (the period before): N2 (20 Sep) and N3 (1 Sep).
    posted = [n for n in needs if n["posted_on"].startswith("2026-10")]
    assert len(posted) == 2
    assert cells_after(lines, "Bisogni pubblicati") == ["2", "2"]
    # Tables held in October: T1 (T2 was cancelled).
    held = [t for t in tables if t["status"] == "scheduled"]
    assert len(held) == 1
    assert cells_after(lines, "Tavoli svolti") == ["1", "0"]
    # Parcels delivered: Anna's 4 (p1), the only delivery.
    delivered = sum(float(p["delivered"].replace(",", ".")) for p in pledges
                    if p["unit"] == "parcels")
    assert delivered == 4
    # Its value: 4 parcels × 12.50 € declared by N1 = 50 €, the whole social value.
    assert cells_after(lines, "Valore sociale (stima)") == ["50,00 €", "0,00 €"]
    assert any("stima" in line for line in lines) and any("Manuale ILO" in line
                                                          for line in lines)


def test_a_team_in_english_and_clear_errors(cli: Any, sqlite_url: str, tmp_path: Path) -> None:
    world = asyncio.run(_build(sqlite_url))
    pdf = tmp_path / "milano.pdf"
    code, out, err = cli("report", "--team", str(world.milano), "--from", "2026-10-01",
                         "--to", "2026-10-31", "--lang", "en", "-o", str(pdf))
    assert (code, err) == (0, "")
    lines = pdf_lines(pdf)
    assert lines[0].startswith("Impact report – Cohesion Makers Milano")
    assert cells_after(lines, "Needs posted") == ["1", "2"]  # N1; N2 and N3 in September
    for args, said in ((("--team", "999"), "no team 999"),
                       (("--territory", "Atlantide"), "no territory matches"),
                       (("--team", str(world.milano), "--to", "2026-09-01"),
                        "--to must not be before --from")):
        extra = ("--to", "2026-10-31") if "--to" not in args else ()
        code, _, err = cli("report", "--from", "2026-10-01", *args, *extra, "-o",
                           str(tmp_path / "x.pdf"))
        assert code == 2 and said in err, (args, err)
    assert not (tmp_path / "x.pdf").exists()
