"""Flood control through the real dispatcher: a person or a group past its limit hears it once,
in their language, and is then ignored for a while — on one worker, and on two sharing Redis.
Nothing a muted person does is applied, and every button pressed is still answered."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiogram.fsm.storage.base import StorageKey

from bot.config import Settings
from cohesion.app import create_dispatcher, redis_storage
from playground.api import Output
from playground.driver import LocalChat
from tests.conftest import REDIS_URL, Clock
from tests.world import World, open_world

MARCO, LUCA, GIULIA = 2001, 2003, 1001  # the demo's: Italian designer, English member
MILANO_GROUP = -1001000000001  # the demo's Milano group (Italian)
PERSON_LIMIT, GROUP_LIMIT = 5, 8
PEOPLE = ((MARCO, "Marco", "it"), (LUCA, "Luca", "en"))

NOTICE = {"it": "Mi stai mandando messaggi più in fretta di quanto riesca a seguirti",
          "en": "You are sending me messages faster than I can follow"}
GROUP_NOTICE = {"it": "Questo gruppo mi sta mandando più messaggi di quanti riesca a seguirne",
                "en": "This group is sending me more messages than I can follow"}
PRESS = {"it": "Troppo veloce", "en": "Too fast"}
HELP = {"it": "Cosa puoi fare", "en": "What you can do"}


def limited(settings: Settings) -> Settings:
    return settings.model_copy(update={"throttle_person_updates": PERSON_LIMIT,
                                       "throttle_group_updates": GROUP_LIMIT,
                                       "throttle_window_seconds": 10.0,
                                       "throttle_mute_seconds": 60.0})


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    async with open_world(limited(settings), clock, *PEOPLE) as world:
        world.api.add_group(MILANO_GROUP, "Cohesion Makers Milano", admins=(MARCO,),
                            members=(LUCA,))
        await world.chat.add_bot(MILANO_GROUP, by_user_id=MARCO)
        clock.now += timedelta(seconds=30)  # adding the bot counted for Marco: long ago now
        yield world


def said(outputs: list[Output]) -> str:
    return "\n".join(output.text for output in outputs)


async def language_of(world: World, telegram_id: int) -> str | None:
    async with world.uow() as uow:
        member = await uow.members.by_telegram_id(telegram_id)
    return member.language if member is not None else None


@pytest.mark.parametrize(("person", "language"), [(MARCO, "it"), (LUCA, "en")])
async def test_a_flooding_person_is_told_once_then_ignored_for_a_while(
        world: World, clock: Clock, person: int, language: str) -> None:
    for _ in range(PERSON_LIMIT):
        assert HELP[language] in said(await world.chat.send(person, "/help"))
    # The update past the limit is not handled: it earns the notice, in the person's language.
    crossing = await world.chat.send(person, "/language")
    assert len(crossing) == 1 and NOTICE[language] in crossing[0].text
    # Muted: messages are ignored in silence, and nothing they ask for is applied.
    assert await world.chat.send(person, "/help") == []
    pressed = await world.chat.press_data(person, "lang:" + ("en" if language == "it" else "it"))
    assert [(o.kind, o.alert) for o in pressed] == [("toast", True)]
    assert PRESS[language] in pressed[0].text
    assert await language_of(world, person) == language
    key = StorageKey(bot_id=world.bot.id, chat_id=person, user_id=person)
    assert await world.dispatcher.fsm.storage.get_state(key) is None  # no conversation opened
    # A minute later they are read again.
    clock.now += timedelta(seconds=61)
    assert HELP[language] in said(await world.chat.send(person, "/help"))


async def test_a_slow_person_is_never_throttled(world: World, clock: Clock) -> None:
    for _ in range(PERSON_LIMIT * 4):
        assert HELP["en"] in said(await world.chat.send(LUCA, "/help"))
        clock.now += timedelta(seconds=3)  # well within 5 per 10 s


async def test_a_burst_across_the_window_edge_is_caught(world: World, clock: Clock) -> None:
    clock.now = clock.now.replace(second=9, microsecond=0)  # a second before a window's edge
    for _ in range(PERSON_LIMIT - 1):
        assert HELP["en"] in said(await world.chat.send(LUCA, "/help"))
    clock.now += timedelta(seconds=1.5)  # into the next window: still within 10 s of the burst
    assert HELP["en"] in said(await world.chat.send(LUCA, "/help"))
    assert NOTICE["en"] in said(await world.chat.send(LUCA, "/help"))


async def test_a_flooding_group_is_told_once_in_its_language(world: World, clock: Clock) -> None:
    # Two people, each within their own limit, together flood the group.
    people = [MARCO, LUCA]
    for n in range(GROUP_LIMIT):
        assert await world.chat.send(people[n % 2], "ciao a tutti", chat_id=MILANO_GROUP) == []
    crossing = await world.chat.send(MARCO, "ciao", chat_id=MILANO_GROUP)
    assert [o.chat_id for o in crossing] == [MILANO_GROUP]
    assert GROUP_NOTICE["it"] in crossing[0].text
    assert await world.chat.send(LUCA, "/help", chat_id=MILANO_GROUP) == []
    # A button pressed in the muted group is answered to the presser, in their language.
    pressed = await world.chat.press_data(LUCA, "tbrsvp:1:yes", chat_id=MILANO_GROUP)
    assert [(o.kind, o.alert) for o in pressed] == [("toast", True)]
    assert PRESS["en"] in pressed[0].text
    clock.now += timedelta(seconds=61)
    assert HELP["it"] in said(await world.chat.send(LUCA, "/help", chat_id=MILANO_GROUP))


# --- several workers: the counts are shared through Redis -----------------------------------


@pytest.fixture
async def workers(settings: Settings, clock: Clock, redis_prefix: str
                  ) -> AsyncIterator[tuple[World, LocalChat, LocalChat]]:
    """Two workers (dispatchers with their own Redis storage on one prefix), one Bot API."""
    world = World(limited(settings), clock)
    await world.load_demo()
    for person in PEOPLE:
        world.person(*person)
    world.api.add_group(MILANO_GROUP, "Cohesion Makers Milano", admins=(MARCO,), members=(LUCA,))
    chats = [LocalChat(create_dispatcher(settings=world.settings, sessions=world.sessions,
                                         storage=redis_storage(REDIS_URL, redis_prefix),
                                         clock=clock), world.bot, world.api)
             for _ in range(2)]
    await chats[0].add_bot(MILANO_GROUP, by_user_id=MARCO)
    clock.now += timedelta(seconds=30)  # adding the bot counted for Marco: long ago now
    yield world, chats[0], chats[1]
    for chat in chats:
        await chat.dispatcher.storage.close()
    await world.close()


@pytest.mark.parametrize(("person", "language"), [(MARCO, "it"), (LUCA, "en")])
async def test_two_workers_share_the_count_and_give_one_notice(
        workers: tuple[World, LocalChat, LocalChat], clock: Clock, person: int,
        language: str) -> None:
    world, a, b = workers
    for n in range(PERSON_LIMIT):  # each worker alone saw fewer than the limit
        chat = a if n % 2 else b
        assert HELP[language] in said(await chat.send(person, "/help"))
    crossing = await a.send(person, "/language")
    assert len(crossing) == 1 and NOTICE[language] in crossing[0].text
    # The other worker knows the person is muted: silence, and a short alert for a press.
    assert await b.send(person, "/help") == []
    assert await a.send(person, "/help") == []
    pressed = await b.press_data(person, "lang:" + ("en" if language == "it" else "it"))
    assert [(o.kind, o.alert) for o in pressed] == [("toast", True)]
    assert PRESS[language] in pressed[0].text
    assert await language_of(world, person) == language
    notices = [o for o in world.api.outputs if NOTICE[language] in o.text]
    assert len(notices) == 1
    clock.now += timedelta(seconds=61)
    assert HELP[language] in said(await b.send(person, "/help"))


async def test_two_workers_share_a_group_count(
        workers: tuple[World, LocalChat, LocalChat], clock: Clock) -> None:
    world, a, b = workers
    for n in range(GROUP_LIMIT):
        await (a if n % 2 else b).send([MARCO, LUCA][n % 2], "ciao", chat_id=MILANO_GROUP)
    crossing = await b.send(LUCA, "ciao", chat_id=MILANO_GROUP)
    assert len(crossing) == 1 and GROUP_NOTICE["it"] in crossing[0].text
    assert await a.send(MARCO, "/help", chat_id=MILANO_GROUP) == []
    assert len([o for o in world.api.outputs if GROUP_NOTICE["it"] in o.text]) == 1


# --- the two stores, alone: the same verdicts -----------------------------------------------


@pytest.mark.parametrize("store", ["memory", "redis"])
async def test_both_stores_give_the_same_verdicts(store: str, clock: Clock,
                                                  redis_prefix: str) -> None:
    from redis.asyncio import Redis

    from bot.throttle import Limit, MemoryThrottle, RedisThrottle, Throttle, Verdict

    client = Redis.from_url(REDIS_URL)
    throttle: Throttle = (MemoryThrottle() if store == "memory"
                          else RedisThrottle(client, redis_prefix))  # its own round trip
    person = ("person", LUCA, Limit(3, 10.0, 60.0))
    group = ("group", MILANO_GROUP, Limit(100, 10.0, 60.0))
    try:
        verdicts = [await throttle.check([person, group], clock()) for _ in range(5)]
        assert verdicts == [(Verdict.PASS, "")] * 3 + [(Verdict.NOTICE, "person"),
                                                       (Verdict.MUTED, "person")]
        clock.now += timedelta(seconds=59)
        assert await throttle.check([person], clock()) == (Verdict.MUTED, "person")
        clock.now += timedelta(seconds=2)
        assert await throttle.check([person], clock()) == (Verdict.PASS, "")
    finally:
        await client.aclose()
