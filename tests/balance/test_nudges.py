"""Nudges: the right members chosen for an uncovered need, one a week at most (injected clock),
the /profile opt-out through the real dispatcher, erased and unconsenting members skipped, the
surplus of an over-covered need pointed at a similar need nearby; outbox rows in each member's
language with the one-tap pledge button, and the nudge rows that cap the next sweeps.

The place: Milano (F205, province P-MI, Lombardia R-03); Sesto San Giovanni (I690) is in the
same province, Roma (H501) in another region. Now = T0, 26 Nov 2026 09:00 UTC (10:00 in Rome).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot import capabilities
from bot.config import Settings
from bot.services import balance
from bot.services.balance import NudgeRules
from cohesion.app import scheduler_service
from domain.matching import match_members
from scheduler.runner import SingleProcess
from tests.conftest import Clock
from tests.helpers.outbox import outbox_rows
from tests.helpers.rows import add_member, add_need, add_pledge, team_id
from tests.world import Press, World, open_world

ANNA, BEN, CARLA, DARIO, ELENA, FABIO, GINA, HUGO, IVO = range(3101, 3110)
RULES = NudgeRules(cap_days=7, after_days=2, per_need=5, margin=0.1)
BOT_USERNAME = "CohesionMakersBot"


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    async with open_world(settings, clock, (ANNA, "Anna", "it"), (BEN, "Ben", "en")) as world:
        now = clock()
        async with world.uow() as uow:
            milano = await team_id(uow, "Cohesion Makers Milano")
            await add_member(uow, ANNA, "Anna", now=now, skills="infermiera, primo soccorso")
            await add_member(uow, BEN, "Ben", now=now, language="en", territory="I690",
                             skills="nurse")
            await add_member(uow, CARLA, "Carla", now=now, skills="infermiere", availability=None)
            await add_member(uow, DARIO, "Dario", now=now, territory="H501", skills="infermiere")
            await add_member(uow, ELENA, "Elena", now=now, skills="infermiera", nudges_off=True)
            await add_member(uow, FABIO, "Fabio", now=now, skills="infermiere", consent=False)
            await add_member(uow, GINA, "Gina", now=now, skills="giardinaggio")
            await add_member(uow, HUGO, "Hugo", now=now, skills="infermiere")
            await add_member(uow, IVO, "Ivo", now=now, language="en", skills=None)
            # Two uncovered health needs, posted 3 days ago (after_days is 2); the first is the
            # least covered, so it is offered first.
            await add_need(uow, team=milano, title="Accompagnare anziani alle visite mediche",
                           target=10, unit="hours", category="health", now=now, days_ago=3)
            await add_need(uow, team=milano, title="Assistenza infermieristica a domicilio",
                           target=10, pledged=1, unit="hours", category="health", now=now,
                           days_ago=3)
            # Too new to be offered yet (1 day < 2).
            await add_need(uow, team=milano, title="Medicine per il quartiere", target=10,
                           unit="hours", category="health", now=now, days_ago=1)
        async with world.uow() as uow:  # Hugo erased his data: his member row is gone
            hugo = await uow.members.by_telegram_id(HUGO)
            assert hugo is not None
            await capabilities.erase(uow, capabilities.person_of(hugo), now=now)
        yield world


async def need_ids(world: World) -> dict[str, int]:
    async with world.uow() as uow:
        return {r.facts.title: r.facts.id for r in await uow.needs.balance_facts()}


async def sweep(world: World, clock: Clock) -> int:
    settings = world.settings.model_copy(update={
        "nudge_cap_days": RULES.cap_days, "nudge_after_days": RULES.after_days,
        "nudges_per_need": RULES.per_need, "surplus_margin": RULES.margin,
        "bot_username": BOT_USERNAME})
    service = scheduler_service(settings, world.sessions, SingleProcess(), clock=clock)
    return await service.run_job("nudges")


async def nudged(world: World) -> list[tuple[int, int, str]]:
    async with world.uow() as uow:
        rows = []
        for member in (ANNA, BEN, CARLA, DARIO, ELENA, FABIO, GINA, IVO):
            rows += [(n.member_telegram_id, n.need_id, n.kind)
                     for n in await uow.nudges.of_member(member)]
        return sorted(rows)


async def test_the_right_members_in_their_language_with_the_button(world: World,
                                                                    clock: Clock) -> None:
    ids = await need_ids(world)
    visits = ids["Accompagnare anziani alle visite mediche"]
    async with world.uow() as uow:
        matches = await balance.choose_for_need(uow, now=clock(), need_id=visits, rules=RULES)
    # Anna (same comune) before Ben (same province); Carla has no availability, Dario lives in
    # another region, Elena turned nudges off, Fabio never consented, Gina's skills do not
    # match, Hugo was erased.
    assert [(m.member_id, m.place_level) for m in matches] == [(ANNA, "comune"),
                                                               (BEN, "province")]
    assert await sweep(world, clock) == 2
    async with world.uow() as uow:
        rows = await outbox_rows(uow)
    by_chat = {row.chat_id: json.loads(row.payload) for row in rows}
    assert set(by_chat) == {ANNA, BEN}
    anna, ben = by_chat[ANNA], by_chat[BEN]
    assert "Un bisogno vicino a te aspetta ancora aiuto" in anna["text"]
    assert "<b>Accompagnare anziani alle visite mediche</b>" in anna["text"]
    assert "▱▱▱▱▱ 0/10 ore" in anna["text"] and "Cohesion Makers Milano, Milano" in anna["text"]
    assert "le tue competenze: infermiera, primo soccorso" in anna["text"]
    assert "disattivarli in /profile" in anna["text"]
    assert "A need near you is still waiting for help" in ben["text"]
    assert "0/10 hours" in ben["text"] and "your skills: nurse" in ben["text"]
    assert anna["reply_markup"] == {"inline_keyboard": [[
        {"text": "🤝 Posso aiutare", "callback_data": f"ng:{visits}:help"},
        {"text": "🙅 Non fa per me", "callback_data": f"ng:{visits}:mute"}]]}
    assert ben["reply_markup"]["inline_keyboard"][0][0] == {"text": "🤝 I can help",
                                                            "callback_data": f"ng:{visits}:help"}
    assert {row.key for row in rows} == {f"nudge:uncovered:{ANNA}:{visits}",
                                         f"nudge:uncovered:{BEN}:{visits}"}
    assert await nudged(world) == [(ANNA, visits, "uncovered"), (BEN, visits, "uncovered")]


async def test_at_most_one_nudge_a_week(world: World, clock: Clock) -> None:
    ids = await need_ids(world)
    visits = ids["Accompagnare anziani alle visite mediche"]
    medicines = ids["Medicine per il quartiere"]
    assert await sweep(world, clock) == 2           # both to the first need; the second waits
    clock.now += timedelta(hours=3)
    assert await sweep(world, clock) == 0           # the same day
    clock.now += timedelta(days=6, hours=-3)
    assert await sweep(world, clock) == 0           # six days later: still the same week
    clock.now += timedelta(days=1)
    assert await sweep(world, clock) == 2           # seven days after the first
    # The first need is not offered to them again. "Medicine per il quartiere", too new a
    # week ago, has now waited 8 days with nothing pledged: less covered than the 1/10 of
    # "Assistenza infermieristica", so it comes first.
    assert await nudged(world) == [(ANNA, visits, "uncovered"), (ANNA, medicines, "uncovered"),
                                   (BEN, visits, "uncovered"), (BEN, medicines, "uncovered")]
    async with world.uow() as uow:
        assert len(await outbox_rows(uow)) == 4


async def test_nobody_is_nudged_at_night(world: World, clock: Clock) -> None:
    clock.now = clock.now.replace(hour=21)          # 22:00 in Rome
    assert await sweep(world, clock) == 0
    assert await nudged(world) == []


async def test_the_opt_out_in_profile_is_respected(world: World, clock: Clock) -> None:
    await world.converse(ANNA, [
        ("/profile", ["Suggerimenti di bisogni: attivi", "Suggerimenti: disattiva"]),
        (Press("Suggerimenti: disattiva"), ["Suggerimenti di bisogni disattivati",
                                            "Suggerimenti di bisogni: disattivati",
                                            "Suggerimenti: attiva"]),
    ])
    await world.converse(BEN, [
        ("/profile", "Suggestions of needs: on"),
        (Press("Suggestions: turn off"), ["Suggestions of needs turned off",
                                          "Suggestions of needs: off"]),
    ])
    async with world.uow() as uow:
        anna = await uow.members.by_telegram_id(ANNA)
        assert anna is not None and anna.nudges_off
    assert await sweep(world, clock) == 0
    await world.converse(BEN, [
        ("/profile", "Suggestions: turn on"),
        (Press("Suggestions: turn on"), ["Suggestions of needs turned on",
                                         "Suggestions of needs: on"]),
    ])
    assert await sweep(world, clock) == 1
    assert [m for m, _n, _k in await nudged(world)] == [BEN]


async def test_the_surplus_of_an_over_covered_need_is_pointed_nearby(world: World,
                                                                     clock: Clock) -> None:
    now = clock()
    async with world.uow() as uow:
        milano = await team_id(uow, "Cohesion Makers Milano")
        # 15 pledged against 10 (the target was lowered after pledging): over-covered.
        full = await add_need(uow, team=milano, title="Pacchi spesa per famiglie", target=10,
                              pledged=15, now=now, days_ago=6)
        short = await add_need(uow, team=milano, title="Pacchi spesa per anziani", target=10,
                               pledged=2, territory="I690", now=now, days_ago=1)
        await add_pledge(uow, need=full, member=IVO, quantity=12, now=now)
        await add_pledge(uow, need=full, member=ANNA, quantity=3, now=now)
        await add_pledge(uow, need=full, member=None, quantity=1, now=now)  # an erased pledger
    assert await sweep(world, clock) == 3
    async with world.uow() as uow:
        rows = {row.chat_id: json.loads(row.payload) for row in await outbox_rows(uow)}
    # Ivo and Anna pledged to the over-covered need: each is pointed at the food need in the
    # same province (Anna's one nudge of the week is this one); Ben gets the health need.
    assert "<b>Pacchi spesa per famiglie</b> now has more than it asked for" in rows[IVO]["text"]
    assert "<b>Pacchi spesa per anziani</b>" in rows[IVO]["text"]
    assert rows[IVO]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == f"ng:{short}:help"
    assert "ha ora più di quanto chiedeva" in rows[ANNA]["text"]
    assert "A need near you" in rows[BEN]["text"]
    visits = (await need_ids(world))["Accompagnare anziani alle visite mediche"]
    assert await nudged(world) == sorted([(IVO, short, "surplus"), (ANNA, short, "surplus"),
                                          (BEN, visits, "uncovered")])


async def test_an_erased_member_takes_their_nudges_along(world: World, clock: Clock) -> None:
    await sweep(world, clock)
    async with world.uow() as uow:
        anna = await uow.members.by_telegram_id(ANNA)
        assert anna is not None and len(await uow.nudges.of_member(ANNA)) == 1
        await capabilities.erase(uow, capabilities.person_of(anna), now=clock())
    async with world.uow() as uow:
        assert await uow.nudges.of_member(ANNA) == []
        assert len(await uow.nudges.of_member(BEN)) == 1


async def test_one_need_reads_its_province_first_then_the_region(world: World,
                                                                 clock: Clock) -> None:
    async with world.uow() as uow:
        await add_member(uow, 3120, "Lia", now=clock(), territory="F704",  # Monza, P-MB
                         skills="infermiera")
    visits = (await need_ids(world))["Accompagnare anziani alle visite mediche"]
    async with world.uow() as uow:
        five = await balance.choose_for_need(uow, now=clock(), need_id=visits, rules=RULES)
        two = await balance.choose_for_need(uow, now=clock(), need_id=visits, rules=RULES,
                                            limit=2)
        need = (await uow.needs.balance_facts(need_ids=[visits]))[0].facts
        everyone = await uow.nudges.matchable_in(["R-03"])
    assert [(m.member_id, m.place_level) for m in five] == [
        (ANNA, "comune"), (BEN, "province"), (3120, "region")]
    assert [m.member_id for m in two] == [ANNA, BEN]  # the province was enough
    # The same as matching the whole region at once.
    assert five == match_members(need, [c.facts for c in everyone], today=clock().date(),
                                 last_nudged={}, limit=5)
