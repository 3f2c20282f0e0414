#!/usr/bin/env python3
"""Impact and governance at scale: /overview, its PDF, /export and the weekly digests.

The world (``impact_data.py``, seeded): the needs benchmark's 100,000 members, 2,000 teams,
5,000 needs and 200,000 pledges, grown to a year — the needs' event history, actor types,
every team's group linked, 200 observers, assessments for a fifth of the members (a third
retaken), training, a year of tables (24,000, with answers and minutes) and expert hours —
written into a fresh database, SQLite and then PostgreSQL. Then, as the bot runs them, for
Lombardy's observer over the last 365 days (Rome days):

- **/overview to the text**: ``bot.services.impact.report_of`` (the period and the one before,
  with the territory's rankings) in one unit of work, then the reply's text in Italian;
- **the PDF**: the same report, then its charts and the A4 PDF (``render_report_pdf``
  through ``asyncio.to_thread``, as the handler does) — from the request to the PDF's bytes;
- **/export**: ``bot.services.impact.export.write_export`` of Lombardy into a temporary file,
  each run in a fresh process that first imports everything and opens the database, so its
  peak resident memory (``VmHWM``) before and after says what the export itself added;
- **the weekly digest sweep**: ``bot.services.digests.release_digests`` at this week's moment
  for 2,000 groups and 200 observers, to the commit of its outbox rows (the week's record and
  rows deleted before each run).

Each figure is the median of ``--runs`` runs after a warm-up (the export: of ``--runs`` fresh
processes), with their min–max.

    .venv/bin/python bench/impact_bench.py [--runs 3] [--backends sqlite,postgresql]

Targets (issue 24): /overview ≤ 1 s; PDF ≤ 3 s; export ≤ 5 s and peak memory growth < 100 MiB;
digest sweep ≤ 10 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import benchkit
from benchkit import Figure
from impact_data import fill
from needs_data import LOMBARDIA, OBSERVER

TARGETS = {"overview": 1.0, "pdf": 3.0, "export": 5.0, "export_mib": 100.0, "digests": 10.0}



def seconds(name: str, times: list[float], target: float) -> Figure:
    m = benchkit.median(times)
    return Figure(name, f"{m:7.2f} s ({min(times):.2f}–{max(times):.2f})", f"<= {target:.0f} s",
                  m <= target)


def year_to(now: datetime) -> Any:
    from domain.calendar import ROME
    from domain.period import Period

    today = now.astimezone(ROME).date()
    return Period(today - timedelta(days=364), today)


async def report(sessions: Any, now: datetime) -> Any:
    from bot.capabilities import unit_of_work
    from bot.services import impact

    async with unit_of_work(sessions) as uow:
        return await impact.report_of(uow, telegram_id=OBSERVER, kind="place", key=LOMBARDIA,
                                      period=year_to(now), now=now, overview=True)


async def measure_backend(url: str, runs: int) -> list[Figure]:
    from sqlalchemy import text

    from bot.capabilities import unit_of_work
    from bot.i18n import speak
    from bot.services.digests import DigestSchedule, release_digests
    from bot.ui.impact_pdf import render_report_pdf
    from bot.ui.texts import impact as impact_texts
    from domain.digests import week_moment

    name = benchkit.backend_name(url)
    now = benchkit.system_clock()
    data = await fill(url, now=now)
    print(f"  {name}: {', '.join(f'{v:,} {k}' for k, v in data.counts.items())} written in "
          f"{data.seconds:.1f} s (not timed); Lombardy: {data.lombardy_teams} teams", flush=True)
    figures: list[Figure] = []
    async with benchkit.engine_for(url) as (engine, sessions):
        texts: list[str] = []

        async def overview() -> None:
            found = await report(sessions, now)
            with speak("it"):
                texts[:] = [impact_texts.report_text(found, found.scope_name)
                            + impact_texts.overview_text(found)]

        times = await benchkit.timed(overview, runs)
        if "Lombardia" not in texts[0]:
            raise RuntimeError(f"the overview does not name Lombardy: {texts[0][:200]}")
        figures.append(seconds(f"{name}: /overview of Lombardy, a year, to the text", times,
                               TARGETS["overview"]))

        sizes: list[int] = []

        async def pdf() -> None:
            found = await report(sessions, now)
            with speak("it"):
                definitions = impact_texts.definition_pairs()
                assumptions = impact_texts.assumption_lines(found.current.value.method)
            pdf_bytes = await asyncio.to_thread(
                render_report_pdf, found, language="it", definitions=definitions,
                assumptions=assumptions)
            sizes[:] = [len(pdf_bytes)]

        times = await benchkit.timed(pdf, runs)
        figures.append(seconds(f"{name}: the report's PDF ({sizes[0] // 1024} KiB), from the "
                               "request", times, TARGETS["pdf"]))

        exports = [_export_in_child(url, now) for _ in range(runs)]
        figures.append(seconds(
            f"{name}: /export of Lombardy, a year ({exports[0]['rows']:,} rows, "
            f"{exports[0]['bytes'] // 1024:,} KiB zipped), a fresh process each",
            [e["seconds"] for e in exports], TARGETS["export"]))
        growth = [e["peak_growth_mib"] for e in exports]
        m = benchkit.median(growth)
        figures.append(Figure(f"{name}: /export's peak memory growth (peak before: "
                              f"{benchkit.median([e['peak_before_mib'] for e in exports]):.0f} MiB)",
                              f"{m:7.1f} MiB ({min(growth):.1f}–{max(growth):.1f})",
                              f"< {TARGETS['export_mib']:.0f} MiB", m < TARGETS["export_mib"]))

        moment = week_moment(now)
        if moment > now:  # before this week's moment: last week's (09:00 in Rome all the same)
            moment -= timedelta(days=7)
        moment = moment.astimezone(UTC)
        sent: list[int] = []

        async def sweep() -> None:
            async with engine.begin() as connection:
                await connection.execute(text("DELETE FROM digest_sweep"))
                await connection.execute(text("DELETE FROM outbox WHERE key LIKE 'weekly-%'"))
            async with unit_of_work(sessions) as uow:
                sent[:] = [await release_digests(uow, now=moment, schedule=DigestSchedule(),
                                                 bot_username="CohesionMakersBot")]

        times = await benchkit.timed(sweep, runs)
        async with engine.connect() as connection:
            queued = (await connection.execute(text(
                "SELECT count(*) FROM outbox WHERE key LIKE 'weekly-%'"))).scalar_one()
        if not sent[0]:
            raise RuntimeError("the digest sweep sent nothing")
        figures.append(seconds(f"{name}: weekly digest sweep, {sent[0]:,} digests "
                               f"({queued:,} in the outbox)", times, TARGETS["digests"]))
    return figures


def peak_mib() -> float:
    """This process's peak resident memory (VmHWM): unlike ``ru_maxrss``, which Linux carries
    over from the parent across fork and exec, it starts afresh in a new program."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def _export_in_child(url: str, now: datetime) -> dict[str, Any]:
    """One export in a fresh process (see ``export_child``); what it measured."""
    done = subprocess.run(
        [sys.executable, __file__, "--export-child", url, "--now", now.isoformat()],
        capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the export's process failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


async def export_child(url: str, now: datetime) -> dict[str, Any]:
    """Everything imported and the database opened first (a worker's steady state), then the
    peak resident memory before and after one export of Lombardy over the year."""
    from bot.capabilities import unit_of_work
    from bot.i18n import speak
    from bot.services.impact import export
    from bot.ui.texts import export as export_texts
    from domain.export import dialect_for

    period = year_to(now)
    async with benchkit.engine_for(url) as (_engine, sessions):
        async with unit_of_work(sessions) as uow:
            scope = await export.territory_scope(uow, LOMBARDIA)
        before = peak_mib()
        with tempfile.TemporaryFile() as out, speak("it"):
            began = time.perf_counter()
            async with unit_of_work(sessions) as uow:
                summary = await export.write_export(
                    uow, out, scope=scope, period=period, now=now, language="it",
                    dialect=dialect_for("it"), secret=b"bench",
                    readme=lambda s: export_texts.readme(s, "Lombardia"))
            elapsed = time.perf_counter() - began
            size = out.tell()
    after = peak_mib()
    return {"seconds": elapsed, "peak_growth_mib": after - before, "peak_before_mib": before,
            "bytes": size,
            "rows": sum(summary.rows.values())}


async def measure(args: argparse.Namespace) -> list[Figure]:
    print(f"impact at scale: a year of the needs benchmark's world; median of {args.runs} runs "
          f"(min–max) after a warm-up")
    figures = await benchkit.on_each_backend(
        args.backends, "impact_bench_", lambda url: measure_backend(url, args.runs))
    benchkit.print_table("impact and governance", figures)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--export-child", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--now", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.export_child:
        now = datetime.fromisoformat(args.now)
        print(json.dumps(asyncio.run(export_child(args.export_child, now))))
        return 0
    return benchkit.run(lambda: measure(args))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
