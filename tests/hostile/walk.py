"""A conversation walked with odd answers typed before each step: the odd answers Hypothesis
draws from, and the walk that checks what each one did.

Before each step but the first, an odd answer is typed where the step's valid answer is
expected. It must be answered (never with the apology), Telegram must refuse no call (the
local Bot API holds Telegram's limits: `playground.limits`), no dead letter may be kept, and
— unless it was a valid answer after all, which leads on as the step's answer would — no row
may change. Then the step's own answer must still lead on: the odd one left the step as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import select

from storage.models import OutboxMessage
from storage.models.outbox import OutboxStatus
from tests.helpers.outbox import deliver
from tests.hostile.conftest import APOLOGY, Hostile, dead_letters, snapshot
from tests.world import Press

ODD = (
    "x" * 4096,
    "<b>" * 1365,
    "😀" * 2048,
    "<script>alert('hi')</script> & <i>",
    "&amp;" * 819,
    "\u200b",
    "ㅤ",
    "  .  ",
    "15/12 " * 682,
    "مرحبا بالعالم \u202eedoc\u202c שלום",  # right to left, and a direction override
    "\x00\x07\x1b[31mrosso\x1b[0m\x7f",  # control characters
    "'; DROP TABLE member; -- <b>",
    "-1",
    "99999999999999999999999",
    "1e309",
    "0",
)
#: The odd answers that stand for each kind, always tried first (Hypothesis adds others).
KINDS = [ODD[0], ODD[1], ODD[9], ODD[10], ODD[11], ODD[13]]
Step = tuple[str | Press, str]


async def press_newest(hostile: Hostile, who: int, label: str) -> list[Any]:
    """Press a button of the newest message that has buttons (a refusal may have come after
    the question): the first whose label holds `label`, or one of its "|"-separated parts."""
    api = hostile.world.api
    newest = max(message_id for (chat, message_id), message in api.messages.items()
                 if chat == who and (message.get("reply_markup") or {}).get("inline_keyboard")
                 and message.get("from", {}).get("id") == api.bot_user["id"])
    buttons = [b for row in api.messages[(who, newest)]["reply_markup"]["inline_keyboard"]
               for b in row if any(part.lower() in b["text"].lower()
                                   for part in label.split("|"))]
    assert buttons, (label, api.messages[(who, newest)]["reply_markup"])
    return await hostile.world.chat.press_data(who, buttons[0]["callback_data"],
                                               message_id=newest)


async def walk(hostile: Hostile, who: int, steps: Sequence[Step], odd: Sequence[str]) -> None:
    world = hostile.world
    for number, (action, expected) in enumerate(steps):
        if number > 0:
            before, letters = await snapshot(world), await dead_letters(world)
            answer = odd[number % len(odd)]
            outputs = await world.chat.send(who, answer)
            assert outputs, f"{steps[number - 1][0]!r}: no answer to {answer[:20]!r}"
            for output in outputs:
                assert not output.text.startswith(APOLOGY), output.text
            assert world.api.refused == [], world.api.refused[-1]
            assert await dead_letters(world) == letters
            if expected and expected in seen(outputs):
                continue  # an odd but valid answer (HTML is text too): taken, escaped
            after = await snapshot(world)  # refused: nothing kept
            assert after == before, (steps[number - 1][0], answer[:20], {
                table: (set(rows) ^ set(after[table])) for table, rows in before.items()
                if rows != after[table]})
        if isinstance(action, Press):
            outputs = await press_newest(hostile, who, str(action.label))
        else:
            outputs = await world.chat.send(who, action)
        assert expected in seen(outputs), (action, expected, seen(outputs))
        assert world.api.refused == [], world.api.refused[-1]


async def delivered_without_dead_rows(hostile: Hostile) -> None:
    """What the walks queued goes out: Telegram refuses none of it, no outbox row is dead."""
    await deliver(hostile.world, hostile.clock)
    async with hostile.world.uow() as uow:
        dead = (await uow.session.exec(select(OutboxMessage).where(
            OutboxMessage.status == OutboxStatus.DEAD.value))).all()
    assert [(row.key, row.last_error) for row in dead] == []
    assert hostile.world.api.refused == [], hostile.world.api.refused[-1]


def seen(outputs: Sequence[Any]) -> str:
    return "\n".join(o.text + " " + " ".join(sum(o.buttons, [])) for o in outputs)
