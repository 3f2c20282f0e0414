"""/profile's free-text fields, each on its own: the question says its length limit in the
person's language, an answer over it is refused in that language before anything is kept
(the member's row unchanged, the question still open), and an answer at the limit is kept."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from storage.models import Member
from tests.hostile.conftest import ANNA, LUCA, Hostile
from tests.world import Press


@dataclass(frozen=True)
class Field:
    who: int
    button: str
    asks: str  # the question, with its limit
    limit: int
    refused: str  # the refusal, with its limit
    column: str


FIELDS = {
    "organisation, English": Field(LUCA, "Organisation", "(At most 100 characters.)", 100,
                                   "between 2 and 100 characters", "organisation_name"),
    "skills, English": Field(LUCA, "Skills", "(At most 300 characters.)", 300,
                             "at most 300 characters in all", "skills"),
    "skills, Italian": Field(ANNA, "Competenze", "(Al massimo 300 caratteri.)", 300,
                             "al massimo 300 caratteri", "skills"),
}


async def member(hostile: Hostile, who: int) -> Member:
    async with hostile.world.uow() as uow:
        found = await uow.members.by_telegram_id(who)
    assert found is not None
    return found


@pytest.mark.parametrize("name", list(FIELDS))
async def test_a_profile_field_says_and_checks_its_limit(hostile: Hostile, name: str) -> None:
    field = FIELDS[name]
    world = hostile.world
    await world.converse(field.who, [("/profile", ""), (Press(field.button), field.asks)])
    before = getattr(await member(hostile, field.who), field.column)
    await world.converse(field.who, [("é" * (field.limit + 1), field.refused),
                                     ("x" * 4096, field.refused)])
    assert getattr(await member(hostile, field.who), field.column) == before
    at_limit = "a" * field.limit
    await world.converse(field.who, [(at_limit, "")])
    assert getattr(await member(hostile, field.who), field.column) == at_limit
    assert world.api.refused == []


async def test_an_organisation_over_its_limit_is_refused_in_italian(hostile: Hostile) -> None:
    world = hostile.world
    await world.converse(ANNA, [
        ("/profile", "Il tuo profilo"), (Press("Ruolo"), "Con quale ruolo"),
        (Press("Istituzione"), ["Come si chiama la tua istituzione?",
                                "(Al massimo 100 caratteri.)"]),
        ("m" * 101, "tra 2 e 100 caratteri"),
    ])
    assert (await member(hostile, ANNA)).organisation_name is None
    await world.converse(ANNA, [("Comune di Bergamo", "Organizzazione: Comune di Bergamo")])
