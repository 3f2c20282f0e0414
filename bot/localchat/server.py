"""The local Bot API over real HTTP on 127.0.0.1, for the polling path, tests and benchmarks.

Requests arrive as Telegram's do (`POST /bot<token>/<method>`, form fields or JSON) and are
answered by `LocalBotAPI`; `getUpdates` long-polls a queue that tests fill with updates.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import web

from bot.localchat.api import Json, LocalBotAPI

# Fields whose value is always a plain string, even when it looks like JSON ("123", "true").
_TEXT_FIELDS = frozenset({"text", "caption", "description", "title", "query_id",
                          "callback_query_id", "url", "secret_token"})


def _decode(key: str, value: str) -> Any:
    if key in _TEXT_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


class BotAPIServer:
    def __init__(self, api: LocalBotAPI, *, token: str) -> None:
        self.api, self.token = api, token
        self.updates: asyncio.Queue[Json] = asyncio.Queue()
        self._offset = 0
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    def push(self, update: Json) -> None:
        self.updates.put_nowait(update)

    async def _params(self, request: web.Request) -> tuple[Json, dict[str, bytes]]:
        params: Json = {}
        files: dict[str, bytes] = {}
        if request.content_type == "application/json":
            params = await request.json()
        elif request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:
                if part.filename:  # type: ignore[union-attr]
                    files[part.name or ""] = await part.read()  # type: ignore[union-attr]
                else:
                    params[part.name or ""] = _decode(part.name or "", await part.text())  # type: ignore[union-attr]
        else:
            form = await request.post()
            params = {key: _decode(key, str(value)) for key, value in form.items()}
        return params, files

    async def _get_updates(self, params: Json) -> Json:
        offset = int(params.get("offset") or 0)
        self._offset = max(self._offset, offset)
        timeout = float(params.get("timeout") or 0)
        result: list[Json] = []
        try:
            first = await asyncio.wait_for(self.updates.get(), timeout=timeout or 0.01)
            result.append(first)
            while not self.updates.empty():
                result.append(self.updates.get_nowait())
        except TimeoutError:
            pass
        return {"ok": True, "result": result}

    async def handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401,
                                      "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params, files = await self._params(request)
        if method.lower() == "getupdates":
            return web.json_response(await self._get_updates(params))
        response = self.api.handle(method, params, files)
        status = 200 if response["ok"] else int(response["error_code"])
        return web.json_response(response, status=status)

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        app = web.Application()
        app.router.add_post(r"/bot{token}/{method}", self.handle)
        app.router.add_get(r"/bot{token}/{method}", self.handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound = site._server.sockets[0].getsockname()  # type: ignore[union-attr]
        self.base_url = f"http://{host}:{bound[1]}"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
