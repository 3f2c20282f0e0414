"""Oversized and odd answers typed at every step of the flows (/start, /newneed, /propose,
/newtable), drawn by Hypothesis: 4,096 characters, HTML, emoji, empty-looking text. Each is
answered, Telegram refuses no call (no message too long, no broken HTML), no dead letter is
kept, no row changes, and the step is still the same: its valid answer leads on — on SQLite
and PostgreSQL."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from tests.helpers.rows import add_member, team_named_in
from tests.hostile.conftest import ANNA, MARCO, Hostile, dead_letters, snapshot
from tests.world import Press

TOM = 2030  # an English designer of the Lombardia team, set up here
ODD = (
    "x" * 4096,
    "<b>" * 1365,
    "😀" * 2048,
    "<script>alert('hi')</script> & <i>",
    "&amp;" * 819,
    "\u200b",
    "ㅤ",
    "  .  ",
    "15/12 " * 682,
)
APOLOGY = ("Sorry, something went wrong", "Ci scusiamo, qualcosa è andato storto")
Step = tuple[str | Press, str]

NEWNEED: Sequence[Step] = (
    ("/newneed", "Cosa serve?"),
    ("Accompagnare anziani alle visite", "Descrivilo in poche righe"),
    ("Tre famiglie da accompagnare ogni settimana", "Di che categoria è?"),
    (Press("Salute e cura"), "Che cosa si chiede?"),
    (Press("Ore di volontariato"), "Quanto serve, in ore?"),
    ("20", "Quanto è urgente?"),
    (Press("Normale"), "Entro quando?"),
    ("15/12", "organizzazione"),
    ("Croce Rossa", "Dove?"),
    ("Milano", "Controlla il bisogno"),
    ("/cancel", ""),
)
PROPOSE: Sequence[Step] = (
    ("/propose", "Che bisogno hai notato?"),
    ("Compagnia per anziani soli", "Descrivilo in poche righe"),
    ("Due vicini in via Padova vivono soli", "Di che categoria è?"),
    ("/cancel", ""),
)
NEWTABLE: Sequence[Step] = (
    ("/newtable", "When is it?"),
    ("tomorrow at 6pm", "Friday, November 27, 2026, 18:00"),
    (Press("Yes"), "Where?"),
    ("Online", "What is on the agenda?"),
    ("Winter clothes\nShifts", "How many people"),
    ("12", "Does it repeat?"),
    (Press("Only once"), "Reminders"),
    ("24", "Check the table"),
    ("/cancel", ""),
)


def onboarding(language: str) -> Sequence[Step]:
    if language == "it":
        return (("/start", "Scegli la lingua"), (Press("Italiano"), "Acconsento"),
                (Press("Acconsento"), "Con quale ruolo"), (Press("Cittadino"), "Dove vivi"),
                ("milano", "Cosa puoi offrire?"), ("primo soccorso", "Quanto tempo"))
    return (("/start", "Choose your language"), (Press("English"), "I agree"),
            (Press("I agree"), "Who are you"), (Press("Non-profit"), "What is the name"),
            ("Brugherio Aiuta", "Where do you live"), ("brugherio mb", "What can you offer?"),
            ("first aid", "How much time"))


async def press_newest(hostile: Hostile, who: int, label: str) -> list[Any]:
    """Press a button of the newest message that has buttons (a refusal may have come after
    the question)."""
    api = hostile.world.api
    newest = max(message_id for (chat, message_id), message in api.messages.items()
                 if chat == who and (message.get("reply_markup") or {}).get("inline_keyboard")
                 and message.get("from", {}).get("id") == api.bot_user["id"])
    buttons = [b for row in api.messages[(who, newest)]["reply_markup"]["inline_keyboard"]
               for b in row if label.lower() in b["text"].lower()]
    return await hostile.world.chat.press_data(who, buttons[0]["callback_data"],
                                               message_id=newest)


async def walk(hostile: Hostile, who: int, steps: Sequence[Step], odd: list[str]) -> None:
    world = hostile.world
    for number, (action, expected) in enumerate(steps):
        if number > 0:
            before, letters = await snapshot(world), await dead_letters(world)
            answer = odd[number % len(odd)]
            outputs = await world.chat.send(who, answer)
            assert outputs, f"{steps[number - 1][0]!r}: no answer to {answer[:20]!r}"
            for output in outputs:
                assert not output.text.startswith(APOLOGY), output.text
            assert world.api.refused == [], world.api.refused[-1]
            assert await dead_letters(world) == letters
            if expected and expected in _seen(outputs):
                continue  # an odd but valid answer (HTML is text too): taken, escaped
            after = await snapshot(world)  # refused: nothing kept
            assert after == before, (steps[number - 1][0], answer[:20], {
                table: (set(rows) ^ set(after[table])) for table, rows in before.items()
                if rows != after[table]})
        if isinstance(action, Press):
            outputs = await press_newest(hostile, who, str(action.label))
        else:
            outputs = await world.chat.send(who, action)
        assert expected in _seen(outputs), (action, expected, _seen(outputs))
        assert world.api.refused == [], world.api.refused[-1]


def _seen(outputs: Sequence[Any]) -> str:
    return "\n".join(o.text + " " + " ".join(sum(o.buttons, [])) for o in outputs)


NEWCOMERS = itertools.count(3000)


@pytest.mark.timeout(300)
@settings(max_examples=2, derandomize=True, deadline=None, database=None,
          phases=(Phase.explicit, Phase.generate), suppress_health_check=list(HealthCheck))
@given(odd=st.lists(st.sampled_from(ODD), min_size=3, max_size=3))
@example(odd=[ODD[0], ODD[1], ODD[5]])  # 4,096 characters, HTML, a zero-width space
async def test_odd_answers_at_every_step(hostile: Hostile, odd: list[str]) -> None:
    world = hostile.world
    if TOM not in world.api.users:
        world.person(TOM, "Tom", "en")
        async with world.uow() as uow:
            tom = await add_member(uow, TOM, "Tom", now=hostile.clock(), language="en")
            lombardia = await team_named_in(uow, "Cohesion Makers Lombardia")
            assert tom.id is not None and lombardia.id is not None
            await uow.memberships.join(member_id=tom.id, team_id=lombardia.id,
                                       now=hostile.clock())
            await uow.roles.grant(telegram_id=TOM, role="designer", team_id=lombardia.id,
                                  now=hostile.clock())
    for language in ("it", "en"):
        newcomer = world.person(next(NEWCOMERS), "Nuovo", language)
        await walk(hostile, newcomer, onboarding(language), odd)
    await walk(hostile, MARCO, NEWNEED, odd)
    await walk(hostile, ANNA, PROPOSE, odd)
    await walk(hostile, TOM, NEWTABLE, odd)
