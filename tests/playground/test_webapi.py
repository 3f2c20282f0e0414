"""The browser playground's JSON API over real HTTP: personas, chats, send, press, events."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from playground.api import LocalBotAPI
from playground.server import BotAPIServer
from playground.webapi import PlaygroundWeb

TOKEN = "123456:web-test"
GIULIA, EMMA, MARCO, SARA, LUCA = 1001, 1002, 2001, 2002, 2003
MILANO, BERGAMO = -1001000000001, -1001000000002


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[tuple[BotAPIServer, str]]:
    server = BotAPIServer(LocalBotAPI(media_dir=tmp_path / "media"), token=TOKEN)
    web = PlaygroundWeb(server)
    web.load_world()
    server.extra_routes.append(web.routes)
    base = await server.start()
    try:
        yield server, base
    finally:
        await server.stop()


async def test_personas_are_the_demo_people_and_a_new_person_can_be_added(
        served: tuple[BotAPIServer, str]) -> None:
    _, base = served
    async with aiohttp.ClientSession() as http:
        personas = await (await http.get(f"{base}/api/personas")).json()
        assert {p["name"] for p in personas} >= {"Giulia", "Emma", "Marco", "Sara", "Luca",
                                                 "Paola", "Davide"}
        descriptions = " ".join(p["description"] for p in personas)
        assert "observer" in descriptions and "expert" in descriptions
        giulia = next(p for p in personas if p["id"] == GIULIA)
        assert giulia["language"] == "it"
        created = await (await http.post(f"{base}/api/personas",
                                         json={"name": "Anna <b>", "language": "it"})).json()
        assert created["name"] == "Anna <b>"
        assert (await http.post(f"{base}/api/personas", json={"name": " "})).status == 400
        personas = await (await http.get(f"{base}/api/personas")).json()
        assert created["id"] in {p["id"] for p in personas}


async def test_chats_list_the_private_chat_and_the_persons_groups(
        served: tuple[BotAPIServer, str]) -> None:
    _, base = served
    async with aiohttp.ClientSession() as http:
        marco = await (await http.get(f"{base}/api/chats", params={"user": MARCO})).json()
        giulia = await (await http.get(f"{base}/api/chats", params={"user": GIULIA})).json()
    assert [c["id"] for c in marco] == [MARCO, MILANO, ]
    assert [c["id"] for c in giulia] == [GIULIA]


async def test_send_becomes_an_update_the_bot_long_polls(served: tuple[BotAPIServer, str]) -> None:
    _, base = served
    async with aiohttp.ClientSession() as http:
        sent = await http.post(f"{base}/api/send",
                               json={"user_id": GIULIA, "chat_id": GIULIA, "text": "/start"})
        assert sent.status == 200
        polled = await (await http.post(f"{base}/bot{TOKEN}/getUpdates",
                                        json={"timeout": 1})).json()
        assert polled["ok"]
        [update] = polled["result"]
        assert update["message"]["text"] == "/start"
        assert update["message"]["from"]["id"] == GIULIA
        assert update["message"]["entities"][0]["type"] == "bot_command"
        refused = await http.post(f"{base}/api/send", json={"user_id": 5, "text": "hi"})
        assert refused.status == 400


async def test_a_shared_location_reaches_the_bot_as_telegram_sends_it(
        served: tuple[BotAPIServer, str]) -> None:
    _, base = served
    async with aiohttp.ClientSession() as http:
        sent = await http.post(f"{base}/api/send", json={
            "user_id": GIULIA, "chat_id": GIULIA, "location": {"latitude": 45.4642,
                                                                "longitude": 9.19}})
        assert sent.status == 200
        assert (await sent.json())["message"]["text"] == "📍 45.46420, 9.19000"
        polled = await (await http.post(f"{base}/bot{TOKEN}/getUpdates",
                                        json={"timeout": 1})).json()
        [update] = polled["result"]
        assert update["message"]["location"] == {"latitude": 45.4642, "longitude": 9.19}
        assert "text" not in update["message"]
        for wrong in ({"latitude": 91, "longitude": 9}, {"latitude": "x", "longitude": 9}, []):
            refused = await http.post(f"{base}/api/send", json={
                "user_id": GIULIA, "chat_id": GIULIA, "location": wrong})
            assert refused.status == 400, wrong


async def test_bot_messages_stream_as_events_and_buttons_press(
        served: tuple[BotAPIServer, str]) -> None:
    _, base = served
    keyboard = {"inline_keyboard": [[{"text": "Italiano", "callback_data": "lang:it"}]]}
    async with aiohttp.ClientSession() as http:
        events = await http.get(f"{base}/api/events")
        assert events.headers["Content-Type"].startswith("text/event-stream")
        assert (await events.content.readline()).startswith(b": connected")
        await events.content.readline()
        reply = await (await http.post(f"{base}/bot{TOKEN}/sendMessage", json={
            "chat_id": GIULIA, "text": "<b>Ciao</b>", "parse_mode": "HTML",
            "reply_markup": keyboard})).json()
        message_id = reply["result"]["message_id"]
        line = await asyncio.wait_for(events.content.readline(), 5)
        event = json.loads(line.decode().removeprefix("data: "))
        assert event["kind"] == "message" and event["chat_id"] == GIULIA
        assert event["buttons"] == [["Italiano"]]
        events.close()

        history = await (await http.get(f"{base}/api/history", params={"chat": GIULIA})).json()
        assert history[-1]["text"] == "<b>Ciao</b>" and history[-1]["is_bot"]
        assert history[-1]["reply_markup"] == keyboard

        pressed = await http.post(f"{base}/api/press", json={
            "user_id": GIULIA, "chat_id": GIULIA, "message_id": message_id, "data": "lang:it"})
        assert pressed.status == 200
        polled = await (await http.post(f"{base}/bot{TOKEN}/getUpdates",
                                        json={"timeout": 1})).json()
        [update] = polled["result"]
        assert update["callback_query"]["data"] == "lang:it"
        assert update["callback_query"]["from"]["id"] == GIULIA
        missing = await http.post(f"{base}/api/press", json={
            "user_id": GIULIA, "chat_id": GIULIA, "message_id": 999, "data": "x"})
        assert missing.status == 404


async def test_the_page_is_served(served: tuple[BotAPIServer, str]) -> None:
    _, base = served
    async with aiohttp.ClientSession() as http:
        page = await (await http.get(f"{base}/")).text()
        script = await (await http.get(f"{base}/static/app.js")).text()
    assert "<title>Cohesion Makers" in page
    assert "function sanitise" in script


async def next_event(events: aiohttp.ClientResponse) -> dict[str, Any]:
    """The next server-sent event's JSON (skipping comments and blank lines)."""
    while True:
        line = await asyncio.wait_for(events.content.readline(), 5)
        if line.startswith(b"data: "):
            event: dict[str, Any] = json.loads(line.decode().removeprefix("data: "))
            return event


