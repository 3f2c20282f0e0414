#!/usr/bin/env python3
"""The weekly regional stories digest at scale: 2,000 linked groups to the outbox.

The world (seeded, written into a fresh database, SQLite and then PostgreSQL): 2,000 teams on
comuni drawn from ISTAT's list (as the needs benchmark draws them), each with its group linked
(half Italian, half English; 5 % with the weekly digest off); 6,000 published stories over
the past year (a third of the teams told one last week: 700 in the week's window), 1,000
pending or declined. Then, as the scheduler's job runs it, at this week's moment:

- **the sweep**: ``bot.services.stories.release_digests`` — the week's stories of every region
  and every linked group in two grouped queries, one digest per group worded in its language,
  the outbox rows inserted in bulk — to the commit (the week's record and rows deleted before
  each run).

The median of ``--runs`` runs after a warm-up, with the min–max.

    .venv/bin/python bench/stories_bench.py [--runs 3] [--backends sqlite,postgresql]

Target (issue 26): the sweep for 2,000 groups ≤ 10 s.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import benchkit
from benchkit import Figure

TARGET = 10.0
TEAMS = 2_000
STORIES = 6_000
UNPUBLISHED = 1_000
GROUP_BASE = -1_026_000_000_000
CATEGORIES = ("food", "health", "loneliness", "education", "mobility", "housing", "work",
              "other")


def generate(comuni: list[tuple[str, str | None, str]], now: datetime, moment: datetime,
             seed: int = 26) -> dict[str, list[dict[str, Any]]]:
    rng = random.Random(seed)
    places = rng.sample(comuni, TEAMS)
    teams, groups = [], []
    for t, (code, _parent, _region) in enumerate(places, start=1):
        chat = GROUP_BASE - t
        language = "it" if t % 2 else "en"
        teams.append({"id": t, "name": f"Cohesion Makers {code} {t}", "territory_code": code,
                      "language": language, "group_chat_id": chat, "linked_at": now,
                      "created_at": now - timedelta(days=400)})
        groups.append({"chat_id": chat, "title": f"Gruppo {t}", "language": language,
                       "joined_at": now - timedelta(days=400), "digest_off": t % 20 == 0})
    stories: list[dict[str, Any]] = []
    week_start = moment - timedelta(days=7)
    for n in range(STORIES + UNPUBLISHED):
        published = n < STORIES
        if published and n < 700:  # last week's: a third of the teams, roughly
            at = week_start + timedelta(seconds=rng.uniform(0, 7 * 86_400 - 3_600))
        else:
            at = week_start - timedelta(seconds=rng.uniform(3_600, 358 * 86_400))
        stories.append({
            "id": n + 1, "team_id": rng.randint(1, TEAMS), "author_telegram_id": 5_000_000 + n,
            "title": f"Storia {n}: orti, pranzi e biciclette", "done": "Fatto " * 40,
            "worked": "Ha funzionato chiedere ai vicini " * 10,
            "link": "https://example.org/s" if n % 3 == 0 else None,
            "category": CATEGORIES[n % len(CATEGORIES)], "language": "it" if n % 4 else "en",
            "status": "published" if published else ("pending" if n % 2 else "declined"),
            "created_at": at, "published_at": at if published else None,
            "useful": rng.randint(0, 30) if published else 0})
    return {"team": teams, "groupchat": groups, "story": stories}


async def measure_backend(url: str, runs: int) -> list[Figure]:
    import needs_data
    from sqlalchemy import text

    from bot.capabilities import unit_of_work
    from bot.services.digests import DigestSchedule
    from bot.services.stories import release_digests
    from domain.digests import week_moment

    name = benchkit.backend_name(url)
    now = benchkit.system_clock()
    moment = week_moment(now)
    if moment > now:  # before this week's moment: last week's (09:00 in Rome all the same)
        moment -= timedelta(days=7)
    moment = moment.astimezone(UTC)
    began = time.perf_counter()
    tables = generate(await needs_data._comuni(url), now, moment)
    await needs_data.write(url, tables, ("team", "groupchat", "story"),
                           {"team": "team_id_seq", "story": "story_id_seq"})
    print(f"  {name}: {TEAMS:,} teams and groups, {STORIES + UNPUBLISHED:,} stories written in "
          f"{time.perf_counter() - began:.1f} s (not timed)", flush=True)
    figures: list[Figure] = []
    async with benchkit.engine_for(url) as (engine, sessions):
        sent: list[int] = []

        async def sweep() -> None:
            async with engine.begin() as connection:
                await connection.execute(text("DELETE FROM story_sweep"))
                await connection.execute(text(
                    "DELETE FROM outbox WHERE key LIKE 'stories-digest:%'"))
            async with unit_of_work(sessions) as uow:
                sent[:] = [await release_digests(uow, now=moment, schedule=DigestSchedule())]

        times = await benchkit.timed(sweep, runs)
        async with engine.connect() as connection:
            queued = (await connection.execute(text(
                "SELECT count(*) FROM outbox WHERE key LIKE 'stories-digest:%'"))).scalar_one()
        if not sent[0] or queued != sent[0]:
            raise RuntimeError(f"the sweep composed {sent[0]} digests, {queued} queued")
        m = benchkit.median(times)
        figures.append(Figure(f"{name}: regional stories digest sweep, {sent[0]:,} digests "
                              f"to the outbox", f"{m:7.2f} s ({min(times):.2f}–{max(times):.2f})",
                              f"<= {TARGET:.0f} s", m <= TARGET))
    return figures


async def measure(args: argparse.Namespace) -> list[Figure]:
    print(f"the regional stories digest: {TEAMS:,} linked groups; median of {args.runs} runs "
          f"(min–max) after a warm-up")
    figures = await benchkit.on_each_backend(
        args.backends, "stories_bench_", lambda url: measure_backend(url, args.runs))
    benchkit.print_table("stories", figures)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgresql")
    return benchkit.run(lambda: measure(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
