"""Oversized and odd answers in /newneed: each free-text question says its limit; a wrong
answer is quoted back as a short excerpt
(never whole: a 4,096-character answer quoted in "… is not a date I can read" was too long
for Telegram), HTML is escaped, and the step is asked again; nothing refused by the Bot API,
no dead letter."""

from __future__ import annotations

from sqlmodel import select

from storage.models import FailedUpdate
from tests.newneed.conftest import LUCA, MARCO, needs_rows
from tests.world import Press, World

LONG = "x" * 4096
HTML = "<b>15</b>/12 & " * 270  # 4,050 characters


async def no_trouble(world: World) -> None:
    assert world.api.refused == []
    async with world.uow() as uow:
        assert (await uow.session.exec(select(FailedUpdate))).all() == []
    for output in world.api.outputs:
        assert len(output.text) <= 4096


async def test_long_wrong_answers_are_quoted_short_in_italian(world: World) -> None:
    await world.converse(MARCO, [
        ("/newneed", ["Cosa serve?", "(Al massimo 120 caratteri.)"]),
        ("Accompagnare anziani alle visite", ["Descrivilo in poche righe",
                                              "(Al massimo 1000 caratteri.)"]),
        (Press("Salta"), "Di che categoria è?"),
        (Press("Salute e cura"), "Che cosa si chiede?"),
        (LONG, "“" + "x" * 39 + "…” non è un'unità"),
        (Press("Ore di volontariato"), "Quanto serve, in ore?"),
        (LONG, "“" + "x" * 39 + "…” non è un numero che riesco a leggere"),
        ("20", "Quanto è urgente?"),
        (Press("Normale"), "Entro quando?"),
        (LONG, "“" + "x" * 39 + "…” non è una data che riesco a leggere"),
        (HTML, "“&lt;b&gt;15&lt;/b&gt;/12 &amp; &lt;b&gt;15&lt;/b&gt;/12 &amp; "
               "&lt;b&gt;15&lt;/b&gt;…” non è una data"),
        ("15/12", ["organizzazione", "(Al massimo 120 caratteri.)"]),
    ])
    await no_trouble(world)
    assert await needs_rows(world) == []


async def test_long_wrong_answers_are_quoted_short_in_english(world: World) -> None:
    await world.converse(LUCA, [
        ("/newneed", ["What is needed?", "(At most 120 characters.)"]),
        ("Shopping for elderly neighbours", ["Describe it in a few lines",
                                             "(At most 1000 characters.)"]),
        (Press("Skip"), "Which category is it?"),
        (Press("Food and essentials"), "What is asked for?"),
        (LONG, "“" + "x" * 39 + "…” is not a unit"),
        (Press("Parcels"), "How much is needed, in parcels?"),
        ("12", "What is one parcel worth"),
        (Press("Skip"), "How urgent is it?"),
        (Press("High"), "By when?"),
        (LONG, "“" + "x" * 39 + "…” is not a date I can read"),
        ("by 15/12", "Is it for an organisation"),
    ])
    await no_trouble(world)
