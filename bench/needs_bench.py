#!/usr/bin/env python3
"""Needs and the balance at scale: 100,000 members, 2,000 teams, 5,000 needs, 200,000 pledges.

The data (``needs_data.py``, seeded, so every run has the same rows) is written into a fresh
database, SQLite and then PostgreSQL (COPY, then ANALYZE). Then, each in its own unit of work
as the bot runs it:

- /needs for one member: ``bot.services.needs.list_for_member`` (the first page, 5 needs) for
  ``--members`` members living in Lombardy, one after another; a run's figure is the mean
  per member;
- the balance of a region: ``bot.services.balance.balance_of`` for the observer of Lombardy
  (about a fifth of the needs, 400 teams): the one query and every figure (coverage index,
  Gini across needs and teams, unanswered, per-need times);
- whom to nudge for one need: ``bot.services.balance.choose_for_need`` (the need, the
  matchable members of its region, its pledgers, who was offered it, the week's nudges, then
  ``domain.matching.match_members``) for ``--nudge-needs`` uncovered needs of Lombardy; the
  mean per need;
- the /balance chart: the region's chart (10 bars) built in Italian and drawn by
  ``bot.charts.render_bars`` through ``asyncio.to_thread``, as the handler does (once, no
  database; matplotlib imported and warmed up before).

Each figure is the median of ``--runs`` runs after a warm-up, with their min–max.

    .venv/bin/python bench/needs_bench.py [--runs 3] [--members 20] [--nudge-needs 5]
                                          [--backends sqlite,postgresql] [--explain]

Targets: /needs ≤ 50 ms, region balance ≤ 1 s, whom to nudge ≤ 200 ms, chart ≤ 300 ms.
``--explain`` prints PostgreSQL's plans of the balance's queries.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

import benchkit
from benchkit import Figure, info
from needs_data import LOMBARDIA, OBSERVER, Data, Shape, fill

TARGETS = {"needs": 0.050, "balance": 1.0, "nudge": 0.200, "chart": 0.300}



def figure(name: str, times: list[float], target: float) -> Figure:
    m = benchkit.median(times)
    return Figure(name, f"{m * 1e3:8.1f} ms ({min(times) * 1e3:.1f}–{max(times) * 1e3:.1f})",
                  f"<= {target * 1e3:.0f} ms", m <= target)


async def explain(url: str) -> None:
    """PostgreSQL's plans of the region balance's and the nudge choice's queries."""
    import asyncpg

    from bot.services.balance import cap_since

    since = cap_since(benchkit.system_clock(), 7)  # the benchmark runs in real time
    connection = await asyncpg.connect(url.replace("postgresql://", "postgres://"))
    try:
        for title, sql in (
            ("balance_facts(territory_code='R-03')",
             "SELECT need.id FROM need JOIN territory ON territory.code = need.territory_code "
             "JOIN team ON team.id = need.team_id WHERE need.status IN ('open', 'covered') "
             "AND (territory.code = 'R-03' OR territory.parent_code = 'R-03' "
             "OR territory.region_code = 'R-03') ORDER BY need.id"),
            ("matchable_in(['R-03'], province='P-MI', not_nudged_since=...)",
             "SELECT member.telegram_id FROM member JOIN territory ON territory.code = "
             "member.territory_code WHERE member.consent_at IS NOT NULL AND "
             "member.onboarded_at IS NOT NULL AND member.unreachable_at IS NULL AND "
             "member.nudges_off IS false AND NOT (EXISTS (SELECT 1 FROM nudge WHERE "
             "nudge.member_telegram_id = member.telegram_id AND nudge.at >= "
             f"'{since.isoformat()}')) AND territory.region_code IN "
             "('R-03') AND member.skills IS NOT NULL AND member.skills != '' AND "
             "member.availability IS NOT NULL AND (territory.code = 'P-MI' OR "
             "coalesce(territory.parent_code, '') = 'P-MI')"),
        ):
            plan = await connection.fetch(f"EXPLAIN ANALYZE {sql}")
            print(f"\n  EXPLAIN ANALYZE {title}")
            for row in plan:
                print(f"    {row[0]}")
    finally:
        await connection.close()


