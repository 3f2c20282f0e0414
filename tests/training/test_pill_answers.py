"""The week's training pill in a team group comes with its check as buttons (issue 22, point
16): whoever presses one is told, in an alert only they see and in their own language, whether
it was right; nothing is posted in the group and nothing is stored. A forged option or module
is answered clearly."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.config import Settings
from bot.services.training import push_week_pills
from storage.models import GroupChat, TrainingProgress
from tests.conftest import T0, Clock
from tests.helpers.outbox import buttons_of, deliver, outbox_rows, text_of
from tests.helpers.rows import add_member, add_team
from tests.world import Forge, Press, World, open_world

GIULIA, LUCA = 4301, 4302
ENGLISH_GROUP, ITALIAN_GROUP = -1004300000001, -1004300000002


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    async with open_world(settings, clock, (GIULIA, "Giulia", "it"), (LUCA, "Luca", "en"),
                          demo=False) as world:
        async with world.uow() as uow:
            await add_member(uow, GIULIA, "Giulia", now=T0, language="it")
            await add_member(uow, LUCA, "Luca", now=T0, language="en")
            for name, code, chat_id, language in (
                    ("Cohesion Makers Milano", "F205", ENGLISH_GROUP, "en"),
                    ("Cohesion Makers Bergamo", "A794", ITALIAN_GROUP, "it")):
                team = await uow.teams.get(await add_team(uow, name, code, T0))
                assert team is not None
                team.group_chat_id = chat_id
                uow.session.add(GroupChat(chat_id=chat_id, title=name, language=language,
                                          joined_at=T0))
            await uow.session.flush()
        for chat_id in (ENGLISH_GROUP, ITALIAN_GROUP):
            world.api.add_group(chat_id, "Team", admins=(), members=(GIULIA, LUCA))
            world.api.statuses[(chat_id, world.api.bot_user["id"])] = "member"
        async with world.uow() as uow:
            assert await push_week_pills(uow, now=clock()) == 2
        await deliver(world, clock)
        yield world


async def test_the_pill_asks_its_question_with_buttons_in_the_groups_language(
        world: World) -> None:
    rows = {row.chat_id: row for row in await outbox_rows(world)}
    english, italian = rows[ENGLISH_GROUP], rows[ITALIAN_GROUP]
    assert english.status == italian.status == "sent"
    assert "What is the contact map for?" in text_of(english)
    assert "Answer with a button below" in text_of(english)
    assert "A cosa serve la mappa dei contatti?" in text_of(italian)
    assert "Rispondi con un pulsante" in text_of(italian)
    assert buttons_of(english) == buttons_of(italian) == [
        "trpill:networking.1:0", "trpill:networking.1:1", "trpill:networking.1:2"]


async def test_each_presser_is_told_in_their_own_language_and_nothing_is_stored(
        world: World) -> None:
    # Luca (English) in the Italian group, Giulia (Italian) in the English one.
    outputs = await world.converse(LUCA, [
        (Press("mondi mancano"), "✅ Right!"),
        (Press("contare gli amici"), ["Not quite: the answer is «Seeing which worlds your "
                                      "network lacks».", "/training"]),
    ], chat_id=ITALIAN_GROUP)
    assert all(o.kind == "toast" and o.alert for o in outputs)
    outputs = await world.converse(GIULIA, [
        (Press("Choosing whom"), ["Non proprio: la risposta è «A vedere quali mondi mancano "
                                  "nella tua rete».", "/training"]),
        (Press("Seeing which worlds"), "✅ Giusto!"),
    ], chat_id=ENGLISH_GROUP)
    assert all(o.kind == "toast" and o.alert for o in outputs)  # nothing said in the group
    async with world.uow() as uow:
        assert list(await uow.session.exec(  # type: ignore[call-overload]
            TrainingProgress.__table__.select())) == []


async def test_a_forged_answer_is_refused_clearly(world: World) -> None:
    await world.converse(LUCA, [
        (Forge("trpill:networking.1:7"), "This button is no longer valid."),
        (Forge("trpill:nonsense.9:0"), "This button is no longer valid."),
    ], chat_id=ENGLISH_GROUP)
    await world.converse(GIULIA, [
        (Forge("trpill:networking.1:-1"), "Questo pulsante non è più valido."),
    ], chat_id=ITALIAN_GROUP)
