"""/stories, through the real dispatcher, on SQLite and PostgreSQL: stories of Milano, Bergamo,
the Lombardia team and Roma (another region), one pending and one declined (never shown).
Giulia (Italian, Milano) browses her area, her region, a theme, the newest in pages of five
and the most useful; she marks one useful once (the second tap is told so, a forged tap on a
pending story refused); Luca browses in English and sees Italian stories marked. Someone not
registered, and a member with no home place asking for her area, are answered."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from storage.models.member import Member
from storage.models.story import Story, StoryUseful
from tests.conftest import Clock
from tests.helpers.rows import add_team, team_id
from tests.stories.conftest import GIULIA, LUCA, NEWCOMER, add_story
from tests.world import Forge, Press, World

NOWHERE = 3003


async def scene(world: World, clock: Clock) -> dict[str, int]:
    now = clock()
    async with world.uow() as uow:
        milano = await team_id(uow, "Cohesion Makers Milano")
        bergamo = await team_id(uow, "Cohesion Makers Bergamo")
        lombardia = await team_id(uow, "Cohesion Makers Lombardia")
        roma = await add_team(uow, "Cohesion Roma", "H501", now)
        ids = {
            "orti": await add_story(uow, team=milano, title="Orti condivisi", category="food",
                                    at=now - timedelta(days=6), useful=4),
            "tutor": await add_story(uow, team=milano, title="Homework club",
                                     category="education", language="en",
                                     at=now - timedelta(days=5)),
            "legna": await add_story(uow, team=bergamo, title="Legna per l'inverno",
                                     category="housing", at=now - timedelta(days=4), useful=9),
            "rete": await add_story(uow, team=lombardia, title="Rete regionale",
                                    at=now - timedelta(days=3)),
            "bici": await add_story(uow, team=milano, title="Ciclofficina",
                                    category="mobility", at=now - timedelta(days=2)),
            "roma": await add_story(uow, team=roma, title="Mensa romana",
                                    at=now - timedelta(days=1)),
            "waiting": await add_story(uow, team=milano, title="In attesa", at=now,
                                       status="pending"),
            "no": await add_story(uow, team=milano, title="Rifiutata", at=now,
                                  status="declined"),
        }
        uow.session.add(Member(telegram_id=NOWHERE, display_name="Nora", language="it",
                               consent_at=now, onboarded_at=now, created_at=now))
    world.person(NOWHERE, "Nora", "it")
    return ids


async def test_browsing_and_useful_once(world: World, clock: Clock) -> None:
    ids = await scene(world, clock)
    await world.converse(GIULIA, [
        ("/stories", ["Storie e pratiche dei team", "La mia zona", "La mia regione",
                      "Per tema", "Le più recenti", "Le più utili"]),
        (Press("La mia zona"), ["La mia zona: storie 1–3 di 3", "Ciclofficina",
                                "Homework club</b> (in English)", "Orti condivisi",
                                "Utile (4)"]),
    ])
    outputs = await world.converse(GIULIA, [("/stories", "Quali"),
                                            (Press("La mia regione"), "storie 1–5 di 5")])
    seen = "\n".join(o.text for o in outputs)
    assert "Legna per l'inverno" in seen and "Rete regionale" in seen
    assert "Mensa romana" not in seen and "In attesa" not in seen and "Rifiutata" not in seen

    outputs = await world.converse(GIULIA, [("/stories", "Quali"),
                                            (Press("Le più recenti"), "storie 1–5 di 6"),
                                            (Press("Altre"), "storie 6–6 di 6")])
    newest = [o.text for o in outputs if o.text.startswith("📖")]
    assert [t.split("</b>")[0].removeprefix("📖 <b>") for t in newest] == [
        "Mensa romana", "Ciclofficina", "Rete regionale", "Legna per l'inverno",
        "Homework club", "Orti condivisi"]

    await world.converse(GIULIA, [
        ("/stories", "Quali"), (Press("Per tema"), "Quale tema?"),
        (Press("Casa"), ["storie 1–1 di 1", "Legna per l'inverno"]),
        ("/stories", "Quali"), (Press("Per tema"), "Quale tema?"),
        (Press("Lavoro"), "Qui non ci sono ancora storie pubblicate"),
        ("/stories", "Quali"),
        (Press("Le più utili"), ["storie 1–5 di 6"]),
    ])
    await world.converse(GIULIA, [
        (Forge(f"stuse:{ids['bici']}"), "Grazie! Conteggio: 1."),
        (Forge(f"stuse:{ids['bici']}"), "Hai già segnato questa storia come utile."),
        (Forge(f"stuse:{ids['waiting']}"), "Quella storia non c'è più."),
        (Forge("stmode:nowhere:0:"), "non è più valido"),
    ])
    await world.converse(LUCA, [
        ("/stories", "Stories and practices of the teams"),
        (Press("Most useful"), ["Most useful: stories 1–5 of 6",
                                "Legna per l'inverno</b> (in italiano)"]),
        (Forge(f"stuse:{ids['bici']}"), "Thank you! Counted: 2."),
        (Forge(f"stuse:{ids['bici']}"), "You already marked this story as useful."),
    ])
    async with world.uow() as uow:
        story = await uow.session.get(Story, ids["bici"])
        taps = (await uow.session.exec(select(StoryUseful))).all()
    assert story is not None and story.useful == 2
    assert sorted(t.member_telegram_id for t in taps) == [LUCA, GIULIA]


async def test_who_cannot_browse(world: World, clock: Clock) -> None:
    await scene(world, clock)
    await world.converse(NEWCOMER, [("/stories", "Prima registriamoci: invia /start."),
                                    (Forge("stmode:new:0:"), "Prima registriamoci")])
    await world.converse(NOWHERE, [
        ("/stories", "Quali"),
        (Press("La mia zona"), "Il tuo profilo non ha ancora un luogo di residenza"),
    ])
