"""`cohesion role grant|revoke` queue the person's menu; `cohesion menus` queues everyone's
(issue 22, point 6): rows in the outbox, for the paced sender."""

from __future__ import annotations

import asyncio
import json

from bot.capabilities import unit_of_work
from storage.db import create_engine, create_session_factory
from storage.models import OutboxMessage


def menu_rows(url: str) -> list[OutboxMessage]:
    async def read() -> list[OutboxMessage]:
        engine = create_engine(url)
        try:
            async with unit_of_work(create_session_factory(engine)) as uow:
                return [row for row in await uow.outbox.all() if row.method.endswith("MyCommands")]
        finally:
            await engine.dispose()
    return asyncio.run(read())


def test_roles_and_the_refresh_queue_menus(cli, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    cli("migrate")
    assert cli("menus")[1].strip() == "nobody holds a role"
    cli("demo")
    code, out, _ = cli("menus")
    assert code == 0 and out.strip() == "menus queued for 4 people with a role"
    assert cli("menus")[0] == 0  # the same day, the same menus: nothing queued twice
    assert len(menu_rows(sqlite_url)) == 4
    cli("role", "grant", "designer", "--user", "2003", "--team", "1")   # Luca, English
    cli("role", "revoke", "observer", "--user", "2101", "--territory", "P-MI")  # Paola
    luca, paola = menu_rows(sqlite_url)[-2:]
    assert (luca.chat_id, luca.method) == (2003, "setMyCommands")
    commands = {c["command"]: c["description"] for c in json.loads(luca.payload)["commands"]}
    assert commands["newneed"] == "Post a need for your team"
    assert json.loads(luca.payload)["scope"] == {"type": "chat", "chat_id": 2003}
    assert (paola.chat_id, paola.method) == (2101, "deleteMyCommands")
