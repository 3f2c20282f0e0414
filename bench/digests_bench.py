"""The weekly digests' sweep at scale: every linked group's and every observer's digest
composed, worded and in the outbox, on the needs benchmark's world.

    python bench/digests_bench.py [--runs 3] [--backends sqlite,postgresql]

The world is ``needs_data``'s (100,000 members, 2,000 teams, 5,000 needs, 200,000 pledges over
the last 60 days), with every team's group linked and 200 observers (each region and each
province, then round again). One run: the week's record and the digests' outbox
rows are deleted, then the sweep runs at this week's moment (Monday 09:00 Rome) and commits —
what is timed is the sweep to the commit of its outbox rows. Target: 10 s (issue 24).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, timedelta

import benchkit
from benchkit import Figure, info
from needs_data import Shape, fill

TARGET = 10.0
OBSERVERS = 200


async def _link_everything(url: str) -> tuple[int, int]:
    """Every team's group linked (its chat id is minus the team's id), and the observers."""
    from sqlalchemy import text

    async with benchkit.engine_for(url) as (engine, _sessions), engine.begin() as connection:
        await connection.execute(text(
            "INSERT INTO groupchat (chat_id, title, language, joined_at, digest_off) "
            "SELECT -1000000000 - id, name, CASE WHEN id % 2 = 0 THEN 'it' ELSE 'en' END, "
            "created_at, false FROM team"))
        await connection.execute(text("UPDATE team SET group_chat_id = -1000000000 - id, "
                                      "linked_at = created_at"))
        places = [code for (code,) in (await connection.execute(text(
            "SELECT code FROM territory WHERE code LIKE 'R-%' OR code LIKE 'P-%' "
            "ORDER BY substr(code, 1, 1) DESC, code"))).all()]
        granted = (await connection.execute(text("SELECT min(granted_at) FROM rolegrant"))
                   ).scalar_one()
        for number in range(OBSERVERS):  # the regions, then provinces, then round again
            code = places[number % len(places)]
            await connection.execute(text(
                "INSERT INTO rolegrant (telegram_id, role, territory_code, granted_at, "
                "pledge_digest) VALUES (:who, 'observer', :code, :at, 'hourly')"),
                {"who": 998_000_000 + number, "code": code, "at": granted})
        teams = (await connection.execute(text("SELECT count(*) FROM team"))).scalar_one()
    return int(teams), OBSERVERS


async def measure_backend(url: str, shape: Shape, runs: int) -> list[Figure]:
    from sqlalchemy import text

    from bot.capabilities import unit_of_work
    from bot.services.digests import DigestSchedule, release_digests
    from domain.digests import week_moment

    name = benchkit.backend_name(url)
    now = benchkit.system_clock()
    data = await fill(url, shape, now=now)
    groups, observers = await _link_everything(url)
    print(f"  {name}: {', '.join(f'{v:,} {k}' for k, v in data.counts.items())}, {groups:,} "
          f"groups, {observers} observers written in {data.seconds:.1f} s (not timed)",
          flush=True)
    moment = week_moment(now)
    if moment > now:  # before this week's moment: last week's (09:00 in Rome all the same)
        moment -= timedelta(days=7)
    moment = moment.astimezone(UTC)
    schedule = DigestSchedule()
    times: list[float] = []
    sent: list[int] = []
    async with benchkit.engine_for(url) as (engine, sessions):
        for _ in range(runs + 1):  # the first is the warm-up
            async with engine.begin() as connection:
                await connection.execute(text("DELETE FROM digest_sweep"))
                await connection.execute(text("DELETE FROM outbox WHERE key LIKE 'weekly-%'"))
            with benchkit.collect_first():
                began = time.perf_counter()
                async with unit_of_work(sessions) as uow:
                    count = await release_digests(uow, now=moment, schedule=schedule,
                                                  bot_username="CohesionMakersBot")
                times.append(time.perf_counter() - began)
            sent.append(count)
        async with engine.connect() as connection:
            queued = (await connection.execute(text(
                "SELECT count(*) FROM outbox WHERE key LIKE 'weekly-%'"))).scalar_one()
    times = times[1:]
    median = benchkit.median(times)
    return [Figure(f"{name}: digest sweep, {sent[-1]:,} digests ({queued:,} in the outbox)",
                   f"{median:6.2f} s ({min(times):.2f}–{max(times):.2f})", f"<= {TARGET:.0f} s",
                   median <= TARGET)]


async def measure(args: argparse.Namespace) -> list[Figure]:
    shape = Shape(members=args.members_total, teams=args.teams, needs=args.needs,
                  pledges=args.pledges)
    print(f"weekly digests: {shape.members:,} members, {shape.teams:,} teams, "
          f"{shape.needs:,} needs, {shape.pledges:,} pledges; median of {args.runs} runs "
          f"(min–max) after a warm-up")
    figures: list[Figure] = []
    with benchkit.workdir("digests_bench_") as directory:
        for backend in args.backends.split(","):
            if backend == "postgresql" and (why := await benchkit.postgres_available()):
                figures.append(info("PostgreSQL", f"skipped ({why})"))
                continue
            async with benchkit.database(backend, directory) as url:
                figures += await measure_backend(url, shape, args.runs)
    benchkit.print_table("weekly digests", figures)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--members-total", type=int, default=100_000)
    parser.add_argument("--teams", type=int, default=2_000)
    parser.add_argument("--needs", type=int, default=5_000)
    parser.add_argument("--pledges", type=int, default=200_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    return benchkit.run(lambda: measure(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
