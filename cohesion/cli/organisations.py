"""`cohesion org list [--kind K] [--territory NAME]`: the organisations on record, with their
comune and how many confirmed members act for them."""

from __future__ import annotations

import argparse
import asyncio

from bot.config import Settings
from bot.services import organisations
from bot.services.organisations import OrganisationView
from cohesion.cli.common import resolve_place, with_uow
from domain.territory import Gazetteer
from storage.models.organisation import OrganisationKind
from storage.uow import UnitOfWork


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    org = sub.add_parser("org", help="organisations: non-profits, companies, institutions"
                         ).add_subparsers(dest="org_command", required=True, metavar="ACTION")
    listing = org.add_parser("list", help="list the organisations")
    listing.add_argument("--kind", choices=[k.value for k in OrganisationKind])
    listing.add_argument("--territory", help="only within this comune, province or region "
                                             "(name or code)")
    listing.set_defaults(func=cmd_org_list)


def cmd_org_list(settings: Settings, args: argparse.Namespace) -> None:
    gazetteer = Gazetteer.load()
    territory = resolve_place(gazetteer, args.territory).code if args.territory else None

    async def work(uow: UnitOfWork) -> list[tuple[OrganisationView, int]]:
        return await organisations.listing(uow, gazetteer, kind=args.kind, territory=territory)

    rows = asyncio.run(with_uow(settings, work))
    if not rows:
        print("no organisations" + (" there" if args.kind or territory else " yet"))
    for organisation, confirmed in rows:
        place = gazetteer.get(organisation.territory_code or "")
        where = place.name if place else "no comune yet"
        website = f"  {organisation.website}" if organisation.website else ""
        print(f"{organisation.id:4}  {organisation.name}  ({organisation.kind}, {where}) "
              f"{confirmed} confirmed member{'' if confirmed == 1 else 's'}{website}")