async def call(http: aiohttp.ClientSession, base: str, method: str, **params: Any) -> Any:
    response = await (await http.post(f"{base}/bot{TOKEN}/{method}", json=params)).json()
    return response


async def test_command_menus_per_scope_and_language(served: tuple[BotAPIServer, str]) -> None:
    server, base = served
    menus = {
        ("default", None): [("start", "Register")],
        ("default", "it"): [("start", "Registrati")],
        ("all_group_chats", None): [("help", "What you can do")],
        ("all_group_chats", "it"): [("help", "Cosa puoi fare")],
        ("all_chat_administrators", "it"): [("help", "Cosa puoi fare"),
                                            ("linkgroup", "Collega il gruppo")],
    }
    async with aiohttp.ClientSession() as http:
        for (scope, language), commands in menus.items():
            params: dict[str, Any] = {"scope": {"type": scope}, "commands": [
                {"command": c, "description": d} for c, d in commands]}
            if language:
                params["language_code"] = language
            assert (await call(http, base, "setMyCommands", **params))["ok"]
        got = await call(http, base, "getMyCommands", scope={"type": "all_group_chats"},
                         language_code="it")
        assert got["result"] == [{"command": "help", "description": "Cosa puoi fare"}]

        async def menu(user: int, chat: int) -> list[str]:
            answer = await (await http.get(f"{base}/api/commands",
                                           params={"user": user, "chat": chat})).json()
            return [f"{c['command']}:{c['description']}" for c in answer]

        assert await menu(GIULIA, GIULIA) == ["start:Registrati"]  # Italian, private
        assert await menu(EMMA, EMMA) == ["start:Register"]  # English: the general menu
        assert await menu(MARCO, MILANO) == ["help:Cosa puoi fare", "linkgroup:Collega il gruppo"]
        assert await menu(LUCA, MILANO) == ["help:What you can do"]  # a member, in English
        # Not in the group: no menu there.
        assert (await http.get(f"{base}/api/commands",
                               params={"user": GIULIA, "chat": MILANO})).status == 403
        # A chat's own menu wins over the scopes for every chat.
        assert (await call(http, base, "setMyCommands", scope={"type": "chat", "chat_id": MILANO},
                           commands=[{"command": "team", "description": "Il team"}]))["ok"]
        assert await menu(LUCA, MILANO) == ["team:Il team"]
        assert (await call(http, base, "deleteMyCommands",
                           scope={"type": "chat", "chat_id": MILANO}))["ok"]
        assert await menu(LUCA, MILANO) == ["help:What you can do"]
        bad = await call(http, base, "setMyCommands", scope={"type": "everyone"}, commands=[])
        assert not bad["ok"] and bad["error_code"] == 400
        bad = await call(http, base, "setMyCommands",
                         commands=[{"command": "Bad Command", "description": "x"}])
        assert not bad["ok"]
    assert server.api.menu(chat_id=GIULIA, user_id=GIULIA) == [
        {"command": "start", "description": "Registrati"}]


