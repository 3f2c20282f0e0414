"""/announce for a designer (issue 22, point 7): the text, to the group and/or the members, now
or at a typed time read back in full, a preview, then confirmed; through the scheduled notice
and the outbox as `cohesion announce` does. Members and others are refused in their language."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.config import Settings
from tests.conftest import Clock
from tests.helpers.outbox import deliver, notice_rows, release
from tests.helpers.rows import team_id
from tests.world import Forge, Press, World, open_world

MARCO, SARA, LUCA, GIULIA = 2001, 2002, 2003, 1001
MILANO_GROUP = -1001000000001


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    async with open_world(settings, clock, (MARCO, "Marco", "it"), (SARA, "Sara", "it"),
                          (LUCA, "Luca", "en"), (GIULIA, "Giulia", "it")) as world:
        world.api.add_group(MILANO_GROUP, "Cohesion Makers Milano", admins=(MARCO,),
                            members=(LUCA,))
        world.api.statuses[(MILANO_GROUP, world.api.bot_user["id"])] = "administrator"
        yield world


async def test_members_and_others_are_refused_in_their_language(world: World) -> None:
    await world.converse(LUCA, [("/announce", "/announce is for the designers of a team")])
    await world.converse(GIULIA, [("/announce", "/announce è per i designer di un team")])
    await world.converse(LUCA, [(Forge("anok:1"), "no longer valid")])  # no announcement begun
    async with world.uow() as uow:
        assert await notice_rows(uow) == []


async def test_a_designer_schedules_one_to_the_group_and_members(world: World,
                                                                 clock: Clock) -> None:
    # Thursday 26 November 2026, 10:00 in Rome.
    await world.converse(MARCO, [
        ("/announce", "📣 Annuncio a <b>Cohesion Makers Milano</b>. Scrivine il testo"),
        ("Riunione <b>straordinaria</b> per la raccolta!", "Chi deve riceverlo?"),
        ("il gruppo", "Rispondi con i pulsanti"),
        (Forge("anaud:everyone"), "Questo pulsante non è più valido."),
        (Press("Il gruppo e ogni membro"), ["Quando deve partire?", "⚡ Subito"]),
        ("ieri alle 18", "già passato"),
        ("domani", "A che ora"),
        ("18:00", ["Partirebbe <b>venerdì 27 novembre 2026, 18:00</b>. Va bene?"]),
        (Press("No"), "Quando deve partire?"),
        ("domani alle 18", "Partirebbe <b>venerdì 27 novembre 2026, 18:00</b>"),
        (Press("Sì"), ["<b>Anteprima</b>", "📣 <b>Cohesion Makers Milano</b>",
                       "Riunione &lt;b&gt;straordinaria&lt;/b&gt; per la raccolta!",
                       "A: 👥🙋 Il gruppo e ogni membro",
                       "Quando: venerdì 27 novembre 2026, 18:00", "✅ Programma", "✖️ Annulla"]),
        (Press("Programma"), "📣 Programmato: parte venerdì 27 novembre 2026, 18:00."),
        (Forge("anok:1"), "Questo pulsante non è più valido."),  # said once
    ])
    async with world.uow() as uow:
        [notice] = await notice_rows(uow)
    assert notice.kind == "team_announcement"
    assert notice.due_at == datetime(2026, 11, 27, 17, 0, tzinfo=UTC)
    params = json.loads(notice.params)
    assert params == {"team_id": await team_id(world, "Cohesion Makers Milano"),
                      "text": "Riunione <b>straordinaria</b> per la raccolta!", "members": True}
    assert await release(world, clock) == (0, 0)  # not yet
    clock.now = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)
    assert await release(world, clock) == (1, 0)
    start = len(world.api.outputs)
    await deliver(world, clock)
    said = {o.chat_id: o.text for o in world.api.outputs[start:] if o.kind == "message"}
    assert set(said) == {MILANO_GROUP, MARCO, LUCA}
    assert all("straordinaria</b>" not in text and "&lt;b&gt;straordinaria" in text
               for text in said.values())


async def test_one_to_the_members_now_in_english(world: World, clock: Clock) -> None:
    async with world.uow() as uow:  # Luca (English) designs Brescia, which has no group
        brescia = await team_id(uow, "Cohesion Makers Brescia")
        await uow.roles.grant(telegram_id=LUCA, role="designer", team_id=brescia, now=clock())
        luca = await uow.members.by_telegram_id(LUCA)
        assert luca is not None
        await uow.memberships.join(member_id=luca.id or 0, team_id=brescia, now=clock())
    await world.converse(LUCA, [
        ("/announce", "📣 Announcement to <b>Cohesion Makers Brescia</b>"),
        ("x" * 3501, "up to 3500 characters"),
        ("First meeting of the Brescia team!",
         ["no linked group yet: it will go to each member privately", "When should it go out?"]),
        (Press("Now"), ["<b>Preview</b>", "To: 🙋 Each member, privately", "When: now",
                        "✅ Send", "✖️ Cancel"]),
        (Press("Cancel"), "Cancelled: nothing was sent."),
        ("/announce", "Write its text"), ("Second try", "When should it go out?"),
        (Press("Now"), "Preview"),
        (Press("Send"), "📣 Done: it goes out in a moment."),
    ])
    async with world.uow() as uow:
        [notice] = await notice_rows(uow)
    assert json.loads(notice.params) == {"team_id": brescia, "text": "Second try",
                                         "members": True, "group": False}
    assert await release(world, clock) == (1, 0)
    start = len(world.api.outputs)
    await deliver(world, clock)
    said = [(o.chat_id, o.text) for o in world.api.outputs[start:] if o.kind == "message"]
    assert sorted(said) == [(SARA, "📣 <b>Cohesion Makers Brescia</b>\nSecond try"),
                            (LUCA, "📣 <b>Cohesion Makers Brescia</b>\nSecond try")]


async def test_a_designer_of_several_teams_chooses_one(world: World, clock: Clock) -> None:
    await world.converse(SARA, [
        ("/announce", ["Per quale team è l'annuncio?", "Cohesion Makers Bergamo",
                       "Cohesion Makers Brescia"]),
        (Forge(f"anteam:{await team_id(world, 'Cohesion Makers Milano')}"),
         "Questo pulsante non è più valido."),  # not one of hers
        (Press("Bergamo"), "Annuncio a <b>Cohesion Makers Bergamo</b>"),
        ("/cancel", "Annullato: non è stato inviato nulla."),
    ])
    async with world.uow() as uow:
        assert await notice_rows(uow) == []
    clock.now += timedelta(minutes=1)
