"""The ordered list of capabilities, and everything built from it.

Each capability declares itself once (`bot.capability.Capability`, in a module of this package
named after it); this list gathers them. From it come the routers in the order they see
updates, the commands (menus per language and scope, `/help` by role, the group redirect), the
scheduler's jobs and timed notices, the notifiers the unit of work runs before each commit, and
what `/mydata` shows and `/deleteme` erases. Adding a capability: a module here and a line in
`CAPABILITIES` — nothing else shared but the catalogs and a migration.

The order is the menus' and /help's, and the routers' within their `routing` (the group
redirect first; onboarding and profile, which read any text in their states, last). Erasure
runs the list backwards, so `members` (the member row, first) goes last, and `delivery`
(second) just before it: it sweeps the outbox once the other erasers have caused their notices,
while the person's names are still known.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from aiogram import Router
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import errors
from bot.capabilities import (
    assessment,
    audit,
    balance,
    delivery,
    expert,
    groups,
    impact,
    members,
    menus,
    near,
    needs,
    onboarding,
    organisations,
    privacy,
    profile,
    roles,
    services,
    statements,
    stories,
    tables,
    team,
    training,
)
from bot.capability import Capability, EventHandler, Job, NoticeRenderer
from bot.commands import CommandSpec
from bot.filters import route_buttons
from bot.handlers import fallback
from bot.personal import Person, PersonalData
from bot.services import privacy as privacy_service
from storage.models import Member
from storage.uow import UnitOfWork

CAPABILITIES: tuple[Capability, ...] = (
    members.CAPABILITY,     # the member row (erased last)
    delivery.CAPABILITY,    # the outbox, dead letters, update ids (erased after all but members)
    onboarding.CAPABILITY,
    privacy.CAPABILITY,     # /help, /language, /privacy, /mydata, /deleteme
    profile.CAPABILITY,
    organisations.CAPABILITY,  # organisations and the people acting for them
    team.CAPABILITY,
    groups.CAPABILITY,
    needs.CAPABILITY,       # /needs, /pledges, /newneed, /myneeds, /propose, /proposals
    balance.CAPABILITY,
    impact.CAPABILITY,      # /report, /overview, /export, the weekly digests
    statements.CAPABILITY,  # /statement, /verify: a company's CSR statement
    stories.CAPABILITY,     # /share, /stories, /reviewstories, the regional digest
    tables.CAPABILITY,
    services.CAPABILITY,   # /services: what NPOs and institutions offer locally
    near.CAPABILITY,       # /near: needs, tables and services around a member
    assessment.CAPABILITY,
    training.CAPABILITY,
    expert.CAPABILITY,
    roles.CAPABILITY,       # role grants (given from the CLI)
    menus.CAPABILITY,       # each person's private menu, by role and language
    audit.CAPABILITY,       # the audit trail of designers', experts' and admins' actions
)


def get_commands(capabilities: Sequence[Capability] = CAPABILITIES) -> list[CommandSpec]:
    """Every command the bot has, in the order /help and the menus list them."""
    return [command for capability in capabilities for command in capability.commands]


def get_routers(capabilities: Sequence[Capability] = CAPABILITIES) -> list[Router]:
    """Fresh routers (a router can serve one dispatcher only): the error handler first, then
    each capability's in the list's order, the fallback last, so every message and button press
    gets an answer. A button press skips, on its prefix alone, each router with no step for it
    (`route_buttons`)."""
    commands = get_commands(capabilities)
    routers = [errors.create_router()]
    for capability in sorted(capabilities, key=lambda c: c.routing):  # stable: list order
        if capability.routers is not None:
            routers += capability.routers(commands)
    routers.append(fallback.create_router())
    for router in routers:
        route_buttons(router)
    return routers


def get_jobs(capabilities: Sequence[Capability] = CAPABILITIES) -> list[Job]:
    jobs = [job for capability in capabilities for job in capability.jobs]
    names = [job.name for job in jobs]
    if len(set(names)) != len(names):
        raise ValueError(f"two jobs share a name: {names}")
    return jobs


def notice_kinds(capabilities: Sequence[Capability] = CAPABILITIES) -> dict[str, NoticeRenderer]:
    """Each kind of scheduled notice and the notifier that words it."""
    kinds: dict[str, NoticeRenderer] = {}
    for capability in capabilities:
        for kind, renderer in capability.notices.items():
            if kind in kinds:
                raise ValueError(f"two capabilities word the notice kind {kind!r}")
            kinds[kind] = renderer
    return kinds


def _handlers(capabilities: Sequence[Capability]) -> dict[type, list[EventHandler]]:
    handlers: dict[type, list[EventHandler]] = {}
    for capability in capabilities:
        for event_type, handler in capability.notifier.items():
            handlers.setdefault(event_type, []).append(handler)
    return handlers


_HANDLERS = _handlers(CAPABILITIES)


async def publish(uow: UnitOfWork, events: Sequence[object]) -> None:
    """The unit of work's publisher: each event to the notifiers that subscribed to it (an event
    nobody listens to is a wiring mistake, said at once)."""
    for event in events:
        handlers = _HANDLERS.get(type(event))
        if not handlers:
            raise LookupError(f"no notifier handles {type(event).__name__}")
        for handler in handlers:
            await handler(uow, event)


def unit_of_work(sessions: async_sessionmaker[AsyncSession]) -> UnitOfWork:
    """A unit of work whose events reach the capabilities' notifiers before it commits."""
    return UnitOfWork(sessions, publish=publish)


def personal_data(capabilities: Sequence[Capability] = CAPABILITIES
                  ) -> list[tuple[str, PersonalData]]:
    """What each capability keeps about a person, in the list's order."""
    return [(capability.name, capability.personal) for capability in capabilities]


def person_of(member: Member) -> Person:
    return Person(telegram_id=member.telegram_id, member=member)


async def export(uow: UnitOfWork, person: Person) -> bytes:
    """The /mydata file of `person`, from every capability's declaration."""
    return await privacy_service.export(uow, person, personal_data())


async def erase(uow: UnitOfWork, person: Person, *, now: datetime) -> None:
    """/deleteme of `person`, through every capability's declaration, in `uow`."""
    await privacy_service.erase(uow, person, personal_data(), now=now)