async def test_photos_and_documents_are_served_from_where_they_were_saved(
        served: tuple[BotAPIServer, str]) -> None:
    _, base = served
    async with aiohttp.ClientSession() as http:
        events = await http.get(f"{base}/api/events")
        form = aiohttp.FormData()
        form.add_field("chat_id", str(GIULIA))
        form.add_field("caption", "<b>Il grafico</b>")
        form.add_field("photo", b"\x89PNG fake", filename="chart.png",
                       content_type="image/png")
        sent = await (await http.post(f"{base}/bot{TOKEN}/sendPhoto", data=form)).json()
        assert sent["ok"] and sent["result"]["caption"] == "<b>Il grafico</b>"
        event = await next_event(events)
        assert event["kind"] == "photo"
        photo_url = event["message"]["photo"]
        assert (await (await http.get(base + photo_url)).read()) == b"\x89PNG fake"

        form = aiohttp.FormData()
        form.add_field("chat_id", str(GIULIA))
        form.add_field("document", b"BEGIN:VCALENDAR", filename="table-1.ics",
                       content_type="text/calendar")
        sent = await (await http.post(f"{base}/bot{TOKEN}/sendDocument", data=form)).json()
        assert sent["result"]["document"]["file_name"] == "table-1.ics"
        event = await next_event(events)
        document = event["message"]["document"]
        assert document["name"] == "table-1.ics"
        download = await http.get(base + document["url"])
        assert await download.read() == b"BEGIN:VCALENDAR"
        assert 'attachment; filename="table-1.ics"' in download.headers["Content-Disposition"]
        events.close()

        history = await (await http.get(f"{base}/api/history", params={"chat": GIULIA})).json()
        assert [("photo" in m, m.get("document", {}).get("name")) for m in history] == [
            (True, None), (False, "table-1.ics")]
        assert (await http.get(f"{base}/api/files/{GIULIA}/999")).status == 404
        assert (await http.get(f"{base}/api/files/x/..%2F..%2Fetc")).status == 404


