"""Wording: a person who never held a role, pressing a designer's button they were never shown
(forged, forwarded), is told they are not allowed — not "you are no longer a designer of this
team" nor "your role has changed" — in their language, and nothing changes."""

from __future__ import annotations

from tests.conftest import Clock
from tests.helpers.rows import add_member, team_named_in
from tests.tables.conftest import GIULIA, set_milano_table, tables_rows
from tests.world import Forge, World

OWEN = 7315920701  # an English member of Milano, who never held a role


async def test_a_member_who_never_designed_is_told_they_are_not_allowed(
        world: World, clock: Clock) -> None:
    async with world.uow() as uow:
        milano = await team_named_in(uow, "Cohesion Makers Milano")
        owen = await add_member(uow, OWEN, "Owen", now=clock(), language="en")
        await uow.memberships.join(member_id=owen.id or 0, team_id=milano.id or 0, now=clock())
        assert not await uow.roles.of_person(OWEN) and not await uow.roles.of_person(GIULIA)
    world.person(OWEN, "Owen", "en")
    table_id = await set_milano_table(world, capacity=None)
    before = await tables_rows(world)

    said = await world.converse(GIULIA, [
        (Forge(f"tbman:{table_id}:cancel_yes"),
         "Non hai il permesso di farlo: può farlo solo un designer del team di questo tavolo."),
        (Forge(f"tbdec:{table_id}:1"), "Non hai il permesso di farlo"),
        (Forge("bal:team:1"), "Non hai il permesso di vedere questo equilibrio"),
    ])
    said += await world.converse(OWEN, [
        (Forge(f"tbman:{table_id}:move"),
         "You are not allowed to do that: only a designer of this table's team can."),
        (Forge("bal:place:P-MI"), "You are not allowed to see that balance"),
    ])
    words = " ".join(output.text for output in said)
    for presumed in ("no longer", "più", "role has changed", "ruolo è cambiato"):
        assert presumed not in words
    assert [(t.id, t.status, t.starts_at, t.revision) for t in await tables_rows(world)] == [
        (t.id, t.status, t.starts_at, t.revision) for t in before]
