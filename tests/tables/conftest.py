"""The demo world for the tables conversations: Marco designs Milano (its group linked, in
Italian), Luca is a member of Milano (English), Giulia and Anna members of Milano (Italian),
Sara designs Bergamo and Brescia (no group); Luca also designs the Lombardia team."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlmodel import col, select

from bot.config import Settings
from storage.models import Member, OutboxMessage, ScheduledNotice, TableRsvp, Team, TerritorialTable
from tests.conftest import Clock
from tests.world import World

MARCO, SARA, LUCA, GIULIA, ANNA = 2001, 2002, 2003, 2004, 2005
MILANO_GROUP = -1001000000001


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    world = World(settings, clock)
    await world.load_demo()
    for user_id, name, language in ((MARCO, "Marco", "it"), (SARA, "Sara", "it"),
                                    (LUCA, "Luca", "en")):
        world.person(user_id, name, language)
    async with world.uow() as uow:
        lombardia = await team_named_in(uow, "Cohesion Makers Lombardia")
        await uow.roles.grant(telegram_id=LUCA, role="designer", team_id=lombardia.id,
                              now=clock())
        milano = await team_named_in(uow, "Cohesion Makers Milano")
        for user_id, name in ((GIULIA, "Giulia"), (ANNA, "Anna")):
            member = await uow.members.add(Member(
                telegram_id=user_id, display_name=name, language="it", consent_at=clock(),
                actor_type="citizen", territory_code="F205", onboarded_at=clock(),
                created_at=clock()))
            await uow.memberships.join(member_id=member.id, team_id=milano.id, now=clock())
    for user_id, name in ((GIULIA, "Giulia"), (ANNA, "Anna")):
        world.person(user_id, name, "it")
    world.api.add_group(MILANO_GROUP, "Cohesion Makers Milano", admins=(MARCO,),
                        members=(LUCA, GIULIA, ANNA))
    world.api.statuses[(MILANO_GROUP, world.api.bot_user["id"])] = "administrator"
    yield world
    await world.close()


async def team_named_in(uow: Any, name: str) -> Team:
    return next(t for t in await uow.teams.all() if t.name == name)


async def team_id(world: World, name: str) -> int:
    async with world.uow() as uow:
        team = await team_named_in(uow, name)
    assert team.id is not None
    return team.id


async def tables_rows(world: World) -> list[TerritorialTable]:
    async with world.uow() as uow:
        return list((await uow.session.exec(
            select(TerritorialTable).order_by(col(TerritorialTable.id)))).all())


async def rsvp_rows(world: World) -> list[TableRsvp]:
    async with world.uow() as uow:
        return list((await uow.session.exec(select(TableRsvp).order_by(col(TableRsvp.id)))).all())


async def notice_rows(world: World) -> list[ScheduledNotice]:
    async with world.uow() as uow:
        return list(await uow.notices.all())


async def outbox_rows(world: World) -> list[OutboxMessage]:
    async with world.uow() as uow:
        return list(await uow.outbox.all())


async def deliver(world: World, clock: Clock) -> None:
    """The sender delivers what the outbox holds, in virtual time."""
    from scheduler.sender import OutboxSender
    sender = OutboxSender(world.bot, world.sessions, clock=clock)
    await sender.drain(idle=clock.tick)


async def release(world: World, clock: Clock) -> tuple[int, int]:
    from bot.capabilities import notice_kinds
    from scheduler.jobs import release_due_notices
    async with world.uow() as uow:
        return await release_due_notices(uow, now=clock(), kinds=notice_kinds())


def text_of(row: OutboxMessage) -> str:
    return str(json.loads(row.payload).get("text", ""))
