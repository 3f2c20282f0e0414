#!/usr/bin/env python3
"""How three reads grow with the number of members, on PostgreSQL: 25k, 100k, 200k.

One fresh database per size (COPY through asyncpg, then VACUUM ANALYZE, as autovacuum would
do soon after such a load): every member is registered (citizen, Milan) and in one team:
every 20th member in team 1, the big team (5% of everyone: 1,250 / 5,000 / 10,000), the
others in teams of about 95 (teams grow with the members: 251 / 1,001 / 2,001 teams in all).
Every team has a designer (a role grant) and every 10th team a linked group.

- team list: what `cohesion team list` reads, `uow.teams.all_with_member_counts()` in its
  own unit of work (every team with its member count);
- /team: a member of a typical team sends /team through the project's dispatcher
  (create_dispatcher with MemoryStorage, every router; the Bot's session answers in
  process); `--updates` members, each once, the mean per update;
- recipients: an announcement's recipients as the scheduler's release reads them,
  `uow.teams.reachable_members_of([team_id])` in its own unit of work, for the big team and
  for a typical team (the mean over 20 teams).

The process is set up as a worker is: the dispatchers built, then its heap frozen
(`cohesion.run.freeze_startup_heap`); unfrozen, full garbage collections of 50–70 ms fell inside
the larger reads. The sizes take turns within each run (each read once per size, then the
next size; the order reversed every run), so a slow stretch of this shared machine falls on
every size alike rather than on one: measured one size after another, the same reads' growth
went 1.8–2.9 from run to run. Each time is the median of `--runs` runs after a warm-up,
with their min–max. Growth is given per doubling of the members,
(t(n2) / t(n1)) ** (1 / log2(n2 / n1)), so 2.0 is linear; it is taken within each run, and
the figure is the median over the runs (min–max), for each step and for the whole span.

    .venv/bin/python bench/scale_bench.py [--sizes 25000,100000,200000] [--runs 5]

Target: growth per doubling <= 2.0 (at most linear) for each read, over the whole span; the
steps are shown beside it (one doubling of a linear read measures 2.0 +- noise).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import sys
import time
from collections.abc import Sequence
from typing import Any

import benchkit
from benchkit import Figure, at_most, info

BIG_TEAM = 1
TEAM_SIZE = 100  # members n // TEAM_SIZE share a typical team
GROWTH_TARGET = 2.0
TERRITORY = "F205"


def team_of(n: int) -> int:
    return BIG_TEAM if n % 20 == 0 else 2 + n // TEAM_SIZE


async def grow(url: str, start: int, stop: int) -> float:
    """Members start..stop, their teams (new ones created), memberships and designers."""
    import asyncpg

    began = time.perf_counter()
    await benchkit.add_members(url, stop - start, start=start, actor_type="citizen",
                               territory_code=TERRITORY)
    now = benchkit.system_clock()
    connection = await asyncpg.connect(url.replace("postgresql://", "postgres://"))
    try:
        known = {row["id"] for row in await connection.fetch("SELECT id FROM team")}
        wanted = sorted({team_of(n) for n in range(start, stop)} - known)
        await connection.copy_records_to_table(
            "team", columns=["id", "name", "territory_code", "language", "group_chat_id",
                             "created_at"],
            records=[(team, f"Squadra {team}", TERRITORY, "it",
                      -5_000_000 - team if team % 10 == 0 else None, now) for team in wanted])
        await connection.execute("SELECT setval('team_id_seq', (SELECT max(id) FROM team))")
        ids = {row["telegram_id"]: row["id"] for row in await connection.fetch(
            "SELECT id, telegram_id FROM member WHERE telegram_id >= $1 AND telegram_id < $2",
            benchkit.member_id(start), benchkit.member_id(stop))}
        await connection.copy_records_to_table(
            "membership", columns=["member_id", "team_id", "joined_at"],
            records=[(ids[benchkit.member_id(n)], team_of(n), now) for n in range(start, stop)])
        designers = {team: n for n in range(start, stop) if (team := team_of(n)) in wanted
                     and team != BIG_TEAM}
        if BIG_TEAM in wanted:
            designers[BIG_TEAM] = 0
        await connection.copy_records_to_table(
            "rolegrant", columns=["telegram_id", "role", "team_id", "granted_at"],
            records=[(benchkit.member_id(n), "designer", team, now)
                     for team, n in designers.items()])
        for table in ("member", "team", "membership", "rolegrant"):
            await connection.execute(f"VACUUM ANALYZE {table}")
    finally:
        await connection.close()
    return time.perf_counter() - began


class Population:
    """One size's database, engine, reads and dispatcher, ready to be timed."""

    def __init__(self, size: int, url: str, sessions: Any, updates: int, runs: int) -> None:
        from aiogram.fsm.storage.memory import MemoryStorage

        from cohesion.app import create_dispatcher

        self.size, self.sessions, self.updates = size, sessions, updates
        self.api = benchkit.local_api()
        self.said: list[str] = []
        self.api.listeners.append(lambda output: self.said.append(output.text))
        self.bot = benchkit.project_bot(self.api)
        self.dispatcher = create_dispatcher(settings=benchkit.settings_for(url),
                                            sessions=sessions, clock=benchkit.system_clock,
                                            storage=MemoryStorage())
        self.typical = [team_of(n) for n in range(1, size, size // 20)][:20]
        # Members of typical teams, spread over the whole table; each sends /team once.
        senders = [n for n in range(1, size, max(1, size // ((runs + 1) * updates)))
                   if team_of(n) != BIG_TEAM][:(runs + 1) * updates]
        self.batches = [senders[i * updates:(i + 1) * updates] for i in range(runs + 1)]
        self.sent = 0

    async def team_list(self) -> int:
        from bot.capabilities import unit_of_work  # events reach the notifiers

        async with unit_of_work(self.sessions) as uow:
            return len(await uow.teams.all_with_member_counts())

    async def big_team(self) -> int:
        from bot.capabilities import unit_of_work  # events reach the notifiers

        async with unit_of_work(self.sessions) as uow:
            return len((await uow.teams.reachable_members_of([BIG_TEAM]))[BIG_TEAM])

    async def typical_teams(self) -> int:
        from bot.capabilities import unit_of_work  # events reach the notifiers

        total = 0
        for team in self.typical:
            async with unit_of_work(self.sessions) as uow:
                total += len((await uow.teams.reachable_members_of([team])).get(team, []))
        return total

    async def check(self) -> None:
        teams = await self.team_list()
        if teams != 2 + (self.size - 1) // TEAM_SIZE:
            raise RuntimeError(f"{teams} teams at {self.size:,} members")
        if await self.big_team() != (self.size + 19) // 20:
            raise RuntimeError("the big team's recipients are not 5% of the members")

    async def one_run(self, run: int) -> dict[str, float]:
        """Each read once, and one batch of /team updates (seconds; per update for /team)."""
        times: dict[str, float] = {}
        for name, work, per in ((TEAM_LIST, self.team_list, 1),
                                (BIG, self.big_team, 1),
                                (TYPICAL, self.typical_teams, len(self.typical))):
            began = time.perf_counter()
            await work()
            times[name] = (time.perf_counter() - began) / per
        batch = self.batches[run]
        updates = [benchkit.message_update(benchkit.member_id(n), "/team") for n in batch]
        times[TEAM_CMD] = await benchkit.feed_all(self.dispatcher, self.bot, updates) / len(batch)
        self.sent += len(batch)
        return times

    async def close(self) -> None:
        await self.bot.session.close()
        cards = sum("Squadra" in text for text in self.said)
        if cards != self.sent:
            raise RuntimeError(f"/team: {cards} team cards for {self.sent} updates; "
                               f"replies such as {self.said[:2]}")


TEAM_LIST = "team list (all_with_member_counts)"
BIG = "recipients, big team (reachable_members_of)"
TYPICAL = "recipients, typical team (mean of 20)"
TEAM_CMD = "/team, typical team member (per update)"


def growth_per_run(s1: int, small: Sequence[float], s2: int, large: Sequence[float]
                   ) -> list[float]:
    """Growth per doubling from size s1 to s2, within each run."""
    return [(t2 / t1) ** (1 / math.log2(s2 / s1)) for t1, t2 in zip(small, large, strict=True)]


async def measure(sizes: list[int], runs: int, updates: int) -> list[Figure]:
    from cohesion.run import freeze_startup_heap

    unavailable = await benchkit.postgres_available()
    if unavailable:
        print(f"scale: PostgreSQL unavailable, skipped ({unavailable})")
        return []
    print(f"scale on PostgreSQL: {', '.join(f'{s:,}' for s in sizes)} members, one database "
          f"each; {runs} runs after a warm-up, the sizes interleaved; median (min–max); growth "
          f"per doubling of the members (2.0 = linear)")
    by_size: dict[int, dict[str, list[float]]] = {size: {} for size in sizes}
    async with contextlib.AsyncExitStack() as stack:
        populations = []
        for size in sizes:
            url = await stack.enter_async_context(benchkit.postgres_database())
            seconds = await grow(url, 0, size)
            print(f"  {size:,} members: filled in {seconds:.1f} s (not timed)", flush=True)
            _engine, sessions = await stack.enter_async_context(benchkit.engine_for(url))
            population = Population(size, url, sessions, updates, runs)
            await population.check()
            populations.append(population)
        freeze_startup_heap()  # as every service does once it has started (cohesion.run)
        for run in range(runs + 1):  # run 0 warms up
            order = populations if run % 2 else populations[::-1]
            for population in order:
                times = await population.one_run(run)
                if run:
                    for name, seconds in times.items():
                        by_size[population.size].setdefault(name, []).append(seconds)
        for population in populations:
            await population.close()
    results: list[Figure] = []
    for name in (TEAM_LIST, BIG, TYPICAL, TEAM_CMD):
        medians = [benchkit.median(by_size[s][name]) for s in sizes]
        table = [info(f"{size:,} members",
                      f"{m * 1e3:8.2f} ms ({min(by_size[size][name]) * 1e3:.2f}–"
                      f"{max(by_size[size][name]) * 1e3:.2f})")
                 for size, m in zip(sizes, medians, strict=True)]
        # Growth within each run (every size was measured in it, in turns), then the median
        # over the runs with their min-max: each step, and the whole span, which is checked.
        # A read linear by construction measures 2.0 +- its noise on one step (a single
        # doubling, one median over another: 1.55-2.19 for the team list, the same code, in
        # three runs); over the span's three doublings the same noise weighs a third.
        steps = [*zip(sizes, sizes[1:], strict=False), (sizes[0], sizes[-1])]
        for number, (s1, s2) in enumerate(steps):
            per_run = growth_per_run(s1, by_size[s1][name], s2, by_size[s2][name])
            factor = benchkit.median(per_run)
            spread = f"({min(per_run):.2f}–{max(per_run):.2f})"
            label = f"growth per doubling, {s1 // 1000}k -> {s2 // 1000}k"
            if number < len(steps) - 1:
                table.append(info(label, f"{factor:.2f} {spread}"))
                continue
            figure = at_most(f"{label} (whole span)", factor, GROWTH_TARGET, "{:.2f}")
            table.append(Figure(figure.name, f"{figure.value} {spread}", figure.target,
                                figure.met))
        benchkit.print_table(name, table)
        results += table
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="25000,100000,200000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--updates", type=int, default=100, help="/team updates per run")
    args = parser.parse_args(argv)
    sizes = sorted(int(size) for size in args.sizes.split(","))
    return benchkit.run(lambda: measure(sizes, args.runs, args.updates))


if __name__ == "__main__":
    sys.exit(main())
