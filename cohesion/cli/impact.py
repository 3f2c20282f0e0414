"""`cohesion impact rates` and `cohesion impact rate set`: the hourly values the social value
estimate uses (the replacement cost of volunteer time, ILO 2011), with their source and year."""

from __future__ import annotations

import argparse
import asyncio

from bot.config import Settings
from bot.services import impact
from bot.services.impact import RateLine, RateProblem
from cohesion.cli.admin import BY_HELP, _admin
from cohesion.cli.common import CliError, with_uow
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
