#!/usr/bin/env python3
"""Broadcast against a strict server: does the sender's pacing draw any 429?

The local Bot API runs in its own process in `--mode enforce`: sliding windows on arrival
times, and a 429 with `retry_after` for every send that would overflow one, as Telegram does.
Messages go to distinct groups through the real OutboxSender (SQLite file database, rows
enqueued first, not timed), with Telegram's limits scaled on both sides. The time runs from the
sender's start to the last delivery; the least the limits allow is count / rate.

    .venv/bin/python bench/strict_broadcast_bench.py [--count 3000] [--rates 300,1000]

300/s (Telegram's limits x10) measures the pacing; 1,000/s is broadcast_bench's rate, where
the sender's own CPU time per message (see broadcast_bench) becomes the bound.

Targets: time / minimum <= 1.05; 429s 0.
"""

from __future__ import annotations

import argparse
import sys

import benchkit
from benchkit import Figure, ScaledLimits, at_most, info

TIME_TARGET = 1.05


async def measure(count: int, rates: list[float]) -> list[Figure]:
    results: list[Figure] = []
    async with benchkit.bot_api_server(mode="enforce", limits=ScaledLimits(1).server_spec()) as server:
        for index, rate in enumerate(rates):
            limits = ScaledLimits(rate / 30)
            await server.reset(limits=limits.server_spec(), mode="enforce")
            with benchkit.workdir("bench_strict_") as directory:
                async with benchkit.sqlite_database(directory) as url:
                    result = await benchkit.broadcast(url, server, limits, count=count,
                                                      first_chat=-1_000_000 * (index + 1))
            minimum = count / limits.overall
            table = [
                at_most("time / minimum", result.seconds / minimum, TIME_TARGET),
                info("time, minimum", f"{result.seconds:.2f} s, {minimum:.2f} s"),
                at_most("429 answered", result.answered_429, 0, "{:.0f}"),
                info("lost, duplicates", f"{result.lost}, {result.duplicates}"),
                info(f"pauses > {benchkit.STALL * 1e3:.0f} ms", result.stall_summary()),
                info("sender CPU busy", f"{result.sender_cpu / result.seconds:.0%} of a core"),
            ]
            benchkit.print_table(f"enforcing {limits.server_spec()}: {count:,} messages to "
                                 f"{count:,} groups (SQLite)", table)
            results += table
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3_000)
    parser.add_argument("--rates", default="300,1000", help="overall messages/s, comma-separated")
    args = parser.parse_args(argv)
    rates = [float(rate) for rate in args.rates.split(",") if rate]
    return benchkit.run(lambda: measure(args.count, rates))


if __name__ == "__main__":
    sys.exit(main())
