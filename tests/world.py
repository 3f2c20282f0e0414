"""A small world for conversation tests: the real dispatcher, the local Bot API, people, groups,
and a way to write a conversation as (what the person does, what the bot must answer).

Each folder's ``world`` fixture opens one with ``open_world`` and the people (and rows) its
conversations need; helpers that read or write rows take the world, or a unit of work already
open (``unit_of_work``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.capabilities import unit_of_work
from bot.config import Settings
from bot.demo import load_demo
from cohesion.app import create_bot, create_dispatcher, introduce
from playground.api import LocalBotAPI, Output
from playground.driver import LocalChat
from playground.session import LocalSession
from storage.db import create_engine, create_session_factory
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Press:
    """Press the button whose label contains `label` (or the n-th button, if an int)."""

    label: str | int


@dataclass(frozen=True)
class Forge:
    """Send raw callback data, as a forged or stale button would."""

    data: str


@dataclass(frozen=True)
class Locate:
    """Share a location (Telegram's location button)."""

    latitude: float
    longitude: float


Step = tuple[str | Press | Forge | Locate, str | Sequence[str]]
#: Someone who can write to the bot: (Telegram id, first name, Telegram's language code).
Person = tuple[int, str, str | None]


class World:
    def __init__(self, settings: Settings, clock: object, *, api: LocalBotAPI | None = None
                 ) -> None:
        self.settings = settings
        self.clock = clock
        self.api = api or LocalBotAPI(clock=clock)  # type: ignore[arg-type]
        self.engine: AsyncEngine = create_engine(settings.database_url)
        self.sessions: async_sessionmaker[AsyncSession] = create_session_factory(self.engine)
        self.bot = create_bot(settings, session=LocalSession(self.api))
        self.dispatcher = create_dispatcher(settings=settings, sessions=self.sessions,
                                            clock=clock)  # type: ignore[arg-type]
        self.chat = LocalChat(self.dispatcher, self.bot, self.api)

    def uow(self) -> UnitOfWork:
        return unit_of_work(self.sessions)

    async def load_demo(self) -> None:
        async with self.uow() as uow:
            await load_demo(uow, now=self.clock())  # type: ignore[operator]

    def person(self, user_id: int, name: str, language_code: str | None = "it") -> int:
        self.api.add_user(user_id, name, language_code=language_code)
        return user_id

    async def converse(self, user_id: int, steps: Sequence[Step], *,
                       chat_id: int | None = None) -> list[Output]:
        """Run the steps; each expected fragment must be in what the bot said or showed."""
        everything: list[Output] = []
        for number, (action, expected) in enumerate(steps, 1):
            if isinstance(action, Press):
                outputs = await self.chat.press(user_id, action.label, chat_id=chat_id)
            elif isinstance(action, Locate):
                outputs = await self.chat.send_location(user_id, action.latitude,
                                                        action.longitude)
            elif isinstance(action, Forge):
                outputs = await self.chat.press_data(user_id, action.data, chat_id=chat_id)
            else:
                outputs = await self.chat.send(user_id, action, chat_id=chat_id)
            seen = "\n".join(o.text + " " + " ".join(sum(o.buttons, [])) for o in outputs)
            for fragment in [expected] if isinstance(expected, str) else expected:
                assert fragment in seen, (
                    f"step {number} ({action!r}): expected {fragment!r} in:\n{seen or '(nothing)'}")
            everything += outputs
        return everything

    async def close(self) -> None:
        await self.engine.dispose()


@asynccontextmanager
async def open_world(settings: Settings, clock: object, *people: Person,
                     demo: bool = True, api: LocalBotAPI | None = None) -> AsyncIterator[World]:
    """A world for one test, closed afterwards: the demo's teams and people loaded (unless
    ``demo`` is false), and ``people`` able to write to the bot. It starts as the bot does:
    its username is what the Bot API (``api``) answers to getMe."""
    api = api or LocalBotAPI(clock=clock)  # type: ignore[arg-type]
    settings = await introduce(create_bot(settings, session=LocalSession(api)), settings)
    world = World(settings, clock, api=api)
    try:
        if demo:
            await world.load_demo()
        for user_id, name, language in people:
            world.person(user_id, name, language)
        yield world
    finally:
        await world.close()


@asynccontextmanager
async def open_uow(where: World | UnitOfWork) -> AsyncIterator[UnitOfWork]:
    """The unit of work already open, or a new one of the world's (committed on leaving)."""
    if isinstance(where, UnitOfWork):
        yield where
    else:
        async with where.uow() as uow:
            yield uow
