"""RSVP edits only what changed: the same answer pressed again is answered and edits nothing
(it used to make Telegram refuse "message is not modified"), and a press on a photo or a
file answers without trying to edit a text it does not have."""

from __future__ import annotations

from aiogram.types import BufferedInputFile

from tests.conftest import Clock
from tests.helpers.outbox import deliver
from tests.tables.conftest import GIULIA, LUCA, MILANO_GROUP, rsvp_rows, set_milano_table
from tests.world import Forge, Press, World


async def test_the_same_answer_again_edits_nothing(world: World, clock: Clock) -> None:
    await set_milano_table(world, capacity=None)
    await deliver(world, clock)
    first = await world.converse(GIULIA, [(Press("Ci sarò"), "Ci vediamo lì!")],
                                 chat_id=MILANO_GROUP)
    assert any(o.kind == "edit" and "Ci sono: 1" in o.text for o in first)
    again = await world.converse(GIULIA, [(Press("Ci sarò"), "Ci vediamo lì!")],
                                 chat_id=MILANO_GROUP)
    assert [o.kind for o in again] == ["toast"]
    await world.converse(LUCA, [(Press("I'll come"), "See you there!")])
    again = await world.converse(LUCA, [(Press("I'll come"), "See you there!")])
    assert [o.kind for o in again] == ["toast"]
    assert world.api.refused == []


async def test_a_press_on_a_photo_answers_without_editing_it(world: World, clock: Clock) -> None:
    table_id = await set_milano_table(world, capacity=None)
    await deliver(world, clock)
    for who in (GIULIA, LUCA):
        await world.bot.send_photo(who, BufferedInputFile(b"\x89PNG chart", "chart.png"),
                                   caption="📊")
    said = await world.converse(GIULIA, [(Forge(f"tbrsvp:{table_id}:maybe"), "Segnato: forse.")])
    assert all(o.chat_id != GIULIA for o in said if o.kind == "edit")
    said = await world.converse(LUCA, [(Forge(f"tbrsvp:{table_id}:no"), "can't come")])
    assert all(o.chat_id != LUCA for o in said if o.kind == "edit")
    assert world.api.refused == []
    assert [(r.member_telegram_id, r.answer) for r in await rsvp_rows(world)] == [
        (GIULIA, "maybe"), (LUCA, "no")]
