#!/usr/bin/env python3
"""Broadcast against a strict server: does the sender's pacing draw any 429?

The local Bot API runs in its own process in `--mode enforce`: sliding windows on arrival
times, and a 429 with `retry_after` for every send that would overflow one, as Telegram does.
Messages go to distinct groups through the real OutboxSender (SQLite file database, rows
enqueued first, not timed), with Telegram's limits scaled on both sides. The time runs from the
sender's start to the last delivery; the least the limits allow is count / rate. Each rate sends
`--seconds` of messages at that rate (count = rate x seconds), `--runs` times; the figure is the
median of the runs with their min–max, and the 429s are summed over the runs.

    .venv/bin/python bench/strict_broadcast_bench.py [--seconds 5] [--runs 3] [--rates 30,300,1000]

30/s is Telegram's own limit; 300/s (x10) measures the pacing with a tenth of the time per
slot; 1,000/s is broadcast_bench's rate, where the sender's own CPU time per message (see
broadcast_bench) is a third of the slot.

Targets: time / minimum <= 1.05; 429s 0.
"""

from __future__ import annotations

import argparse
import sys

import benchkit
from benchkit import Figure, ScaledLimits, at_most, info

TIME_TARGET = 1.05


def spread(values: list[float]) -> str:
    return f"({min(values):.3f}–{max(values):.3f})"


async def measure(seconds: float, runs: int, rates: list[float]) -> list[Figure]:
    results: list[Figure] = []
    async with benchkit.bot_api_server(mode="enforce", limits=ScaledLimits(1).server_spec()) as server:
        for index, rate in enumerate(rates):
            limits = ScaledLimits(rate / 30)
            await server.reset(limits=limits.server_spec(), mode="enforce")
            count = round(limits.overall * seconds)
            done = []
            with benchkit.workdir("bench_strict_") as directory:
                async with benchkit.sqlite_database(directory) as url:
                    for run in range(runs):
                        done.append(await benchkit.broadcast(
                            url, server, limits, items=benchkit.broadcast_items(
                                count, first_chat=-1_000_000 * (index + 1), tag=f"strict{run}")))
            minimum = count / limits.overall
            ratios = [result.seconds / minimum for result in done]
            busy = [result.sender_cpu / result.seconds for result in done]
            table = [
                Figure("time / minimum", f"{benchkit.median(ratios):.3f} {spread(ratios)}",
                       f"<= {TIME_TARGET}", benchkit.median(ratios) <= TIME_TARGET),
                info("time, minimum", f"{benchkit.median([r.seconds for r in done]):.2f} s, "
                                      f"{minimum:.2f} s"),
                at_most(f"429 answered, {runs} runs", sum(r.answered_429 for r in done), 0,
                        "{:.0f}"),
                info("lost, duplicates", f"{sum(r.lost for r in done)}, "
                                         f"{sum(r.duplicates for r in done)}"),
                info("pacer: schedule given up (s), per run",
                     ", ".join(f"{r.sender_stats.lag_dropped:.3f}" for r in done)),
                info(f"pauses > {benchkit.STALL * 1e3:.0f} ms, per run",
                     "; ".join(r.stall_summary() for r in done) if limits.overall * benchkit.STALL
                     >= 2 else "— (the pace itself is slower)"),
                info("sender CPU busy", f"{benchkit.median(busy):.0%} of a core"),
            ]
            benchkit.print_table(f"enforcing {limits.server_spec()}: {count:,} messages to "
                                 f"{count:,} groups (SQLite), median of {runs} runs (min–max)",
                                 table)
            results += table
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="of messages per rate")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rates", default="30,300,1000",
                        help="overall messages/s, comma-separated")
    args = parser.parse_args(argv)
    rates = [float(rate) for rate in args.rates.split(",") if rate]
    return benchkit.run(lambda: measure(args.seconds, args.runs, rates))


if __name__ == "__main__":
    sys.exit(main())
