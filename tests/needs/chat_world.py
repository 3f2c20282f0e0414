"""The world of the needs conversation tests: the demo teams and people (Marco designs Milano,
Sara designs Bergamo and Brescia, Luca is a Milano member who speaks English), Anna (an
Italian Milano member), Giulia and Emma (not registered yet); needs posted with the service."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from bot.config import Settings
from bot.services import needs
from bot.services.needs import NeedDraft
from storage.models import Member, Need
from tests.conftest import Clock
from tests.world import World

GIULIA, EMMA, MARCO, SARA, LUCA, ANNA = 1001, 1002, 2001, 2002, 2003, 2010
#: The demo's Milano group, where a need posted for Milano is announced.
MILANO_GROUP = -1001000000001


async def make_world(settings: Settings, clock: Clock) -> World:
    world = World(settings, clock)
    await world.load_demo()
    for user_id, name, language in ((GIULIA, "Giulia", "it"), (EMMA, "Emma", "en"),
                                    (MARCO, "Marco", "it"), (SARA, "Sara", "it"),
                                    (LUCA, "Luca", "en"), (ANNA, "Anna", "it")):
        world.person(user_id, name, language)
    async with world.uow() as uow:
        anna = await uow.members.add(Member(
            telegram_id=ANNA, display_name="Anna", language="it", consent_at=clock(),
            actor_type="citizen", territory_code="F205", onboarded_at=clock(),
            created_at=clock()))
        milano = await team_named(world, "Milano", uow)
        await uow.memberships.join(member_id=anna.id or 0, team_id=milano, now=clock())
    return world


async def team_named(world: World, suffix: str, uow: object = None) -> int:
    if uow is None:
        async with world.uow() as own:
            return await team_named(world, suffix, own)
    teams = await uow.teams.all()  # type: ignore[attr-defined]
    return int(next(t for t in teams if t.name.endswith(suffix)).id)


async def post(world: World, title: str, quantity: int | str, unit: str = "hours", *,
               category: str = "health", deadline: date | None = None,
               urgency: str = "normal", team: str = "Milano", by: int = MARCO) -> int:
    """A need published by the team's designer (the posting UI is another capability's): it is
    announced in the team's group, as any posted need."""
    team_id = await team_named(world, team)
    async with world.uow() as uow:
        view = await needs.post_need(
            uow, now=world.clock(), telegram_id=by, team_id=team_id,  # type: ignore[operator]
            draft=NeedDraft(title=title, quantity=Decimal(quantity), unit=unit,
                            category=category, deadline=deadline, urgency=urgency),
            bot_username=world.settings.bot_username)
    return view.id


async def need_row(world: World, need_id: int) -> Need:
    async with world.uow() as uow:
        need = await uow.needs.get(need_id)
    assert need is not None
    return need


Row = tuple[int | None, Decimal, Decimal, str]


async def pledge_rows(world: World, need_id: int) -> list[Row]:
    """(who, quantity, delivered, status) of every pledge to the need, in order."""
    async with world.uow() as uow:
        rows = await uow.needs.pledges_to(need_id, statuses=("active", "withdrawn", "delivered"))
    return [(p.member_telegram_id, Decimal(p.quantity), Decimal(p.delivered), p.status)
            for p in rows]


async def pledge_id(world: World, need_id: int, who: int) -> int:
    async with world.uow() as uow:
        rows = await uow.needs.pledges_to(need_id, statuses=("active", "withdrawn", "delivered"))
    return int(next(p.id for p in rows if p.member_telegram_id == who))


async def outbox(world: World) -> list[tuple[int, str, str]]:
    """(chat, key, text) of every outbox row, in order."""
    async with world.uow() as uow:
        rows = await uow.outbox.all()
    return [(row.chat_id, row.key, json.loads(row.payload)["text"]) for row in rows]


async def kinds(world: World, need_id: int) -> list[str]:
    async with world.uow() as uow:
        return [kind for _at, _by, kind in await needs.history(uow, need_id=need_id)]