async def test_edits_and_deletions_reach_the_page_as_events(
        served: tuple[BotAPIServer, str]) -> None:
    _, base = served
    keyboard = {"inline_keyboard": [[{"text": "Sì", "callback_data": "yes"}]]}
    async with aiohttp.ClientSession() as http:
        events = await http.get(f"{base}/api/events")
        sent = await call(http, base, "sendMessage", chat_id=GIULIA, text="Prima",
                          reply_markup=keyboard)
        message_id = sent["result"]["message_id"]
        assert (await next_event(events))["message"]["text"] == "Prima"
        await call(http, base, "editMessageText", chat_id=GIULIA, message_id=message_id,
                   text="Dopo")
        edit = await next_event(events)
        assert edit["kind"] == "edit" and edit["message_id"] == message_id
        assert edit["message"]["text"] == "Dopo" and edit["message"]["edited"]
        assert edit["message"]["reply_markup"] is None  # an edit without markup drops it
        await call(http, base, "editMessageReplyMarkup", chat_id=GIULIA, message_id=message_id,
                   reply_markup=keyboard)
        edit = await next_event(events)
        assert edit["message"]["reply_markup"] == keyboard and edit["message"]["text"] == "Dopo"
        unchanged = await call(http, base, "editMessageReplyMarkup", chat_id=GIULIA,
                               message_id=message_id, reply_markup=keyboard)
        assert unchanged["description"] == "Bad Request: message is not modified"
        assert (await call(http, base, "deleteMessage", chat_id=GIULIA,
                           message_id=message_id))["result"] is True
        deleted = await next_event(events)
        assert (deleted["kind"], deleted["message_id"], deleted["chat_id"]) == (
            "delete", message_id, GIULIA)
        again = await call(http, base, "deleteMessage", chat_id=GIULIA, message_id=message_id)
        assert again["error_code"] == 400
        events.close()
        history = await (await http.get(f"{base}/api/history", params={"chat": GIULIA})).json()
        assert history == []


async def test_a_reply_keyboard_and_its_removal_travel_with_the_messages(
        served: tuple[BotAPIServer, str]) -> None:
    _, base = served
    keyboard = {"keyboard": [[{"text": "Milano"}, {"text": "Bergamo"}]],
                "resize_keyboard": True, "one_time_keyboard": True}
    async with aiohttp.ClientSession() as http:
        events = await http.get(f"{base}/api/events")
        await call(http, base, "sendMessage", chat_id=GIULIA, text="Dove?", reply_markup=keyboard)
        assert (await next_event(events))["reply_markup"] == keyboard
        await call(http, base, "sendMessage", chat_id=GIULIA, text="Ok",
                   reply_markup={"remove_keyboard": True})
        assert (await next_event(events))["reply_markup"] == {"remove_keyboard": True}
        events.close()
        history = await (await http.get(f"{base}/api/history", params={"chat": GIULIA})).json()
    assert [m["reply_markup"] for m in history] == [keyboard, {"remove_keyboard": True}]


