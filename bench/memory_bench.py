#!/usr/bin/env python3
"""Resident memory of a worker, against bare aiogram and with 100,000 members.

Each case runs in a fresh subprocess (this script with `--child CASE`), which builds what it
measures, handles some updates, runs gc.collect() and reads VmRSS from /proc/self/status:

- python: the interpreter alone (for scale);
- bare: aiogram's Dispatcher + Bot (session answered in process), a trivial `/ping` handler,
  300 /ping updates from 300 people;
- worker: the project's dispatcher (create_dispatcher, MemoryStorage) + Bot + engine on an
  SQLite file, the same handler and updates, from 300 registered members;
- worker, 100k members (SQLite, PostgreSQL): the same with 100,000 members bulk-inserted
  beforehand (executemany / COPY), after the 300 /ping and then 2,000 updates from a random
  sample of the members that read and write their row (throughput_bench's /benchskills).

    .venv/bin/python bench/memory_bench.py [--members 100000] [--sample 2000]

No target is set for memory: the figures and ratios are for reading, and for watching over
time.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import subprocess
import sys
import time
from pathlib import Path

import benchkit
from benchkit import Figure, info

PINGS = 300


async def child(case: str, url: str, sample: list[int]) -> dict[str, float]:
    """What one subprocess measures (imports only what its case needs)."""
    began = time.perf_counter()
    if case == "python":
        gc.collect()
        return {"rss_mib": benchkit.rss_mib(), "seconds": 0.0}
    api = benchkit.local_api()
    bot = benchkit.local_bot(api)
    pings = [benchkit.message_update(benchkit.member_id(n), "/ping") for n in range(PINGS)]
    if case == "bare":
        await benchkit.feed_all(benchkit.bare_dispatcher(), bot, pings)
    else:
        async with benchkit.engine_for(url) as (_engine, sessions):
            dispatcher = benchkit.project_dispatcher(sessions, url)
            await benchkit.feed_all(dispatcher, bot, pings)
            steps = [benchkit.message_update(benchkit.member_id(n), f"/benchskills m {n}")
                     for n in sample]
            await benchkit.feed_all(dispatcher, bot, steps)
            gc.collect()
            rss = benchkit.rss_mib()  # with the engine and its pooled connections still open
            return {"rss_mib": rss, "seconds": time.perf_counter() - began}
    gc.collect()
    return {"rss_mib": benchkit.rss_mib(), "seconds": time.perf_counter() - began}


def run_child(case: str, url: str = "", sample: int = 0, members: int = 0) -> dict[str, float]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", case, "--url", url,
               "--sample", str(sample), "--members", str(members)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"memory case {case} failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


async def measure(members: int, sample: int) -> list[Figure]:
    print(f"memory: RSS after gc.collect(), each case in a fresh process; {PINGS} /ping, then "
          f"{sample:,} read+write updates for the {members:,}-member cases")
    with benchkit.workdir("bench_memory_") as directory:
        async with benchkit.sqlite_database(directory, "small") as small:
            await benchkit.add_members(small, PINGS)
            python = run_child("python")
            bare = run_child("bare")
            worker = run_child("worker", small)
        big: dict[str, tuple[dict[str, float], float]] = {}
        async with benchkit.sqlite_database(directory, "big") as url:
            inserted = await benchkit.add_members(url, members)
            big["SQLite"] = run_child("worker", url, sample, members), inserted
        unavailable = await benchkit.postgres_available()
        if unavailable:
            print(f"\nPostgreSQL: skipped ({unavailable})")
        else:
            async with benchkit.postgres_database() as url:
                inserted = await benchkit.add_members(url, members)
                big["PostgreSQL"] = run_child("worker", url, sample, members), inserted
    table = [
        info("python alone", f"{python['rss_mib']:.1f} MiB"),
        info("bare aiogram", f"{bare['rss_mib']:.1f} MiB"),
        info("worker, idle (SQLite)", f"{worker['rss_mib']:.1f} MiB"),
        info("worker / bare", f"{worker['rss_mib'] / bare['rss_mib']:.2f}"),
        info("(worker - python) / (bare - python)",
             f"{(worker['rss_mib'] - python['rss_mib']) / (bare['rss_mib'] - python['rss_mib']):.2f}"),
    ]
    for backend, (result, inserted) in big.items():
        table += [
            info(f"worker, {members // 1000}k members ({backend})", f"{result['rss_mib']:.1f} MiB"),
            info(f"  / idle worker, growth ({backend})",
                 f"{result['rss_mib'] / worker['rss_mib']:.2f}, "
                 f"{result['rss_mib'] - worker['rss_mib']:+.1f} MiB"),
            info(f"  bulk insert of {members:,} ({backend})", f"{inserted:.1f} s"),
        ]
    benchkit.print_table("resident memory (VmRSS)", table)
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--url", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        population = args.members or PINGS
        sample = random.Random(7).sample(range(population), min(args.sample, population))
        print(json.dumps(asyncio.run(child(args.child, args.url, sample))))
        return 0
    return benchkit.run(lambda: measure(args.members, args.sample))


if __name__ == "__main__":
    sys.exit(main())
