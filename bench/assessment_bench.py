#!/usr/bin/env python3
"""The self-assessment's result chart: how long a member waits for it to be drawn.

    python bench/assessment_bench.py [--runs 5]

What is timed is what the handler does (bot.flows.assessment.router.send_chart): the chart's
texts built from a result in the member's language (bot.ui.texts.assessment.chart), then
``bot.charts.render_profile`` through ``asyncio.to_thread``. Two shapes: a first assessment
(8 bars) and a retake (8 bars and the previous run's 8 beside them), in Italian; matplotlib is
imported and warmed up before. Each figure is the median of ``--runs`` draws after a warm-up,
with their min–max. No database: the result is built in memory from the shipped framework.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import timedelta

import benchkit
from benchkit import Figure

TARGET = 0.300  # seconds, the target for the result chart


def results() -> dict[str, object]:
    from bot.services.assessment import CompetenceResult, Result
    from domain.assessment import load_framework

    framework = load_framework()
    now = benchkit.system_clock()
    ids = [c.id for c in framework.competences]
    scores = [1.33, 2.0, 3.33, 5.0, 4.0, 1.67, 3.0, 4.33]

    def result(previous: list[float] | None) -> Result:
        lines = tuple(CompetenceResult(competence_id=cid, score=score,
                                       level_id=framework.level_of(score).id,
                                       previous=previous[i] if previous else None)
                      for i, (cid, score) in enumerate(zip(ids, scores, strict=True)))
        return Result(run_id=2, finished_at=now, competences=lines, strongest=(ids[3],),
                      weakest=(ids[0],), path=tuple(ids[:3]),
                      previous_at=now - timedelta(days=90) if previous else None)

    return {"first assessment (8 bars)": result(None),
            "retake (8 bars + the previous 8)": result([s - 0.5 if s > 1.5 else s for s in scores])}


async def measure(runs: int) -> list[Figure]:
    from bot.charts import render_profile
    from bot.i18n import speak
    from bot.ui.texts import assessment as texts
    from domain.assessment import load_framework

    figures: list[Figure] = []
    for name, result in results().items():
        sizes: list[int] = []

        async def draw(result: object = result, sizes: list[int] = sizes) -> None:
            with speak("it"):
                chart = texts.chart(result, load_framework())  # type: ignore[arg-type]
            png = await asyncio.to_thread(render_profile, chart)
            sizes.append(len(png))

        await draw()  # warm-up: matplotlib's first figure loads fonts
        times = []
        for _ in range(runs):
            with benchkit.collect_first():
                began = time.perf_counter()
                await draw()
                times.append(time.perf_counter() - began)
        median = benchkit.median(times)
        figures.append(Figure(
            f"result chart, {name}, PNG {sizes[-1] // 1024} KiB",
            f"{median * 1e3:8.1f} ms ({min(times) * 1e3:.1f}–{max(times) * 1e3:.1f})",
            f"<= {TARGET * 1e3:.0f} ms", median <= TARGET))
    benchkit.print_table(f"self-assessment chart (median of {runs} draws, min–max)", figures)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    return benchkit.run(lambda: measure(args.runs))


if __name__ == "__main__":
    raise SystemExit(main())
