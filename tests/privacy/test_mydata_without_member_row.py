"""/mydata and /deleteme for a person who holds a role but never onboarded as a member.

Paola (Italian) is the demo's observer of the province of Milano and Davide (here in English)
its expert, with a profile and free hours; neither has a member row. Each gets their file (their
roles, and for Davide his profile and hours) with a short summary in their language, and can
erase it all in the chat. Emma, who never started, is told we hold nothing.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, func, select

from bot.config import Settings
from playground.api import Output
from storage.models import ExpertProfile, ExpertSlot, Member, RoleGrant
from tests.conftest import Clock
from tests.world import Press, World, open_world

PAOLA, DAVIDE, EMMA = 2101, 2102, 1002  # demo: an observer, an expert, a newcomer


@pytest.fixture
async def world(db_url: str, clock: Clock, tmp_path: Path) -> AsyncIterator[World]:
    settings = Settings(_env_file=None, bot_token=None, database_url=db_url,  # type: ignore[call-arg]
                        redis_url=None)
    async with open_world(settings, clock, (PAOLA, "Paola", "it"), (DAVIDE, "Davide", "en"),
                          (EMMA, "Emma", "en")) as world:
        world.api.media_dir = tmp_path
        yield world


def exported(outputs: list[Output]) -> dict[str, Any]:
    [document] = [o for o in outputs if o.kind == "document"]
    assert document.path is not None
    data: dict[str, Any] = json.loads(document.path.read_text())
    return data


async def counts(world: World, telegram_id: int) -> tuple[int, int, int]:
    """The person's member rows, role grants and expert profiles."""
    async with world.uow() as uow:
        found = []
        for model, column in ((Member, Member.telegram_id), (RoleGrant, RoleGrant.telegram_id),
                              (ExpertProfile, ExpertProfile.telegram_id)):
            found.append((await uow.session.exec(select(func.count()).select_from(model).where(
                col(column) == telegram_id))).one())
        return found[0], found[1], found[2]


async def test_an_observer_without_a_member_row_gets_her_data_and_erases_it_in_italian(
        world: World) -> None:
    assert await counts(world, PAOLA) == (0, 1, 0)
    outputs = await world.converse(PAOLA, [
        ("/mydata", ["tutti i dati che abbiamo su di te", "Cosa contiene il file",
                     "ruoli che hai: osservatore"]),
    ])
    data = exported(outputs)
    assert data["telegram_id"] == PAOLA
    assert data["roles"] == [{"role": "observer", "team_id": None, "territory": "P-MI"}]
    assert "first_name" not in data

    await world.converse(PAOLA, [
        ("/deleteme", ["Sei sicuro?", "ruoli"]),
        (Press("Sì, cancella"), "I tuoi dati sono stati cancellati."),
        ("/mydata", "Non abbiamo dati su di te."),
    ])
    assert await counts(world, PAOLA) == (0, 0, 0)


async def test_an_expert_without_a_member_row_gets_his_hours_and_erases_them_in_english(
        world: World) -> None:
    async with world.uow() as uow:
        hours = (await uow.session.exec(select(func.count()).select_from(ExpertSlot))).one()
    assert hours > 0 and await counts(world, DAVIDE) == (0, 1, 1)
    outputs = await world.converse(DAVIDE, [
        ("/mydata", ["everything we hold about you", "What the file holds",
                     "roles you hold: expert",
                     "your expert profile and the hours you published"]),
    ])
    data = exported(outputs)
    assert data["expert_profile"]["name"] == "Davide"
    assert len(data["expert_profile"]["hours"]) == hours

    await world.converse(DAVIDE, [
        ("/deleteme", ["Are you sure?", "your profile and hours"]),
        (Press("Cancel"), "Nothing was erased."),
    ])
    assert await counts(world, DAVIDE) == (0, 1, 1)
    await world.converse(DAVIDE, [
        ("/deleteme", "Are you sure?"),
        (Press("Yes, erase my data"), "Your data has been erased."),
        ("/mydata", "We hold no data about you."),
    ])
    assert await counts(world, DAVIDE) == (0, 0, 0)
    async with world.uow() as uow:  # his hours never booked go with him
        assert (await uow.session.exec(select(func.count()).select_from(ExpertSlot))).one() == 0


async def test_a_person_who_never_started_is_told_we_hold_nothing(world: World) -> None:
    await world.converse(EMMA, [("/mydata", "We hold no data about you."),
                                ("/deleteme", "We hold no data about you.")])
    assert await counts(world, EMMA) == (0, 0, 0)