async def measure_backend(url: str, shape: Shape, args: argparse.Namespace
                          ) -> tuple[list[Figure], Data]:
    from bot.capabilities import unit_of_work  # events reach the notifiers
    from bot.config import Settings
    from bot.services import balance, needs
    from bot.services.balance import NudgeRules

    name = benchkit.backend_name(url)
    now = benchkit.system_clock()
    data = await fill(url, shape, now=now)
    print(f"  {name}: {', '.join(f'{v:,} {k}' for k, v in data.counts.items())} "
          f"written in {data.seconds:.1f} s (not timed)", flush=True)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    rules = NudgeRules(cap_days=settings.nudge_cap_days, after_days=settings.nudge_after_days,
                       per_need=settings.nudges_per_need, margin=settings.surplus_margin)
    step = max(1, len(data.lombardy_members) // args.members)
    readers = data.lombardy_members[::step][:args.members]
    nudge_needs = data.uncovered_lombardy[:args.nudge_needs]
    results: list[Figure] = []
    async with benchkit.engine_for(url) as (_engine, sessions):
        shown: list[int] = []

        async def needs_pages() -> None:
            shown.clear()
            for telegram_id in readers:
                async with unit_of_work(sessions) as uow:
                    shown.append(len(await needs.list_for_member(uow, telegram_id=telegram_id)))

        times = await benchkit.timed(needs_pages, args.runs)
        if not any(shown):
            raise RuntimeError(f"/needs found nothing for some members: {shown}")
        results.append(figure(f"{name}: /needs, one member (mean of {len(readers)})",
                              [t / len(readers) for t in times], TARGETS["needs"]))

        views: list[Any] = []

        async def region() -> None:
            async with unit_of_work(sessions) as uow:
                views[:] = [await balance.balance_of(
                    uow, now=now, telegram_id=OBSERVER, kind="place", key=LOMBARDIA,
                    unanswered_after_days=settings.unanswered_after_days,
                    margin=settings.surplus_margin)]

        times = await benchkit.timed(region, args.runs)
        view = views[0]
        results.append(figure(f"{name}: balance of a region ({view.live:,} live needs, "
                              f"{len(view.teams)} teams)", times, TARGETS["balance"]))

        chosen: list[int] = []

        async def whom() -> None:
            chosen.clear()
            for need_id in nudge_needs:
                async with unit_of_work(sessions) as uow:
                    chosen.append(len(await balance.choose_for_need(uow, now=now,
                                                                    need_id=need_id,
                                                                    rules=rules)))

        times = await benchkit.timed(whom, args.runs)
        if not any(chosen):
            raise RuntimeError(f"nobody to nudge for {nudge_needs}: {chosen}")
        results.append(figure(f"{name}: whom to nudge, one need (mean of {len(nudge_needs)}; "
                              f"{sum(chosen)} chosen)", [t / len(nudge_needs) for t in times],
                              TARGETS["nudge"]))
    if args.explain and not url.startswith("sqlite"):
        await explain(url)
    _views[name] = view
    return results, data


_views: dict[str, Any] = {}


async def measure_chart(runs: int) -> Figure:
    from bot.charts import render_bars
    from bot.i18n import speak
    from bot.ui.texts import balance as balance_texts

    view = next(iter(_views.values()))
    with speak("it"):
        chart = balance_texts.chart(view, "Lombardia")
    sizes: list[int] = []

    async def draw() -> None:
        png = await asyncio.to_thread(render_bars, chart)
        sizes.append(len(png))

    times = await benchkit.timed(draw, runs)
    return figure(f"/balance chart ({len(chart.values)} bars, PNG {sizes[-1] // 1024} KiB)",
                  times, TARGETS["chart"])


async def measure(args: argparse.Namespace) -> list[Figure]:
    shape = Shape(members=args.members_total, teams=args.teams, needs=args.needs,
                  pledges=args.pledges)
    backends = args.backends.split(",")
    print(f"needs at scale: {shape.members:,} members, {shape.teams:,} teams, "
          f"{shape.needs:,} needs, {shape.pledges:,} pledges; median of {args.runs} runs "
          f"(min–max) after a warm-up")
    figures: list[Figure] = []
    with benchkit.workdir("needs_bench_") as directory:
        for backend in backends:
            if backend == "postgresql" and (why := await benchkit.postgres_available()):
                figures.append(info("PostgreSQL", f"skipped ({why})"))
                continue
            async with benchkit.database(backend, directory) as url:
                found, _data = await measure_backend(url, shape, args)
                figures += found
    if _views:
        figures.append(await measure_chart(max(args.runs, 5)))
    benchkit.print_table("needs and balance", figures)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--members", type=int, default=20, help="/needs readers per run")
    parser.add_argument("--nudge-needs", type=int, default=5, help="needs per run")
    parser.add_argument("--members-total", type=int, default=100_000)
    parser.add_argument("--teams", type=int, default=2_000)
    parser.add_argument("--needs", type=int, default=5_000)
    parser.add_argument("--pledges", type=int, default=200_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args(argv)
    return benchkit.run(lambda: measure(args))


if __name__ == "__main__":
    sys.exit(main())
