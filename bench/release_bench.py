#!/usr/bin/env python3
"""How long 10,000 team announcements that fall due at once take to reach the outbox.

What `cohesion scheduler` does when they fall due: `scheduler.jobs.release_due_notices` in one
unit of work, from the call to the commit (the sweep releases every due notice, a batch of
`RELEASE_BATCH` at a time). The world: 2,000 teams, each with a linked group (half Italian,
half English) and 5 members (20,000 people, languages alternating); 10,000 announcements, 5
per team, half of them also to the team's members, all due 5 minutes ago — so 10,000 rows
to groups and 25,000 to members. Each run schedules fresh notices (scheduling not timed) and
releases them; the outbox rows are counted after each run. SQLite and PostgreSQL.

    .venv/bin/python bench/release_bench.py [--runs 3]

Target: all 10,000 in the outbox within 10 s of falling due (the issue's figure; it was 278 s
for 1,000 when each notice had its own transaction).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import timedelta

import benchkit
from benchkit import Figure, at_most, info

TEAMS, MEMBERS_PER_TEAM, NOTICES = 2_000, 5, 10_000
TARGET_SECONDS = 10.0
TERRITORY = "F205"


async def build_world(url: str) -> list[int]:
    """Teams with linked groups and members; returns the team ids."""
    from sqlalchemy import insert, select

    from storage.models import GroupChat, Member, Membership, Team

    now = benchkit.system_clock()
    people = TEAMS * MEMBERS_PER_TEAM
    await benchkit.add_members(url, people, actor_type="citizen", territory_code=TERRITORY)
    async with benchkit.engine_for(url) as (engine, _sessions), engine.begin() as connection:
        await connection.execute(insert(GroupChat), [
            {"chat_id": -6_000_000 - n, "title": f"Gruppo {n}", "language": ("it", "en")[n % 2],
             "joined_at": now} for n in range(TEAMS)])
        await connection.execute(insert(Team), [
            {"name": f"Squadra {n}", "territory_code": TERRITORY, "language": "it",
             "group_chat_id": -6_000_000 - n, "linked_at": now, "created_at": now}
            for n in range(TEAMS)])
        team_ids = sorted((await connection.execute(select(Team.id))).scalars().all())
        member_ids = sorted((await connection.execute(select(Member.id))).scalars().all())
        await connection.execute(insert(Membership), [
            {"member_id": member, "team_id": team_ids[index // MEMBERS_PER_TEAM],
             "joined_at": now} for index, member in enumerate(member_ids[:people])])
    return [int(team_id) for team_id in team_ids if team_id is not None]


async def one_run(url: str, team_ids: list[int], run: int) -> tuple[float, int]:
    """Schedule NOTICES due now, release them; (seconds of the release, outbox rows added)."""
    from sqlalchemy import func, select

    from bot.capabilities import (
        notice_kinds,
        unit_of_work,  # events reach the notifiers
    )
    from scheduler.jobs import release_due_notices
    from storage.repositories import OUTBOX
    from storage.repositories.notice import NoticeItem

    now = benchkit.system_clock()
    due = now - timedelta(minutes=5)
    async with benchkit.engine_for(url) as (_engine, sessions):
        async with unit_of_work(sessions) as uow:
            await uow.notices.schedule_many([
                NoticeItem(key=f"bench-{run}-{n}", kind="team_announcement", due_at=due,
                           expires_at=due + timedelta(hours=1),
                           params={"team_id": team_ids[n % len(team_ids)],
                                   "text": f"Tavolo territoriale {n}", "members": n % 2 == 0})
                for n in range(NOTICES)])
        async with unit_of_work(sessions) as uow:
            before = (await uow.session.exec(select(func.count()).select_from(OUTBOX))  # type: ignore[call-overload]
                      ).scalar_one()
        with benchkit.collect_first():
            began = time.perf_counter()
            async with unit_of_work(sessions) as uow:
                released, dropped = await release_due_notices(uow, now=now, kinds=notice_kinds())
            seconds = time.perf_counter() - began
        async with unit_of_work(sessions) as uow:
            after = (await uow.session.exec(select(func.count()).select_from(OUTBOX))  # type: ignore[call-overload]
                     ).scalar_one()
    if (released, dropped) != (NOTICES, 0):
        raise RuntimeError(f"released {released}, dropped {dropped} of {NOTICES}")
    return seconds, int(after - before)


async def measure(runs: int) -> list[Figure]:
    expected_rows = NOTICES + (NOTICES // 2) * MEMBERS_PER_TEAM
    print(f"release: {NOTICES:,} announcements due at once over {TEAMS:,} teams with linked "
          f"groups and {MEMBERS_PER_TEAM} members each ({expected_rows:,} outbox rows); "
          f"{runs} runs; median (min–max)")
    figures: list[Figure] = []
    backends = ["sqlite"]
    unavailable = await benchkit.postgres_available()
    if unavailable:
        print(f"  PostgreSQL unavailable, skipped ({unavailable})")
    else:
        backends.append("postgresql")
    for backend in backends:
        with benchkit.workdir("release") as directory:
            async with benchkit.database(backend, directory) as url:
                team_ids = await build_world(url)
                times, rows = [], []
                for run in range(runs):
                    seconds, added = await one_run(url, team_ids, run)
                    times.append(seconds)
                    rows.append(added)
        if any(added != expected_rows for added in rows):
            raise RuntimeError(f"{backend}: outbox rows added per run {rows}, "
                               f"expected {expected_rows}")
        name = "SQLite" if backend == "sqlite" else "PostgreSQL"
        table = [at_most(f"{name}: release of {NOTICES:,}, seconds", benchkit.median(times),
                         TARGET_SECONDS, "{:.2f}"),
                 info(f"{name}: spread of the runs", f"{min(times):.2f}–{max(times):.2f} s"),
                 info(f"{name}: outbox rows per s",
                      f"{expected_rows / benchkit.median(times):,.0f}")]
        benchkit.print_table(f"release, {name}", table)
        figures += table
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    return benchkit.run(lambda: measure(args.runs))


if __name__ == "__main__":
    sys.exit(main())
