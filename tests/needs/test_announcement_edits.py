"""A need's announcement in the group is kept up to date through the outbox: the sender
records the message id Telegram returned for it, and pledges, deliveries, "covered",
"fulfilled" and "closed" edit it in place (editMessageText) — coalesced, so a burst of
pledges makes one edit a minute at most, and never an edit that would change nothing.

The pledges go through the real dispatcher, in English (Luca) and Italian (Anna); the group
(Milano's) speaks Italian."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from itertools import pairwise

from playground.api import Output
from storage.repositories.posted import PostedMessageRepository
from tests.conftest import T0, Clock
from tests.helpers.needs import ANNA, LUCA, MARCO, MILANO_GROUP, need_row, pledge_id, post
from tests.helpers.outbox import deliver, outbox_rows, payload, release
from tests.world import Press, World


def _group_edits(world: World, clock: Clock) -> list[tuple[float, str]]:
    """Every edit the fake Bot API received in the group, with when (seconds after T0)."""
    seen: list[tuple[float, str]] = []

    def listen(output: Output) -> None:
        if output.kind == "edit" and output.chat_id == MILANO_GROUP:
            seen.append(((clock() - T0).total_seconds(), output.text))
    world.api.listeners.append(listen)
    return seen


async def _run_scheduler(world: World, clock: Clock) -> None:
    """What the scheduler does at this moment: release the due notices, send the outbox."""
    await release(world, clock)
    await deliver(world, clock)


async def _announced(world: World, clock: Clock, title: str, target: int) -> int:
    """A need Marco posted, its announcement delivered in Milano's group."""
    world.api.add_group(MILANO_GROUP, "Cohesion Makers Milano", admins=(MARCO,),
                        members=(LUCA, ANNA))
    world.api.statuses[(MILANO_GROUP, world.api.bot_user["id"])] = "member"
    need_id = await post(world, title, target)
    await deliver(world, clock)
    return need_id


async def _posted(world: World, need_id: int) -> list[tuple[int, int]]:
    async with world.uow() as uow:
        rows = await uow.repository(PostedMessageRepository).of_subject(f"need:{need_id}")
    return [(row.chat_id, row.message_id) for row in rows]


async def test_a_burst_of_twenty_pledges_edits_the_announcement_once_a_minute(
        world: World, clock: Clock) -> None:
    need_id = await _announced(world, clock, "Turni al banco alimentare", 24)
    announced = [o for o in world.api.outputs
                 if o.kind == "message" and o.chat_id == MILANO_GROUP]
    assert len(announced) == 1 and "▱▱▱▱▱ 0/24 ore" in announced[0].text
    # The sender kept the message id Telegram gave the announcement.
    assert await _posted(world, need_id) == [(MILANO_GROUP, announced[0].message_id)]
    edits = _group_edits(world, clock)

    # Twenty pledges of one hour, one every 9 seconds from 9:00:03 to 9:02:54, alternating
    # Luca (English) and Anna (Italian); the scheduler runs after each.
    pledged_at: list[float] = []
    for number in range(20):
        clock.now = max(clock.now, T0 + timedelta(seconds=3 + 9 * number))
        pledged_at.append((clock() - T0).total_seconds())
        if number % 2 == 0:
            await world.converse(LUCA, [
                (f"/start need_{need_id}", "1 hour"),
                (Press("1 hour"), "You pledged <b>1 hour</b>"),
            ])
        else:
            await world.converse(ANNA, [
                (f"/start need_{need_id}", "1 ora"),
                (Press("1 ora"), "Hai offerto <b>1 ora</b>"),
            ])
        await _run_scheduler(world, clock)
    for minutes in (3, 4, 10):  # the scheduler goes on: nothing more to edit after 9:03
        clock.now = max(clock.now, T0 + timedelta(minutes=minutes))
        await _run_scheduler(world, clock)

    # Three edits for three minutes of pledges, each at least a minute after the one before
    # (and the post), each showing every pledge made until it went.
    assert len(edits) == 3
    assert all(later - earlier >= 60 for earlier, later in
               pairwise([0.0, *(at for at, _ in edits)]))
    for at, text in edits:
        assert f"{sum(1 for moment in pledged_at if moment <= at)}/24 ore" in text
    assert edits[0][0] < 90 and "▰▰▰▰▱ 20/24 ore" in edits[-1][1]
    # The message edited is the one posted, and it still has its "I can help" button.
    message = world.api.messages[(MILANO_GROUP, announced[0].message_id)]
    assert "20/24 ore" in message["text"] and message.get("reply_markup")
    # Rows: the need's total, and three editMessageText rows, all sent, naming the need.
    assert (await need_row(world, need_id)).pledged == Decimal(20)
    rows = [row for row in await outbox_rows(world) if row.method == "editMessageText"]
    assert [(row.chat_id, row.status, payload(row)["subject"]) for row in rows] == [
        (MILANO_GROUP, "sent", f"need:{need_id}")] * 3


