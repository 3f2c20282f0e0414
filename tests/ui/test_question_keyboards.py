"""The buttons of a step go once the step is answered by TYPING, as they go when pressed: the
pledge screen's quantities, an onboarding question, a /newneed question, a /newtable question,
a /profile question — in Italian and English. A typed answer that is refused (the step asks
again) leaves them; the old button pressed afterwards (from an old copy) answers "no longer
valid"."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.config import Settings
from bot.fsm import QUESTIONS
from tests.conftest import Clock
from tests.helpers.rows import add_need, team_id, team_named_in
from tests.world import Forge, Press, World, open_world

MARCO, LUCA, GIULIA, EMMA = 2001, 2003, 1001, 1002


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    async with open_world(settings, clock, (MARCO, "Marco", "it"), (LUCA, "Luca", "en"),
                          (GIULIA, "Giulia", "it"), (EMMA, "Emma", "en")) as world:
        async with world.uow() as uow:
            lombardia = await team_named_in(uow, "Cohesion Makers Lombardia")
            await uow.roles.grant(telegram_id=LUCA, role="designer", team_id=lombardia.id,
                                  now=clock())
        yield world


def question(world: World, chat_id: int) -> int:
    """The id of the bot's newest message with buttons in the chat: the question asked."""
    message_id, _ = world.chat.keyboard(chat_id)
    return message_id


def keyboard_edits(world: World, chat_id: int, message_id: int) -> int:
    """How many times the bot took off or changed the buttons of that message."""
    return sum(1 for method, params in world.api.calls
               if method in ("editMessageReplyMarkup", "editMessageText")
               and int(params["chat_id"]) == chat_id and int(params["message_id"]) == message_id)


def has_buttons(world: World, chat_id: int, message_id: int) -> bool:
    return bool(world.api.messages[(chat_id, message_id)].get("reply_markup"))


async def noted(world: World, user_id: int) -> list[int]:
    data = await world.dispatcher.fsm.get_context(world.bot, user_id, user_id).get_data()
    return list(data.get(QUESTIONS, []))


# --- the pledge screen -------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "wrong", "typed", "said"), [
    (LUCA, "plenty", "4", "You pledged <b>4 parcels</b>"),
    (MARCO, "tanti", "4", "Hai offerto <b>4 pacchi</b>"),
])
async def test_a_typed_pledge_takes_the_quantity_buttons_off(
        world: World, clock: Clock, who: int, wrong: str, typed: str, said: str) -> None:
    async with world.uow() as uow:
        need_id = await add_need(uow, team=await team_id(uow, "Cohesion Makers Milano"),
                                 title="Coperte per il dormitorio", target=10, now=clock(),
                                 days_ago=1)
    await world.converse(who, [(f"/start need_{need_id}", "Coperte per il dormitorio")])
    screen = question(world, who)
    assert await noted(world, who) == [screen]
    await world.converse(who, [(wrong, "")])
    assert keyboard_edits(world, who, screen) == 0 and has_buttons(world, who, screen)
    await world.converse(who, [(typed, said)])
    assert keyboard_edits(world, who, screen) == 1 and not has_buttons(world, who, screen)
    assert await noted(world, who) == []


@pytest.mark.parametrize(("who", "button", "said"), [
    (LUCA, "2 parcels", "You pledged <b>2 parcels</b>"),
    (MARCO, "2 pacchi", "Hai offerto <b>2 pacchi</b>"),
])
async def test_a_pressed_quantity_takes_the_pledge_screens_buttons_off(
        world: World, clock: Clock, who: int, button: str, said: str) -> None:
    async with world.uow() as uow:
        need_id = await add_need(uow, team=await team_id(uow, "Cohesion Makers Milano"),
                                 title="Coperte per il dormitorio", target=10, now=clock(),
                                 days_ago=1)
    await world.converse(who, [(f"/start need_{need_id}", "Coperte per il dormitorio")])
    screen = question(world, who)
    await world.converse(who, [(Press(button), said)])
    assert keyboard_edits(world, who, screen) == 1 and not has_buttons(world, who, screen)


# --- onboarding --------------------------------------------------------------------------------


async def test_onboarding_in_italian_typed_skills_take_the_skip_button_off(world: World) -> None:
    await world.converse(GIULIA, [
        ("/start", "Scegli la lingua"), (Press("Italiano"), "Privacy"),
        (Press("Acconsento"), "Con quale ruolo"), (Press("Cittadino"), "Dove vivi"),
        ("milano", ["Cosa puoi offrire?", "Salta"]),
    ])
    skills = question(world, GIULIA)
    await world.converse(GIULIA, [("x" * 600, "")])  # too long: asked again
    assert keyboard_edits(world, GIULIA, skills) == 0 and has_buttons(world, GIULIA, skills)
    await world.converse(GIULIA, [("primo soccorso", "Quanto tempo puoi dedicare?")])
    assert keyboard_edits(world, GIULIA, skills) == 1 and not has_buttons(world, GIULIA, skills)
    # The skills' Skip from an old copy, pressed at the next step, is refused.
    await world.converse(GIULIA, [(Forge("skip:skills"), "Questo pulsante non è più valido")])
    async with world.uow() as uow:
        giulia = await uow.members.by_telegram_id(GIULIA)
    assert giulia is not None and giulia.skills == "primo soccorso"
    assert giulia.availability is None


