"""`cohesion export`: the ZIP of a territory (by name) or a team over the days given, written
atomically where -o says; the separator and the README's language as asked; clear errors."""

from __future__ import annotations

import asyncio
import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from bot.services.impact.export import FILES
from storage.db import create_engine, create_session_factory
from storage.uow import UnitOfWork
from tests.conftest import T0
from tests.helpers.export_world import PEOPLE, ExportWorld, build


async def _build(url: str) -> ExportWorld:
    engine = create_engine(url)
    try:
        async with UnitOfWork(create_session_factory(engine)) as uow:
            return await build(uow, T0)
    finally:
        await engine.dispose()


def test_a_region_by_name_and_a_team_by_id(cli: Any, sqlite_url: str, tmp_path: Path) -> None:
    world = asyncio.run(_build(sqlite_url))
    target = tmp_path / "lombardia.zip"
    code, out, err = cli("export", "--territory", "Lombardia", "--from", "2026-10-01",
                         "--to", "2026-10-31", "-o", str(target))
    assert (code, err) == (0, "")
    assert "Lombardia (regione), 2026-10-01 to 2026-10-31, separator ';'" in out
    assert "needs.csv 3, pledges.csv 5, tables.csv 2, assessments.csv 2, teams.csv 2" in out
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None and archive.namelist() == list(FILES)
        readme = archive.read("README.txt").decode("utf-8-sig")
        teams = archive.read("teams.csv").decode("utf-8-sig")
        everything = b"".join(archive.read(n) for n in FILES).decode("utf-8-sig")
    assert "Ambito: Lombardia (regione)" in readme
    assert [row[1] for row in csv.reader(io.StringIO(teams), delimiter=";")][1:] == [
        "Cohesion Makers Milano", "Cohesion Makers Bergamo"]
    assert not any(str(i) in everything or n in everything for i, n in PEOPLE.items())
    assert not list(tmp_path.glob("*.partial"))

    english = tmp_path / "milano.zip"
    code, out, _ = cli("export", "--team", str(world.milano), "--from", "2026-10-01",
                       "--to", "2026-10-31", "--sep", ",", "--lang", "en", "-o", str(english))
    assert code == 0 and "Cohesion Makers Milano" in out and "separator ','" in out
    with zipfile.ZipFile(english) as archive:
        assert archive.read("needs.csv").startswith(b"\xef\xbb\xbfneed_id,team_id,")
        assert "Scope: Cohesion Makers Milano" in archive.read("README.txt").decode("utf-8-sig")


@pytest.mark.parametrize(("args", "message"), [
    (["--territory", "Atlantide", "--from", "2026-10-01", "--to", "2026-10-31"],
     "no territory matches 'Atlantide'"),
    (["--team", "999", "--from", "2026-10-01", "--to", "2026-10-31"], "no team 999"),
    (["--territory", "R-03", "--from", "1/10/2026", "--to", "2026-10-31"],
     "--from takes a day like 2026-03-01"),
    (["--territory", "R-03", "--from", "2026-10-31", "--to", "2026-10-01"],
     "--to must not be before --from"),
])
def test_bad_arguments_get_clear_errors(cli: Any, tmp_path: Path, args: list[str],
                                        message: str) -> None:
    target = tmp_path / "out.zip"
    code, _, err = cli("export", *args, "-o", str(target))
    assert code == 2 and message in err
    assert not target.exists() and not list(tmp_path.glob("*.partial"))
