"""What the bot queued (outbox rows) or scheduled (notices), read back; and the sender and the
notice release run on it in virtual time, as the scheduler would."""

from __future__ import annotations

import base64
import json
from typing import Any

from icalendar import Calendar

from storage.models import OutboxMessage, ScheduledNotice
from storage.uow import UnitOfWork
from tests.conftest import Clock
from tests.world import World, open_uow


async def outbox_rows(where: World | UnitOfWork) -> list[OutboxMessage]:
    """Every outbox row, in the order it was queued."""
    async with open_uow(where) as uow:
        return list(await uow.outbox.all())


async def notice_rows(where: World | UnitOfWork) -> list[ScheduledNotice]:
    async with open_uow(where) as uow:
        return list(await uow.notices.all())


def payload(row: OutboxMessage) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(row.payload)
    return loaded


def text_of(row: OutboxMessage) -> str:
    """What the row says: a message's text, or a document's caption."""
    body = payload(row)
    return str(body.get("text") or body.get("caption") or "")


def buttons_of(row: OutboxMessage) -> list[str]:
    """The callback data of the row's inline buttons, line by line."""
    markup = payload(row).get("reply_markup") or {}
    return [b.get("callback_data", "") for line in markup.get("inline_keyboard", []) for b in line]


def calendar_of(row: OutboxMessage) -> Calendar:
    """The .ics a document row carries, parsed back with icalendar."""
    assert row.method == "sendDocument"
    return Calendar.from_ical(base64.b64decode(str(payload(row)["document"])))


async def deliver(world: World, clock: Clock) -> None:
    """The sender delivers what the outbox holds, in virtual time."""
    from scheduler.sender import OutboxSender
    sender = OutboxSender(world.bot, world.sessions, clock=clock)
    await sender.drain(idle=clock.tick)


async def release(world: World, clock: Clock) -> tuple[int, int]:
    """The scheduler's release of the notices due by now: (released, dropped)."""
    from bot.capabilities import notice_kinds
    from scheduler.jobs import release_due_notices
    async with world.uow() as uow:
        return await release_due_notices(uow, now=clock(), kinds=notice_kinds())
