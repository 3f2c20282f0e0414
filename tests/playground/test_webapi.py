"""The browser playground's JSON API over real HTTP: personas, chats, send, press, events."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import aiohttp
import pytest

from playground.api import LocalBotAPI
from playground.server import BotAPIServer
from playground.webapi import PlaygroundWeb

TOKEN = "123456:web-test"
GIULIA, MARCO, MILANO = 1001, 2001, -1001000000001


@pytest.fixture
async def served() -> AsyncIterator[tuple[BotAPIServer, str]]:
    server = BotAPIServer(LocalBotAPI(), token=TOKEN)
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
        assert {p["name"] for p in personas} >= {"Giulia", "Emma", "Marco", "Sara", "Luca"}
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