async def test_groups_added_from_the_page_and_only_members_speak_and_press(
        served: tuple[BotAPIServer, str]) -> None:
    server, base = served
    async with aiohttp.ClientSession() as http:
        events = await http.get(f"{base}/api/events")
        created = await (await http.post(f"{base}/api/groups", json={
            "user_id": SARA, "title": "Brescia <i>volontari</i>", "members": [GIULIA, LUCA]})).json()
        group = created["id"]
        assert (await next_event(events)) == {"kind": "chats", "chat_id": group}
        polled = await call(http, base, "getUpdates", timeout=1)
        [update] = polled["result"]
        joined = update["my_chat_member"]
        assert joined["chat"] == {"id": group, "type": "group", "title": "Brescia <i>volontari</i>"}
        assert joined["from"]["id"] == SARA
        assert joined["new_chat_member"]["status"] == "administrator"
        members = await (await http.get(f"{base}/api/members", params={"chat": group})).json()
        assert [(m["id"], m["status"]) for m in members] == [
            (SARA, "creator"), (GIULIA, "member"), (LUCA, "member")]
        giulia = await (await http.get(f"{base}/api/chats", params={"user": GIULIA})).json()
        assert [c["id"] for c in giulia] == [GIULIA, group] and giulia[1]["bot"]

        # Any member speaks there; the group sees it; Emma, not a member, cannot.
        said = await http.post(f"{base}/api/send", json={"user_id": GIULIA, "chat_id": group,
                                                           "text": "ciao a tutti"})
        assert said.status == 200
        assert (await next_event(events))["message"]["from_name"] == "Giulia"
        assert (await http.post(f"{base}/api/send", json={
            "user_id": EMMA, "chat_id": group, "text": "intrusa"})).status == 403
        assert (await http.post(f"{base}/api/send", json={
            "user_id": EMMA, "chat_id": GIULIA, "text": "in Giulia's chat"})).status == 403
        polled = await call(http, base, "getUpdates", offset=update["update_id"] + 1, timeout=1)
        assert [u["message"]["from"]["id"] for u in polled["result"]] == [GIULIA]

        keyboard = {"inline_keyboard": [[{"text": "Bergamo", "callback_data": "link:2"}]]}
        sent = await call(http, base, "sendMessage", chat_id=group, text="Quale team?",
                          reply_markup=keyboard)
        message_id = sent["result"]["message_id"]
        press = {"chat_id": group, "message_id": message_id, "data": "link:2"}
        assert (await http.post(f"{base}/api/press", json={**press, "user_id": EMMA})).status == 403
        assert (await http.post(f"{base}/api/press", json={
            **press, "user_id": SARA, "data": "link:3"})).status == 404  # no such button
        assert (await http.post(f"{base}/api/press", json={**press, "user_id": SARA})).status == 200
        polled = await call(http, base, "getUpdates", timeout=1)
        assert [u["callback_query"]["from"]["id"] for u in polled["result"]
                if "callback_query" in u] == [SARA]

        # The bot added to a group of hers it was not in: once, and only by a member.
        assert server.api.bot_status(BERGAMO) == "left"
        assert (await http.post(f"{base}/api/groups", json={
            "user_id": GIULIA, "chat_id": BERGAMO})).status == 403
        assert (await http.post(f"{base}/api/groups", json={
            "user_id": SARA, "chat_id": BERGAMO})).status == 200
        assert server.api.bot_status(BERGAMO) == "administrator"
        assert (await http.post(f"{base}/api/groups", json={
            "user_id": SARA, "chat_id": BERGAMO})).status == 409
        assert (await http.post(f"{base}/api/groups", json={
            "user_id": SARA, "title": " "})).status == 400
        events.close()


async def test_a_persons_hostile_text_reaches_bot_and_page_unchanged(
        served: tuple[BotAPIServer, str]) -> None:
    """The API carries text as it is; the page shows it as text (test_browser checks that)."""
    _, base = served
    hostile = "<img src=x onerror=alert(1)>"
    async with aiohttp.ClientSession() as http:
        events = await http.get(f"{base}/api/events")
        await http.post(f"{base}/api/send", json={"user_id": GIULIA, "text": hostile})
        event = await next_event(events)
        assert event["kind"] == "person" and event["message"]["text"] == hostile
        events.close()
        polled = await call(http, base, "getUpdates", timeout=1)
        assert polled["result"][0]["message"]["text"] == hostile


