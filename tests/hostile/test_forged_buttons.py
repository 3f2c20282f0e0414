"""Forged buttons, for every callback prefix the bot builds (gathered from the code, so a new
one is pressed too): ids out of the database's range, negative, zero, text, HTML, and ids of
another team's rows. Each press is answered in the presser's language, Telegram refuses no
call, no dead letter is kept and no row changes — on SQLite and PostgreSQL.

A fixed pass presses 2^31 in every id field of every kind (what crashed handlers on
PostgreSQL with "value out of int32 range"); Hypothesis then draws, per kind, which field to
forge and with what, derandomized and bounded so the suite stays quick."""

from __future__ import annotations

import typing
from typing import Any

import pytest
from aiogram.filters.callback_data import CallbackData
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic.fields import FieldInfo

import bot.capabilities  # noqa: F401  (every router, so every callback module, is imported)
from bot.ui.callbacks.bounds import MAX_ID
from tests.hostile.conftest import ANNA, APOLOGY, LUCA, Hostile, dead_letters, snapshot, speaks

PRESSERS = ((LUCA, "en"), (ANNA, "it"))
#: Forged values for any field; ``{other}`` is an id of another team's row.
HOSTILE = ("0", "-1", str(MAX_ID + 1), str(2**63), "x", "<b>hi</b>", "9" * 40, "{other}",
           " ", "😀")


def kinds() -> list[type[CallbackData]]:
    """Every CallbackData kind the bot defines."""
    found: list[type[CallbackData]] = []
    pending = list(CallbackData.__subclasses__())
    while pending:
        kind = pending.pop()
        pending += kind.__subclasses__()
        if kind.__module__.startswith("bot."):
            found.append(kind)
    return sorted(found, key=lambda kind: kind.__prefix__)


KINDS = kinds()


def _is_int(field: FieldInfo) -> bool:
    return field.annotation in (int, bool)


def _plausible(field: FieldInfo) -> str:
    """A value of the field's type that names no row (the other fields of a forged press)."""
    if field.annotation is bool:
        return "0"
    if field.annotation is int:
        bounds = [m for m in field.metadata if hasattr(m, "le")]
        return str(getattr(bounds[0], "ge", 0) if bounds and bounds[0].le <= 10 else 999_999)
    options = typing.get_args(field.annotation)
    return str(options[-1]) if options else "x"


def forged(kind: type[CallbackData], name: str, value: str) -> str:
    parts = [value if field == name else _plausible(info)
             for field, info in kind.model_fields.items()]
    return kind.__separator__.join([kind.__prefix__, *parts])


async def press_all(hostile: Hostile, presses: list[str]) -> None:
    """Each press by each presser: answered in their language, nothing refused by Telegram,
    no dead letter, no row changed."""
    world = hostile.world
    for who, _ in PRESSERS:
        if not any(chat == who for chat, _ in world.api.messages):
            await world.chat.send(who, "/help")
    before, letters = await snapshot(world), await dead_letters(world)
    refused = len(world.api.refused)
    for who, language in PRESSERS:
        for data in presses:
            outputs = await world.chat.press_data(who, data)
            toasts = [o for o in outputs if o.kind == "toast"]
            assert outputs, f"{data}: no answer"
            for output in outputs:
                assert not output.text.startswith(APOLOGY), (data, output.text)
            for toast in toasts:
                assert speaks(toast.text, language), (data, language, toast.text)
    assert world.api.refused[refused:] == []
    assert await dead_letters(world) == letters
    assert await snapshot(world) == before


def test_every_kind_is_gathered() -> None:
    prefixes = {kind.__prefix__ for kind in KINDS}
    assert {"tbrsvp", "tbics", "myndf", "mynd", "nnprop", "np", "pq", "pw", "xslot", "xpick",
            "xbook", "xback", "xbkg", "as", "nl", "lang"} <= prefixes
    assert len(prefixes) == len(KINDS), "two kinds share a prefix"


async def test_ids_beyond_32_bits_are_invalid_buttons(hostile: Hostile) -> None:
    presses = [forged(kind, name, str(MAX_ID + 1)) for kind in KINDS
               for name, info in kind.model_fields.items() if _is_int(info)]
    await press_all(hostile, presses)


@pytest.mark.timeout(300)
@settings(max_examples=4, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@given(data=st.data())
async def test_forged_values_in_every_field(hostile: Hostile, data: Any) -> None:
    """One world for all the examples (the fixture is not made again for each): each example
    forges one field of every kind, and leaves the rows as they were."""
    other = str(hostile.bergamo_need)
    presses = []
    for kind in KINDS:
        if not kind.model_fields:  # a bare button ("➕ add a service"): pressed, and with junk
            junk = data.draw(st.sampled_from(HOSTILE)).replace("{other}", other)
            presses += [kind.__prefix__, kind.__separator__.join([kind.__prefix__, junk])]
            continue
        name = data.draw(st.sampled_from(sorted(kind.model_fields)), label=kind.__prefix__)
        value = data.draw(st.sampled_from(HOSTILE)).replace("{other}", other)
        presses.append(forged(kind, name, value))
    await press_all(hostile, presses)
