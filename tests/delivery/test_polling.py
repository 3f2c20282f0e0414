"""`cohesion run` with a token: long polling over real HTTP against TELEGRAM_API_BASE."""

from __future__ import annotations

import asyncio
import contextlib

from bot.config import Settings
from cohesion.run import run_polling
from playground.api import LocalBotAPI
from playground.server import BotAPIServer
from tests.conftest import T0, Clock

TOKEN = "123456:test-token"


async def test_long_polling_against_another_bot_api_server(settings: Settings) -> None:
    api = LocalBotAPI()
    api.add_user(1001, "Giulia", language_code="it")
    server = BotAPIServer(api, token=TOKEN)
    base = await server.start()
    polling = asyncio.create_task(run_polling(settings.model_copy(update={
        "bot_token": TOKEN, "telegram_api_base": base}), clock=Clock(T0)))
    try:
        server.push(api.message_update(user_id=1001, chat_id=1001, text="/start"))
        for _ in range(500):  # up to 5 s for the answer to come back over HTTP
            if api.outputs:
                break
            await asyncio.sleep(0.01)
        assert api.outputs and "Scegli la lingua" in api.outputs[0].text
        assert api.outputs[0].buttons == [["🇮🇹 Italiano", "🇬🇧 English"]]
        methods = [method for method, _params in api.calls]
        assert "setMyCommands" in methods and "getMe" in methods
        it_menu = next(p for m, p in api.calls if m == "setMyCommands"
                       and p.get("language_code") == "it" and p["scope"]["type"] == "default")
        assert {"command": "profile", "description": "Il tuo profilo"} in it_menu["commands"]
    finally:
        polling.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await polling
        await server.stop()


async def test_a_wrong_token_is_refused(settings: Settings) -> None:
    import aiohttp

    server = BotAPIServer(LocalBotAPI(), token=TOKEN)
    base = await server.start()
    try:
        async with aiohttp.ClientSession() as session, session.post(
                f"{base}/bot999:wrong/getMe") as response:
            assert response.status == 401
    finally:
        await server.stop()
