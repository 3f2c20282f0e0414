#!/usr/bin/env python3
"""Overhead of the project's dispatcher for a reply that needs no database.

The same trivial handler (`/ping` -> a constant text) is registered on two dispatchers:
the project's whole stack (`create_dispatcher`: context middleware with its unit of work and
locale, member middleware, i18n, FSM in memory with event isolation, every router; an SQLite
file database holding the members) and a bare aiogram `Dispatcher()`. Both are fed the same
message updates with `feed_raw_update`, one at a time, through the same Bot, whose session
answers in process (LocalSession over a LocalBotAPI keeping no history: no network). Rounds
alternate which dispatcher goes first; each figure is the median over the rounds.

Three kinds of traffic:
- distinct users: every update from a registered member never seen before (judged: no
  per-user cache can flatter it);
- one user: every update from the same member (judged);
- returning users: many members, each seen once before (information: caches warm, but one
  entry per person).

    .venv/bin/python bench/overhead_bench.py [--updates 600] [--rounds 9]

Target: project / bare time per update <= 1.5 ("a reply that needs no database must not pay
for one").
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import Any

import benchkit
from benchkit import Figure, at_most, info

RATIO_TARGET = 1.5


@dataclass
class Traffic:
    name: str
    judged: bool
    users: list[list[int]]  # per round, the sender of each update

    def updates(self, round_index: int) -> list[dict[str, Any]]:
        return [benchkit.message_update(user, "/ping") for user in self.users[round_index]]


def traffics(updates: int, rounds: int) -> list[Traffic]:
    total = rounds + 1  # a warm-up round first, not counted
    distinct = [[benchkit.member_id(r * updates + n) for n in range(updates)] for r in range(total)]
    return [
        Traffic("distinct users", True, distinct),
        Traffic("one user", True, [[benchkit.member_id(0)] * updates for _ in range(total)]),
        # Seen in the "distinct users" rounds already, in another order.
        Traffic("returning users", False, [list(reversed(users)) for users in distinct]),
    ]


async def measure(updates: int, rounds: int) -> list[Figure]:
    print(f"overhead: /ping through the project's dispatcher vs bare aiogram, {updates} updates "
          f"x {rounds} rounds (+1 warm-up), alternating; medians")
    results: list[Figure] = []
    with benchkit.workdir("bench_overhead_") as directory:
        async with benchkit.sqlite_database(directory) as url:
            await benchkit.add_members(url, updates * (rounds + 1))
            async with benchkit.engine_for(url) as (_engine, sessions):
                api = benchkit.local_api()
                replies = benchkit.ReplyCounter(api)
                bot = benchkit.local_bot(api)
                dispatchers = {"project": benchkit.project_dispatcher(sessions, url),
                               "bare": benchkit.bare_dispatcher()}
                for traffic in traffics(updates, rounds):
                    per_update: dict[str, list[float]] = {"project": [], "bare": []}
                    ratios: list[float] = []
                    for round_index in range(rounds + 1):
                        batch = traffic.updates(round_index)
                        order = ["project", "bare"] if round_index % 2 else ["bare", "project"]
                        seconds: dict[str, float] = {}
                        for name in order:
                            with benchkit.collect_first():
                                seconds[name] = await benchkit.feed_all(dispatchers[name], bot,
                                                                        batch)
                        if round_index == 0:
                            continue  # warm-up
                        for name, value in seconds.items():
                            per_update[name].append(value / updates * 1e6)
                        ratios.append(seconds["project"] / seconds["bare"])
                    answered = replies.take().get(benchkit.PONG, 0)
                    expected = 2 * updates * (rounds + 1)
                    ratio = benchkit.median(ratios)
                    project, bare = (benchkit.median(per_update[k]) for k in ("project", "bare"))
                    table = [
                        at_most("project / bare", ratio, RATIO_TARGET, "{:.2f}") if traffic.judged
                        else info("project / bare", f"{ratio:.2f}"),
                        info("project", f"{project:.0f} µs/update"),
                        info("bare aiogram", f"{bare:.0f} µs/update"),
                        info("ratio range over rounds", f"{min(ratios):.2f}–{max(ratios):.2f}"),
                    ]
                    if answered != expected:
                        table.append(Figure("pong replies", f"{answered}", f"{expected}", False))
                    benchkit.print_table(traffic.name, table)
                    results += table
                await bot.session.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=600, help="updates per round")
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args(argv)
    return benchkit.run(lambda: measure(args.updates, args.rounds))


if __name__ == "__main__":
    sys.exit(main())
