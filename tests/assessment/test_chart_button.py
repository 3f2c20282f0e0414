"""The assessment's "📊 Chart" button sends the chart once (issue 22, point 16): right after a
run the chart is already on screen and the result has no such button; under /assessment's
result it sends the chart, then goes, and 🔄 Retake moves under the chart. In Italian and
English; a forged press with no result is refused; nothing is written."""

from __future__ import annotations

from pathlib import Path

from bot.config import Settings
from bot.ui.callbacks.assessment import AssessmentCb
from playground.api import Output
from tests.conftest import Clock
from tests.helpers.rows import add_member, finish_assessment
from tests.world import Forge, Press, World, open_world

ANNA, LUCA, NEW = 7301, 7302, 7303
SCORES = {"reading_needs": 4.0, "networking": 2.0, "mobilising": 3.0, "codesign": 5.0,
          "communication": 4.0, "digital": 1.0, "ethics": 3.0, "impact": 2.0}


def buttons(outputs: list[Output]) -> list[str]:
    return [b for o in outputs for line in o.buttons for b in line]


async def runs(world: World, telegram_id: int) -> int:
    async with world.uow() as uow:
        return len(await uow.assessments.finished_runs(telegram_id))


async def check_chart_once(world: World, person: int, *, chart: str, retake: str,
                           profile: str) -> None:
    shown = await world.converse(person, [("/assessment", [profile, chart, retake])])
    outputs = await world.converse(person, [(Press(chart), "")])
    [photo] = [o for o in outputs if o.kind == "photo"]
    assert photo.path is not None and photo.path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert photo.buttons == [[retake]]                  # Retake under the chart
    [edit] = [o for o in outputs if o.kind == "edit"]   # the result's buttons are gone
    assert edit.message_id == shown[-1].message_id and edit.buttons == []
    assert chart not in buttons(outputs)
    # Retake still works from under the chart.
    await world.converse(person, [(Press(retake), "1/24")])


async def test_the_chart_is_sent_once_in_italian_and_in_english(
        settings: Settings, clock: Clock, tmp_path: Path) -> None:
    async with open_world(settings, clock, (ANNA, "Anna", "it"), (LUCA, "Luca", "en"),
                          demo=False) as world:
        world.api.media_dir = tmp_path
        async with world.uow() as uow:
            for person, language in ((ANNA, "it"), (LUCA, "en")):
                await add_member(uow, person, "X", now=clock(), language=language)
                await finish_assessment(uow, person, SCORES, clock())
        await check_chart_once(world, ANNA, chart="📊 Grafico", retake="🔄 Ripeti",
                               profile="Il tuo profilo di cohesion maker")
        await check_chart_once(world, LUCA, chart="📊 Chart", retake="🔄 Retake",
                               profile="Your cohesion-maker profile")
        assert await runs(world, ANNA) == await runs(world, LUCA) == 1


async def test_a_forged_chart_press_without_a_result_is_refused(
        settings: Settings, clock: Clock) -> None:
    async with open_world(settings, clock, (NEW, "Nina", "en"), demo=False) as world:
        async with world.uow() as uow:
            await add_member(uow, NEW, "Nina", now=clock(), language="en")
        await world.converse(NEW, [("/assessment", "24 short statements")])
        outputs = await world.converse(NEW, [(Forge(AssessmentCb(action="chart").pack()), "")])
        assert [o.kind for o in outputs] == ["toast"] and outputs[0].alert
