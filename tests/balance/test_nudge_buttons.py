"""A nudge's buttons (issue 22, point 12), in the chat and in both languages: "I can help"
pledges a sensible quantity at once (2 hours; never more than the room left; money asks) and
offers to change it, checked on the server (a forged press by someone the need was not
suggested to changes nothing); "not for me" mutes the need's category for that person for 30
days (a stored row the sweeps respect); the text states the real cap (``NUDGE_CAP_DAYS``).

The place: Milano (F205). Now = T0, 26 Nov 2026 09:00 UTC (10:00 in Rome).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal

import pytest

from bot.config import Settings
from cohesion.app import scheduler_service
from domain.needs import one_tap_pledge
from scheduler.runner import SingleProcess
from tests.conftest import Clock
from tests.helpers.needs import need_row, pledge_rows
from tests.helpers.outbox import deliver, outbox_rows
from tests.helpers.rows import add_member, add_need, team_id
from tests.world import Forge, Press, World, open_world

ANNA, BEN, GINA = 3201, 3202, 3203


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    async with open_world(settings, clock, (ANNA, "Anna", "it"), (BEN, "Ben", "en"),
                          (GINA, "Gina", "it")) as world:
        now = clock()
        async with world.uow() as uow:
            milano = await team_id(uow, "Cohesion Makers Milano")
            await add_member(uow, ANNA, "Anna", now=now, skills="infermiera")
            await add_member(uow, BEN, "Ben", now=now, language="en", territory="I690",
                             skills="nurse")
            await add_member(uow, GINA, "Gina", now=now, skills="giardinaggio")
            await add_need(uow, team=milano, title="Accompagnare anziani alle visite mediche",
                           target=10, unit="hours", category="health", now=now, days_ago=3)
            await add_need(uow, team=milano, title="Assistenza infermieristica a domicilio",
                           target=10, pledged=1, unit="hours", category="health", now=now,
                           days_ago=3)
        yield world


async def sweep(world: World, clock: Clock, cap_days: int = 5) -> int:
    settings = world.settings.model_copy(update={"nudge_cap_days": cap_days,
                                                 "nudge_after_days": 2})
    service = scheduler_service(settings, world.sessions, SingleProcess(), clock=clock)
    return await service.run_job("nudges")


async def ids(world: World) -> dict[str, int]:
    async with world.uow() as uow:
        return {r.facts.title: r.facts.id for r in await uow.needs.balance_facts()}


async def test_i_can_help_pledges_at_once_and_offers_to_change_it(world: World,
                                                                   clock: Clock) -> None:
    visits = (await ids(world))["Accompagnare anziani alle visite mediche"]
    assert await sweep(world, clock) == 2
    async with world.uow() as uow:
        texts = {row.chat_id: json.loads(row.payload)["text"] for row in await outbox_rows(uow)}
    # The real cap (5 days here), not "a week".
    assert "Al massimo un suggerimento ogni 5 giorni" in texts[ANNA]
    assert "At most one suggestion every 5 days" in texts[BEN]
    await deliver(world, clock)
    await world.converse(ANNA, [
        (Press("🤝 Posso aiutare"), ["Hai offerto <b>2 ore</b> per <b>Accompagnare anziani alle "
                                    "visite mediche</b>", "Non è la quantità giusta?",
                                    "➕ Do di più", "✂️ Do meno"]),
        (Press("✂️ Do meno"), "Il tuo impegno per <b>Accompagnare anziani alle visite mediche</b> "
                             "è di 2 ore"),
        ("1", "ora è di 1 ora"),
        # The nudge's button pressed again: nothing more is pledged, the change is offered.
        (Forge(f"ng:{visits}:help"), ["Hai già offerto <b>1 ora</b> per <b>Accompagnare anziani "
                                      "alle visite mediche</b>: non è stato aggiunto nulla.",
                                      "➕ Do di più"]),
    ])
    await world.converse(BEN, [
        (Press("🤝 I can help"), ["You pledged <b>2 hours</b>", "Not the right amount?",
                                 "➕ Give more", "✂️ Give less"]),
        (Press("➕ Give more"), "Still missing: <b>7 hours</b>"),
        ("3", "You pledged <b>3 hours</b>"),
    ])
    assert await pledge_rows(world, visits) == [
        (ANNA, Decimal(1), Decimal(0), "active"), (BEN, Decimal(2), Decimal(0), "active"),
        (BEN, Decimal(3), Decimal(0), "active")]
    assert (await need_row(world, visits)).pledged == Decimal(6)
    # Gina was not offered it and is not in the team: a forged press pledges nothing.
    await world.converse(GINA, [
        (Forge(f"ng:{visits}:help"), "Questo suggerimento non era per te"),
        (Forge(f"ng:{visits}:jump"), "non è più valido"),
        (Forge("ng:99999:help"), "Non trovo questo bisogno"),
    ])
    assert (await need_row(world, visits)).pledged == Decimal(6)


async def test_the_one_tap_quantity_is_never_more_than_the_room_and_money_asks(
        world: World, clock: Clock) -> None:
    now = clock()
    async with world.uow() as uow:
        milano = await team_id(uow, "Cohesion Makers Milano")
        nearly = await add_need(uow, team=milano, title="Pacchi quasi pronti", target=10,
                                pledged=9, now=now, days_ago=1)
        full = await add_need(uow, team=milano, title="Pacchi già coperti", target=10,
                              pledged=10, now=now, days_ago=1)
        money = await add_need(uow, team=milano, title="Spesa per tre famiglie", target=50,
                               unit="eur", now=now, days_ago=1)
        gina = await uow.members.by_telegram_id(GINA)
        assert gina is not None and gina.id is not None
        await uow.memberships.join(member_id=gina.id, team_id=milano, now=now)
    await world.converse(GINA, [  # a member of the team may answer its needs' buttons
        # One parcel is missing: one, not the default's worth of the 10 % margin beyond it.
        (Forge(f"ng:{nearly}:help"), ["Hai offerto <b>1 pacco</b>", "▰▰▰▰▰ 10/10 pacchi"]),
        (Forge(f"ng:{nearly}:help"), "Hai già offerto <b>1 pacco</b>"),  # nothing added
        (Forge(f"ng:{full}:help"), "gli impegni sono già al completo"),
        (Forge(f"ng:{money}:help"), "Mancano ancora: <b>50 €</b>"),  # money: asked, not pledged
    ])
    assert await pledge_rows(world, nearly) == [(GINA, Decimal(1), Decimal(0), "active")]
    assert await pledge_rows(world, money) == []
    assert (await need_row(world, full)).pledged == Decimal(10)
    assert one_tap_pledge("hours", Decimal(5)) == Decimal(2)
    assert one_tap_pledge("hours", Decimal("1.5")) == Decimal("1.5")
    assert one_tap_pledge("parcels", Decimal("0.5"), whole=True) is None
    assert one_tap_pledge("eur", Decimal(100)) is None


async def test_not_for_me_mutes_the_category_for_thirty_days(world: World,
                                                              clock: Clock) -> None:
    assert await sweep(world, clock) == 2
    await deliver(world, clock)
    await world.converse(ANNA, [
        (Press("🙅 Non fa per me"), "🙅 Capito: nessun suggerimento su <b>Salute e cura</b> per "
                                   "30 giorni."),
    ])
    async with world.uow() as uow:
        mutes = [(m.member_telegram_id, m.category, m.until)
                 for m in await uow.nudges.mutes_of(ANNA)]
    assert mutes == [(ANNA, "health", clock() + timedelta(days=30))]
    clock.now += timedelta(days=6)  # past the cap: Ben hears of the other health need, not Anna
    assert await sweep(world, clock) == 1
    await deliver(world, clock)
    await world.converse(BEN, [
        (Press("🙅 Not for me"), "🙅 Understood: no suggestions about <b>Health and care</b> for "
                                "30 days."),
    ])
    clock.now += timedelta(days=25)  # 31 days after Anna's press: her mute is over, Ben's not
    assert await sweep(world, clock) == 1
    async with world.uow() as uow:
        anna = [n.need_id for n in await uow.nudges.of_member(ANNA)]
        ben = [n.need_id for n in await uow.nudges.of_member(BEN)]
    assert len(anna) == 2 and len(ben) == 2


async def test_the_profile_toggle_states_the_real_cap(world: World, settings: Settings,
                                                      clock: Clock) -> None:
    # The same database, the bot run with nudge_cap_days = 3.
    every_three = settings.model_copy(update={"nudge_cap_days": 3})
    async with open_world(every_three, clock, (ANNA, "Anna", "it"), (BEN, "Ben", "en"),
                          demo=False) as bot:
        await bot.converse(BEN, [
            ("/profile", "Suggestions: turn off"),
            (Press("Suggestions: turn off"), "Suggestions of needs turned off"),
            (Press("Suggestions: turn on"), "Suggestions of needs turned on: at most one every 3 "
                                            "days, matching your skills."),
        ])
        await bot.converse(ANNA, [
            ("/profile", "Suggerimenti: disattiva"),
            (Press("Suggerimenti: disattiva"), "Suggerimenti di bisogni disattivati"),
            (Press("Suggerimenti: attiva"), "al massimo uno ogni 3 giorni"),
        ])
