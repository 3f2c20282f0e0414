#!/usr/bin/env python3
"""Broadcast with scaled limits: 10,000 messages to 10,000 groups through the real OutboxSender.

The local Bot API runs in its own process (`python -m playground.server --mode observe`),
counting every send that arrives while one of its sliding windows is full. Telegram's limits
are scaled up 33x (1,000 messages/s overall, 667/min per group, 33/s per private chat) on the
server and in the sender's `Limits` alike, so the broadcast takes seconds. The outbox rows are
enqueued first (not timed) in a migrated database; the time runs from the sender's start to the
last delivery the server accepted. Once on SQLite (a file), once on PostgreSQL.

    .venv/bin/python bench/broadcast_bench.py [--count 10000] [--rate 1000]

Targets: achieved rate / configured limit >= 0.95; limit violations 0; lost 0; duplicates 0.
"""

from __future__ import annotations

import argparse
import sys

import benchkit
from benchkit import BroadcastResult, Figure, ScaledLimits, at_least, at_most, info

RATE_TARGET = 0.95


def figures(result: BroadcastResult, limits: ScaledLimits) -> list[Figure]:
    violations = sum(result.violations.values())
    detail = ", ".join(f"{kind} {n}" for kind, n in result.violations.items() if n)
    return [
        at_least("achieved rate / limit", result.rate() / limits.overall, RATE_TARGET),
        info("achieved rate", f"{result.rate():.0f}/s of {limits.overall}/s"),
        info("time to last delivery", f"{result.seconds:.2f} s"),
        at_most("limit violations" + (f" ({detail})" if detail else ""), violations, 0, "{:.0f}"),
        at_most("lost", result.lost, 0, "{:.0f}"),
        at_most("duplicates", result.duplicates, 0, "{:.0f}"),
        info(f"pauses > {benchkit.STALL * 1e3:.0f} ms between deliveries", result.stall_summary()),
        info("CPU busy: sender / server", f"{result.sender_cpu / result.seconds:.0%} / "
             f"{result.server_cpu / result.seconds:.0%} of a core"),
        info("sender CPU per message", f"{result.sender_cpu / result.count * 1e3:.2f} ms "
             f"(one core: <= {result.count / result.sender_cpu:.0f}/s)"),
        info("enqueue (not timed)", f"{result.enqueue_seconds:.1f} s"),
        info("sender: claimed / sent / 429", f"{result.sender_stats.claimed} / "
             f"{result.sender_stats.sent} / {result.sender_stats.too_many_requests}"),
    ]


async def measure(count: int, rate: float) -> list[Figure]:
    limits = ScaledLimits(rate / 30)
    print(f"broadcast, observing server: {count:,} messages to {count:,} groups, "
          f"limits {limits.server_spec()}")
    results: list[Figure] = []
    async with benchkit.bot_api_server(mode="observe", limits=limits.server_spec()) as server:
        with benchkit.workdir("bench_broadcast_") as directory:
            async with benchkit.sqlite_database(directory) as url:
                result = await benchkit.broadcast(url, server, limits, count=count,
                                                  first_chat=-1_000_000)
            table = figures(result, limits)
            benchkit.print_table("SQLite", table)
            results += table
        unavailable = await benchkit.postgres_available()
        if unavailable:
            print(f"\nPostgreSQL: skipped ({unavailable})")
        else:
            async with benchkit.postgres_database() as url:
                result = await benchkit.broadcast(url, server, limits, count=count,
                                                  first_chat=-2_000_000)
            table = figures(result, limits)
            benchkit.print_table("PostgreSQL", table)
            results += table
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=1000.0, help="overall messages/s")
    args = parser.parse_args(argv)
    return benchkit.run(lambda: measure(args.count, args.rate))


if __name__ == "__main__":
    sys.exit(main())
