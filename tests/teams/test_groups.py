"""Team group chats: the bot added, /linkgroup by whom may and may not, leaving unlinked groups."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.config import Settings
from bot.services.groups import abandon_unlinked as leave_unlinked
from scheduler.sender import OutboxSender
from tests.conftest import Clock
from tests.helpers.rows import team_id
from tests.world import Forge, Press, World, open_world

MARCO, SARA, LUCA = 2001, 2002, 2003
VOLONTARI = -1001000000002  # Sara is its admin, Luca a plain member
QUARTIERE = -1001000000003  # Luca is its admin (but designs no team)


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    async with open_world(settings, clock, (MARCO, "Marco", "it"), (SARA, "Sara", "it"),
                          (LUCA, "Luca", "it")) as world:
        world.api.add_group(VOLONTARI, "Volontari Bergamo", admins=(SARA,), members=(LUCA, MARCO))
        world.api.add_group(QUARTIERE, "Quartiere Isola", admins=(LUCA,), members=(MARCO,))
        yield world


async def test_added_to_a_group_the_bot_explains_the_grace_period(world: World) -> None:
    outputs = await world.chat.add_bot(VOLONTARI, by_user_id=SARA)
    assert len(outputs) == 1 and outputs[0].chat_id == VOLONTARI
    assert "/linkgroup" in outputs[0].text and "48 ore" in outputs[0].text
    async with world.uow() as uow:
        group = await uow.groups.get(VOLONTARI)
    assert group is not None and group.left_at is None


async def test_linkgroup_by_a_non_designer_and_by_a_designer(world: World) -> None:
    await world.chat.add_bot(VOLONTARI, by_user_id=SARA)
    await world.converse(LUCA, [("/linkgroup", "Solo il designer di un team")], chat_id=VOLONTARI)
    await world.converse(MARCO, [  # a designer, but not an admin of this group
        ("/linkgroup", "Devi essere amministratore di questo gruppo"),
    ], chat_id=VOLONTARI)
    await world.converse(SARA, [
        ("/linkgroup", ["Quale dei tuoi team", "Cohesion Makers Bergamo",
                        "Cohesion Makers Brescia"]),
    ], chat_id=VOLONTARI)
    # Luca presses Sara's button, then forges one for a team he does not design; the toast
    # speaks his language (English), not the group's.
    await world.converse(LUCA, [(Press("Bergamo"), "Only the designer of a team")],
                         chat_id=VOLONTARI)
    milano_id = await team_id(world, "Cohesion Makers Milano")
    await world.converse(SARA, [
        (Forge(f"link:{milano_id}"), "Solo il designer di un team"),
        (Press("Bergamo"), ["✅ Questo gruppo ora è collegato a <b>Cohesion Makers Bergamo</b>",
                            "Bergamo (BG) – Lombardia"]),
        ("/linkgroup", "Questo gruppo è già collegato a <b>Cohesion Makers Bergamo</b>"),
    ], chat_id=VOLONTARI)
    async with world.uow() as uow:
        bergamo = await uow.teams.by_group_chat(VOLONTARI)
        milano = await uow.teams.get(milano_id)
    assert bergamo is not None and bergamo.name == "Cohesion Makers Bergamo"
    assert milano is not None and milano.group_chat_id == -1001000000001  # untouched


async def test_one_team_designer_links_at_once_in_the_team_language(world: World) -> None:
    async with world.uow() as uow:
        milano = next(t for t in await uow.teams.all() if t.name.endswith("Milano"))
        milano.language = "en"
    await world.chat.add_bot(QUARTIERE, by_user_id=LUCA)
    world.api.statuses[(QUARTIERE, MARCO)] = "administrator"
    await world.converse(MARCO, [
        ("/linkgroup", ["This group is now linked to <b>Cohesion Makers Milano</b>",
                        "was linked to another group"]),
        ("/help", "What you can do"),  # the group now speaks the team's language
    ], chat_id=QUARTIERE)


async def test_linkgroup_in_private_and_private_commands_in_groups(world: World) -> None:
    await world.converse(SARA, [("/linkgroup", "dentro il gruppo Telegram del tuo team")])
    await world.chat.add_bot(VOLONTARI, by_user_id=SARA)
    await world.converse(LUCA, [("/profile", "chat privata")], chat_id=VOLONTARI)
    assert await world.chat.send(LUCA, "ciao a tutti", chat_id=VOLONTARI) == []  # no chatter


async def test_group_language_only_by_admins(world: World) -> None:
    await world.chat.add_bot(VOLONTARI, by_user_id=SARA)
    await world.converse(LUCA, [("/language", "Solo gli amministratori")], chat_id=VOLONTARI)
    await world.converse(SARA, [("/language", "Scegli la lingua")], chat_id=VOLONTARI)
    await world.converse(LUCA, [(Press("English"), "Only the administrators")],  # his language
                         chat_id=VOLONTARI)
    await world.converse(SARA, [(Press("English"), "from now on I'll write in English")],
                         chat_id=VOLONTARI)
    async with world.uow() as uow:
        group = await uow.groups.get(VOLONTARI)
    assert group is not None and group.language == "en"


async def test_unlinked_groups_are_left_after_the_grace_period(world: World, clock: Clock
                                                                ) -> None:
    await world.chat.add_bot(VOLONTARI, by_user_id=SARA)
    await world.chat.add_bot(QUARTIERE, by_user_id=LUCA)
    await world.converse(SARA, [("/linkgroup", "Quale"), (Press("Brescia"), "collegato")],
                         chat_id=VOLONTARI)
    grace = timedelta(hours=world.settings.group_grace_hours)
    sender = OutboxSender(world.bot, world.sessions, clock=clock)
    clock.now += grace - timedelta(minutes=1)
    async with world.uow() as uow:
        assert await leave_unlinked(uow, now=clock(), grace=grace) == 0
    clock.now += timedelta(minutes=2)
    async with world.uow() as uow:
        assert await leave_unlinked(uow, now=clock(), grace=grace) == 1
    start = len(world.api.outputs)
    await sender.drain(idle=clock.tick)
    said = world.api.outputs[start:]
    assert [o.kind for o in said] == ["message", "leave"]  # in this order: goodbye, then leave
    assert said[0].chat_id == QUARTIERE and "Nessuno ha collegato in tempo" in said[0].text
    assert world.api.bot_status(QUARTIERE) == "left"
    assert world.api.bot_status(VOLONTARI) == "administrator"
    async with world.uow() as uow:  # said once: a second run does nothing
        assert await leave_unlinked(uow, now=clock(), grace=grace) == 0


async def test_removing_the_bot_unlinks_the_team(world: World) -> None:
    milano_group = -1001000000001
    world.api.add_group(milano_group, "Cohesion Makers Milano", admins=(MARCO,))
    world.api.statuses[(milano_group, world.api.bot_user["id"])] = "administrator"
    await world.chat.remove_bot(milano_group, by_user_id=MARCO)
    async with world.uow() as uow:
        milano = next(t for t in await uow.teams.all() if t.name.endswith("Milano"))
    assert milano.group_chat_id is None
