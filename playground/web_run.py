"""`cohesion run` without a token / `cohesion playground`: the bot, unchanged, long-polling the
project's local Bot API server over real HTTP, and the browser page served by that server."""

from __future__ import annotations

import asyncio

from bot.clock import Clock
from bot.config import DATA_DIR, Settings
from playground.server import BotAPIServer
from playground.terminal import build_api
from playground.webapi import PlaygroundWeb

TOKEN = "1000000:playground-local"


async def start(port: int, *, clock: Clock) -> tuple[BotAPIServer, PlaygroundWeb]:
    server = BotAPIServer(build_api(DATA_DIR / "playground", clock), token=TOKEN)
    web = PlaygroundWeb(server)
    server.extra_routes.append(web.routes)
    await server.start("127.0.0.1", port)
    return server, web


async def run(settings: Settings, *, clock: Clock, port: int = 8080) -> None:
    from bot.app import run_polling

    server, _ = await start(port, clock=clock)
    print(f"Cohesion Makers playground: open {server.base_url}/ in a browser.")
    print("It listens on 127.0.0.1 (loopback) only; it is a demo tool, not a production path.")
    print("The terminal chat is `cohesion chat`. Stop with Ctrl+C.", flush=True)
    local = settings.model_copy(update={"bot_token": TOKEN,
                                        "telegram_api_base": server.base_url})
    try:
        await run_polling(local, clock=clock)
    finally:
        await server.stop()


def main(settings: Settings, *, clock: Clock, port: int) -> None:
    try:
        asyncio.run(run(settings, clock=clock, port=port))
    except KeyboardInterrupt:
        pass
