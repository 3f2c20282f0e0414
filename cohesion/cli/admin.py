"""`cohesion migrate | demo | team | role | menus | announce | expert | slots | territory`: administering
the platform from the command line."""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime, timedelta

from bot.config import Settings
from bot.services import announcements, menus, roles, teams
from bot.services.announcements import AnnouncementProblem
from cohesion.cli.common import CliError, resolve_place, with_uow
from domain.calendar import ROME
from domain.territory import Gazetteer
from storage.migrate import prepare_database
from storage.models import RoleName, Team
from storage.repositories.team import TeamListing
from storage.uow import UnitOfWork

BY_HELP = "your own Telegram user id, as an admin: the audit trail's who (else: the command line)"


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub.add_parser("migrate", help="migrate the database and load territories").set_defaults(
        func=cmd_migrate)
    demo = sub.add_parser("demo", help="load demo data into an empty database")
    demo.add_argument("--if-empty", action="store_true", help="no error if teams exist")
    demo.add_argument("--reset", action="store_true",
                      help="empty the database's data first (territories stay), then load it")
    demo.set_defaults(func=cmd_demo)

    team = sub.add_parser("team", help="territorial teams").add_subparsers(
        dest="team_command", required=True, metavar="ACTION")
    create = team.add_parser("create", help="create a team for a territory")
    create.add_argument("--territory", required=True, help="comune, province or region (name or code)")
    create.add_argument("--name", required=True)
    create.add_argument("--language", default="it", help="it (default) or en")
    create.set_defaults(func=cmd_team_create)
    team.add_parser("list", help="list the teams").set_defaults(func=cmd_team_list)

    role = sub.add_parser("role", help="designers, observers, experts, admins").add_subparsers(
        dest="role_command", required=True, metavar="ACTION")
    for action in ("grant", "revoke"):
        p = role.add_parser(action, help=f"{action} a role")
        p.add_argument("role", choices=[r.value for r in RoleName])
        p.add_argument("--user", type=int, required=True, help="the person's Telegram user id")
        p.add_argument("--team", type=int, help="team id (designer)")
        p.add_argument("--territory", help="province or region (observer)")
        p.add_argument("--by", type=int, metavar="ID", help=BY_HELP)
        p.set_defaults(func=cmd_role, action=action)
    role.add_parser("list", help="list granted roles").set_defaults(func=cmd_role_list)
    sub.add_parser("menus", help="queue everyone's private menu again (by role and language)"
                   ).set_defaults(func=cmd_menus)

    announce = sub.add_parser("announce", help="schedule an announcement to a team")
    announce.add_argument("--team", type=int, required=True)
    announce.add_argument("--text", required=True, help="plain text (not HTML)")
    announce.add_argument("--at", help="Rome time 'YYYY-MM-DD HH:MM' (default: now)")
    announce.add_argument("--members", action="store_true", help="also to each member privately")
    announce.add_argument("--by", type=int, metavar="ID", help=BY_HELP)
    announce.add_argument("--expires-hours", type=float, default=24.0,
                          help="drop it if it cannot be sent within this many hours of --at")
    announce.set_defaults(func=cmd_announce)

    experts = sub.add_parser("expert", help="experts of the free hour").add_subparsers(
        dest="expert_command", required=True, metavar="ACTION")
    add = experts.add_parser("add", help="make a person an expert (or change their profile)")
    add.add_argument("user", type=int, help="the person's Telegram user id")
    add.add_argument("--competences", required=True,
                     help="framework competence ids, comma-separated (e.g. networking,digital)")
    add.add_argument("--languages", default="it", help="it, en or it,en (default it)")
    add.add_argument("--name", help="the name members see (default: their name in the bot)")
    add.add_argument("--by", type=int, metavar="ID", help=BY_HELP)
    add.set_defaults(func=cmd_expert, action="add")
    remove = experts.add_parser("remove", help="end a person's expert role")
    remove.add_argument("user", type=int)
    remove.add_argument("--by", type=int, metavar="ID", help=BY_HELP)
    remove.set_defaults(func=cmd_expert, action="remove")
    experts.add_parser("list", help="list the experts").set_defaults(func=cmd_expert,
                                                                     action="list")
    slots = sub.add_parser("slots", help="an expert's free hours").add_subparsers(
        dest="slots_command", required=True, metavar="ACTION")
    add_slot = slots.add_parser("add", help="add an hour to an expert")
    add_slot.add_argument("user", type=int, help="the expert's Telegram user id")
    add_slot.add_argument("at", help="Rome time it begins, e.g. 2026-12-10T15:00")
    add_slot.set_defaults(func=cmd_slots, action="add")
    list_slots = slots.add_parser("list", help="an expert's hours ahead and their bookings")
    list_slots.add_argument("user", type=int)
    list_slots.set_defaults(func=cmd_slots, action="list")

    territory = sub.add_parser("territory", help="look up a territory as the bot would")
    territory.add_argument("text")
    territory.set_defaults(func=cmd_territory)


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> None:
    asyncio.run(prepare_database(settings.database_url))
    print("database is up to date")