async def test_a_reload_of_the_page_logs_no_traceback(served: tuple[BotAPIServer, str],
                                                      caplog: pytest.LogCaptureFixture) -> None:
    """The page's event stream goes when it is reloaded; the next event must not make the
    server log an error for writing to it."""
    _, base = served
    async with aiohttp.ClientSession() as http:
        stream = await http.get(f"{base}/api/events")
        assert await stream.content.readline() == b": connected\n"
        stream.close()                                  # the page reloads
        await asyncio.sleep(0.1)
        for _ in range(2):
            await http.post(f"{base}/bot{TOKEN}/sendMessage", json={"chat_id": GIULIA,
                                                                    "text": "ciao"})
        await asyncio.sleep(0.1)
    assert [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")] == []


async def test_the_reset_button_starts_the_demo_again(tmp_path: Path) -> None:
    server = BotAPIServer(LocalBotAPI(media_dir=tmp_path / "media"), token=TOKEN)
    web = PlaygroundWeb(server)
    web.load_world()
    resets: list[str] = []

    async def bot_side() -> None:
        resets.append("database")

    web.on_reset = bot_side
    server.extra_routes.append(web.routes)
    base = await server.start()
    try:
        async with aiohttp.ClientSession() as http:
            me = await (await http.get(f"{base}/api/bot")).json()
            assert me["username"] == "CohesionMakersBot"
            await http.post(f"{base}/api/personas", json={"name": "Anna", "language": "it"})
            await http.post(f"{base}/bot{TOKEN}/sendMessage", json={"chat_id": GIULIA,
                                                                    "text": "ciao"})
            stream = await http.get(f"{base}/api/events")
            await stream.content.readline()
            assert (await http.post(f"{base}/api/reset")).status == 200
            line = b""
            while not line.startswith(b"data: "):
                line = await stream.content.readline()
            assert json.loads(line[6:]) == {"kind": "reset", "chat_id": None}
            stream.close()
            assert await (await http.get(f"{base}/api/history",
                                         params={"chat": GIULIA})).json() == []
            personas = await (await http.get(f"{base}/api/personas")).json()
            assert "Anna" not in {p["name"] for p in personas} and GIULIA in {
                p["id"] for p in personas}
        assert resets == ["database"]
    finally:
        await server.stop()


async def test_an_invite_link_opened_in_the_page_asks_to_join(
        served: tuple[BotAPIServer, str]) -> None:
    server, base = served
    api = server.api
    api.statuses[(MILANO, api.bot_user["id"])] = "administrator"
    asking = api.handle("createChatInviteLink", {"chat_id": MILANO,
                                                 "creates_join_request": True})["result"]
    plain = api.handle("createChatInviteLink", {"chat_id": MILANO})["result"]
    async with aiohttp.ClientSession() as http:
        answer = await (await http.post(f"{base}/api/join", json={
            "user_id": GIULIA, "link": asking["invite_link"]})).json()
        assert answer == {"ok": True, "chat_id": MILANO, "requested": True}
        polled = await (await http.post(f"{base}/bot{TOKEN}/getUpdates",
                                        json={"timeout": 1})).json()
        [update] = polled["result"]
        assert update["chat_join_request"]["from"]["id"] == GIULIA
        assert update["chat_join_request"]["invite_link"]["invite_link"] == asking["invite_link"]
        assert (MILANO, GIULIA) not in api.statuses  # in only once the bot approves
        answer = await (await http.post(f"{base}/api/join", json={
            "user_id": EMMA, "link": plain["invite_link"]})).json()
        assert answer == {"ok": True, "chat_id": MILANO, "member": True}
        assert api.statuses[(MILANO, EMMA)] == "member"
        unknown = await http.post(f"{base}/api/join", json={"user_id": EMMA,
                                                            "link": "https://t.me/+nothing"})
        assert unknown.status == 404
