#!/usr/bin/env python3
"""How long the training sweep takes to enqueue 10,000 members' next modules falling due at once.

What `cohesion scheduler`'s training sweep does: `bot.services.training.push_due_modules` in one unit
of work, from the call to the commit — one query for the due members, the outbox rows in one
executemany (chunks of 1,000), the push log likewise, and one executemany moving every due
member's next due time on. The world, on PostgreSQL (COPY): 100,000 registered members
(languages alternating), all enrolled in a training path; 10,000 of them due now, 1,000 more
due but paused, the other 89,000 due in 30–90 days. Each run moves the clock a week and an
hour on, when the same 10,000 fall due again (their next module). After each run: the outbox
rows it added (by key), the due members left behind (missed), and a second sweep at the same
moment (must add nothing: sent twice).

    .venv/bin/python bench/training_bench.py [--runs 3]

Target: all 10,000 enqueued within 5 s of the sweep starting (the issue's figure).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime, timedelta

import benchkit
from benchkit import Figure, at_most, info

MEMBERS, DUE, PAUSED_DUE = 100_000, 10_000, 1_000
TARGET_SECONDS = 5.0
BASE = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)  # 10:00 in Rome: within the pushes' hours
STEP = timedelta(days=7, hours=1)


async def build_world(url: str) -> None:
    from domain.assessment import load_framework
    from domain.training import choose_path, load_catalogue

    await benchkit.add_members(url, MEMBERS, actor_type="citizen", territory_code="F205")
    path = json.dumps(list(choose_path(load_framework(), load_catalogue(), {}).module_ids))
    records = []
    for n in range(MEMBERS):
        if n < DUE:
            due, paused = BASE - timedelta(minutes=1), False
        elif n < DUE + PAUSED_DUE:
            due, paused = BASE - timedelta(minutes=1), True
        else:
            due, paused = BASE + timedelta(days=30 + n % 60), False
        records.append((benchkit.member_id(n), path, None, 0, "weekly", paused, due, BASE, BASE))
    await benchkit.copy_records(url, "training_enrolment", [
        "member_telegram_id", "path", "tailored_at", "position", "rhythm", "paused", "next_due_at",
        "enrolled_at", "updated_at"], records)


async def one_run(url: str, run: int) -> tuple[float, int, int, int]:
    """(seconds of the sweep, outbox rows it added, due members left, rows a rerun added)."""
    from sqlalchemy import false, func, select

    from bot.capabilities import unit_of_work  # events reach the notifiers
    from bot.services.training import push_due_modules as send_training
    from storage.models.training import TrainingEnrolment
    from storage.repositories import OUTBOX

    now = BASE + run * STEP
    async with benchkit.engine_for(url) as (_engine, sessions):
        with benchkit.collect_first():
            began = time.perf_counter()
            async with unit_of_work(sessions) as uow:
                added = await send_training(uow, now=now)
            seconds = time.perf_counter() - began
        async with unit_of_work(sessions) as uow:
            rows = (await uow.session.exec(  # type: ignore[call-overload]
                select(func.count()).select_from(OUTBOX).where(
                    OUTBOX.c.key.like("training:%")))).scalar_one()
            left = (await uow.session.exec(select(func.count()).where(  # type: ignore[call-overload]
                TrainingEnrolment.paused == false(),  # type: ignore[arg-type]
                TrainingEnrolment.next_due_at <= now))).scalar_one()  # type: ignore[operator]
        async with unit_of_work(sessions) as uow:
            again = await send_training(uow, now=now)
    if added != rows - run * DUE:
        raise RuntimeError(f"run {run}: sweep said {added}, outbox holds {rows} training rows")
    return seconds, int(added), int(left), again


async def measure(runs: int) -> list[Figure]:
    print(f"training: {MEMBERS:,} enrolled members, {DUE:,} due at once (and {PAUSED_DUE:,} due "
          f"but paused); {runs} runs a week apart; median (min–max)")
    unavailable = await benchkit.postgres_available()
    if unavailable:
        print(f"  PostgreSQL unavailable, skipped ({unavailable})")
        return []
    from sqlalchemy import func, select

    from storage.repositories import OUTBOX

    async with benchkit.postgres_database() as url:
        await build_world(url)
        results = [await one_run(url, run) for run in range(runs)]
        async with benchkit.engine_for(url) as (_engine, sessions):
            from bot.capabilities import unit_of_work  # events reach the notifiers

            async with unit_of_work(sessions) as uow:
                per_chat = (select(OUTBOX.c.chat_id, func.count().label("n"))
                            .where(OUTBOX.c.key.like("training:%"))
                            .group_by(OUTBOX.c.chat_id).subquery())
                most = (await uow.session.exec(  # type: ignore[call-overload]
                    select(func.max(per_chat.c.n)))).scalar_one()
    times = [seconds for seconds, *_rest in results]
    missed = sum(DUE - added for _s, added, _l, _a in results) + sum(
        left for _s, _a, left, _r in results)
    twice = sum(again for *_rest, again in results) + max(0, int(most or 0) - runs)
    table = [at_most(f"PostgreSQL: sweep of {DUE:,} due, seconds", benchkit.median(times),
                     TARGET_SECONDS, "{:.2f}"),
             info("PostgreSQL: spread of the runs", f"{min(times):.2f}–{max(times):.2f} s"),
             info("PostgreSQL: members pushed per s", f"{DUE / benchkit.median(times):,.0f}"),
             at_most("missed (due, not enqueued)", missed, 0, "{:.0f}"),
             at_most("sent twice (rerun rows, a member's rows beyond one per run)", twice, 0,
                     "{:.0f}")]
    benchkit.print_table("training sweep, PostgreSQL", table)
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    return benchkit.run(lambda: measure(args.runs))


if __name__ == "__main__":
    sys.exit(main())
