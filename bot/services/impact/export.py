"""`/export` and `cohesion export`: a ZIP of CSV files for a scope and a period.

    needs.csv         the needs posted in the period or live in it
    pledges.csv       the pledges made or changed (delivered, reduced, withdrawn) in it
    tables.csv        the tables whose moment fell in it, with answers and minutes counted
    assessments.csv   per competence: runs, people, mean score, mean change among retakers
    teams.csv         the teams of the scope, their members, designers and live needs
    README.txt        what each file and column means, in the requester's language

Who may export what is checked here (a button can be forged): a designer their teams, an
observer their territory (every team inside it), an admin anywhere; ``NotAllowed`` otherwise.

Nobody appears by name or Telegram id: a pledger is a stable pseudonym (``domain.export``), an
erased one "deleted member"; an organisation is named only as a non-citizen member stated it.
Free text is left out altogether — a need's title and description, a table's address, agenda
and minutes' names may all name people — so only counts and codes leave. Assessments are
aggregated per competence, and a mean over fewer than ``MIN_PEOPLE`` people is left empty (one
person's score would be their own).

Streamed: every file's rows come from a server-side cursor a batch at a time and go straight
into their entry of the ZIP, written to the file object the caller gives (a temporary file),
so a region's export holds neither all its rows nor the whole file in memory. Each cell is
written for the chosen separator's spreadsheet (UTF-8 with BOM; decimal comma after ";").
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Literal, TypeVar

from bot.services import balance
from bot.services.roles import NotAllowed, holds
from domain.assessment import load_framework
from domain.export import Dialect, Pseudonyms, place_kind, rome_day
from domain.period import LONGEST_DAYS, Period
from storage.models import ActorType, RoleName
from storage.repositories.impact_export import (
    NeedRow,
    PledgeRow,
    ScoreRow,
    TableRow,
    TeamRow,
)
from storage.uow import UnitOfWork

ScopeKind = Literal["team", "teams", "place", "all"]
R = TypeVar("R")

#: A mean over fewer people than this is left empty: it would be one or two people's own score.
MIN_PEOPLE = 3

#: The files and their columns, in order (the README describes each; a test checks it does).
COLUMNS: Mapping[str, tuple[str, ...]] = {
    "needs.csv": (
        "need_id", "team_id", "team", "territory_code", "territory", "category", "resource",
        "unit", "target", "pledged", "delivered", "status", "urgency", "posted_on",
        "first_pledge_on", "covered_on", "closed_on", "days_to_first_pledge",
        "days_to_coverage", "unit_value_eur", "from_table"),
    "pledges.csv": (
        "pledge_id", "need_id", "team_id", "giver", "giver_actor_type", "organisation",
        "quantity", "unit", "delivered", "status", "pledged_on", "last_change_on"),
    "tables.csv": (
        "table_id", "team_id", "team", "date", "status", "place_kind", "yes", "no", "maybe",
        "attendance", "decisions", "needs_from_decisions"),
    "assessments.csv": (
        "competence", "competence_name", "runs", "people", "mean_score", "retakers",
        "mean_change"),
    "teams.csv": (
        "team_id", "team", "territory_code", "territory", "members", "designers",
        "live_needs", "coverage_index", "needs_posted"),
}
FILES = (*COLUMNS, "README.txt")


# --------------------------------------------------------------------------------------------
# Who may export what
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExportScope:
    """What an export covers: one team ("team"), a designer's teams ("teams"), a territory
    ("place", key its code) or everywhere ("all", an admin's); ``team_ids`` None: every
    team."""

    kind: ScopeKind
    key: str
    name: str  # the team's name; a territory's code (the texts name it); "" otherwise
    team_ids: tuple[int, ...] | None


@dataclass(frozen=True, slots=True)
class ScopeChoice:
    """A scope offered with a button: ``/balance``'s (a team, "all my teams", a territory),
    or "all" (everywhere) for an admin."""

    kind: ScopeKind
    key: str
    name: str  # the team's name; a territory's code; "" for "teams" and "all"


async def scopes_of(uow: UnitOfWork, *, telegram_id: int) -> list[ScopeChoice]:
    """What a person may export, as ``/balance`` offers it (their teams, their territories),
    and for an admin "everywhere" first."""
    choices = [ScopeChoice(s.kind, s.key, s.name)
               for s in await balance.scopes_of(uow, telegram_id=telegram_id)]
    if await holds(uow, telegram_id=telegram_id, role=RoleName.ADMIN):
        choices.insert(0, ScopeChoice("all", "all", ""))
    return choices


async def scope_for(uow: UnitOfWork, *, telegram_id: int, kind: str, key: str) -> ExportScope:
    """The scope a person asked for, if they may export it; ``NotAllowed`` otherwise (a forged
    button, a role taken back). An admin may export any team, territory or everything."""
    admin = await holds(uow, telegram_id=telegram_id, role=RoleName.ADMIN)
    if admin:
        if kind == "all" and key == "all":
            return ExportScope("all", "all", "", None)
        if kind == "team" and key.isdigit() and (found := await team_scope(uow, int(key))):
            return found
        if kind == "place" and await uow.territories.get(key) is not None:
            return await territory_scope(uow, key)
    for scope in await balance.scopes_of(uow, telegram_id=telegram_id):
        if scope.kind != kind or scope.key != key:
            continue
        if scope.kind == "team":
            return ExportScope("team", key, scope.name, (int(key),))
        if scope.kind == "place":
            return await territory_scope(uow, key)
        designed = [int(s.key) for s in await balance.scopes_of(uow, telegram_id=telegram_id)
                    if s.kind == "team"]
        return ExportScope("teams", "all", "", tuple(designed))
    raise NotAllowed(f"{telegram_id} may not export {kind} {key}")


async def team_scope(uow: UnitOfWork, team_id: int) -> ExportScope | None:
    """One team, for whoever is already allowed (an admin, the command line)."""
    team = await uow.teams.get(team_id)
    if team is None:
        return None
    return ExportScope("team", str(team_id), team.name, (team_id,))


async def territory_scope(uow: UnitOfWork, code: str) -> ExportScope:
    """Every team inside a territory, for whoever is already allowed."""
    return ExportScope("place", code, code,
                       tuple(await uow.impact_export.teams_in_territory(code)))


def period_allowed(period: Period) -> bool:
    """A period an export may cover (a forged button could ask for a century)."""
    return period.days <= LONGEST_DAYS


# --------------------------------------------------------------------------------------------
# What was written
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What an export holds: its scope, period, moment, language and dialect, and the rows
    of each CSV file (the README and the chat's caption say them)."""

    scope: ExportScope
    period: Period
    made_at: datetime
    language: str
    dialect: Dialect
    rows: Mapping[str, int] = field(default_factory=dict)


#: Words the README in the summary's language (bot.ui.texts.export.readme).
ReadmeWriter = Callable[[ExportSummary], str]


class _CsvEntry:
    """One CSV file in the ZIP, written row by row as UTF-8 with a BOM."""

    def __init__(self, archive: zipfile.ZipFile, name: str, dialect: Dialect) -> None:
        self.name = name
        self.raw = archive.open(name, "w", force_zip64=True)
        self.text = io.TextIOWrapper(self.raw, encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.text, delimiter=dialect.separator, lineterminator="\r\n")
        self.writer.writerow(COLUMNS[name])
        self.rows = 0

    def write(self, rows: Sequence[Sequence[object]]) -> None:
        self.writer.writerows(rows)
        self.rows += len(rows)

    def close(self) -> None:
        self.text.close()  # closes the ZIP entry too


async def write_export(uow: UnitOfWork, out: IO[bytes], *, scope: ExportScope, period: Period,
                       now: datetime, language: str, dialect: Dialect, secret: bytes,
                       readme: ReadmeWriter) -> ExportSummary:
    """Write the ZIP of ``scope`` over ``period`` into ``out`` (a seekable binary file), the
    README last (it counts the rows); the caller has checked who may (``scope_for``)."""
    start, end = period.utc_bounds()
    teams = scope.team_ids
    pseudonyms = Pseudonyms(secret)
    rows: dict[str, int] = {}
    # The fastest deflate: CSV compresses well at any level, and time is what a region's
    # export is short of.
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        writers: dict[str, Callable[[], AsyncIterator[Lines]]] = {
            "needs.csv": lambda: _lines(uow.impact_export.needs(teams, start, end),
                                        lambda n: _need_line(n, dialect)),
            "pledges.csv": lambda: _lines(uow.impact_export.pledges(teams, start, end),
                                          lambda p: _pledge_line(p, dialect, pseudonyms)),
            "tables.csv": lambda: _lines(uow.impact_export.tables(teams, start, end),
                                         _table_line),
            "assessments.csv": lambda: _assessments(uow.impact_export.scores(teams, end),
                                                    start, language, dialect),
            "teams.csv": lambda: _lines(uow.impact_export.teams(teams, start, end),
                                        lambda t: _team_line(t, dialect)),
        }
        for name, lines in writers.items():
            entry = _CsvEntry(archive, name, dialect)
            try:
                async for batch in lines():
                    entry.write(batch)
            finally:
                entry.close()
            rows[name] = entry.rows
        summary = ExportSummary(scope, period, now, language, dialect, rows)
        with archive.open("README.txt", "w") as text:
            text.write(readme(summary).replace("\n", "\r\n").encode("utf-8-sig"))
    return summary


# --------------------------------------------------------------------------------------------
# The rows of each file
# --------------------------------------------------------------------------------------------


#: A batch of a file's rows, as its cells.
Lines = Sequence[Sequence[object]]


async def _lines(source: AsyncIterator[list[R]], line: Callable[[R], Sequence[object]]
                 ) -> AsyncIterator[Lines]:
    async for batch in source:
        yield [line(row) for row in batch]


def _code(value: str | None) -> str:
    return value or ""


def _need_line(n: NeedRow, d: Dialect) -> Sequence[object]:
    to_first = n.first_pledge_at - n.created_at if n.first_pledge_at else None
    to_cover = n.covered_at - n.created_at if n.covered_at else None
    return (n.id, n.team_id, n.team_name, n.territory_code, n.territory_name, n.category,
            _code(n.resource), _code(n.unit), d.number(n.target), d.number(n.pledged),
            d.number(n.delivered), n.status, n.urgency, rome_day(n.created_at),
            rome_day(n.first_pledge_at), rome_day(n.covered_at), rome_day(n.closed_at),
            d.days(to_first), d.days(to_cover), d.number(n.unit_value),
            "" if n.from_table_id is None else n.from_table_id)


def organisation(actor_type: str | None, name: str | None) -> str:
    """An organisation is named only as a member who is not a citizen stated it: a citizen's
    "organisation" (an employer, a parish) would point at the person."""
    if actor_type is None or actor_type == ActorType.CITIZEN.value or not name:
        return ""
    return name


def _pledge_line(p: PledgeRow, d: Dialect, pseudonym: Pseudonyms) -> Sequence[object]:
    erased = p.member_telegram_id is None
    return (p.id, p.need_id, p.team_id, pseudonym(p.member_telegram_id),
            "" if erased else (p.actor_type or "unknown"),
            "" if erased else organisation(p.actor_type, p.organisation_name),
            d.number(p.quantity), _code(p.unit), d.number(p.delivered), p.status,
            rome_day(p.created_at), rome_day(p.updated_at))


def _count(listed: str | None) -> int | str:
    """How many entries a minutes' JSON list holds; "" without minutes."""
    if listed is None:
        return ""
    try:
        found = json.loads(listed)
    except ValueError:
        return ""
    return len(found) if isinstance(found, list) else ""


def _table_line(t: TableRow) -> Sequence[object]:
    return (t.id, t.team_id, t.team_name, rome_day(t.starts_at), t.status,
            place_kind(t.place), t.yes, t.no, t.maybe, _count(t.attendance),
            _count(t.decisions), t.needs_from_decisions)


@dataclass(slots=True)
class _Competence:
    """A competence's figures as the scores stream by (one member at a time)."""

    runs: int = 0
    people: int = 0
    total: float = 0.0
    retakers: int = 0
    change: float = 0.0


def _close_history(history: list[tuple[datetime, float]], start: datetime,
                   figures: _Competence) -> None:
    """Count one member's history of one competence (time order, all before the end)."""
    within = [score for at, score in history if at >= start]
    if not within:
        return
    figures.runs += len(within)
    figures.people += 1
    figures.total += sum(within)
    if len(history) >= 2:
        figures.retakers += 1
        figures.change += within[-1] - history[0][1]


async def _assessments(source: AsyncIterator[list[ScoreRow]], start: datetime, language: str,
                       d: Dialect) -> AsyncIterator[Lines]:
    figures: dict[str, _Competence] = {}
    current: tuple[int, str] | None = None
    history: list[tuple[datetime, float]] = []
    async for batch in source:
        for s in batch:
            key = (s.member_telegram_id, s.competence_id)
            if key != current:
                if current is not None:
                    _close_history(history, start,
                                   figures.setdefault(current[1], _Competence()))
                current, history = key, []
            history.append((s.finished_at, s.score))
    if current is not None:
        _close_history(history, start, figures.setdefault(current[1], _Competence()))
    framework = load_framework()
    names = {c.id: c.name(language) for c in framework.competences}
    order = [c.id for c in framework.competences]
    lines: list[Sequence[object]] = []
    for competence in order + sorted(set(figures) - set(order)):
        f = figures.get(competence)
        if f is None or f.people == 0:
            continue
        mean = d.number(f.total / f.runs, 2) if f.people >= MIN_PEOPLE else ""
        change = (d.number(f.change / f.retakers, 2)
                  if f.retakers >= MIN_PEOPLE else "")
        lines.append((competence, names.get(competence, competence), f.runs, f.people, mean,
                      f.retakers, change))
    yield lines


def _team_line(t: TeamRow, d: Dialect) -> Sequence[object]:
    return (t.id, t.name, t.territory_code, t.territory_name, t.members, t.designers,
            t.live_needs, d.number(t.coverage_index, 3), t.posted_in_period)


def file_name(scope_label: str, period: Period) -> str:
    """"export_cohesion-makers-milano_20260301-20260531.zip": the scope (as the person reads
    it, in plain letters) and the period."""
    plain = "".join(c if c.isascii() and c.isalnum() else "-"
                    for c in scope_label.lower()).strip("-")
    while "--" in plain:
        plain = plain.replace("--", "-")
    return f"export_{plain[:40].strip('-') or 'scope'}_{period.key()}.zip"


__all__ = ["COLUMNS", "FILES", "MIN_PEOPLE", "ExportScope", "ExportSummary", "ReadmeWriter",
           "ScopeChoice",
           "file_name", "organisation", "period_allowed", "scope_for", "scopes_of",
           "team_scope", "territory_scope", "write_export"]
