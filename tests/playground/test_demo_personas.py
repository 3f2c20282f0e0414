"""The demo personas the playground offers are what they say: the observer may see the balance
of her province, and every role a persona claims is granted by the demo data."""

from __future__ import annotations

from bot.config import Settings
from bot.demo import PERSONAS
from tests.conftest import Clock
from tests.world import World

PAOLA = next(p for p in PERSONAS if p.key == "paola")


async def test_the_observer_persona_sees_her_province(settings: Settings, clock: Clock) -> None:
    world = World(settings, clock)
    try:
        await world.load_demo()
        world.person(PAOLA.telegram_id, PAOLA.first_name, PAOLA.language_code)
        await world.converse(PAOLA.telegram_id, [("/balance", "Provincia di Milano")])
        async with world.uow() as uow:
            for persona in PERSONAS:
                for role, territory in persona.roles:
                    assert await uow.roles.find(telegram_id=persona.telegram_id, role=role,
                                                team_id=None, territory_code=territory)
    finally:
        await world.close()


def test_the_personas_are_the_ones_the_page_promises() -> None:
    descriptions = [p.description for p in PERSONAS]
    for kind in ("new citizen (Italian)", "new citizen (English)", "designer", "observer",
                 "expert", "member"):
        assert any(kind in d for d in descriptions), kind
    assert len({p.telegram_id for p in PERSONAS}) == len(PERSONAS)


async def test_the_expert_persona_has_hours_a_member_can_book(settings: Settings,
                                                               clock: Clock) -> None:
    davide = next(p for p in PERSONAS if p.key == "davide")
    marco = next(p for p in PERSONAS if p.key == "marco")
    world = World(settings, clock)
    try:
        await world.load_demo()
        world.person(davide.telegram_id, davide.first_name, davide.language_code)
        world.person(marco.telegram_id, marco.first_name, marco.language_code)
        # 2026-11-26 is a Thursday: from Saturday, the next three working days at 15 and 17.
        await world.converse(davide.telegram_id, [
            ("/slots", ["lunedì 30 novembre 2026, 15:00", "mercoledì 2 dicembre 2026, 17:00"])])
        await world.converse(marco.telegram_id, [("/expert", "Davide")])
        async with world.uow() as uow:
            profile = await uow.experts.profile_of(davide.telegram_id)
            assert profile is not None and profile.id is not None
            slots = await uow.experts.slots_of(profile.id, ending_after=clock())
        assert len(slots) == 6 and all(booking is None for _slot, booking in slots)
    finally:
        await world.close()
