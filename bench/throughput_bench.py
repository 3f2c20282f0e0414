#!/usr/bin/env python3
"""Throughput of one worker for a flow step with one read, one write and a reply.

The project's dispatcher (create_dispatcher, MemoryStorage) gets a benchmark handler,
`/benchskills <text>`: it takes `member` (which the project's middleware reads), sets
`member.skills` and replies; the update's unit of work commits when the handler returns. The
members (1,000) exist beforehand, and each has sent one update before the timing starts (a
warm-up pass, not counted: first visits fill the locale cache; routers_bench measures them).
Updates are fed with `feed_raw_update` through a Bot answered in process (no network), one at
a time, and with 50 in flight at once (asyncio.gather over distinct users, at most 50
unfinished). A round is four passes (one at a time, 50 at once, 50 at once, one at a time),
each writing a new value (the rows are checked afterwards); a round's figure for each side is
the mean of its two passes, and its ratio is taken within the round, so the other work on a
shared machine, which comes and goes, weighs on both sides alike. 3 rounds; each figure is the
median of the rounds, the ratio with its min–max.

    .venv/bin/python bench/throughput_bench.py [--updates 1000] [--in-flight 50]

Targets: >= 200 updates/s on SQLite and on PostgreSQL, one at a time and 50 at once; 50 at
once >= 0.9 x one at a time.
"""

from __future__ import annotations

import argparse
import sys

import benchkit
from benchkit import Figure, at_least, info

RATE_TARGET = 200.0
CONCURRENCY_TARGET = 0.9
ROUNDS = 3  # each: one at a time, 50 in flight, 50 in flight, one at a time


async def skills_written(url: str, tag: str) -> int:
    from sqlalchemy import func, select

    from storage.models import Member

    async with benchkit.engine_for(url) as (engine, _sessions), engine.connect() as connection:
        query = select(func.count()).select_from(Member).where(
            Member.skills.like(f"{tag} %"))  # type: ignore[union-attr]
        return int((await connection.execute(query)).scalar_one())


async def measure_backend(backend: str, updates: int, in_flight: int) -> list[Figure]:
    with benchkit.workdir("bench_throughput_") as directory:
        async with benchkit.database(backend, directory) as url:
            await benchkit.add_members(url, updates)
            async with benchkit.engine_for(url) as (_engine, sessions):
                api = benchkit.local_api()
                replies = benchkit.ReplyCounter(api)
                bot = benchkit.local_bot(api)
                dispatcher = benchkit.project_dispatcher(sessions, url)
                warm = [benchkit.message_update(benchkit.member_id(n), f"/benchskills warm {n}")
                        for n in range(updates)]
                await benchkit.feed_all(dispatcher, bot, warm)
                replies.take()
                rates: dict[int, list[float]] = {1: [], in_flight: []}
                ratios: list[float] = []
                unwritten = 0
                for round_ in range(ROUNDS):
                    round_rates: dict[int, list[float]] = {1: [], in_flight: []}
                    for index, concurrency in enumerate((1, in_flight, in_flight, 1)):
                        tag = f"pass{round_}x{index}"
                        batch = [benchkit.message_update(benchkit.member_id(n),
                                                         f"/benchskills {tag} {n}")
                                 for n in range(updates)]
                        with benchkit.collect_first():
                            seconds = await benchkit.feed_all(dispatcher, bot, batch,
                                                              in_flight=concurrency)
                        round_rates[concurrency].append(updates / seconds)
                        unwritten += updates - await skills_written(url, tag)
                    for concurrency, values in round_rates.items():
                        rates[concurrency].append(sum(values) / len(values))
                    ratios.append(rates[in_flight][-1] / rates[1][-1])
                answered = replies.take()
                await bot.session.close()
    sequential = benchkit.median(rates[1])
    concurrent = benchkit.median(rates[in_flight])
    ratio = benchkit.median(ratios)
    ratio_figure = at_least(f"{in_flight} in flight / one at a time", ratio,
                            CONCURRENCY_TARGET, "{:.2f}")
    table = [
        at_least("one at a time", sequential, RATE_TARGET, "{:.0f}/s"),
        at_least(f"{in_flight} in flight", concurrent, RATE_TARGET, "{:.0f}/s"),
        Figure(ratio_figure.name, f"{ratio_figure.value} ({min(ratios):.2f}–{max(ratios):.2f})",
               ratio_figure.target, ratio_figure.met),
        info("rounds: one at a time / in flight",
             " ".join(f"{rate:.0f}" for rate in rates[1]) + " / "
             + " ".join(f"{rate:.0f}" for rate in rates[in_flight]) + " per s"),
    ]
    other = {text: n for text, n in answered.items() if text != benchkit.OK}
    if unwritten or other:
        table.append(Figure("rows not written, other replies", f"{unwritten}, {other}", "0, {}",
                            False))
    else:
        table.append(info("rows written, replies",
                           f"all {4 * ROUNDS * updates}, all '{benchkit.OK}'"))
    benchkit.print_table(f"{'SQLite' if backend == 'sqlite' else 'PostgreSQL'}: "
                         f"{updates:,} updates per pass", table)
    return table


async def measure(updates: int, in_flight: int) -> list[Figure]:
    print(f"throughput: read member, write member.skills, reply; {updates:,} distinct members")
    results = await measure_backend("sqlite", updates, in_flight)
    unavailable = await benchkit.postgres_available()
    if unavailable:
        print(f"\nPostgreSQL: skipped ({unavailable})")
    else:
        results += await measure_backend("postgresql", updates, in_flight)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=1000, help="updates per pass")
    parser.add_argument("--in-flight", type=int, default=50)
    args = parser.parse_args(argv)
    return benchkit.run(lambda: measure(args.updates, args.in_flight))


if __name__ == "__main__":
    sys.exit(main())
