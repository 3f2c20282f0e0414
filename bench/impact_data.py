"""The impact benchmark's data: the needs benchmark's world, grown to a year of a network's life.

    from impact_data import fill
    data = await fill(url, now=now)   # a migrated database (benchkit.database)

On top of ``needs_data`` (100,000 members, 2,000 teams, 5,000 needs, 200,000 pledges), with the
same seed, so the same rows every run:

- members: actor types 70 % citizens, 10 % each non-profits, companies and institutions (the
  last three with an organisation name); joined over the last year;
- the needs' history in ``need_event``: posted, each pledge, withdrawn, delivered, covered,
  fulfilled, closed and expired, at the moments the needs' and pledges' rows say;
- every team's group linked (2,000 groups, half Italian and half English);
- 200 observers: Lombardy's (``needs_data.OBSERVER``), then each region and each province,
  then round again;
- assessments for a fifth of the members (20,000), a third of them retaken later, with a score
  per competence per run (the framework's 8);
- training: each assessed member finished 1–4 modules, some rated useful;
- a year of tables: one a month per team (24,000), 5 % cancelled, six answers each, minutes
  with attendance and 0–3 decisions for the past ones (60 %); a few needs posted from them;
- 500 expert hours held, with feedback on most.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import needs_data
from needs_data import LOMBARDIA, OBSERVER, Shape

COMPETENCES = ("reading_needs", "networking", "mobilising", "codesign", "communication",
               "digital", "ethics", "impact")
MODULES = tuple(f"{c}.{n}" for c in COMPETENCES for n in (1, 2))
ACTORS = ("citizen",) * 7 + ("npo", "company", "institution")
GROUP_BASE = -1_009_000_000_000
OBSERVERS = 200


@dataclass
class ImpactData:
    counts: dict[str, int]
    seconds: float
    observers: list[int]
    lombardy_teams: int


def _level(score: float) -> str:
    return ("expert" if score >= 4.5 else "advanced" if score >= 3.5
            else "intermediate" if score >= 2.5 else "foundation")


def grow(tables: dict[str, list[dict[str, Any]]], comuni: list[tuple[str, str | None, str]],
         now: datetime, seed: int = 24) -> ImpactData:
    """Add a year of life to the needs benchmark's rows, in place."""
    rng = random.Random(seed)
    year_ago = now - timedelta(days=365)
    members = tables["member"]
    for n, member in enumerate(members):
        member["actor_type"] = ACTORS[n % len(ACTORS)]
        if member["actor_type"] != "citizen":
            member["organisation_name"] = f"Organizzazione {n % 997}"
        member["created_at"] = year_ago + timedelta(seconds=rng.uniform(0, 365 * 86_400))
    joined = {m["id"]: m["created_at"] for m in members}
    for membership in tables["membership"]:
        membership["joined_at"] = joined[membership["member_id"]]
    for member in members:
        member["onboarded_at"] = member["consent_at"] = member["created_at"]

    # The needs' history.
    events: list[dict[str, Any]] = []
    designer = {row["team_id"]: row["telegram_id"] for row in tables["rolegrant"]
                if row["role"] == "designer"}
    for pledge_id, pledge in enumerate(tables["pledge"], start=1):
        pledge["id"] = pledge_id
        events.append({"need_id": pledge["need_id"], "at": pledge["created_at"],
                       "by": pledge["member_telegram_id"], "kind": "pledged",
                       "details": json.dumps({"pledge": pledge_id, "quantity":
                                              str(pledge["quantity"])})})
        if pledge["status"] == "withdrawn":
            later = pledge["created_at"] + timedelta(hours=rng.uniform(1, 72))
            pledge["updated_at"] = min(later, now)
            events.append({"need_id": pledge["need_id"], "at": pledge["updated_at"],
                           "by": pledge["member_telegram_id"], "kind": "withdrawn",
                           "details": json.dumps({"pledge": pledge_id, "quantity":
                                                  str(pledge["quantity"])})})
    needs = {need["id"]: need for need in tables["need"]}
    for pledge in tables["pledge"]:
        if pledge["status"] == "delivered":
            need = needs[pledge["need_id"]]
            at = min(pledge["created_at"] + timedelta(days=rng.uniform(1, 10)), now)
            pledge["updated_at"] = at
            events.append({"need_id": need["id"], "at": at, "by": designer[need["team_id"]],
                           "kind": "delivered", "details": json.dumps(
                               {"pledge": pledge["id"], "quantity": str(pledge["quantity"]),
                                "whole": True})})
    for need in tables["need"]:
        by = designer[need["team_id"]]
        events.append({"need_id": need["id"], "at": need["created_at"], "by": by,
                       "kind": "posted", "details": None})
        if need["covered_at"] is not None:
            events.append({"need_id": need["id"], "at": need["covered_at"], "by": None,
                           "kind": "covered", "details": None})
        if need["status"] in ("fulfilled", "closed", "expired"):
            at = min(need["created_at"] + timedelta(days=rng.uniform(5, 40)), now)
            need["closed_at"] = at
            events.append({"need_id": need["id"], "at": at, "by": by, "kind": need["status"],
                           "details": None})
        if need["unit"] in ("parcels", "items", "kg"):
            need["unit_value"] = rng.choice((None, 2, 5, 15))
    tables["need_event"] = events

    # Groups, one per team, linked.
    groups = []
    for team in tables["team"]:
        chat = GROUP_BASE - team["id"]
        team["group_chat_id"], team["linked_at"] = chat, year_ago
        team["language"] = "it" if team["id"] % 2 else "en"
        groups.append({"chat_id": chat, "title": team["name"], "language": team["language"],
                       "joined_at": year_ago})
    tables["groupchat"] = groups

    # Observers: Lombardy's first, then each region and each province, then round again.
    regions = sorted({region for _c, _p, region in comuni} - {LOMBARDIA})
    provinces = sorted({parent for _c, parent, _r in comuni if parent})
    places = [*regions, *provinces]
    observers = [OBSERVER] + [OBSERVER + 1 + i for i in range(OBSERVERS - 1)]
    for number, telegram_id in enumerate(observers[1:]):
        tables["rolegrant"].append({"telegram_id": telegram_id, "role": "observer",
                                    "territory_code": places[number % len(places)],
                                    "granted_at": year_ago})

    # Assessments for a fifth of the members, a third of them retaken.
    runs, scores, progress = [], [], []
    run_id = 0
    for member in rng.sample(members, len(members) // 5):
        first = member["created_at"] + timedelta(days=rng.uniform(0, 30))
        if first >= now:
            continue
        taken = [first]
        if rng.random() < 1 / 3:
            second = first + timedelta(days=rng.uniform(30, 200))
            if second < now:
                taken.append(second)
        base = {c: rng.uniform(1.5, 4.0) for c in COMPETENCES}
        for index, at in enumerate(taken):
            run_id += 1
            runs.append({"id": run_id, "member_telegram_id": member["telegram_id"],
                         "framework_version": 1, "started_at": at - timedelta(minutes=8),
                         "finished_at": at})
            for competence in COMPETENCES:
                score = min(5.0, base[competence] + index * rng.uniform(-0.2, 0.8))
                scores.append({"run_id": run_id, "competence_id": competence,
                               "score": round(score, 2), "level": _level(score)})
        for module in rng.sample(MODULES, rng.randint(1, 4)):
            opened = first + timedelta(days=rng.uniform(1, 60))
            if opened >= now:
                continue
            rated = rng.random() < 0.6
            progress.append({"member_telegram_id": member["telegram_id"], "module_id": module,
                             "opened_at": opened, "done_at": opened + timedelta(minutes=12),
                             "useful": (rng.random() < 0.8) if rated else None,
                             "feedback_at": opened + timedelta(minutes=13) if rated else None})
    tables["assessment_run"], tables["assessment_score"] = runs, scores
    tables["training_progress"] = progress

    # A year of tables: one a month per team.
    team_members: dict[int, list[int]] = {}
    for membership in tables["membership"]:
        team_members.setdefault(membership["team_id"], []).append(
            members[membership["member_id"] - 1]["telegram_id"])
    territorial, rsvps, minutes = [], [], []
    table_id = 0
    for team in tables["team"]:
        for month in range(12):
            table_id += 1
            starts = year_ago + timedelta(days=30 * month + rng.uniform(0, 28), hours=17)
            cancelled = rng.random() < 0.05
            territorial.append({
                "id": table_id, "team_id": team["id"], "starts_at": starts,
                "place": "Sala civica", "agenda": "Bisogni del mese", "capacity": None,
                "recurrence": "none", "reminders": "1440,60",
                "status": "cancelled" if cancelled else "scheduled", "revision": 1,
                "created_by": designer[team["id"]], "created_at": starts - timedelta(days=14),
                "updated_at": starts - timedelta(days=14)})
            people = rng.sample(team_members[team["id"]], min(6, len(team_members[team["id"]])))
            for seq, person in enumerate(people):
                rsvps.append({"table_id": table_id, "member_telegram_id": person,
                              "answer": rng.choice(("yes", "yes", "maybe", "no")), "seq": seq,
                              "answered_at": starts - timedelta(days=rng.uniform(1, 10))})
            if not cancelled and starts < now and rng.random() < 0.6:
                present = people[:rng.randint(2, len(people))]
                decisions = [f"Decisione {d + 1}" for d in range(rng.randint(0, 3))]
                minutes.append({
                    "table_id": table_id,
                    "attendance": json.dumps([f"Persona {p}" for p in present]),
                    "attendee_ids": json.dumps(present), "decisions": json.dumps(decisions),
                    "notes": "", "language": "it", "written_by": designer[team["id"]],
                    "written_at": starts + timedelta(hours=3)})
    tables["territorial_table"], tables["table_rsvp"] = territorial, rsvps
    tables["table_minutes"] = minutes
    with_decisions = [m for m in minutes if json.loads(m["decisions"])]
    for need, source in zip(tables["need"][::25], with_decisions[::40], strict=False):
        need["from_table_id"] = source["table_id"]

    # Expert hours: 20 experts, 500 held hours.
    experts, slots, bookings = [], [], []
    for e in range(20):
        experts.append({"id": e + 1, "telegram_id": OBSERVER + 10_000 + e,
                        "display_name": f"Esperto {e}", "competences": "networking,impact",
                        "languages": "it,en", "active": True, "created_at": year_ago})
    assessed = sorted({run["member_telegram_id"] for run in runs})
    for b in range(min(500, len(assessed))):
        starts = year_ago + timedelta(days=rng.uniform(0, 360), hours=10)
        slots.append({"id": b + 1, "expert_id": b % 20 + 1, "starts_at": starts,
                      "ends_at": starts + timedelta(hours=1), "created_at": year_ago})
        bookings.append({"slot_id": b + 1, "member_telegram_id": assessed[b],
                         "status": "active", "revision": 1,
                         "feedback": rng.randint(3, 5) if rng.random() < 0.8 else None,
                         "created_at": starts - timedelta(days=3),
                         "updated_at": starts + timedelta(hours=2)})
    tables["expert_profile"], tables["expert_slot"] = experts, slots
    tables["expert_booking"] = bookings
    lombardy_teams = sum(1 for team in tables["team"]
                         if {c: r for c, _p, r in comuni}[team["territory_code"]] == LOMBARDIA)
    return ImpactData(counts={name: len(rows) for name, rows in tables.items()}, seconds=0.0,
                      observers=observers, lombardy_teams=lombardy_teams)


ORDER = ("groupchat", "team", "member", "membership", "rolegrant", "territorial_table", "need",
         "pledge", "need_event", "nudge", "assessment_run", "assessment_score",
         "training_progress", "table_rsvp", "table_minutes", "expert_profile", "expert_slot",
         "expert_booking")
SEQUENCES = {"team": "team_id_seq", "member": "member_id_seq", "need": "need_id_seq",
             "pledge": "pledge_id_seq", "territorial_table": "territorial_table_id_seq",
             "assessment_run": "assessment_run_id_seq", "expert_profile": "expert_profile_id_seq",
             "expert_slot": "expert_slot_id_seq"}


async def fill(url: str, *, now: datetime, shape: Shape | None = None) -> ImpactData:
    """Generate the year and write it into the migrated database at ``url``."""
    began = time.perf_counter()
    comuni = await needs_data._comuni(url)
    tables, _needs = needs_data.generate(shape or Shape(), comuni, now)
    data = grow(tables, comuni, now)
    await needs_data.write(url, tables, ORDER, SEQUENCES)
    data.seconds = time.perf_counter() - began
    return data
