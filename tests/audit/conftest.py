"""The audit trail's world: the tables conversations' (Marco designs Milano, its group linked,
in Italian; Luca, English, is a Milano member and designs Lombardia; Giulia and Anna are
Italian Milano members; Sara designs Bergamo and Brescia), and a way to read the trail."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal

import pytest
from sqlmodel import col, select

from bot.config import Settings
from bot.services import needs
from storage.models.audit import AuditEntry
from tests.conftest import Clock
from tests.helpers.rows import add_member, team_named_in
from tests.world import World, open_world

MARCO, SARA, LUCA, GIULIA, ANNA = 2001, 2002, 2003, 2004, 2005
MILANO_GROUP = -1001000000001

Row = tuple[int | None, str, str, int | None, str, int | None, str]
"""An audit entry as the tests compare it: actor, role, action, team, kind, object, summary."""


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    async with open_world(settings, clock, (MARCO, "Marco", "it"), (SARA, "Sara", "it"),
                          (LUCA, "Luca", "en")) as world:
        async with world.uow() as uow:
            lombardia = await team_named_in(uow, "Cohesion Makers Lombardia")
            await uow.roles.grant(telegram_id=LUCA, role="designer", team_id=lombardia.id,
                                  now=clock())
            milano = await team_named_in(uow, "Cohesion Makers Milano")
            for user_id, name in ((GIULIA, "Giulia"), (ANNA, "Anna")):
                member = await add_member(uow, user_id, name, now=clock(), availability=None)
                await uow.memberships.join(member_id=member.id, team_id=milano.id, now=clock())
        for user_id, name in ((GIULIA, "Giulia"), (ANNA, "Anna")):
            world.person(user_id, name, "it")
        world.api.add_group(MILANO_GROUP, "Cohesion Makers Milano", admins=(MARCO,),
                            members=(LUCA, GIULIA, ANNA))
        world.api.statuses[(MILANO_GROUP, world.api.bot_user["id"])] = "administrator"
        yield world


async def audit_entries(world: World) -> list[AuditEntry]:
    async with world.uow() as uow:
        return list((await uow.session.exec(
            select(AuditEntry).order_by(col(AuditEntry.id)))).all())


async def audit_rows(world: World) -> list[Row]:
    return [(e.actor_telegram_id, e.actor_role, e.action, e.team_id, e.object_kind,
             e.object_id, e.summary) for e in await audit_entries(world)]


async def team_of(world: World, name: str) -> int:
    async with world.uow() as uow:
        team = await team_named_in(uow, name)
    assert team.id is not None
    return team.id


async def pledge(world: World, clock: Clock, who: int, need_id: int, quantity: int) -> None:
    """A member's pledge (not audited: a member's own action)."""
    async with world.uow() as uow:
        done = await needs.pledge(uow, now=clock(), telegram_id=who, need_id=need_id,
                                  quantity=Decimal(quantity), margin=Decimal("0.1"))
    assert isinstance(done, needs.Pledged)
