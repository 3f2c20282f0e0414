"""Every branch of a guarded button is guarded: a member pressing a forged button of any
designer screen is refused with an alert in their language, before any branch runs, so the
conversation they were in stays where it was and no row changes."""

from __future__ import annotations

import pytest

from bot.ui.callbacks import newneed, proposals, tables
from tests.hostile.conftest import ANNA, LUCA, Hostile, snapshot, speaks

#: The buttons a member never sees, one forged press of each (the need and table ids exist).
DESIGNER_BUTTONS = (
    "myndp:1", "mynd:edit:{need}", "mynd:close:{need}", "mynd:reopen:{need}",
    "myndf:{need}:title", "myndc:{need}:0", "myndc:{need}:1",
    "nnprop:approve:{need}", "nnprop:decline:{need}",
    "nnteam:1", "tbteam:1", "tbwhen:1", "tbskip:place", "tbrec:none", "tbsum:confirm:",
    "tbmin:1", "tbmstep:publish", "tbmstep:cancel", "tbdec:1:0",
    "tbman:1:move", "tbman:1:cancel_yes", "tbman:1:keep",
    "tblist:agenda", "tbser:1:skip", "tbser:1:end", "tbser:1:restart_yes",
    "tbedit:1:menu", "tbedit:1:place", "tbedit:1:unlimited",
)


def test_every_designer_prefix_is_pressed() -> None:
    """A new designer button is added here, or this fails."""
    designer_kinds = [newneed.MyNeedCb, newneed.MyNeedFieldCb, newneed.MyNeedCloseCb,
                      newneed.MyNeedsPageCb, newneed.NeedTeamCb, proposals.ProposalCb,
                      *(kind for kind in vars(tables).values()
                        if isinstance(kind, type) and issubclass(kind, tables.CallbackData)
                        and kind is not tables.CallbackData
                        and kind not in (tables.RsvpCb, tables.MyRsvpCb, tables.TableIcsCb))]
    pressed = {data.split(":", 1)[0] for data in DESIGNER_BUTTONS}
    assert {kind.__prefix__ for kind in designer_kinds} <= pressed


@pytest.mark.parametrize(("who", "language", "title", "described"), [
    (ANNA, "it", "Che bisogno hai notato?", "Descrivilo in poche righe"),
    (LUCA, "en", "What need have you noticed?", "Describe it in a few lines"),
])
async def test_a_member_pressing_designer_buttons_is_refused_and_keeps_their_step(
        hostile: Hostile, who: int, language: str, title: str, described: str) -> None:
    world = hostile.world
    await world.converse(who, [("/propose", title)])
    before = await snapshot(world)
    for data in DESIGNER_BUTTONS:
        outputs = await world.chat.press_data(who, data.format(need=hostile.milano_need))
        toasts = [o for o in outputs if o.kind == "toast"]
        assert [o.kind for o in outputs] == ["toast"], (data, outputs)
        assert toasts[0].alert and speaks(toasts[0].text, language), (data, toasts[0].text)
    assert await snapshot(world) == before
    # The /propose question is still the one being answered.
    await world.converse(who, [("Coperte per l'inverno", described)])
