"""The local Telegram for a newcomer: the real bot wired to the playground — the terminal chat
(`cohesion chat`) and the browser page (`cohesion run` without a token, `cohesion playground`).
The only module that imports the playground."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TextIO

from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage

from bot.capabilities import unit_of_work
from bot.clock import Clock
from bot.config import DATA_DIR, Settings
from bot.demo import reset_demo
from cohesion.app import create_bot, create_dispatcher, create_storage, introduce
from cohesion.run import background, run_polling
from playground import terminal, web_run
from playground.driver import LocalChat
from playground.session import LocalSession
from storage.db import create_engine, create_session_factory


async def run_terminal_chat(settings: Settings, *, clock: Clock, stdin: TextIO = sys.stdin,
              stdout: TextIO = sys.stdout) -> None:
    engine = create_engine(settings.database_url)
    sessions = create_session_factory(engine)
    api = terminal.build_api(DATA_DIR / "playground", clock)
    bot = create_bot(settings, session=LocalSession(api))
    settings = await introduce(bot, settings)
    dispatcher = create_dispatcher(settings=settings, sessions=sessions, clock=clock)
    chat = terminal.Terminal(LocalChat(dispatcher, bot, api), stdout)
    loop = asyncio.get_running_loop()

    def read_blocking() -> str:
        line = stdin.readline()
        if not line:
            raise EOFError
        return line

    async def read_line() -> str:
        # Reading the terminal blocks, so it happens in a thread while the loop serves the bot.
        stdout.write(f"{chat.where()}> ")
        stdout.flush()
        return await loop.run_in_executor(None, read_blocking)

    try:
        async with background(settings, bot, engine, sessions, clock=clock):
            await chat.run(read_line)
    finally:
        await engine.dispose()


def demo_reset(settings: Settings, storage: BaseStorage, *, clock: Clock
               ) -> Callable[[], Awaitable[None]]:
    """What the page's reset button does to the bot's side: the database's data emptied and
    the demo loaded again, and the conversations in memory forgotten (a half-done /start)."""
    async def reset() -> None:
        engine = create_engine(settings.database_url)
        try:
            async with unit_of_work(create_session_factory(engine)) as uow:
                await reset_demo(uow, now=clock())
        finally:
            await engine.dispose()
        if isinstance(storage, MemoryStorage):
            storage.storage.clear()

    return reset


async def run_playground(settings: Settings, *, clock: Clock, port: int = 8080) -> None:
    server, web = await web_run.start(port, clock=clock)
    storage = create_storage(settings)
    web.on_reset = demo_reset(settings, storage, clock=clock)
    print(f"Cohesion Makers playground: open {server.base_url}/ in a browser.")
    print("It listens on 127.0.0.1 (loopback) only; it is a demo tool, not a production path.")
    print("The terminal chat is `cohesion chat`. Stop with Ctrl+C.", flush=True)
    local = settings.model_copy(update={"bot_token": web_run.TOKEN,
                                        "telegram_api_base": server.base_url})
    try:
        await run_polling(local, clock=clock, storage=storage)
    finally:
        await server.stop()


def playground_main(settings: Settings, *, clock: Clock, port: int) -> None:
    try:
        asyncio.run(run_playground(settings, clock=clock, port=port))
    except KeyboardInterrupt:
        pass
