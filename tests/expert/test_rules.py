"""The expert hour's plain rules: typed hours in Rome time, overlaps, the change cut-off, the
order of experts for a member; and the outbox carrying a file (sendDocument) to the chat."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.notify.expert import document
from domain.expert import SlotTimeError, can_change, overlaps, parse_slot_time, rank_experts
from tests.conftest import T0, Clock
from tests.expert.conftest import GIULIA
from tests.helpers.outbox import deliver
from tests.helpers.outbox import outbox_rows as outbox
from tests.world import World

NOW = T0  # Thursday 26 November 2026, 10:00 in Rome


@pytest.mark.parametrize(("typed", "expected"), [
    ("10/12 15:00", datetime(2026, 12, 10, 14, 0, tzinfo=UTC)),
    ("10/12/2026 15:00", datetime(2026, 12, 10, 14, 0, tzinfo=UTC)),
    ("10.12.26 15.30", datetime(2026, 12, 10, 14, 30, tzinfo=UTC)),
    ("10/12 ore 9", datetime(2026, 12, 10, 8, 0, tzinfo=UTC)),
    ("2026-12-10T15:00", datetime(2026, 12, 10, 14, 0, tzinfo=UTC)),
    ("2027-07-01 15:00", datetime(2027, 7, 1, 13, 0, tzinfo=UTC)),  # summer time: UTC+2
    ("20/11 10:00", datetime(2027, 11, 20, 9, 0, tzinfo=UTC)),  # no year: the next one ahead
])
def test_typed_hours_are_read_in_rome_time(typed: str, expected: datetime) -> None:
    assert parse_slot_time(typed, now=NOW) == expected


@pytest.mark.parametrize(("typed", "code"), [
    ("tomorrow", "format"), ("10/12", "format"), ("31/11 10:00", "date"),
    ("10/12 25:00", "date"), ("2027-03-28 02:30", "date"),  # skipped by summer time
    ("20/11/2026 10:00", "past"), ("26/11/2026 10:00", "past"), ("10/12/2028 10:00", "too_far"),
])
def test_wrong_hours_say_why(typed: str, code: str) -> None:
    with pytest.raises(SlotTimeError) as refused:
        parse_slot_time(typed, now=NOW)
    assert refused.value.code == code


def test_overlaps_and_the_cut_off() -> None:
    start = datetime(2026, 12, 10, 14, tzinfo=UTC)
    hour = timedelta(hours=1)
    assert overlaps(start, start + hour, [(start + hour / 2, start + hour * 1.5)])
    assert not overlaps(start, start + hour, [(start + hour, start + hour * 2)])  # back to back
    assert can_change(start, start - timedelta(hours=12, seconds=1))
    assert not can_change(start, start - timedelta(hours=12))


def test_experts_of_the_weakest_competences_come_first() -> None:
    experts = [(1, ["ethics"]), (2, ["networking", "digital"]), (3, ["digital"]),
               (4, ["impact", "networking"])]
    ranked = rank_experts(experts, ["digital", "networking", "impact"])
    assert [m.expert_id for m in ranked] == [2, 3, 4, 1]
    assert ranked[0].matched == ("digital", "networking")
    assert ranked[2].matched == ("networking", "impact")
    assert ranked[3].matched == ()
    assert [m.expert_id for m in rank_experts(experts, [])] == [1, 2, 3, 4]  # no assessment


async def test_the_outbox_sends_a_file(world: World, clock: Clock, tmp_path: Path) -> None:
    world.api.media_dir = tmp_path
    seen: list = []  # type: ignore[type-arg]
    world.api.listeners.append(seen.append)
    async with world.uow() as uow:
        await uow.outbox.enqueue_many([document("doc:1", GIULIA, "<b>Il tuo file</b>",
                                                b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
                                                "x.ics")], now=clock())
    [row] = await outbox(world)
    assert row.method == "sendDocument"
    assert base64.b64decode(row.payload.split('"document": "')[1].split('"')[0]).startswith(
        b"BEGIN:VCALENDAR")
    await deliver(world, clock)
    [row] = await outbox(world)
    assert row.status == "sent"
    [sent] = [o for o in seen if o.kind == "document"]
    assert (sent.chat_id, sent.text) == (GIULIA, "<b>Il tuo file</b>")
    assert sent.path is not None
    assert sent.path.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