def cmd_demo(settings: Settings, args: argparse.Namespace) -> None:
    from bot.demo import load_demo, reset_demo

    async def work(uow: UnitOfWork) -> bool:
        if args.reset:
            await reset_demo(uow, now=args.clock())
            return True
        return await load_demo(uow, now=args.clock(), needs=True)

    loaded = asyncio.run(with_uow(settings, work))
    if loaded:
        print("demo data loaded: teams Milano, Bergamo, Brescia, Lombardia; personas giulia, "
              "emma, marco, sara, luca")
    elif args.if_empty:
        print("teams already exist: demo data not loaded")
    else:
        raise CliError("the database already has teams; demo data is only loaded into an "
                       "empty one")


def cmd_team_create(settings: Settings, args: argparse.Namespace) -> None:
    place = resolve_place(Gazetteer.load(), args.territory)
    if args.language not in ("it", "en"):
        raise CliError("--language must be it or en")
    name = " ".join(args.name.split())
    if not 2 <= len(name) <= 100:
        raise CliError("--name must be 2 to 100 characters")

    async def work(uow: UnitOfWork) -> Team:
        return await teams.create(uow, name=name, territory_code=place.code,
                                  language=args.language, now=args.clock())

    team = asyncio.run(with_uow(settings, work))
    print(f"team {team.id} created: {team.name} ({place.name}, {place.kind})")
    print(f"invite link: https://t.me/{settings.bot_username}?start=team_{team.id}")


def cmd_announce(settings: Settings, args: argparse.Namespace) -> None:
    """Schedule an announcement to a team's group (and members): a notice the scheduler sends."""
    try:
        due = (datetime.strptime(args.at, "%Y-%m-%d %H:%M").replace(tzinfo=ROME).astimezone(UTC)
               if args.at else args.clock())
    except ValueError as error:
        raise CliError("--at takes a Rome time like '2026-12-01 18:30'") from error
    expires = due + timedelta(hours=args.expires_hours)

    async def work(uow: UnitOfWork) -> str:
        try:
            done = await announcements.schedule(uow, team_id=args.team, text=args.text,
                                                due_at=due, expires_at=expires,
                                                members=args.members, now=args.clock(),
                                                by=await _admin(uow, args.by))
        except AnnouncementProblem as problem:
            raise CliError(f"there is no team {args.team}" if problem.code == "no_team"
                           else "--text must be 1 to 3500 characters") from problem
        when = due.astimezone(ROME).strftime("%Y-%m-%d %H:%M")
        return (f"announcement to {done.team_name} scheduled for {when} (Rome); dropped if not "
                f"sent by {expires.astimezone(ROME):%Y-%m-%d %H:%M}" if done.added
                else "the same announcement is already scheduled: nothing changed")

    print(asyncio.run(with_uow(settings, work)))


