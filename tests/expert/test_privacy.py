"""/mydata holds the member's bookings, and an expert's profile and hours; /deleteme cancels a
booking ahead (its expert told) and leaves a held hour counted without the member, and of an
expert deletes the profile and the hours nobody booked, cancels those booked ahead (their
members told, the expert unnamed) and leaves a held hour counted without the expert."""

from __future__ import annotations

import json
from pathlib import Path

from bot.capabilities import erase
from bot.config import Settings
from bot.personal import Person
from bot.services import expert
from tests.conftest import Clock
from tests.expert.conftest import (
    ANNA,
    ELENA,
    GIULIA,
    LUCA,
    PAOLO,
    add_expert,
    add_slot,
    bookings,
    notices,
    register,
    rome,
    slots,
)
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


async def test_an_expert_who_erases_themselves_leaves_no_profile_and_tells_who_booked(
        world: World, clock: Clock, tmp_path: Path) -> None:
    # Elena is a member too. Anna held an hour with her yesterday; Luca booked one and cancelled
    # it; Giulia and Luca each hold one ahead; one more is free, one she removed.
    await register(world, ELENA, "Elena", "it")
    held = await add_slot(world, ELENA, rome(27, 9, month=11))
    await world.converse(ANNA, [("/expert", "Elena"), (Forge(f"xbook:{held}:0"), "Prenotata")])
    clock.now = rome(27, 12, month=11)
    once = await add_slot(world, ELENA, rome(9, 15))
    await world.converse(LUCA, [("/expert", "Elena"), (Forge(f"xbook:{once}:0"), "Booked"),
                                ("/expert", "Your free hour"), (Press("Cancel"), "Cancel"),
                                (Press("Yes, cancel"), "Cancelled")])
    giulias = await add_slot(world, ELENA, rome(10, 15))
    lucas = await add_slot(world, ELENA, rome(10, 17))
    await add_slot(world, ELENA, rome(11, 15))  # free
    removed = await add_slot(world, ELENA, rome(11, 17))
    await world.converse(GIULIA, [("/expert", "Elena"), (Forge(f"xbook:{giulias}:0"), "Prenotata")])
    await world.converse(LUCA, [("/expert", "Elena"), (Forge(f"xbook:{lucas}:0"), "Booked")])
    await world.converse(ELENA, [("/slots", "Le tue ore"), (Forge(f"slotrm:{removed}"), "")])

    await world.converse(ELENA, [("/deleteme", "Sì, cancella i miei dati"),
                                 (Press("Sì, cancella"), "")])

    async with world.uow() as uow:
        assert await uow.experts.profile_of(ELENA) is None
        assert await uow.members.by_telegram_id(ELENA) is None
    # The hours nobody booked are gone; the booked ones stay, nobody's.
    kept = {s.id: s for s in await slots(world)}
    assert set(kept) == {held, once, giulias, lucas}
    assert all(s.expert_id is None for s in kept.values())
    assert kept[held].removed_at is None
    assert kept[giulias].removed_at == kept[lucas].removed_at == clock.now
    by_slot = {b.slot_id: b for b in await bookings(world)}
    assert (by_slot[held].status, by_slot[held].member_telegram_id) == ("active", ANNA)
    assert (by_slot[once].status, by_slot[once].member_telegram_id) == ("cancelled", LUCA)
    for slot, member in ((giulias, GIULIA), (lucas, LUCA)):
        assert (by_slot[slot].status, by_slot[slot].member_telegram_id) == ("cancelled", member)
    assert set((await notices(world)).values()) == {"dropped"}  # reminders, feedback requests

    # Each member with an hour ahead is told, in their language, without the expert's name.
    told = {r.chat_id: text_of(r) for r in await outbox(world)
            if r.key.startswith("expert-cancelled:")}
    assert set(told) == {GIULIA, LUCA}
    assert "La tua ora gratuita di giovedì 10 dicembre 2026, 15:00–16:00 è stata annullata: " \
           "l’esperto non è più disponibile" in told[GIULIA]
    assert "Your free hour of Thursday, December 10, 2026, 17:00–18:00 was cancelled: the " \
           "expert is no longer available" in told[LUCA]
    assert not any("Elena" in text for text in told.values())
    # Anna's hour still counts as her one free hour; Giulia's is hers again.
    await world.converse(ANNA, [("/expert", "Hai già avuto la tua ora gratuita (con —")])
    await world.converse(GIULIA, [("/expert", "nessun esperto ha ore libere")])
    # Luca's record of the hour he cancelled stays his, without the expert.
    world.api.media_dir = tmp_path
    [document] = [o for o in await world.converse(LUCA, [("/mydata", "")])
                  if o.kind == "document"]
    assert document.path is not None
    [cancelled, _ahead] = json.loads(document.path.read_text())["expert_hour_bookings"]
    assert (cancelled["expert"], cancelled["status"]) == (None, "cancelled")


