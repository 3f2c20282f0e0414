"""The JSON API behind the browser playground: personas, chats, history, send, press, events.

It talks to the same `BotAPIServer` the bot long-polls over real HTTP: a person's message or
button press becomes an update in the server's queue, and everything the bot sends (now, or
later from the outbox and scheduler) reaches the page as server-sent events.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.demo import GROUPS, PERSONAS
from playground.api import Output
from playground.server import BotAPIServer

Json = dict[str, Any]
WEB_DIR = Path(__file__).parent / "web"


class PlaygroundWeb:
    def __init__(self, server: BotAPIServer) -> None:
        self.server, self.api = server, server.api
        self._queues: list[asyncio.Queue[Json]] = []
        self._new_ids = itertools.count(9001)
        self._new_groups = itertools.count(1)
        self.api.listeners.append(self._on_output)

    def load_world(self) -> None:
        """The demo personas and groups, as Telegram would know them."""
        for persona in PERSONAS:
            self.api.add_user(persona.telegram_id, persona.first_name,
                              language_code=persona.language_code)
        ids = {persona.key: persona.telegram_id for persona in PERSONAS}
        for group in GROUPS:
            self.api.add_group(group.chat_id, group.title,
                               admins=tuple(ids[key] for key in group.admins),
                               members=tuple(ids[key] for key in group.members))
            self.api.statuses[(group.chat_id, self.api.bot_user["id"])] = "administrator"

    def _on_output(self, output: Output) -> None:
        event: Json = {k: v for k, v in asdict(output).items() if k != "path"}
        event["path"] = str(output.path) if output.path else None
        for queue in self._queues:
            queue.put_nowait(event)

    def routes(self, app: web.Application) -> None:
        app.router.add_get("/", self._index)
        app.router.add_get("/api/personas", self._personas)
        app.router.add_post("/api/personas", self._new_person)
        app.router.add_get("/api/chats", self._chats)
        app.router.add_post("/api/groups", self._new_group)
        app.router.add_get("/api/history", self._history)
        app.router.add_post("/api/send", self._send)
        app.router.add_post("/api/press", self._press)
        app.router.add_get("/api/events", self._events)
        if WEB_DIR.is_dir():
            app.router.add_static("/static/", WEB_DIR)

    async def _index(self, request: web.Request) -> web.StreamResponse:
        return web.FileResponse(WEB_DIR / "index.html")

    async def _personas(self, request: web.Request) -> web.Response:
        known = {p.telegram_id: p.description for p in PERSONAS}
        return web.json_response([
            {"id": user["id"], "name": user["first_name"],
             "language": user.get("language_code", "en"),
             "description": known.get(user["id"], "a new person")}
            for user in self.api.users.values()])

    async def _new_person(self, request: web.Request) -> web.Response:
        body = await request.json()
        name = str(body.get("name") or "").strip()
        if not name:
            return web.json_response({"ok": False, "error": "name required"}, status=400)
        user = self.api.add_user(next(self._new_ids), name[:64],
                                 language_code=str(body.get("language") or "en")[:8])
        return web.json_response({"id": user["id"], "name": user["first_name"],
                                  "language": user["language_code"]})

    async def _chats(self, request: web.Request) -> web.Response:
        user_id = int(request.query["user"])
        chats: list[Json] = [{"id": user_id, "type": "private", "title": "Cohesion Makers"}]
        for chat_id, chat in self.api.chats.items():
            if chat["type"] != "private" and (chat_id, user_id) in self.api.statuses \
                    and self.api.statuses[(chat_id, user_id)] not in ("left", "kicked"):
                chats.append({"id": chat_id, "type": chat["type"], "title": chat.get("title", "")})
        return web.json_response(chats)

    async def _new_group(self, request: web.Request) -> web.Response:
        """A new group the person creates, with the bot added to it by them."""
        body = await request.json()
        user_id = int(body["user_id"])
        chat_id = -(4_000_000_000 + next(self._new_groups))
        self.api.add_group(chat_id, str(body.get("title") or "New group")[:128], admins=(user_id,))
        self.server.push(self.api.bot_membership_update(chat_id=chat_id, by_user_id=user_id,
                                                        status="administrator"))
        return web.json_response({"id": chat_id})

    async def _history(self, request: web.Request) -> web.Response:
        chat_id = int(request.query["chat"])
        messages = sorted((m for (c, _), m in self.api.messages.items() if c == chat_id),
                          key=lambda m: int(m["message_id"]))
        return web.json_response([self._message_json(m) for m in messages])

    def _message_json(self, message: Json) -> Json:
        sender = message.get("from", {})
        return {"message_id": message["message_id"], "from_id": sender.get("id"),
                "from_name": sender.get("first_name", ""),
                "is_bot": bool(sender.get("is_bot")),
                "text": message.get("text") or message.get("caption") or "",
                "reply_markup": message.get("reply_markup")}

    async def _send(self, request: web.Request) -> web.Response:
        body = await request.json()
        user_id, chat_id = int(body["user_id"]), int(body.get("chat_id") or body["user_id"])
        text = str(body.get("text") or "")
        if not text.strip() or user_id not in self.api.users or chat_id not in self.api.chats:
            return web.json_response({"ok": False, "error": "unknown user/chat or empty text"},
                                     status=400)
        update = self.api.message_update(user_id=user_id, chat_id=chat_id, text=text)
        self.server.push(update)
        message = self._message_json(update["message"])
        for queue in self._queues:
            queue.put_nowait({"kind": "person", "chat_id": chat_id, **message})
        return web.json_response({"ok": True, "message": message})

    async def _press(self, request: web.Request) -> web.Response:
        body = await request.json()
        user_id = int(body["user_id"])
        chat_id = int(body.get("chat_id") or user_id)
        message_id, data = int(body["message_id"]), str(body["data"])
        if (chat_id, message_id) not in self.api.messages:
            return web.json_response({"ok": False, "error": "no such message"}, status=404)
        self.server.push(self.api.callback_update(user_id=user_id, chat_id=chat_id,
                                                  message_id=message_id, data=data))
        return web.json_response({"ok": True})

    async def _events(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream",
                                               "Cache-Control": "no-cache"})
        await response.prepare(request)
        queue: asyncio.Queue[Json] = asyncio.Queue()
        self._queues.append(queue)
        try:
            await response.write(b": connected\n\n")
            while True:
                event = await queue.get()
                await response.write(f"data: {json.dumps(event)}\n\n".encode())
        finally:
            self._queues.remove(queue)
        return response
