"""The JSON API behind the browser playground: personas, chats, groups, history, the command
menu, files, send, press, events.

It talks to the same `BotAPIServer` the bot long-polls over real HTTP: a person's message or
button press becomes an update in the server's queue, and everything the bot does (sends now,
or later from the outbox and scheduler; edits; deletions; callback answers) reaches the page as
server-sent events. A person may only speak or press in a chat they are a member of, as on
Telegram; texts are shown by the page as text (the bot's own HTML through a whitelist).
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.demo import GROUPS, PERSONAS, TEAMS
from playground.api import GROUP_TYPES, Output
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
        # What else a reset of the demo empties (the database): set by the composition root.
        self.on_reset: Callable[[], Awaitable[None]] | None = None

    async def reset(self) -> None:
        """The demo from the start: the bot's data (`on_reset`, wired by the composition
        root) and what this local Telegram knows — chats, messages, files, new persons."""
        if self.on_reset is not None:
            await self.on_reset()
        for known in (self.api.users, self.api.chats, self.api.statuses, self.api.messages,
                      self.api.files):
            known.clear()
        self.load_world()
        self._broadcast({"kind": "reset", "chat_id": None})

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
            if any(team.group_chat_id == group.chat_id for team in TEAMS):
                # The bot is in the groups a team has linked, as after /linkgroup.
                self.api.statuses[(group.chat_id, self.api.bot_user["id"])] = "administrator"

    def _on_output(self, output: Output) -> None:
        event: Json = {k: v for k, v in asdict(output).items() if k != "path"}
        event["path"] = str(output.path) if output.path else None
        stored = self.api.messages.get((output.chat_id, output.message_id or 0))
        if stored is not None and output.kind != "delete":
            event["message"] = self._message_json(stored)
        self._broadcast(event)

    def _broadcast(self, event: Json) -> None:
        for queue in self._queues:
            queue.put_nowait(event)

    def _is_member(self, chat_id: int, user_id: int) -> bool:
        chat = self.api.chats.get(chat_id)
        if chat is None or user_id not in self.api.users:
            return False
        if chat["type"] == "private":
            return chat_id == user_id
        return self.api.statuses.get((chat_id, user_id)) in ("creator", "administrator",
                                                             "member", "restricted")

    def routes(self, app: web.Application) -> None:
        app.router.add_get("/", self._index)
        app.router.add_get("/api/personas", self._personas)
        app.router.add_post("/api/personas", self._new_person)
        app.router.add_get("/api/chats", self._chats)
        app.router.add_post("/api/groups", self._new_group)
        app.router.add_get("/api/members", self._members)
        app.router.add_get("/api/history", self._history)
        app.router.add_get("/api/commands", self._commands)
        app.router.add_get("/api/files/{chat}/{message}", self._file)
        app.router.add_post("/api/send", self._send)
        app.router.add_post("/api/press", self._press)
        app.router.add_post("/api/join", self._join)
        app.router.add_get("/api/events", self._events)
        app.router.add_get("/api/bot", self._bot)
        app.router.add_post("/api/reset", self._reset)
        if WEB_DIR.is_dir():
            app.router.add_static("/static/", WEB_DIR)

    async def _bot(self, request: web.Request) -> web.Response:
        """Who the bot is (as getMe says), so the page knows which t.me links open it."""
        return web.json_response({"id": self.api.bot_user["id"],
                                  "username": self.api.bot_user.get("username", "")})

    async def _reset(self, request: web.Request) -> web.Response:
        await self.reset()
        return web.json_response({"ok": True})

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
            if chat["type"] in GROUP_TYPES and self._is_member(chat_id, user_id):
                chats.append({"id": chat_id, "type": chat["type"], "title": chat.get("title", ""),
                              "bot": self.api.bot_status(chat_id) not in ("left", "kicked")})
        return web.json_response(chats)

    async def _members(self, request: web.Request) -> web.Response:
        """Who is in a group (not the bot), so the page can speak as any of them."""
        chat_id = int(request.query["chat"])
        return web.json_response([
            {"id": user_id, "name": self.api.users[user_id]["first_name"], "status": status}
            for (chat, user_id), status in self.api.statuses.items()
            if chat == chat_id and user_id in self.api.users and self._is_member(chat, user_id)])

    async def _new_group(self, request: web.Request) -> web.Response:
        """The person adds the bot to a group: a new one they create with the members they
        choose (they are its creator), or one of theirs the bot is not in yet. The bot gets
        the my_chat_member update Telegram sends, and greets the group."""
        body = await request.json()
        user_id = int(body.get("user_id") or 0)
        if user_id not in self.api.users:
            return web.json_response({"ok": False, "error": "unknown person"}, status=400)
        if body.get("chat_id"):
            chat_id = int(body["chat_id"])
            if chat_id not in self.api.chats or self.api.chats[chat_id]["type"] not in GROUP_TYPES \
                    or not self._is_member(chat_id, user_id):
                return web.json_response({"ok": False, "error": "not a group of yours"},
                                         status=403)
            if self.api.bot_status(chat_id) not in ("left", "kicked"):
                return web.json_response({"ok": False, "error": "the bot is already there"},
                                         status=409)
        else:
            title = str(body.get("title") or "").strip()[:128]
            if not title:
                return web.json_response({"ok": False, "error": "title required"}, status=400)
            members = tuple(int(m) for m in body.get("members") or ()
                            if int(m) in self.api.users and int(m) != user_id)
            chat_id = -(4_000_000_000 + next(self._new_groups))
            self.api.add_group(chat_id, title, admins=(user_id,), members=members)
        self.server.push(self.api.bot_membership_update(chat_id=chat_id, by_user_id=user_id,
                                                        status="administrator"))
        self._broadcast({"kind": "chats", "chat_id": chat_id})
        return web.json_response({"ok": True, "id": chat_id})

    async def _history(self, request: web.Request) -> web.Response:
        chat_id = int(request.query["chat"])
        messages = sorted((m for (c, _), m in self.api.messages.items() if c == chat_id),
                          key=lambda m: int(m["message_id"]))
        return web.json_response([self._message_json(m) for m in messages])

    def _message_json(self, message: Json) -> Json:
        sender = message.get("from", {})
        chat_id, message_id = message["chat"]["id"], message["message_id"]
        data: Json = {"message_id": message_id, "chat_id": chat_id, "from_id": sender.get("id"),
                      "from_name": sender.get("first_name", ""),
                      "is_bot": bool(sender.get("is_bot")),
                      "text": message.get("text") or message.get("caption") or "",
                      "reply_markup": message.get("reply_markup"),
                      "edited": "edit_date" in message}
        if "location" in message:  # a shared place, as Telegram's clients show a pin
            place = message["location"]
            data["text"] = f"📍 {place['latitude']:.5f}, {place['longitude']:.5f}"
        saved = self.api.files.get((chat_id, message_id))
        if saved is not None:
            url = f"/api/files/{chat_id}/{message_id}"
            if "photo" in message:
                data["photo"] = url
            else:
                data["document"] = {"url": url, "name": saved.filename}
        elif "document" in message or "photo" in message:
            name = message.get("document", {}).get("file_name", "file")
            data["document"] = {"url": None, "name": name}
        return data

    async def _commands(self, request: web.Request) -> web.Response:
        """The `/` menu this person sees in this chat, in their language."""
        user_id, chat_id = int(request.query["user"]), int(request.query["chat"])
        if not self._is_member(chat_id, user_id):
            return web.json_response({"ok": False, "error": "not a member"}, status=403)
        return web.json_response(self.api.menu(chat_id=chat_id, user_id=user_id))

    async def _file(self, request: web.Request) -> web.StreamResponse:
        """A photo or document the bot sent, from where the local Bot API saved it: only files
        it saved (looked up by message, never by a path from the request)."""
        try:
            key = (int(request.match_info["chat"]), int(request.match_info["message"]))
        except ValueError:
            raise web.HTTPNotFound() from None
        saved = self.api.files.get(key)
        if saved is None or not saved.path.is_file():
            raise web.HTTPNotFound()
        message = self.api.messages.get(key, {})
        headers = {"X-Content-Type-Options": "nosniff"}
        if "photo" not in message:
            safe = "".join(ch for ch in saved.filename if ch.isalnum() or ch in "._-") or "file"
            headers["Content-Disposition"] = f'attachment; filename="{safe}"'
        return web.FileResponse(saved.path, headers=headers)

    async def _send(self, request: web.Request) -> web.Response:
        body = await request.json()
        user_id = int(body.get("user_id") or 0)
        chat_id = int(body.get("chat_id") or user_id)
        text = str(body.get("text") or "")
        location = _location(body.get("location"))
        if location is None and body.get("location") is not None:
            return web.json_response({"ok": False, "error": "latitude -90…90, longitude "
                                                            "-180…180"}, status=400)
        if location is None and (not text.strip() or len(text) > 4096):
            return web.json_response({"ok": False, "error": "empty or too long"}, status=400)
        if user_id not in self.api.users or chat_id not in self.api.chats:
            return web.json_response({"ok": False, "error": "unknown person or chat"}, status=400)
        if not self._is_member(chat_id, user_id):
            return web.json_response({"ok": False, "error": "not a member of this chat"},
                                     status=403)
        update = self.api.message_update(user_id=user_id, chat_id=chat_id,
                                         text="" if location else text, location=location)
        self.server.push(update)
        message = self._message_json(update["message"])
        self._broadcast({"kind": "person", "chat_id": chat_id, "message": message})
        return web.json_response({"ok": True, "message": message})

    async def _press(self, request: web.Request) -> web.Response:
        """A press of an inline button: only by a member of the chat, and only of a button the
        message has now (as a client can press nothing else)."""
        body = await request.json()
        user_id = int(body.get("user_id") or 0)
        chat_id = int(body.get("chat_id") or user_id)
        message_id, data = int(body.get("message_id") or 0), str(body.get("data") or "")
        if not self._is_member(chat_id, user_id):
            return web.json_response({"ok": False, "error": "not a member of this chat"},
                                     status=403)
        message = self.api.messages.get((chat_id, message_id))
        if message is None:
            return web.json_response({"ok": False, "error": "no such message"}, status=404)
        rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
        if not any(button.get("callback_data") == data for row in rows for button in row):
            return web.json_response({"ok": False, "error": "no such button"}, status=404)
        self.server.push(self.api.callback_update(user_id=user_id, chat_id=chat_id,
                                                  message_id=message_id, data=data))
        return web.json_response({"ok": True})

    async def _join(self, request: web.Request) -> web.Response:
        """A person opens an invite link the bot made: a link with join requests sends the
        bot a chat_join_request (the bot lets them in or not); a plain one lets them in."""
        body = await request.json()
        user_id = int(body.get("user_id") or 0)
        link = self.api.invite_links.get(str(body.get("link") or ""))
        if link is None or user_id not in self.api.users:
            return web.json_response({"ok": False, "error": "no such invite link"}, status=404)
        chat_id = int(link["chat_id"])
        if self._is_member(chat_id, user_id):
            return web.json_response({"ok": True, "chat_id": chat_id, "member": True})
        if link["creates_join_request"]:
            self.server.push(self.api.join_request_update(user_id=user_id,
                                                          invite_link=link["invite_link"]))
            return web.json_response({"ok": True, "chat_id": chat_id, "requested": True})
        self.api.statuses[(chat_id, user_id)] = "member"
        self._broadcast({"kind": "chats", "chat_id": chat_id})
        return web.json_response({"ok": True, "chat_id": chat_id, "member": True})

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
        except ConnectionResetError:
            # The page was reloaded or closed: its stream is gone, and that is all it means.
            pass
        finally:
            self._queues.remove(queue)
        return response


def _location(value: object) -> tuple[float, float] | None:
    """A shared place as the page sends it ({"latitude": …, "longitude": …}), if valid."""
    if not isinstance(value, dict):
        return None
    try:
        latitude, longitude = float(value["latitude"]), float(value["longitude"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return latitude, longitude
