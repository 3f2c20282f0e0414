"""An expert's hours published and withdrawn with /slots are in the audit trail, in Italian
and in English (who, which slot, when it starts); a refused removal leaves no entry."""

from __future__ import annotations

from sqlmodel import col, select

from storage.models.audit import AuditEntry
from tests.expert.conftest import ELENA, PAOLO, add_slot, rome, slots
from tests.world import Forge, Press, World


async def trail(world: World) -> list[tuple[int | None, str, str, int | None, str]]:
    async with world.uow() as uow:
        found = (await uow.session.exec(  # the world's experts were granted their role first
            select(AuditEntry).where(col(AuditEntry.action).startswith("slot."))
            .order_by(col(AuditEntry.id)))).all()
    return [(e.actor_telegram_id, e.actor_role, e.action, e.object_id, e.summary) for e in found]


async def test_an_expert_publishes_and_withdraws_an_hour_in_italian(world: World) -> None:
    await world.converse(ELENA, [
        ("/slots", "Non hai ore in programma"),
        (Press("Aggiungi"), "Quando comincia"),
        ("10/12 16:00", "✅ Ora aggiunta: giovedì 10 dicembre 2026, 16:00–17:00"),
        (Press("🗑 gio 10 dic"), "🗑 Ora tolta: giovedì 10 dicembre 2026, 16:00–17:00"),
    ])
    [slot] = await slots(world)
    assert await trail(world) == [
        (ELENA, "expert", "slot.published", slot.id, "starts 2026-12-10 15:00 UTC"),
        (ELENA, "expert", "slot.withdrawn", slot.id, "starts 2026-12-10 15:00 UTC"),
    ]


async def test_an_expert_publishes_an_hour_in_english(world: World) -> None:
    elenas = await add_slot(world, ELENA, rome(10, 15))  # through the service: audited too
    await world.converse(PAOLO, [
        ("/slots", "You have no hours ahead"),
        (Press("Add"), "When does the hour begin?"),
        ("14/12 18:00", "✅ Hour added: Monday, December 14, 2026, 18:00–19:00"),
        (Forge(f"slotrm:{elenas}"), "That hour is no longer yours"),  # not his: refused
    ])
    pauls = [s for s in await slots(world) if s.id != elenas]
    assert [row[:3] for row in await trail(world)] == [
        (ELENA, "expert", "slot.published"), (PAOLO, "expert", "slot.published")]
    assert (await trail(world))[1][3:] == (pauls[0].id, "starts 2026-12-14 17:00 UTC")
