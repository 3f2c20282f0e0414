"""The demo shows /near and /services: Chiara's non-profit in Milano lists two approved services
(shown by /near around Milano) and one pending; loading it queues no message."""

from __future__ import annotations

from sqlmodel import select

from bot.config import Settings
from bot.demo import PERSONAS
from storage.models.outbox import OutboxMessage
from tests.conftest import Clock
from tests.world import World

CHIARA = next(p for p in PERSONAS if p.key == "chiara")
MARCO = next(p for p in PERSONAS if p.key == "marco")
LUCA = next(p for p in PERSONAS if p.key == "luca")


async def test_the_demo_lists_local_services_around_milano(settings: Settings,
                                                           clock: Clock) -> None:
    world = World(settings, clock)
    try:
        await world.load_demo()
        for persona in (CHIARA, MARCO, LUCA):
            world.person(persona.telegram_id, persona.first_name, persona.language_code)
        outputs = await world.converse(MARCO.telegram_id, [
            ("/near", "Dove cerco?"),
            ("🏠 Intorno al mio comune", ["Intorno a <b>Milano</b>", "Emporio solidale",
                                          "Sportello compiti", "Banco di Comunità Milano"]),
        ])
        assert not any("Accompagnamento alle visite" in o.text for o in outputs)
        await world.converse(LUCA.telegram_id, [
            ("/near", "Where shall I look?"),
            ("🏠 Around my comune", ["Around <b>Milano</b>", "Emporio solidale",
                                     "Local services"]),
        ])
        await world.converse(CHIARA.telegram_id, [
            ("/services", ["Banco di Comunità Milano", "Emporio solidale", "Sportello compiti",
                           "Accompagnamento alle visite"]),
        ])
        async with world.uow() as uow:
            pending = [s for s in await uow.local_services.submitted_by(CHIARA.telegram_id)
                       if s.status == "pending"]
            queued = (await uow.session.exec(select(OutboxMessage))).all()
        assert [s.name for s in pending] == ["Accompagnamento alle visite"]
        assert not [o for o in queued if "Accompagnamento" in (o.payload or "") + o.text]
    finally:
        await world.close()
