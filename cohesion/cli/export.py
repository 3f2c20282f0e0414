"""`cohesion export`: the ZIP of CSV files `/export` sends, for any territory or team, from the
command line (an admin's tool: whoever runs it reads the database anyway)."""

from __future__ import annotations

import argparse
import asyncio
import os
from datetime import date
from pathlib import Path

from bot.config import Settings
from bot.i18n import LANGUAGES, speak
from bot.services import places
from bot.services.impact import export
from bot.services.impact.export import ExportScope, ExportSummary
from bot.ui.texts import export as texts
from bot.ui.texts.places import place_label
from cohesion.cli.common import CliError, resolve_place, with_uow
from domain.export import SEPARATORS, Separator, dialect_for
from domain.period import Period
from domain.territory import Gazetteer
from storage.uow import UnitOfWork


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("export", help="a ZIP of CSV files (needs, pledges, tables, assessments, "
                                      "teams) of a territory or team over a period")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--territory", help="a region, province or comune, by name or code")
    where.add_argument("--team", type=int, help="a team id")
    p.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
    p.add_argument("--sep", choices=SEPARATORS, help="separator (default: ';' for it, ',' "
                                                     "for en)")
    p.add_argument("--lang", choices=LANGUAGES, help="the README's language (default: the "
                                                     "bot's default language)")
    p.add_argument("-o", "--output", required=True, type=Path, help="the ZIP file to write")
    p.set_defaults(func=cmd_export)


def day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(f"{option} takes a day like 2026-03-01") from None


def read_period(args: argparse.Namespace) -> Period:
    start, end = day(args.start, "--from"), day(args.end, "--to")
    if end < start:
        raise CliError("--to must not be before --from")
    period = Period(start, end)
    if not export.period_allowed(period):
        raise CliError("a period of at most five years, please")
    return period


def cmd_export(settings: Settings, args: argparse.Namespace) -> None:
    period = read_period(args)
    language = args.lang or settings.default_language
    separator: Separator | None = args.sep
    dialect = dialect_for(language, separator)
    gazetteer = Gazetteer.load()
    place = resolve_place(gazetteer, args.territory) if args.territory else None
    target: Path = args.output
    if not target.parent.exists():
        raise CliError(f"no such folder: {target.parent}")
    partial = target.with_name(target.name + ".partial")

    async def work(uow: UnitOfWork) -> tuple[ExportSummary, str]:
        scope: ExportScope | None
        if place is not None:
            scope = await export.territory_scope(uow, place.code)
        else:
            scope = await export.team_scope(uow, args.team)
            if scope is None:
                raise CliError(f"no team {args.team}")
        with speak(language):
            view = places.view_of(gazetteer, place.code) if place is not None else None
            label = place_label(view) if view is not None else scope.name
            with partial.open("wb") as out:
                summary = await export.write_export(
                    uow, out, scope=scope, period=period, now=args.clock(), language=language,
                    dialect=dialect, secret=settings.pseudonym_key(),
                    readme=lambda s: texts.readme(s, label))
        return summary, label

    try:
        summary, label = asyncio.run(with_uow(settings, work))
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    counts = ", ".join(f"{name} {rows}" for name, rows in summary.rows.items())
    print(f"{target}: {label}, {period.start} to {period.end}, separator "
          f"'{dialect.separator}' ({counts})")
