#!/usr/bin/env python3
"""Broadcasts with scaled limits through the real OutboxSender: a fan-out and a backlog.

The local Bot API runs in its own process (`python -m playground.server --mode observe`),
counting every send that arrives while one of its sliding windows is full. Telegram's limits
are scaled up 33x (1,000 messages/s overall, 667/min per group, 33/s per private chat) on the
server and in the sender's `Limits` alike (ScaledLimits), so a broadcast takes seconds; the
per-chat gaps the sender's claim keeps are scaled the same way (1/(33 × 0.98) s private,
60/(667 × 0.98) s group).

- fan-out: 10,000 messages to 10,000 groups, in a migrated database holding nothing else;
- backlog: 10,000 messages over 2,000 chats (1,000 people, 1,000 groups; 5 each, enqueued as
  5 announcements fanned out one after the other, so each chat's next row waits for its
  previous one and its gap), in an outbox that already holds a history of sent rows in those
  chats: 1,000,000 on PostgreSQL (COPY), 200,000 on SQLite (executemany; an SQLite file with a
  million rows takes longer to fill than the whole benchmark should).

Each is run `--runs` times per database (SQLite file, then PostgreSQL), in the same database
(later runs see the earlier runs' rows as history too). Each run enqueues its rows through
OutboxRepository.enqueue_many in one unit of work (timed: rows/s), then times the sender from
its start to the last delivery the server accepted. Figures are medians of the runs, with
their min–max.

    .venv/bin/python bench/broadcast_bench.py [--count 10000] [--rate 1000] [--runs 3]

Targets: achieved rate / configured limit >= 0.95; limit violations 0; lost 0; duplicates 0;
backlog enqueue >= 20,000 rows/s.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import timedelta

import benchkit
from benchkit import BroadcastResult, Figure, ScaledLimits, at_least, at_most, info

RATE_TARGET = 0.95
ENQUEUE_TARGET = 20_000.0
PER_CHAT = 5
HISTORY = {"postgresql": 1_000_000, "sqlite": 200_000}


def spread(values: Sequence[float], fmt: str) -> str:
    return f"({fmt.format(min(values))}–{fmt.format(max(values))})"


def figures(results: list[BroadcastResult], limits: ScaledLimits, *, judge_enqueue: bool
            ) -> list[Figure]:
    rates = [r.rate() / limits.overall for r in results]
    rate = benchkit.median(rates)
    enqueue = [r.enqueue_rate() for r in results]
    violations = [sum(r.violations.values()) for r in results]
    kinds = {kind for r in results for kind, n in r.violations.items() if n}
    lost, duplicates = [r.lost for r in results], [r.duplicates for r in results]
    enqueue_figure = (at_least("enqueue_many (rows/s)", benchkit.median(enqueue),
                               ENQUEUE_TARGET, "{:,.0f}") if judge_enqueue
                      else info("enqueue_many (rows/s)", f"{benchkit.median(enqueue):,.0f}"))
    sender_cpu = [r.sender_cpu / r.count * 1e3 for r in results]
    runs = len(results)
    return [
        Figure("achieved rate / limit", f"{rate:.3f} {spread(rates, '{:.3f}')}",
               f">= {RATE_TARGET}", rate >= RATE_TARGET),
        info("achieved rate, time to last delivery",
             f"{benchkit.median([r.rate() for r in results]):.0f}/s of {limits.overall}/s, "
             f"{benchkit.median([r.seconds for r in results]):.2f} s"),
        at_most("limit violations, all runs" + (f" ({', '.join(sorted(kinds))})" if kinds else ""),
                sum(violations), 0, "{:.0f}"),
        at_most("lost, all runs", sum(lost), 0, "{:.0f}"),
        at_most("duplicates, all runs", sum(duplicates), 0, "{:.0f}"),
        Figure(enqueue_figure.name, f"{enqueue_figure.value} {spread(enqueue, '{:,.0f}')}",
               enqueue_figure.target, enqueue_figure.met),
        info(f"pauses > {benchkit.STALL * 1e3:.0f} ms between deliveries, per run",
             "; ".join(r.stall_summary() for r in results)),
        info("CPU busy: sender / server",
             f"{benchkit.median([r.sender_cpu / r.seconds for r in results]):.0%} / "
             f"{benchkit.median([r.server_cpu / r.seconds for r in results]):.0%} of a core"),
        info("sender CPU per message", f"{benchkit.median(sender_cpu):.2f} ms "
             f"{spread(sender_cpu, '{:.2f}')}"),
        info("pacer: schedule given up (s), per run",
             ", ".join(f"{r.sender_stats.lag_dropped:.3f}" for r in results)),
        info(f"sender: claimed / sent / 429, {runs} runs",
             f"{sum(r.sender_stats.claimed for r in results)} / "
             f"{sum(r.sender_stats.sent for r in results)} / "
             f"{sum(r.sender_stats.too_many_requests for r in results)}"),
    ]


async def fan_out(url: str, server: benchkit.ServerProcess, limits: ScaledLimits, count: int,
                  runs: int, first_chat: int) -> list[BroadcastResult]:
    return [await benchkit.broadcast(url, server, limits, items=benchkit.broadcast_items(
        count, first_chat=first_chat, tag=f"fanout{run}")) for run in range(runs)]


async def backlog(url: str, backend: str, server: benchkit.ServerProcess, limits: ScaledLimits,
                  count: int, runs: int, first_chat: int) -> tuple[list[BroadcastResult], str]:
    chats = count // PER_CHAT
    sample = benchkit.broadcast_items(count, first_chat=first_chat, per_chat=PER_CHAT,
                                      private_chats=chats // 2)
    chat_ids = list(dict.fromkeys(item.chat_id for item in sample))
    history = HISTORY[backend]
    seconds = await benchkit.add_outbox_history(
        url, history, chat_ids, sent_at=benchkit.system_clock() - timedelta(days=1))
    note = (f"history {history:,} sent rows over the same {len(chat_ids):,} chats "
            f"({history // len(chat_ids)} each; filled in {seconds:.0f} s, not timed)")
    results = [await benchkit.broadcast(url, server, limits, items=benchkit.broadcast_items(
        count, first_chat=first_chat, per_chat=PER_CHAT, private_chats=chats // 2,
        tag=f"backlog{run}")) for run in range(runs)]
    return results, note


async def measure(count: int, rate: float, runs: int, cases: list[str], only: list[str]
                  ) -> list[Figure]:
    limits = ScaledLimits(rate / 30)
    print(f"broadcast, observing server: limits {limits.server_spec()}; {runs} runs each; "
          f"fan-out {count:,} messages to {count:,} groups; backlog {count:,} messages over "
          f"{count // PER_CHAT:,} chats with a sent history")
    results: list[Figure] = []
    backends = [backend for backend in ("sqlite", "postgresql") if backend in only]
    unavailable = await benchkit.postgres_available() if "postgresql" in backends else None
    if unavailable:
        print(f"\nPostgreSQL: skipped ({unavailable})")
        backends.remove("postgresql")
    async with benchkit.bot_api_server(mode="observe", limits=limits.server_spec()) as server:
        for index, backend in enumerate(backends):
            first_chat = -1_000_000 * (index + 1)
            name = "SQLite" if backend == "sqlite" else "PostgreSQL"
            with benchkit.workdir("bench_broadcast_") as directory:
                if "fanout" in cases:
                    async with benchkit.database(backend, directory) as url:
                        done = await fan_out(url, server, limits, count, runs, first_chat)
                    table = figures(done, limits, judge_enqueue=False)
                    benchkit.print_table(f"{name}, fan-out: {count:,} messages to {count:,} "
                                         f"groups, median of {runs} runs (min–max)", table)
                    results += table
                if "backlog" not in cases:
                    continue
                async with benchkit.database(backend, directory, "backlog") as url:
                    done, note = await backlog(url, backend, server, limits, count, runs,
                                               first_chat)
                table = figures(done, limits, judge_enqueue=True)
                benchkit.print_table(f"{name}, backlog: {count:,} messages over "
                                     f"{count // PER_CHAT:,} chats, {PER_CHAT} each, {note}; "
                                     f"median of {runs} runs (min–max)", table)
                results += table
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=1000.0, help="overall messages/s")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cases", default="fanout,backlog", help="comma-separated")
    parser.add_argument("--backends", default="sqlite,postgresql", help="comma-separated")
    args = parser.parse_args(argv)
    return benchkit.run(lambda: measure(args.count, args.rate, args.runs, args.cases.split(","),
                                        args.backends.split(",")))


if __name__ == "__main__":
    sys.exit(main())
