"""A button pressed in a group is answered (the toast, the alert) in the presser's language,
while what the press changes in the group stays in the group's: Luca (English) in the Italian
Milano group, Giulia (Italian) once the group speaks English, and a stranger whose Telegram
speaks English."""

from __future__ import annotations

from tests.conftest import Clock
from tests.helpers.outbox import deliver
from tests.tables.conftest import (
    GIULIA,
    LUCA,
    MARCO,
    MILANO_GROUP,
    at,
    rsvp_rows,
    set_milano_table,
)
from tests.world import Press, World

STRANGER = 2099


async def group_language(world: World) -> str:
    async with world.uow() as uow:
        language = await uow.groups.language(MILANO_GROUP)
    assert language is not None
    return language


async def test_an_english_member_in_the_italian_group_hears_english_toasts(
        world: World, clock: Clock) -> None:
    await set_milano_table(world)
    await deliver(world, clock)
    said = await world.converse(LUCA, [(Press("Ci sarò"), "See you there!")],
                                chat_id=MILANO_GROUP)
    assert any(o.kind == "edit" and o.chat_id == MILANO_GROUP and "Ci sono: 1/2" in o.text
               for o in said)  # the group's announcement, edited in the group's language
    assert not any("Coming:" in o.text for o in said if o.chat_id == MILANO_GROUP)
    assert [(r.member_telegram_id, r.answer) for r in await rsvp_rows(world)] == [(LUCA, "yes")]
    # Someone not registered: the language their Telegram speaks.
    world.person(STRANGER, "Tom", "en")
    await world.converse(STRANGER, [(Press("Ci sarò"), "Only members of the table's team")],
                         chat_id=MILANO_GROUP)
    clock.now = at(3, 20)  # the table has taken place
    await world.converse(LUCA, [(Press("Forse"), "That table has already taken place.")],
                         chat_id=MILANO_GROUP)
    assert [(r.member_telegram_id, r.answer) for r in await rsvp_rows(world)] == [(LUCA, "yes")]
    # The group's language buttons: only its administrators may press them, said in English.
    await world.converse(MARCO, [("/language", "🇬🇧 English")], chat_id=MILANO_GROUP)
    await world.converse(LUCA, [(Press("English"), "Only the administrators of this group")],
                         chat_id=MILANO_GROUP)
    assert await group_language(world) == "it"


async def test_an_italian_member_in_an_english_group_hears_italian_toasts(
        world: World, clock: Clock) -> None:
    await world.converse(MARCO, [("/language", "🇬🇧 English"),
                                 (Press("English"), "English")], chat_id=MILANO_GROUP)
    assert await group_language(world) == "en"
    await set_milano_table(world)
    await deliver(world, clock)
    said = await world.converse(GIULIA, [(Press("I'll come"), "Ci vediamo lì!")],
                                chat_id=MILANO_GROUP)
    assert any(o.kind == "edit" and o.chat_id == MILANO_GROUP and "Coming: 1/2" in o.text
               for o in said)
    await world.converse(GIULIA, [(Press("Maybe"), "Segnato: forse.")], chat_id=MILANO_GROUP)
    assert [(r.member_telegram_id, r.answer) for r in await rsvp_rows(world)] == [
        (GIULIA, "maybe")]