def cmd_team_list(settings: Settings, args: argparse.Namespace) -> None:
    gazetteer = Gazetteer.load()

    async def work(uow: UnitOfWork) -> list[TeamListing]:
        return await uow.teams.all_with_member_counts()

    rows = asyncio.run(with_uow(settings, work))
    if not rows:
        print("no teams yet: create one with `cohesion team create`")
    for team in rows:
        place = gazetteer.get(team.territory_code)
        group = "linked group" if team.group_linked else "no group"
        print(f"{team.id:4}  {team.name}  [{place.name if place else team.territory_code}] "
              f"{team.members} members, {group}, {team.language}")


async def _grant_target(uow: UnitOfWork, args: argparse.Namespace
                        ) -> tuple[str, int | None, str | None]:
    role = args.role
    team_id = territory = None
    if role == RoleName.DESIGNER:
        if args.team is None:
            raise CliError("a designer needs --team ID")
        if await uow.teams.get(args.team) is None:
            raise CliError(f"there is no team {args.team}")
        team_id = args.team
    elif args.team is not None:
        raise CliError(f"--team only goes with the designer role, not {role}")
    if role == RoleName.OBSERVER:
        if not args.territory:
            raise CliError("an observer needs --territory (a province or region)")
        place = resolve_place(Gazetteer.load(), args.territory)
        if place.kind == "comune":
            raise CliError("an observer follows a province or a region, not a comune")
        territory = place.code
    elif args.territory:
        raise CliError(f"--territory only goes with the observer role, not {role}")
    return role, team_id, territory


async def _admin(uow: UnitOfWork, by: int | None) -> int | None:
    """`--by`: the admin acting, recorded in the audit trail; it must hold the admin role."""
    if by is not None and not await roles.holds(uow, telegram_id=by, role=RoleName.ADMIN):
        raise CliError(f"--by {by} is not an admin (grant it first: cohesion role grant admin "
                       f"--user {by})")
    return by


def cmd_role(settings: Settings, args: argparse.Namespace) -> None:
    """Grant or revoke a role. Only the grant is stored: no member row is made for a person
    who has not consented in the bot; their name appears once they do."""
    async def work(uow: UnitOfWork) -> str:
        role, team_id, territory = await _grant_target(uow, args)
        by = await _admin(uow, args.by)
        if args.action == "grant":
            new = await roles.grant(uow, telegram_id=args.user, role=role, team_id=team_id,
                                    territory_code=territory, now=args.clock(), by=by)
            return "granted" if new else "already had that role: nothing changed"
        removed = await roles.revoke(uow, telegram_id=args.user, role=role, team_id=team_id,
                                     territory_code=territory, now=args.clock(), by=by)
        if not removed:
            raise CliError("that person does not have that role")
        return "revoked"

    print(asyncio.run(with_uow(settings, work)))


def cmd_menus(settings: Settings, args: argparse.Namespace) -> None:
    """Each holder of a role gets their menu again (the sender makes the calls, paced): after a
    deploy that changed the commands, or roles given outside the bot (demo data)."""
    async def work(uow: UnitOfWork) -> int:
        count: int = await menus.refresh_all(uow, now=args.clock())
        return count

    count = asyncio.run(with_uow(settings, work))
    print(f"menus queued for {count} people with a role" if count else "nobody holds a role")


def cmd_role_list(settings: Settings, args: argparse.Namespace) -> None:
    async def work(uow: UnitOfWork) -> list[str]:
        return [f"{grant.telegram_id}  "
                f"{(member.display_name if member else None) or '(not in the bot yet)'}  "
                f"{grant.role}"
                + (f"  team {grant.team_id}" if grant.team_id else "")
                + (f"  territory {grant.territory_code}" if grant.territory_code else "")
                + (f"  granted by {grant.granted_by}" if grant.granted_by is not None else "")
                for grant, member in await uow.roles.all()]

    lines = asyncio.run(with_uow(settings, work))
    print("\n".join(lines) if lines else "no roles granted yet")


def cmd_territory(settings: Settings, args: argparse.Namespace) -> None:
    gazetteer = Gazetteer.load()
    result = gazetteer.resolve(args.text)
    places = [result.place] if result.place else list(result.candidates)
    if not places:
        raise CliError(f"no territory matches '{args.text}'")
    for place in places:
        print(f"{place.code:6} {place.kind:8} {place.name} "
              f"({place.province_sigla or '-'}, {place.region_name})")


