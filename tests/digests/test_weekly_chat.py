"""/weekly in a team group, through the real dispatcher and the local Bot API (which answers
getChatMember from the group's administrators): a member who is no administrator is refused in
the group's language, an administrator turns the digest off and on, in Italian and then in
English; the sweep (the scheduler's job, the clock moved to Monday 09:00 in Rome) then skips
the group while it is off and writes to it in its language once it is on again. An unlinked
group has no digest to switch; in private the command points to the group; /help lists it for
designers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.config import Settings
from cohesion.app import scheduler_service
from scheduler.runner import SingleProcess
from tests.conftest import Clock
from tests.digests.conftest import monday_after, rome
from tests.helpers.outbox import outbox_rows, text_of
from tests.helpers.rows import add_need, team_id
from tests.world import Press, World, open_world

MARCO, LUCA, PAOLA = 2001, 2003, 2101  # the demo's Milano designer, a member, an observer
MILANO_GROUP = -1001000000001  # the demo's Milano team group: Marco administers it
QUARTIERE = -1001000000003  # linked to no team: Luca administers it


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    async with open_world(settings, clock, (MARCO, "Marco", "it"), (LUCA, "Luca", "it"),
                          (PAOLA, "Paola", "it")) as world:
        world.api.add_group(MILANO_GROUP, "Cohesion Makers Milano", admins=(MARCO,),
                            members=(LUCA,))
        world.api.add_group(QUARTIERE, "Quartiere Isola", admins=(LUCA,), members=(MARCO,))
        for group in (MILANO_GROUP, QUARTIERE):
            world.api.statuses[(group, world.api.bot_user["id"])] = "member"
        async with world.uow() as uow:
            milano = await team_id(uow, "Cohesion Makers Milano")
            await add_need(uow, team=milano, title="Coperte", target=10, now=clock(), days_ago=1)
        yield world


async def run_sweep(world: World, clock: Clock) -> int:
    service = scheduler_service(world.settings, world.sessions, SingleProcess(), clock=clock)
    return await service.run_job("digests")


async def digest_off(world: World) -> bool:
    async with world.uow() as uow:
        group = await uow.groups.get(MILANO_GROUP)
    assert group is not None
    return group.digest_off


async def test_admins_switch_the_digest_and_the_sweep_obeys(world: World, clock: Clock) -> None:
    await world.converse(LUCA, [
        ("/weekly off", "Solo un amministratore di questo gruppo può attivare o disattivare"),
    ], chat_id=MILANO_GROUP)
    assert not await digest_off(world)
    await world.converse(MARCO, [
        ("/weekly", "Il riepilogo settimanale è <b>attivo</b> in questo gruppo"),
        ("/weekly forse", "Scrivi /weekly on oppure /weekly off."),
        ("/weekly off", "🔕 Riepilogo settimanale disattivato"),
        ("/weekly", "Il riepilogo settimanale è <b>disattivato</b>"),
    ], chat_id=MILANO_GROUP)
    assert await digest_off(world)

    monday = monday_after(clock().date())
    clock.now = rome(monday, 9)
    assert await run_sweep(world, clock) == 1  # Paola, the province's observer, only
    rows = await outbox_rows(world)
    assert [row.chat_id for row in rows if row.key.startswith("weekly-")] == [PAOLA]

    # The group now speaks English: the switch answers in English, and refuses in English.
    await world.converse(MARCO, [("/language", "Scegli la lingua"),
                                 (Press("English"), "English")], chat_id=MILANO_GROUP)
    await world.converse(LUCA, [
        ("/weekly on", "Only an administrator of this group can turn the weekly digest"),
    ], chat_id=MILANO_GROUP)
    await world.converse(MARCO, [
        ("/weekly on", "✅ Weekly digest on: this group gets it every week."),
        ("/weekly", "The weekly digest is <b>on</b> in this group"),
    ], chat_id=MILANO_GROUP)
    assert not await digest_off(world)

    clock.now = rome(monday + timedelta(days=7), 9)
    assert await run_sweep(world, clock) == 2
    group_rows = [row for row in await outbox_rows(world)
                  if row.chat_id == MILANO_GROUP and row.key.startswith("weekly-group:")]
    assert len(group_rows) == 1
    text = text_of(group_rows[0])
    assert "📰 <b>The week of Cohesion Makers Milano</b>" in text
    assert "1. Coperte — ▱▱▱▱▱ 0/10 parcels" in text


async def test_an_unlinked_group_private_chat_and_help(world: World) -> None:
    await world.converse(LUCA, [
        ("/weekly off", "Questo gruppo non è collegato a un team"),
    ], chat_id=QUARTIERE)
    await world.converse(MARCO, [
        ("/weekly", "/weekly funziona nel gruppo del tuo team"),
        ("/help", "/weekly on|off – il riepilogo settimanale nel gruppo del tuo team"),
    ])
    outputs = await world.converse(LUCA, [("/help", "/needs")])
    assert all("/weekly" not in output.text for output in outputs)  # not a designer
