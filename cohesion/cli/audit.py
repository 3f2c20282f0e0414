"""`cohesion audit`: what designers, observers, experts and admins did to shared data, newest
first, filtered by team, actor, action and time."""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime

from bot.config import Settings
from bot.services import audit
from bot.services.audit import AuditLine
from cohesion.cli.common import CliError, with_uow
from domain.calendar import ROME
from storage.uow import UnitOfWork

MAX_LIMIT = 10_000


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("audit", help="the audit trail of designers', experts' and admins' actions")
    p.add_argument("--team", type=int, help="only this team's")
    p.add_argument("--actor", type=int, metavar="ID", help="only what this Telegram user did")
    p.add_argument("--action", help="e.g. table.moved, or a prefix ending in '.': table.")
    p.add_argument("--since", help="from this Rome time: 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM'")
    p.add_argument("--until", help="before this Rome time (same forms)")
    p.add_argument("--limit", type=int, default=50, help="at most this many, newest (default 50)")
    p.set_defaults(func=cmd_audit)


def rome_time(text: str, option: str) -> datetime:
    for form in ("%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), form).replace(tzinfo=ROME).astimezone(UTC)
        except ValueError:
            continue
    raise CliError(f"{option} takes a Rome time like '2026-12-01' or '2026-12-01 18:30'")


def line(entry: AuditLine) -> str:
    team = f"team {entry.team_id}" if entry.team_id is not None else "-"
    summary = f"  {entry.summary}" if entry.summary else ""
    return (f"{entry.at.astimezone(ROME):%Y-%m-%d %H:%M}  {entry.actor}  {entry.action}  "
            f"{team}  {entry.target}{summary}")


def cmd_audit(settings: Settings, args: argparse.Namespace) -> None:
    if not 1 <= args.limit <= MAX_LIMIT:
        raise CliError(f"--limit must be 1 to {MAX_LIMIT}")
    since = rome_time(args.since, "--since") if args.since else None
    until = rome_time(args.until, "--until") if args.until else None
    if since is not None and until is not None and until <= since:
        raise CliError("--until must be after --since")

    async def work(uow: UnitOfWork) -> list[AuditLine]:
        return await audit.entries(uow, team_id=args.team, actor=args.actor,
                                   action=args.action, since=since, until=until,
                                   limit=args.limit)

    found = asyncio.run(with_uow(settings, work))
    if not found:
        print("no audit entries match")
        return
    print("when (Rome time)  who  action  team  object  summary")
    print("\n".join(line(entry) for entry in found))
