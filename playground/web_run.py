"""The playground's server for `cohesion run` without a token / `cohesion playground`: the
project's local Bot API over real HTTP, and the browser page served by it (the bot, unchanged,
long-polls it: `cohesion.run.run_playground`)."""

from __future__ import annotations

from bot.clock import Clock
from bot.config import DATA_DIR
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
