"""The routers' filters run in the event loop, and button steps need a member row.

aiogram runs a synchronous filter (a bare `State`, magic `F`, a plain function) through
asyncio.to_thread for every update it is checked against; the routers use async filters only
(`bot.filters.InState` for states).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable

import pytest
from aiogram import F, Router
from aiogram.dispatcher.event.handler import FilterObject
from aiogram.types import Message

from bot import capabilities
from bot.capabilities import get_routers
from bot.config import Settings
from bot.filters import InState
from bot.flows.onboarding.states import Onboarding
from tests.architecture.conftest import all_routers
from tests.world import Press, World, open_world

GIULIA = 1001


def _described(where: str, item: FilterObject) -> str:
    return f"{where}: {item.magic if item.magic is not None else item.callback!r}"


def synchronous_callables(roots: Iterable[Router]) -> list[str]:
    """Every filter (on an observer or on a handler) and every handler aiogram would run in a
    thread: `awaitable` is how aiogram itself decides (CallableObject.call)."""
    found = []
    for router in all_routers(roots):
        for event, observer in router.observers.items():
            where = f"{router.name}.{event}"
            # Router-wide filters (`router.message.filter(...)`) live on the observer's dummy
            # handler, which aiogram checks before the handlers (check_root_filters).
            found += [_described(f"{where} (router filter)", item)
                      for item in observer._handler.filters or [] if not item.awaitable]
            for handler in observer.handlers:
                name = getattr(handler.callback, "__name__", repr(handler.callback))
                if not handler.awaitable:
                    found.append(f"{where}: handler {name}")
                found += [_described(f"{where} {name}", item)
                          for item in handler.filters or [] if not item.awaitable]
    return found


def test_every_filter_and_handler_of_the_bot_is_async() -> None:
    routers = get_routers()
    assert len(list(all_routers(routers))) >= len(routers)
    assert synchronous_callables(routers) == []


def test_the_synchronous_filter_check_can_fail() -> None:
    async def step(message: Message) -> None: ...

    def sync_step(message: Message) -> None: ...

    router, nested = Router(name="outer"), Router(name="nested")
    router.include_router(nested)
    router.message.filter(F.chat.type == "private")              # magic F: synchronous
    router.message.register(step, Onboarding.skills)              # a bare State: synchronous
    router.callback_query.register(step, InState(Onboarding.team))  # async: not reported
    nested.message.register(sync_step, lambda message: True)      # both synchronous
    found = synchronous_callables([router])
    assert len(found) == 4, found
    assert any("outer.message (router filter)" in hit for hit in found)
    assert any("outer.message step" in hit and "Onboarding:skills" in hit for hit in found)
    assert any("nested.message: handler sync_step" in hit for hit in found)
    assert not any("callback_query" in hit for hit in found)


async def test_in_state_matches_the_raw_state_only() -> None:
    in_skills = InState(Onboarding.skills, Onboarding.availability)
    assert await in_skills(object(), raw_state="Onboarding:skills")
    assert await in_skills(object(), raw_state="Onboarding:availability")
    assert not await in_skills(object(), raw_state="Onboarding:team")
    assert not await in_skills(object(), raw_state=None)
    assert not await in_skills(object())


# --- the member guard of button steps ---------------------------------------------------------


@pytest.fixture
async def world(settings: Settings, clock: object) -> AsyncIterator[World]:
    async with open_world(settings, clock, (GIULIA, "Giulia", "it")) as world:
        yield world


async def test_a_button_pressed_after_the_member_row_was_erased_is_stale(world: World) -> None:
    # Catches a button step run without its member (an AttributeError and an apology), or one
    # that writes a member back: Giulia is erased, e.g. from the CLI, while the actor buttons
    # are still on her screen.
    await world.converse(GIULIA, [
        ("/start", "Scegli la lingua"), (Press("Italiano"), "Acconsento"),
        (Press("Acconsento"), ["Con quale ruolo", "🙋 Cittadino"]),
    ])
    async with world.uow() as uow:
        member = await uow.members.by_telegram_id(GIULIA)
        assert member is not None
        await capabilities.erase(uow, capabilities.person_of(member), now=world.clock())
    await world.converse(GIULIA, [(Press("Cittadino"), "Questo pulsante non è più valido.")])
    async with world.uow() as uow:
        assert await uow.members.by_telegram_id(GIULIA) is None


# --- commands: text that is no command is turned away before aiogram parses it ---------------


def test_every_command_of_the_routers_is_the_project_s_own_filter() -> None:
    # Catches aiogram's Command (or CommandStart) registered directly: for every message that
    # is not its command it splits the text, builds a CommandObject and raises (34 steps of
    # them lie before the onboarding's typed answers).
    from aiogram.filters import Command as AiogramCommand

    from bot.filters import Command, CommandStart

    commands = [item.callback for router in all_routers(get_routers())
                for observer in router.observers.values() for handler in observer.handlers
                for item in handler.filters or [] if isinstance(item.callback, AiogramCommand)]
    assert len(commands) >= 30
    assert [c for c in commands if not isinstance(c, Command | CommandStart)] == []


async def test_the_command_filter_answers_as_aiogram_s_and_parses_only_commands(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from aiogram.filters import Command as AiogramCommand
    from aiogram.types import Chat, User

    from bot.filters import Command, CommandStart

    def message(text: str | None = None, caption: str | None = None) -> Message:
        return Message(message_id=1, date=0, chat=Chat(id=1001, type="private"),
                       from_user=User(id=1001, is_bot=False, first_name="Giulia"),
                       text=text, caption=caption)

    bot = type("FakeBot", (), {"me": None})()
    help_ = Command("help")
    found = await help_(message("/help"), bot)  # type: ignore[arg-type]
    assert isinstance(found, dict) and found["command"].command == "help"
    assert await help_(message(caption="/help"), bot)  # type: ignore[arg-type]
    assert not await help_(message("/helpme"), bot)  # type: ignore[arg-type]
    assert not await help_(message(), bot)  # type: ignore[arg-type]
    start = await CommandStart(deep_link=True)(message("/start team_7"), bot)  # type: ignore[arg-type]
    assert isinstance(start, dict) and start["command"].args == "team_7"

    async def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a text that is no command was parsed")

    monkeypatch.setattr(AiogramCommand, "parse_command", never)
    for text in ("facilitazione, grafica", "help", " /help"):
        assert not await help_(message(text), bot)  # type: ignore[arg-type]
        assert not await CommandStart()(message(text), bot)  # type: ignore[arg-type]
