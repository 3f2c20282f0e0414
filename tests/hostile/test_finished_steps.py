"""A step answered with a button loses its keyboard, and a button of a finished step pressed
anyway (from an old copy, or forged) answers "this button is no longer valid" in the
presser's language and changes nothing (issue 22, point 15)."""

from __future__ import annotations

from typing import Any

from tests.hostile.conftest import LUCA, Hostile, snapshot

NEWCOMER = 3500


def keyboard_of(hostile: Hostile, chat_id: int, message_id: int) -> Any:
    return hostile.world.api.messages[(chat_id, message_id)].get("reply_markup")


def newest_with_buttons(hostile: Hostile, chat_id: int) -> tuple[int, list[dict[str, Any]]]:
    message_id, buttons = hostile.world.chat.keyboard(chat_id)
    return message_id, buttons


async def press_again(hostile: Hostile, who: int, message_id: int, data: str) -> list[Any]:
    return await hostile.world.chat.press_data(who, data, message_id=message_id)


async def test_onboarding_steps_lose_their_keyboard_in_italian(hostile: Hostile) -> None:
    world = hostile.world
    world.person(NEWCOMER, "Giada", "it")
    await world.converse(NEWCOMER, [("/start", "Scegli la lingua")])
    language_message, _ = newest_with_buttons(hostile, NEWCOMER)
    said = await world.chat.press(NEWCOMER, "Italiano")
    assert keyboard_of(hostile, NEWCOMER, language_message) is None
    assert any(o.kind == "edit" and o.message_id == language_message for o in said)
    consent_message, buttons = newest_with_buttons(hostile, NEWCOMER)
    accept = buttons[0]["callback_data"]
    await world.chat.press(NEWCOMER, "Acconsento")
    assert keyboard_of(hostile, NEWCOMER, consent_message) is None
    before = await snapshot(world)
    again = await press_again(hostile, NEWCOMER, consent_message, accept)
    assert [(o.kind, o.text, o.alert) for o in again] == [
        ("toast", "Questo pulsante non è più valido.", True)]
    assert await snapshot(world) == before
    assert world.api.refused == []


async def test_propose_steps_lose_their_keyboard_in_english(hostile: Hostile) -> None:
    world = hostile.world
    await world.converse(LUCA, [
        ("/propose", "What need have you noticed?"),
        ("Company for lonely elderly people", "Describe it in a few lines"),
        ("Two neighbours in via Padova live alone", "Which category is it?"),
    ])
    category_message, buttons = newest_with_buttons(hostile, LUCA)
    loneliness = next(b["callback_data"] for b in buttons if "Loneliness" in b["text"])
    said = await world.chat.press(LUCA, "Loneliness")
    assert any("If you don't know how much is needed" in o.text for o in said)
    assert keyboard_of(hostile, LUCA, category_message) is None
    before = await snapshot(world)
    again = await press_again(hostile, LUCA, category_message, loneliness)
    assert [(o.kind, o.text, o.alert) for o in again] == [
        ("toast", "This button is no longer valid.", True)]
    assert await snapshot(world) == before
    assert world.api.refused == []
