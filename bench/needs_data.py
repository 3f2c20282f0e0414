"""The needs benchmark's data: members, teams, needs, pledges and recent nudges across Italy.

    from needs_data import Shape, fill
    counts = await fill(url, Shape(), now=now)   # a migrated database (benchkit.database)

Deterministic (one seeded random generator): the same shape gives the same rows, so anyone
can rerun the benchmark on the same data. Written in bulk: COPY through asyncpg on
PostgreSQL (then ANALYZE), executemany in one transaction on SQLite.

The shape (defaults: the issue's 100,000 members, 2,000 teams, 5,000 needs, 200,000 pledges):

- teams: each on a comune drawn uniformly from the ISTAT list (so Lombardy, with a fifth of
  Italy's comuni, holds about a fifth of the teams); one designer each;
- members: ``members / teams`` per team, living in the team's comune; half Italian, half
  English; 65 % typed skills (one to three phrases from a list that matches every category,
  and some that match none), 75 % set their availability, 5 % turned nudges off;
- needs: spread over the teams at random, posted over the last 60 days, categories and units
  as a designer would choose them, targets 5-80; then by status: 10 % closed, 4 % expired,
  4 % fulfilled, the rest open or covered as their pledges put them;
- pledges: by members of the need's team, spread over the needs with a heavy tail (a few
  needs get dozens, many get none: the imbalance the balance exists to show); 1 or 2 each,
  10 % withdrawn; each need's ``pledged`` is the sum of its standing pledges, with its first
  pledge and coverage times;
- nudges: ``nudges`` rows over the last ten days (the weekly cap has something to read);
- one observer of Lombardy (``OBSERVER``) and of every region for the region benchmark.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import benchkit

OBSERVER = 999_000_001
LOMBARDIA = "R-03"

SKILLS = (
    "cucina", "cucinare", "infermiere", "infermiera", "primo soccorso", "autista",
    "guida auto", "patente", "informatica", "ripetizioni", "insegnante", "idraulico",
    "elettricista", "consulenza legale", "commercialista", "ascolto", "compagnia agli anziani",
    "fisioterapia", "psicologo", "giardinaggio", "fotografia", "musica", "traduzioni",
    "nurse", "driver", "cooking", "teacher", "first aid", "plumber", "lawyer", "listening",
    "it support", "gardening", "painting",
)
AVAILABILITY = ("month", "week", "weekends", "oncall")
NEEDS = {  # category: ((title, unit, skill), ...)
    "food": (("Pacchi spesa per famiglie", "parcels", None), ("Pasti caldi alla mensa", "items",
             None), ("Raccolta alimentare al supermercato", "hours", None),
             ("Latte e pannolini per neonati", "kg", None)),
    "health": (("Accompagnare anziani alle visite mediche", "hours", None),
               ("Consegna farmaci a domicilio", "hours", None),
               ("Assistenza infermieristica", "skill_hours", "infermiere")),
    "loneliness": (("Telefonate di compagnia agli anziani", "hours", None),
                   ("Passeggiate con persone sole", "hours", None)),
    "education": (("Doposcuola per ragazzi", "hours", None), ("Tablet per la didattica",
                  "items", None), ("Corso di informatica per anziani", "skill_hours",
                                   "informatica")),
    "mobility": (("Autisti per il trasporto disabili", "hours", None),
                 ("Consegne con il furgone", "hours", None)),
    "housing": (("Coperte per il dormitorio", "items", None), ("Piccole riparazioni in casa",
                "skill_hours", "idraulico")),
    "work": (("Aiuto a scrivere il curriculum", "hours", None), ("Consulenza legale contro "
             "gli sfratti", "skill_hours", "consulenza legale")),
    "other": (("Volontari per la festa di quartiere", "hours", None),
              ("Raccolta fondi per il centro civico", "eur", None)),
}
RESOURCE = {"hours": "time", "eur": "money", "kg": "goods", "parcels": "goods",
            "items": "goods", "skill_hours": "skills"}


@dataclass(frozen=True)
class Shape:
    members: int = 100_000
    teams: int = 2_000
    needs: int = 5_000
    pledges: int = 200_000
    nudges: int = 20_000
    seed: int = 8


@dataclass
class Data:
    """What the benchmark needs to know of the rows written."""

    counts: dict[str, int]
    member_ids: list[int]            # telegram ids, in order
    lombardy_members: list[int]      # telegram ids of members living in Lombardy
    uncovered_lombardy: list[int]    # open needs in Lombardy short of their target, oldest first
    seconds: float


async def _comuni(url: str) -> list[tuple[str, str | None, str]]:
    from sqlalchemy import text

    async with benchkit.engine_for(url) as (engine, _sessions), engine.connect() as connection:
        rows = (await connection.execute(text(
            "SELECT code, parent_code, region_code FROM territory WHERE kind = 'comune' "
            "ORDER BY code"))).all()
    return [(str(code), parent, str(region)) for code, parent, region in rows]


def generate(shape: Shape, comuni: Sequence[tuple[str, str | None, str]], now: datetime
             ) -> tuple[dict[str, list[dict[str, Any]]], Data]:
    rng = random.Random(shape.seed)
    tables: dict[str, list[dict[str, Any]]] = {}
    places = rng.sample(list(comuni), shape.teams)
    region_of = {code: region for code, _parent, region in comuni}
    tables["team"] = [{"id": t + 1, "name": f"Cohesion Makers {code} {t + 1}",
                       "territory_code": code, "language": "it", "created_at": now}
                      for t, (code, _p, _r) in enumerate(places)]
    members, memberships = [], []
    team_members: dict[int, list[int]] = {}
    for n in range(shape.members):
        team = n % shape.teams + 1
        telegram_id = benchkit.member_id(n)
        skills = (", ".join(rng.sample(SKILLS, rng.randint(1, 3)))
                  if rng.random() < 0.65 else None)
        members.append({
            "id": n + 1, "telegram_id": telegram_id, "display_name": f"Persona {n}",
            "language": "it" if n % 2 else "en", "consent_at": now, "onboarded_at": now,
            "created_at": now, "actor_type": "citizen",
            "territory_code": places[team - 1][0], "skills": skills,
            "availability": rng.choice(AVAILABILITY) if rng.random() < 0.75 else None,
            "nudges_off": rng.random() < 0.05})
        memberships.append({"member_id": n + 1, "team_id": team, "joined_at": now})
        team_members.setdefault(team, []).append(telegram_id)
    tables["member"], tables["membership"] = members, memberships
    tables["rolegrant"] = [{"telegram_id": benchkit.member_id(t), "role": "designer",
                            "team_id": t + 1, "granted_at": now} for t in range(shape.teams)]
    tables["rolegrant"].append({"telegram_id": OBSERVER, "role": "observer",
                                "territory_code": LOMBARDIA, "granted_at": now})

    needs = []
    for i in range(shape.needs):
        team = rng.randint(1, shape.teams)
        category = rng.choice(list(NEEDS))
        title, unit, skill = rng.choice(NEEDS[category])
        created = now - timedelta(seconds=rng.uniform(0, 60 * 86_400))
        target = rng.randint(5, 80) * (10 if unit == "eur" else 1)
        needs.append({"id": i + 1, "team_id": team, "territory_code": places[team - 1][0],
                      "title": title, "category": category, "resource": RESOURCE[unit],
                      "unit": unit, "skill": skill, "target": target, "urgency":
                      rng.choice(("low", "normal", "normal", "high")), "status": "open",
                      "pledged": 0, "delivered": 0, "created_at": created,
                      "updated_at": created, "first_pledge_at": None, "covered_at": None})
    # A heavy tail: need i's weight ~ 1 / rank, shuffled, so some needs gather many pledges.
    weights = [1 / (rank + 1) ** 0.9 for rank in range(shape.needs)]
    rng.shuffle(weights)
    pledges = []
    for index in rng.choices(range(shape.needs), weights=weights, k=shape.pledges):
        need = needs[index]
        quantity = rng.choice((1, 1, 2)) * (10 if need["unit"] == "eur" else 1)
        at = need["created_at"] + (now - need["created_at"]) * rng.random()
        standing = rng.random() >= 0.1
        pledges.append({"need_id": need["id"],
                        "member_telegram_id": rng.choice(team_members[need["team_id"]]),
                        "quantity": quantity, "delivered": 0,
                        "status": "active" if standing else "withdrawn",
                        "created_at": at, "updated_at": at})
        if standing:
            need["pledged"] += quantity
            if need["first_pledge_at"] is None or at < need["first_pledge_at"]:
                need["first_pledge_at"] = at
    for need in needs:
        roll = rng.random()
        if need["pledged"] >= need["target"]:
            need["status"] = "covered"
            need["covered_at"] = min(need["created_at"] + (now - need["created_at"]) * 0.6, now)
        if roll < 0.10:
            need["status"] = "closed"
        elif roll < 0.14:
            need["status"] = "expired"
        elif roll < 0.18 and need["pledged"] >= need["target"]:
            need["status"], need["delivered"] = "fulfilled", need["target"]
    for pledge in pledges:  # a fulfilled need's standing pledges were delivered
        need = needs[pledge["need_id"] - 1]
        if need["status"] == "fulfilled" and pledge["status"] == "active":
            pledge["status"], pledge["delivered"] = "delivered", pledge["quantity"]
    tables["need"], tables["pledge"] = needs, pledges

    live = [n for n in needs if n["status"] in ("open", "covered")]
    seen: set[tuple[int, int]] = set()
    nudges = []
    for _ in range(shape.nudges):
        need = rng.choice(live)
        member = rng.choice(team_members[need["team_id"]])
        if (member, need["id"]) in seen:
            continue
        seen.add((member, need["id"]))
        nudges.append({"member_telegram_id": member, "need_id": need["id"], "kind": "uncovered",
                       "at": now - timedelta(seconds=rng.uniform(0, 10 * 86_400))})
    tables["nudge"] = nudges

    lombardy = [m["telegram_id"] for m in members
                if region_of[m["territory_code"]] == LOMBARDIA]
    uncovered = sorted((n for n in needs if n["status"] == "open" and n["pledged"] < n["target"]
                        and region_of[n["territory_code"]] == LOMBARDIA),
                       key=lambda n: n["created_at"])
    data = Data(counts={name: len(rows) for name, rows in tables.items()},
                member_ids=[m["telegram_id"] for m in members], lombardy_members=lombardy,
                uncovered_lombardy=[n["id"] for n in uncovered], seconds=0.0)
    return tables, data


ORDER = ("team", "member", "membership", "rolegrant", "need", "pledge", "nudge")
SEQUENCES = {"team": "team_id_seq", "member": "member_id_seq", "need": "need_id_seq"}


async def write(url: str, tables: dict[str, list[dict[str, Any]]],
                order: Sequence[str] = ORDER, sequences: dict[str, str] | None = None) -> None:
    """Write ``tables`` in ``order`` (parents first), then move the ``sequences`` (table:
    sequence) past the ids written; ANALYZE at the end."""
    sequences = SEQUENCES if sequences is None else sequences
    for name in order:  # every row with every column (executemany and COPY want that)
        columns = sorted({key for row in tables[name] for key in row})
        tables[name] = [{c: row.get(c) for c in columns} for row in tables[name]]
    if url.startswith("sqlite"):
        from sqlalchemy import insert
        from sqlmodel import SQLModel

        import storage.models  # noqa: F401  (the tables, with their UTC timestamp type)

        async with benchkit.engine_for(url) as (engine, _sessions):
            async with engine.begin() as connection:
                for name in order:
                    rows = tables[name]
                    table = SQLModel.metadata.tables[name]
                    for start in range(0, len(rows), 20_000):
                        await connection.execute(insert(table), rows[start:start + 20_000])
                await connection.exec_driver_sql("ANALYZE")
        return
    import asyncpg

    for name in order:
        rows = tables[name]
        columns = list(rows[0])
        await benchkit.copy_records(url, name, columns, [tuple(row.values()) for row in rows])
    connection = await asyncpg.connect(url.replace("postgresql://", "postgres://"))
    try:
        for name, sequence in sequences.items():
            await connection.execute(
                f"SELECT setval('{sequence}', (SELECT max(id) FROM \"{name}\"))")
        await connection.execute("ANALYZE")
    finally:
        await connection.close()


async def fill(url: str, shape: Shape, *, now: datetime) -> Data:
    """Generate the rows and write them into the migrated database at ``url``."""
    began = time.perf_counter()
    tables, data = generate(shape, await _comuni(url), now)
    await write(url, tables)
    data.seconds = time.perf_counter() - began
    return data
