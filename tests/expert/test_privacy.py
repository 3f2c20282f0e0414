"""/mydata holds the member's bookings; /deleteme cancels a booking ahead (its expert told)
and leaves a held hour counted without the member."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Clock
from tests.expert.conftest import ELENA, GIULIA, LUCA, add_slot, bookings, notices, rome
from tests.helpers.outbox import outbox_rows as outbox
from tests.helpers.outbox import text_of
from tests.world import Forge, Press, World


async def test_mydata_lists_bookings_and_deleteme_cancels_the_one_ahead(
        world: World, clock: Clock, tmp_path: Path) -> None:
    slot = await add_slot(world, ELENA, rome(10, 15))
    await world.converse(GIULIA, [("/expert", "Elena"), (Forge(f"xbook:{slot}:0"), "Prenotata")])
    world.api.media_dir = tmp_path
    outputs = await world.converse(GIULIA, [("/mydata", "")])
    [document] = [o for o in outputs if o.kind == "document"]
    assert document.path is not None
    data = json.loads(document.path.read_text())
    [entry] = data["expert_hour_bookings"]
    assert entry["expert"] == "Elena Rossi" and entry["status"] == "active"
    assert entry["starts_at"] == rome(10, 15).isoformat()

    await world.converse(GIULIA, [("/deleteme", "Sì, cancella i miei dati"),
                                  (Press("Sì, cancella"), "")])
    [row] = await bookings(world)
    assert (row.status, row.member_telegram_id) == ("cancelled", None)
    assert set((await notices(world)).values()) == {"dropped"}
    [freed] = [r for r in await outbox(world) if r.key.startswith("expert-freed:")]
    assert freed.chat_id == ELENA and "è di nuovo libera" in text_of(freed)
    await world.converse(LUCA, [("/expert", "👤 Elena Rossi (1)")])


async def test_a_held_hour_stays_counted_without_the_member(world: World, clock: Clock) -> None:
    slot = await add_slot(world, ELENA, rome(10, 15))
    await world.converse(LUCA, [("/expert", "Elena"), (Forge(f"xbook:{slot}:0"), "Booked")])
    clock.now = rome(11, 9)
    await world.converse(LUCA, [("/deleteme", "erase my data"), (Press("Yes, erase"), "")])
    [row] = await bookings(world)
    assert (row.status, row.member_telegram_id) == ("active", None)
    assert not [r for r in await outbox(world) if r.key.startswith("expert-freed:")]