def _expert_problem(error: Exception) -> CliError:
    from bot.services.expert import ExpertProblem

    code = error.code if isinstance(error, ExpertProblem) else ""
    return CliError({
        "bad_competence": "--competences takes framework ids, comma-separated: "
                          + ", ".join(_competence_ids()),
        "bad_language": "--languages takes it and/or en, comma-separated",
        "not_expert": "that person is not an expert (add them with `cohesion expert add`)",
        "overlap": "that hour overlaps one of the expert's hours",
        "past": "that time has already passed",
    }.get(code, str(error)))


def _competence_ids() -> list[str]:
    from domain.assessment import load_framework

    return [c.id for c in load_framework().competences]


def cmd_expert(settings: Settings, args: argparse.Namespace) -> None:
    """Experts: the role with a profile (competences, languages), listed, removed."""
    from bot.services import expert
    from bot.services.expert import ExpertProblem

    async def work(uow: UnitOfWork) -> str:
        now = args.clock()
        try:
            if args.action == "add":
                view, new = await expert.add_expert(
                    uow, now=now, telegram_id=args.user, competences=args.competences.split(","),
                    languages=args.languages.split(","), name=args.name,
                    by=await _admin(uow, args.by))
                return (f"expert {view.telegram_id} {'added' if new else 'updated'}: "
                        f"{', '.join(view.competences)}; speaks {', '.join(view.languages)}")
            if args.action == "remove":
                cancelled = await expert.remove_expert(uow, now=now, telegram_id=args.user,
                                                       by=await _admin(uow, args.by))
                return (f"expert {args.user} removed; {len(cancelled)} booking(s) ahead "
                        "cancelled and their members told")
        except ExpertProblem as error:
            raise _expert_problem(error) from error
        rows = await expert.list_experts(uow, now=now)
        if not rows:
            return "no experts yet: add one with `cohesion expert add`"
        return "\n".join(
            f"{view.telegram_id}  {view.name}  {','.join(view.competences)}  "
            f"[{','.join(view.languages)}]  {free} free, {booked} booked"
            + ("" if view.active else "  (removed)") for view, free, booked in rows)

    print(asyncio.run(with_uow(settings, work)))


def cmd_slots(settings: Settings, args: argparse.Namespace) -> None:
    """An expert's hours: added from a Rome time, listed with their bookings."""
    from bot.services import expert
    from bot.services.expert import ExpertProblem
    from bot.services.roles import NotAllowed
    from domain.expert import SlotTimeError, parse_slot_time

    async def work(uow: UnitOfWork) -> str:
        now = args.clock()
        try:
            if args.action == "add":
                try:
                    starts_at = parse_slot_time(args.at, now=now)
                except SlotTimeError as error:
                    raise CliError(f"'{args.at}': {_SLOT_TIME_ERRORS[error.code]}") from error
                slot = await expert.add_slot(uow, now=now, telegram_id=args.user,
                                             starts_at=starts_at)
                return (f"slot {slot.id} added: {slot.starts_at.astimezone(ROME):%Y-%m-%d %H:%M}"
                        f"-{slot.ends_at.astimezone(ROME):%H:%M} (Rome)")
            found = await expert.my_slots(uow, now=now, telegram_id=args.user)
        except (ExpertProblem, NotAllowed) as error:
            raise _expert_problem(error if isinstance(error, ExpertProblem)
                                  else ExpertProblem("not_expert")) from error
        if not found:
            return "no hours ahead"
        return "\n".join(
            f"{slot.id:4}  {slot.starts_at.astimezone(ROME):%Y-%m-%d %H:%M}"
            f"-{slot.ends_at.astimezone(ROME):%H:%M}  "
            + (f"booked by {slot.booked_by}" if slot.booking_id else "free") for slot in found)

    print(asyncio.run(with_uow(settings, work)))


_SLOT_TIME_ERRORS = {
    "format": "give a Rome time like 2026-12-10T15:00",
    "date": "there is no such day or time",
    "past": "that time has already passed",
    "too_far": "that is more than a year ahead",
}