async def test_covered_delivered_and_fulfilled_show_in_the_announcement(
        world: World, clock: Clock) -> None:
    need_id = await _announced(world, clock, "Coperte per il dormitorio", 3)
    edits = _group_edits(world, clock)
    await world.converse(LUCA, [
        (f"/start need_{need_id}", "All that is missing (3 hours)"),
        (Press("All that is missing"), "You pledged <b>3 hours</b>"),
    ])
    clock.now += timedelta(minutes=1)
    await _run_scheduler(world, clock)
    assert len(edits) == 1
    assert "▰▰▰▰▰ 3/3 ore" in edits[0][1] and "✅ <b>Coperto</b>" in edits[0][1]

    # Marco confirms the delivery: the announcement says what arrived, and that it is done;
    # it no longer offers the "I can help" button.
    from bot.services import needs
    async with world.uow() as uow:
        await needs.confirm_delivery(uow, now=clock(), telegram_id=MARCO,
                                     pledge_id=await pledge_id(world, need_id, LUCA))
    clock.now += timedelta(minutes=1)
    await _run_scheduler(world, clock)
    assert len(edits) == 2
    assert "Arrivato finora: 3/3 ore" in edits[1][1]
    assert "🎉 <b>Soddisfatto</b>" in edits[1][1]
    announced = next(o for o in world.api.outputs
                     if o.kind == "message" and o.chat_id == MILANO_GROUP)
    assert not world.api.messages[(MILANO_GROUP, announced.message_id)].get("reply_markup")
    # Nothing changes any more: a new refresh round sends no edit ("not modified").
    clock.now += timedelta(minutes=5)
    await _run_scheduler(world, clock)
    assert len(edits) == 2
    assert (await need_row(world, need_id)).status == "fulfilled"


async def test_a_closed_then_reopened_need_in_an_english_group(world: World, clock: Clock) -> None:
    """The group's language decides the edit's: an English group reads "Closed"."""
    async with world.uow() as uow:
        group = await uow.groups.get(MILANO_GROUP)
        assert group is not None
        group.language = "en"
    need_id = await _announced(world, clock, "Lezioni di italiano", 10)
    edits = _group_edits(world, clock)
    await world.converse(ANNA, [
        (f"/start need_{need_id}", "2 ore"),
        (Press("2 ore"), "Hai offerto <b>2 ore</b>"),
    ])
    from bot.services import needs
    async with world.uow() as uow:
        await needs.close(uow, now=clock(), telegram_id=MARCO, need_id=need_id, reason=None)
    clock.now += timedelta(minutes=1)
    await _run_scheduler(world, clock)
    # One edit for the pledge and the closing together (the same minute).
    assert len(edits) == 1
    assert "2/10 hours" in edits[0][1] and "🔒 <b>Closed</b>" in edits[0][1]
    announced = next(o for o in world.api.outputs
                     if o.kind == "message" and o.chat_id == MILANO_GROUP)
    assert not world.api.messages[(MILANO_GROUP, announced.message_id)].get("reply_markup")
    # Reopened: it says so no more, and offers its "I can help" button again.
    async with world.uow() as uow:
        await needs.reopen(uow, now=clock(), telegram_id=MARCO, need_id=need_id)
    clock.now += timedelta(minutes=1)
    await _run_scheduler(world, clock)
    assert len(edits) == 2 and "Closed" not in edits[1][1] and "2/10 hours" in edits[1][1]
    reopened = world.api.messages[(MILANO_GROUP, announced.message_id)]
    assert reopened["reply_markup"]["inline_keyboard"][0][0]["url"].endswith(
        f"?start=need_{need_id}")
