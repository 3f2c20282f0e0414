"""The export's ZIP on SQLite and PostgreSQL: the CSVs read back equal the figures worked out by
hand in tests/helpers/export_world.py; UTF-8 with a BOM, ";" with decimal commas and "," with
points; who may export what; and nobody in it — every cell of every file and the README are
scanned for each person's Telegram id, name and a citizen's organisation."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from bot.i18n import speak
from bot.services.impact import export
from bot.services.impact.export import COLUMNS, FILES, ExportScope, ExportSummary
from bot.services.roles import NotAllowed
from bot.ui.texts import export as texts
from domain.export import DELETED_MEMBER, Dialect, place_kind, pseudonym, rome_day
from domain.period import Period
from storage.uow import UnitOfWork
from tests.conftest import Clock
from tests.helpers.export_world import (
    ADMIN,
    ANNA,
    BRUNO,
    CITIZEN_ORGANISATION,
    COMPANY,
    DESIGNER,
    NPO,
    OBSERVER,
    OCTOBER,
    PEOPLE,
    STRANGER,
    TABLE_ADDRESS,
    ExportWorld,
    build,
)

SECRET = b"test-secret"
BOM = b"\xef\xbb\xbf"


async def make(uow_factory: Callable[[], UnitOfWork], clock: Clock, *, telegram_id: int,
               kind: str, key: str, separator: str = ";", language: str = "it",
               secret: bytes = SECRET, period: Period = OCTOBER
               ) -> tuple[dict[str, bytes], ExportSummary]:
    out = io.BytesIO()
    async with uow_factory() as uow:
        scope = await export.scope_for(uow, telegram_id=telegram_id, kind=kind, key=key)
        with speak(language):
            summary = await export.write_export(
                uow, out, scope=scope, period=period, now=clock(), language=language,
                dialect=Dialect(separator), secret=secret,  # type: ignore[arg-type]
                readme=lambda s: texts.readme(s, "Cohesion Makers Milano"))
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}, summary


def table(files: dict[str, bytes], name: str, separator: str = ";") -> list[dict[str, str]]:
    raw = files[name]
    assert raw.startswith(BOM), f"{name} has no BOM"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""),
                           delimiter=separator))
    assert tuple(rows[0]) == COLUMNS[name]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture
async def world(uow_factory: Callable[[], UnitOfWork], clock: Clock) -> ExportWorld:
    async with uow_factory() as uow:
        return await build(uow, clock())


async def test_the_team_export_holds_the_figures_worked_out_by_hand(
        world: ExportWorld, uow_factory: Callable[[], UnitOfWork], clock: Clock) -> None:
    files, summary = await make(uow_factory, clock, telegram_id=DESIGNER, kind="team",
                                key=str(world.milano))
    assert list(files) == list(FILES)
    assert summary.rows == {"needs.csv": 2, "pledges.csv": 4, "tables.csv": 2,
                            "assessments.csv": 2, "teams.csv": 1}

    n1, n2 = table(files, "needs.csv")
    assert n1 == {
        "need_id": str(world.needs["n1"]), "team_id": str(world.milano),
        "team": "Cohesion Makers Milano", "territory_code": "F205", "territory": "Milano",
        "category": "food", "resource": "goods", "unit": "parcels", "target": "10",
        "pledged": "10", "delivered": "4", "status": "covered", "urgency": "normal",
        "posted_on": "2026-10-05", "first_pledge_on": "2026-10-07", "covered_on": "2026-10-08",
        "closed_on": "", "days_to_first_pledge": "1,5", "days_to_coverage": "3",
        "unit_value_eur": "12,5", "from_table": str(world.tables["t1"])}
    assert (n2["need_id"], n2["posted_on"], n2["status"], n2["unit"], n2["pledged"],
            n2["days_to_first_pledge"], n2["from_table"]) == (
        str(world.needs["n2"]), "2026-09-20", "open", "hours", "6", "1", "")

    p1, p2, p3, p5 = table(files, "pledges.csv")
    assert [p["pledge_id"] for p in (p1, p2, p3, p5)] == [
        str(world.pledges[k]) for k in ("p1", "p2", "p3", "p5")]
    assert p1 | {"giver": ""} == {
        "pledge_id": str(world.pledges["p1"]), "need_id": str(world.needs["n1"]),
        "team_id": str(world.milano), "giver": "", "giver_actor_type": "citizen",
        "organisation": "", "quantity": "4", "unit": "parcels", "delivered": "4",
        "status": "delivered", "pledged_on": "2026-10-07", "last_change_on": "2026-10-10"}
    assert p1["giver"] == pseudonym(ANNA, SECRET)
    assert (p2["giver"], p2["giver_actor_type"], p2["organisation"]) == (
        pseudonym(BRUNO, SECRET), "npo", NPO)
    assert (p3["giver"], p3["giver_actor_type"], p3["organisation"], p3["quantity"]) == (
        DELETED_MEMBER, "", "", "2,5")
    assert (p5["giver_actor_type"], p5["organisation"], p5["quantity"], p5["unit"]) == (
        "company", COMPANY, "3,5", "hours")

    t1, t2 = table(files, "tables.csv")
    assert t1 == {"table_id": str(world.tables["t1"]), "team_id": str(world.milano),
                  "team": "Cohesion Makers Milano", "date": "2026-10-15",
                  "status": "scheduled", "place_kind": "in_person", "yes": "2", "no": "1",
                  "maybe": "1", "attendance": "3", "decisions": "2",
                  "needs_from_decisions": "1"}
    assert (t2["date"], t2["status"], t2["place_kind"], t2["yes"], t2["attendance"],
            t2["decisions"]) == ("2026-10-22", "cancelled", "online", "0", "", "")

    reading, networking = table(files, "assessments.csv")
    assert reading == {"competence": "reading_needs",
                       "competence_name": "Leggere i bisogni del territorio", "runs": "4",
                       "people": "4", "mean_score": "3,25", "retakers": "3",
                       "mean_change": "1"}
    # One person: their own score is not shown as a mean.
    assert networking == {"competence": "networking",
                          "competence_name": "Fare rete tra settori", "runs": "1",
                          "people": "1", "mean_score": "", "retakers": "0", "mean_change": ""}

    [team] = table(files, "teams.csv")
    assert team == {"team_id": str(world.milano), "team": "Cohesion Makers Milano",
                    "territory_code": "F205", "territory": "Milano", "members": "4",
                    "designers": "1", "live_needs": "3", "coverage_index": "0,433",
                    "needs_posted": "1"}


async def test_commas_write_decimal_points_and_english_names(
        world: ExportWorld, uow_factory: Callable[[], UnitOfWork], clock: Clock) -> None:
    files, _ = await make(uow_factory, clock, telegram_id=DESIGNER, kind="team",
                          key=str(world.milano), separator=",", language="en")
    assert files["needs.csv"].startswith(BOM + b"need_id,team_id,")
    n1 = table(files, "needs.csv", ",")[0]
    assert (n1["days_to_first_pledge"], n1["unit_value_eur"]) == ("1.5", "12.5")
    assert table(files, "pledges.csv", ",")[2]["quantity"] == "2.5"
    reading = table(files, "assessments.csv", ",")[0]
    assert (reading["competence_name"], reading["mean_score"]) == ("Reading local needs",
                                                                   "3.25")
    assert table(files, "teams.csv", ",")[0]["coverage_index"] == "0.433"
    readme = files["README.txt"].decode("utf-8-sig")
    assert "Period: from October 1, 2026 to October 31, 2026" in readme
    assert "separated by comma (,)" in readme


async def test_an_observer_exports_every_team_of_the_region_and_nothing_outside(
        world: ExportWorld, uow_factory: Callable[[], UnitOfWork], clock: Clock) -> None:
    files, summary = await make(uow_factory, clock, telegram_id=OBSERVER, kind="place",
                                key="R-03")
    assert summary.scope.team_ids == (world.milano, world.bergamo)
    needs = [row["need_id"] for row in table(files, "needs.csv")]
    assert needs == [str(world.needs[k]) for k in ("n1", "n2", "n5")]
    assert [row["team"] for row in table(files, "teams.csv")] == [
        "Cohesion Makers Milano", "Cohesion Makers Bergamo"]
    assert len(table(files, "pledges.csv")) == 5  # Milano's four and Bruno's to Bergamo
    readme = files["README.txt"].decode("utf-8-sig")
    assert "Periodo: dal 1 ottobre 2026 al 31 ottobre 2026" in readme
    assert "needs.csv (3)" in readme


async def test_who_may_export_what(world: ExportWorld, uow_factory: Callable[[], UnitOfWork]
                                   ) -> None:
    async with uow_factory() as uow:
        for telegram_id, kind, key in ((DESIGNER, "team", str(world.bergamo)),
                                       (DESIGNER, "place", "R-03"),
                                       (OBSERVER, "place", "R-12"),
                                       (OBSERVER, "team", str(world.roma)),
                                       (STRANGER, "team", str(world.milano)),
                                       (DESIGNER, "all", "all")):
            with pytest.raises(NotAllowed):
                await export.scope_for(uow, telegram_id=telegram_id, kind=kind, key=key)
        anywhere = await export.scope_for(uow, telegram_id=ADMIN, kind="all", key="all")
        roma = await export.scope_for(uow, telegram_id=ADMIN, kind="team", key=str(world.roma))
        lazio = await export.scope_for(uow, telegram_id=ADMIN, kind="place", key="R-12")
        assert [s.kind for s in await export.scopes_of(uow, telegram_id=ADMIN)] == ["all"]
        assert await export.scopes_of(uow, telegram_id=STRANGER) == []
    assert anywhere == ExportScope("all", "all", "", None)
    assert roma.team_ids == (world.roma,) and lazio.team_ids == (world.roma,)


async def test_the_export_names_nobody_in_any_cell(
        world: ExportWorld, uow_factory: Callable[[], UnitOfWork], clock: Clock) -> None:
    forbidden = [str(telegram_id) for telegram_id in PEOPLE] + list(PEOPLE.values()) + [
        CITIZEN_ORGANISATION, TABLE_ADDRESS, "Raccolta alimentare", "meet.google"]
    for separator, language in ((";", "it"), (",", "en")):
        files, _ = await make(uow_factory, clock, telegram_id=ADMIN, kind="all", key="all",
                              separator=separator, language=language)
        cells = [("README.txt", line) for line in
                 files["README.txt"].decode("utf-8-sig").splitlines()]
        for name in COLUMNS:
            cells += [(name, cell) for row in table(files, name, separator) for cell in
                      row.values()]
        assert len(cells) > 150
        for name, cell in cells:
            for word in forbidden:
                assert word not in cell, f"{word!r} in {name}: {cell!r}"
        # What may be there is: the organisations their non-citizen members stated.
        assert {cell for _, cell in cells} >= {NPO, COMPANY, DELETED_MEMBER}


async def test_pseudonyms_are_stable_and_differ_between_people(
        world: ExportWorld, uow_factory: Callable[[], UnitOfWork], clock: Clock) -> None:
    def givers(files: dict[str, bytes]) -> dict[str, str]:
        return {row["pledge_id"]: row["giver"] for row in table(files, "pledges.csv")}

    first, _ = await make(uow_factory, clock, telegram_id=DESIGNER, kind="team",
                          key=str(world.milano))
    clock.now = clock.now.replace(day=27)
    again, _ = await make(uow_factory, clock, telegram_id=OBSERVER, kind="place", key="R-03",
                          period=Period(date(2026, 9, 1), date(2026, 10, 31)))
    other_key, _ = await make(uow_factory, clock, telegram_id=DESIGNER, kind="team",
                              key=str(world.milano), secret=b"another secret")
    before, after = givers(first), givers(again)
    assert all(after[pledge] == giver for pledge, giver in before.items())
    p = world.pledges
    assert after[str(p["p4"])] == after[str(p["p5"])]  # Carla's two pledges: one pseudonym
    people = {after[str(p[k])] for k in ("p1", "p2", "p5")}
    assert len(people) == 3 and all(g.startswith("P-") and len(g) == 12 for g in people)
    assert givers(other_key)[str(p["p1"])] != before[str(p["p1"])]


async def test_an_empty_period_gives_headers_only(
        world: ExportWorld, uow_factory: Callable[[], UnitOfWork], clock: Clock) -> None:
    files, summary = await make(uow_factory, clock, telegram_id=DESIGNER, kind="team",
                                key=str(world.milano),
                                period=Period(date(2025, 1, 1), date(2025, 1, 31)))
    assert summary.rows["needs.csv"] == 0 and summary.rows["pledges.csv"] == 0
    assert files["needs.csv"] == BOM + (";".join(COLUMNS["needs.csv"]) + "\r\n").encode()
    assert summary.rows["teams.csv"] == 1


def test_cells_are_written_for_the_spreadsheet() -> None:
    semicolon, comma = Dialect(";"), Dialect(",")
    assert [semicolon.number(v) for v in (10, 2.5, 0.1 + 0.2, None)] == [
        "10", "2,5", "0,3", ""]
    assert comma.number(1234567.891, 2) == "1234567.89"
    assert place_kind("https://zoom.us/j/1") == "online"
    assert place_kind("Online su Teams") == "online"
    assert place_kind("Piazza Duomo, Milano") == "in_person"
    assert pseudonym(None, SECRET) == DELETED_MEMBER
    assert pseudonym(42, SECRET) == "P-" + hmac.new(SECRET, b"42", hashlib.sha256).hexdigest()[:10]
    # Rome days across the end of summer time (25 October 2026, 01:00 UTC).
    assert [rome_day(datetime(2026, 10, day, hour, minute, tzinfo=UTC))
            for day, hour, minute in ((24, 21, 59), (24, 22, 0), (25, 22, 59), (25, 23, 0))] == [
        "2026-10-24", "2026-10-25", "2026-10-25", "2026-10-26"]
    assert pseudonym(1, SECRET) != pseudonym(2, SECRET)
    assert export.file_name("Provincia di Milano – Lombardia", OCTOBER) == (
        "export_provincia-di-milano-lombardia_20261001-20261031.zip")


def test_every_column_is_described_in_the_readme() -> None:
    assert set(texts.COLUMN_DESCRIPTIONS) == set(COLUMNS)
    for name, columns in COLUMNS.items():
        assert list(texts.COLUMN_DESCRIPTIONS[name]) == list(columns), name