async def test_mydata_of_an_expert_shows_the_profile_and_the_hours_with_who_booked(
        world: World, tmp_path: Path) -> None:
    await register(world, ELENA, "Elena", "it")
    free = await add_slot(world, ELENA, rome(10, 15))
    booked = await add_slot(world, ELENA, rome(10, 17))
    await world.converse(GIULIA, [("/expert", "Elena"), (Forge(f"xbook:{booked}:0"), "Prenotata")])
    world.api.media_dir = tmp_path

    outputs = await world.converse(ELENA, [("/mydata", "")])
    [document] = [o for o in outputs if o.kind == "document"]
    assert document.path is not None
    text = document.path.read_text()
    profile = json.loads(text)["expert_profile"]
    assert (profile["name"], profile["competences"], profile["languages"], profile["active"]) \
        == ("Elena Rossi", ["networking", "codesign"], ["it", "en"], True)
    assert profile["hours"] == [
        {"starts_at": rome(10, 15).isoformat(), "ends_at": rome(10, 16).isoformat(),
         "removed": False, "booked_by": None},
        {"starts_at": rome(10, 17).isoformat(), "ends_at": rome(10, 18).isoformat(),
         "removed": False, "booked_by": "Giulia"}]
    assert str(GIULIA) not in text  # who booked, by name: never a member's id
    assert free != booked

    outputs = await world.converse(GIULIA, [("/mydata", "")])
    [document] = [o for o in outputs if o.kind == "document"]
    assert document.path is not None
    assert "expert_profile" not in json.loads(document.path.read_text())


async def test_erasing_an_expert_who_is_not_a_member_on_both_backends(
        db_url: str, clock: Clock) -> None:
    # The erasure's rows, on SQLite and PostgreSQL: the hours are unlinked before the profile
    # goes, so its foreign key takes nothing along; the member of the hour ahead is told.
    world = World(Settings(_env_file=None, bot_token=None, database_url=db_url,  # type: ignore[call-arg]
                           redis_url=None), clock)
    try:
        await register(world, GIULIA, "Giulia", "it")
        await register(world, ANNA, "Anna", "it")
        await add_expert(world, PAOLO, "Paolo Bianchi", ["digital"], ["it"])
        held = await add_slot(world, PAOLO, rome(27, 9, month=11))
        async with world.uow() as uow:
            await expert.book(uow, now=clock(), telegram_id=GIULIA, slot_id=held)
        clock.now = rome(27, 12, month=11)
        ahead = await add_slot(world, PAOLO, rome(10, 15))
        free = await add_slot(world, PAOLO, rome(10, 17))
        async with world.uow() as uow:
            await expert.book(uow, now=clock(), telegram_id=ANNA, slot_id=ahead)

        async with world.uow() as uow:
            await erase(uow, Person(PAOLO, None), now=clock())

        async with world.uow() as uow:
            assert await uow.experts.profiles(active_only=False) == []
        assert [(s.id, s.expert_id) for s in await slots(world)] == [(held, None), (ahead, None)]
        assert free not in {s.id for s in await slots(world)}
        assert [(b.slot_id, b.status, b.member_telegram_id) for b in await bookings(world)] == [
            (held, "active", GIULIA), (ahead, "cancelled", ANNA)]
        [told] = [r for r in await outbox(world) if r.key.startswith("expert-cancelled:")]
        assert told.chat_id == ANNA and "Paolo" not in text_of(told)
    finally:
        await world.close()
