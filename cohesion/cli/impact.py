"""`cohesion report`: the impact report of a territory or team as a PDF; `cohesion impact rates`
and `cohesion impact rate set`: the hourly values the social value estimate uses (the
replacement cost of volunteer time, ILO 2011), with their source and year."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
from pathlib import Path

from bot.config import Settings
from bot.i18n import LANGUAGES, speak
from bot.services import impact, places
from bot.services.impact import RateLine, RateProblem
from bot.ui.impact_pdf import render_report_pdf
from bot.ui.texts import impact as texts
from bot.ui.texts.places import place_label
from cohesion.cli.admin import BY_HELP, _admin
from cohesion.cli.common import CliError, resolve_place, with_uow
from cohesion.cli.export import read_period
from domain.impact import ImpactReport
from domain.territory import Gazetteer
from storage.uow import UnitOfWork


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("impact", help="the hourly values of the social value estimate")
    actions = p.add_subparsers(dest="impact_command", required=True, metavar="ACTION")
    actions.add_parser("rates", help="list the hourly values in use, with source and year"
                       ).set_defaults(func=cmd_rates)
    rate = actions.add_parser("rate", help="change an hourly value").add_subparsers(
        dest="rate_command", required=True, metavar="ACTION")
    set_rate = rate.add_parser("set", help="set the value of a category (or 'default', "
                                           "'skills' for professional hours)")
    set_rate.add_argument("category", help="a need category code, 'default' or 'skills'")
    set_rate.add_argument("eur", metavar="EUR", help="euro an hour, e.g. 18.50")
    set_rate.add_argument("--source", required=True, help="where the value comes from")
    set_rate.add_argument("--year", type=int, required=True, help="the year the value is of")
    set_rate.add_argument("--by", type=int, metavar="ID", help=BY_HELP)
    set_rate.set_defaults(func=cmd_rate_set)


def line(rate: RateLine) -> str:
    origin = "set by an admin" if rate.set_by_admin else "shipped default"
    return (f"{rate.category:<12} {rate.eur_per_hour:>8.2f} EUR/h  {rate.year}  "
            f"{rate.source}  ({origin})")


def cmd_rates(settings: Settings, args: argparse.Namespace) -> None:
    async def work(uow: UnitOfWork) -> list[RateLine]:
        return await impact.rate_lines(uow)

    lines = asyncio.run(with_uow(settings, work))
    print("Replacement cost of volunteer time (ILO, Manual on the Measurement of Volunteer "
          "Work, 2011): euro an hour by need category")
    print("\n".join(line(rate) for rate in lines))


def cmd_rate_set(settings: Settings, args: argparse.Namespace) -> None:
    async def work(uow: UnitOfWork) -> RateLine:
        by = await _admin(uow, args.by)
        try:
            return await impact.set_rate(uow, category=args.category, eur=args.eur,
                                         source=args.source, year=args.year, now=args.clock(),
                                         by=by)
        except RateProblem as problem:
            raise CliError(str(problem)) from None

    print("set: " + line(asyncio.run(with_uow(settings, work))))


def add_report_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("report", help="the impact report of a territory or team over a period, "
                                      "as the PDF /report and /overview send")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--territory", help="a region, province or comune, by name or code "
                                           "(with the overview of its teams)")
    where.add_argument("--team", type=int, help="a team id")
    p.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
    p.add_argument("--lang", choices=LANGUAGES, help="the report's language (default: the "
                                                     "bot's default language)")
    p.add_argument("-o", "--output", required=True, type=Path, help="the PDF file to write")
    p.set_defaults(func=cmd_report)


def cmd_report(settings: Settings, args: argparse.Namespace) -> None:
    period = read_period(args)
    language = args.lang or settings.default_language
    gazetteer = Gazetteer.load()
    place = resolve_place(gazetteer, args.territory) if args.territory else None
    target: Path = args.output
    if not target.parent.exists():
        raise CliError(f"no such folder: {target.parent}")

    async def work(uow: UnitOfWork) -> ImpactReport:
        report = await impact.report_for(
            uow, place=place.code if place is not None else None, team=args.team,
            period=period, now=args.clock(),
            uncovered_after_days=settings.unanswered_after_days, overview=place is not None)
        if report is None:
            raise CliError(f"no team {args.team}")
        return report

    report = asyncio.run(with_uow(settings, work))
    if report.teams == 0:
        raise CliError("no team is in this territory yet: there is nothing to report")
    with speak(language):
        if place is not None:
            view = places.view_of(gazetteer, place.code)
            report = dataclasses.replace(report, scope_name=place_label(view) if view
                                         else report.scope_name)
        pdf = render_report_pdf(report, language=language, definitions=texts.definition_pairs(),
                                assumptions=texts.assumption_lines(
                                    report.current.value.method,
                                    report.current.value.goods_without_value))
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(pdf)
    os.replace(partial, target)
    print(f"{target}: {report.scope_name}, {period.start} to {period.end}, {report.teams} "
          f"team(s), {len(pdf) // 1024} KiB")