async def test_onboarding_in_english_a_typed_place_takes_the_choices_off(world: World) -> None:
    await world.converse(EMMA, [
        ("/start", "Choose your language"), (Press("English"), "Privacy"),
        (Press("I agree"), "Who are you joining as?"), (Press("Citizen"), "Where do you live"),
        ("samone", ["could be more than one place", "None of these"]),
    ])
    places = question(world, EMMA)
    await world.converse(EMMA, [("brugherio mb", ["Territory: Brugherio (MB)",
                                                   "What can you offer?"])])
    assert keyboard_edits(world, EMMA, places) == 1 and not has_buttons(world, EMMA, places)


# --- /newneed ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "title", "asked", "next_question", "stale"), [
    (LUCA, "Blankets for the shelter", "Describe it in a few lines", "Which category is it?",
     "This button is no longer valid"),
    (MARCO, "Coperte per il dormitorio", "Descrivilo in poche righe", "Di che categoria è?",
     "Questo pulsante non è più valido"),
])
async def test_newneed_a_typed_description_takes_the_skip_button_off(
        world: World, who: int, title: str, asked: str, next_question: str, stale: str) -> None:
    await world.converse(who, [("/newneed", ""), (title, asked)])
    described = question(world, who)
    await world.converse(who, [("x", "")])  # too short: asked again, with Skip again
    again = question(world, who)
    assert again != described
    assert keyboard_edits(world, who, described) == 0 and has_buttons(world, who, described)
    await world.converse(who, [("Thirty warm blankets, single size", next_question)])
    assert keyboard_edits(world, who, described) == 1 and not has_buttons(world, who, described)
    assert keyboard_edits(world, who, again) == 1 and not has_buttons(world, who, again)
    assert await noted(world, who) == [question(world, who)]  # the categories, asked now
    await world.converse(who, [(Forge("nnskip:description"), stale)])


# --- /newtable ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "steps", "wrong", "typed", "next_question", "stale"), [
    (LUCA, [("/newtable", "When is it?"), ("next Thursday 6pm", "Yes"), (Press("Yes"), "Where?"),
            ("https://meet.example.org/x", "What is on the agenda?"),
            ("- Winter clothes\n- Volunteers", "How many people")],
     "lots", "12", "Does it repeat?", "This button is no longer valid"),
    (MARCO, [("/newtable", "Quando si tiene?"), ("giovedì prossimo alle 18", "Sì"),
             (Press("Sì"), "Dove?"), ("Via Roma 1", "ordine del giorno"),
             ("- Raccolta vestiti\n- Volontari", "Quante persone")],
     "tante", "12", "Si ripete?", "Questo pulsante non è più valido"),
])
async def test_newtable_a_typed_capacity_takes_the_skip_button_off(
        world: World, who: int, steps: list[tuple[object, str]], wrong: str, typed: str,
        next_question: str, stale: str) -> None:
    await world.converse(who, steps)  # type: ignore[arg-type]
    capacity = question(world, who)
    skip = world.chat.keyboard(who)[1][0]["callback_data"]
    await world.converse(who, [(wrong, "")])
    assert keyboard_edits(world, who, capacity) == 0 and has_buttons(world, who, capacity)
    await world.converse(who, [(typed, next_question)])
    assert keyboard_edits(world, who, capacity) == 1 and not has_buttons(world, who, capacity)
    await world.converse(who, [(Forge(skip), stale)])


# --- /profile ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "button", "wrong", "typed", "shown", "stale"), [
    (LUCA, "Skills", "x" * 600, "logistics, forklift", "Skills: logistics, forklift",
     "This button is no longer valid"),
    (MARCO, "Competenze", "x" * 600, "cucina, guida", "Competenze: cucina, guida",
     "Questo pulsante non è più valido"),
])
async def test_profile_typed_skills_take_the_skip_button_off(
        world: World, who: int, button: str, wrong: str, typed: str, shown: str,
        stale: str) -> None:
    await world.converse(who, [("/profile", ""), (Press(button), "")])
    asked = question(world, who)
    await world.converse(who, [(wrong, "")])
    assert keyboard_edits(world, who, asked) == 0 and has_buttons(world, who, asked)
    await world.converse(who, [(typed, shown)])
    assert keyboard_edits(world, who, asked) == 1 and not has_buttons(world, who, asked)
    card = question(world, who)
    assert card != asked and await noted(world, who) == [card]  # the card asks next
    await world.converse(who, [(Forge("skip:skills"), stale)])
    async with world.uow() as uow:
        member = await uow.members.by_telegram_id(who)
    assert member is not None and member.skills == typed
