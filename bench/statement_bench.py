#!/usr/bin/env python3
"""A company's CSR statement at scale: from the request to the PDF's bytes.

The world (seeded): 40 teams in Lombardy's comuni, 400 needs of every kind (hours, skills,
goods with and without a unit value, money), one company with 20 confirmed members who made
2,000 pledges across those teams over the last year, half of them with a delivery a designer
confirmed (a ``delivered`` need event), and 200 tables whose minutes name some of them —
written into a fresh database, SQLite and then PostgreSQL. Then, as /statement runs it for one
of the company's members over the last 365 days: ``bot.services.statements.issue_for`` (the
access check, the figures, the code, the statement's row) in one unit of work, then
``render_statement_pdf`` through ``asyncio.to_thread``, as the handler does.

Each figure is the median of ``--runs`` runs after a warm-up, with their min–max.

    .venv/bin/python bench/statement_bench.py [--runs 3] [--backends sqlite,postgresql]

Target (issue 25): a statement PDF for a company with 2,000 pledges ≤ 3 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import benchkit
from benchkit import Figure

TARGET = 3.0
PLEDGES, TEAMS, NEEDS, MEMBERS, TABLES = 2_000, 40, 400, 20, 200
COMPANY_MEMBER = benchkit.MEMBER_BASE + 1
UNITS = (("hours", "time", None), ("skill_hours", "skills", None), ("parcels", "goods", "12.5"),
         ("kg", "goods", None), ("eur", "money", None))
CATEGORIES = ("food", "health", "loneliness", "education", "mobility", "housing", "work")


async def fill(url: str, now: datetime) -> tuple[int, float]:
    """The world above; the company's id and the seconds it took (not timed)."""
    from sqlalchemy import text

    from bot.capabilities import unit_of_work
    from storage.models import Need, NeedEvent, Pledge, TableMinutes, Team, TerritorialTable

    began = time.perf_counter()
    rng = random.Random(25)
    async with benchkit.engine_for(url) as (engine, sessions):
        async with engine.connect() as connection:
            comuni = [r[0] for r in (await connection.execute(text(
                "SELECT code FROM territory WHERE kind = 'comune' AND region_code = 'R-03' "
                "ORDER BY code LIMIT :n"), {"n": TEAMS})).all()]
        async with unit_of_work(sessions) as uow:
            company = await uow.organisations.add(name="Acme Logistica S.p.A.",
                                                  name_key="acme logistica spa", kind="company",
                                                  territory_code=comuni[0], now=now)
            assert company.id is not None
            members = [COMPANY_MEMBER + n for n in range(MEMBERS)]
            for who in members:
                await uow.organisations.add_member(organisation_id=company.id, telegram_id=who,
                                                   confirmed=True, confirmed_by=None, now=now)
            teams = [Team(name=f"Cohesion Makers {code}", territory_code=code, created_at=now)
                     for code in comuni]
            uow.session.add_all(teams)
            await uow.session.flush()
            needs = []
            for n in range(NEEDS):
                team = teams[n % TEAMS]
                unit, resource, value = UNITS[n % len(UNITS)]
                needs.append(Need(
                    team_id=team.id, territory_code=team.territory_code, title=f"need {n}",
                    category=CATEGORIES[n % len(CATEGORIES)], resource=resource, unit=unit,
                    target=Decimal(1000), urgency="normal", status="open",
                    unit_value=None if value is None else Decimal(value),
                    created_at=now - timedelta(days=380), updated_at=now))
            uow.session.add_all(needs)
            await uow.session.flush()
            pledges = []
            for n in range(PLEDGES):
                made = now - timedelta(days=rng.uniform(1, 360))
                quantity = Decimal(rng.randint(1, 20))
                pledges.append(Pledge(
                    need_id=needs[rng.randrange(NEEDS)].id, member_telegram_id=members[n % MEMBERS],
                    quantity=quantity, delivered=quantity if n % 2 else Decimal(0),
                    status="delivered" if n % 2 else "active", created_at=made, updated_at=made,
                    organisation_id=company.id))
            uow.session.add_all(pledges)
            await uow.session.flush()
            uow.session.add_all([NeedEvent(
                need_id=p.need_id, at=p.created_at + timedelta(hours=6), by=None,
                kind="delivered", details=json.dumps({"pledge": p.id,
                                                      "quantity": str(p.quantity)}))
                for n, p in enumerate(pledges) if n % 2])
            tables = [TerritorialTable(team_id=teams[n % TEAMS].id,
                                       starts_at=now - timedelta(days=rng.uniform(1, 360)),
                                       place="Sala", created_at=now, updated_at=now)
                      for n in range(TABLES)]
            uow.session.add_all(tables)
            await uow.session.flush()
            uow.session.add_all([TableMinutes(
                table_id=t.id, attendance="[]", written_at=t.starts_at,
                attendee_ids=json.dumps([members[n % MEMBERS], benchkit.member_id(5), None]))
                for n, t in enumerate(tables)])
    return company.id, time.perf_counter() - began


async def measure_backend(url: str, runs: int) -> list[Figure]:
    from bot.capabilities import unit_of_work
    from bot.services import statements
    from bot.ui.statement_pdf import render_statement_pdf
    from domain.calendar import ROME
    from domain.period import Period

    name = benchkit.backend_name(url)
    now = benchkit.system_clock()
    company, seconds = await fill(url, now)
    print(f"  {name}: {PLEDGES:,} pledges of one company in {TEAMS} teams written in "
          f"{seconds:.1f} s (not timed)", flush=True)
    today = now.astimezone(ROME).date()
    period = Period(today - timedelta(days=364), today)
    sizes: list[Any] = []
    async with benchkit.engine_for(url) as (_engine, sessions):
        async def statement() -> None:
            async with unit_of_work(sessions) as uow:
                made = await statements.issue_for(
                    uow, telegram_id=COMPANY_MEMBER, organisation_id=company, period=period,
                    key=b"bench", language="it", now=now)
            pdf = await asyncio.to_thread(render_statement_pdf, made, language="it",
                                          bot_username="CohesionMakersBot")
            sizes[:] = [len(pdf), made.figures.pledges]

        times = await benchkit.timed(statement, runs)
    if sizes[1] != PLEDGES:
        raise RuntimeError(f"the statement counts {sizes[1]} pledges, not {PLEDGES}")
    m = benchkit.median(times)
    return [Figure(f"{name}: a statement's PDF ({sizes[0] // 1024} KiB), {PLEDGES:,} pledges, "
                   "from the request", f"{m:7.2f} s ({min(times):.2f}–{max(times):.2f})",
                   f"<= {TARGET:.0f} s", m <= TARGET)]


async def measure(args: argparse.Namespace) -> list[Figure]:
    print(f"a company's statement: median of {args.runs} runs (min–max) after a warm-up")
    figures = await benchkit.on_each_backend(
        args.backends, "statement_bench_", lambda url: measure_backend(url, args.runs))
    benchkit.print_table("company statements", figures)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgresql")
    return benchkit.run(lambda: measure(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
