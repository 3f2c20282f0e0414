"""The audit trail of the designer's actions the coordinator's loop added (issue 22): a meeting
of a series skipped, a table's place and agenda changed after announcing (in Italian), and a
designer's /announce (in English), each recorded with who, in which role, what and when."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.services import tables
from bot.services.tables import TableDraft
from tests.audit.conftest import LUCA, MARCO, audit_rows, team_of
from tests.conftest import Clock
from tests.world import Press, World


async def test_a_skipped_meeting_and_a_table_changed_in_italian(world: World,
                                                                clock: Clock) -> None:
    milano = await team_of(world, "Cohesion Makers Milano")
    async with world.uow() as uow:
        view = await tables.create_table(uow, now=clock(), telegram_id=MARCO, draft=TableDraft(
            team_id=milano, starts_at=datetime(2026, 12, 1, 17, tzinfo=UTC),
            place="Casa di quartiere", capacity=None, recurrence="weekly", agenda="Turni"))
    await world.converse(MARCO, [
        ("/tables", "📝"),
        (Press("📝"), "Che cosa vuoi cambiare"),
        (Press("Dove"), "Dove si terrà invece?"),
        ("Oratorio San Luigi", "Luogo cambiato"),
        ("/tables", "✖️"),
        (Press("✖️"), "Salta solo questo incontro"),
        (Press("Salta solo"), "Saltato"),
    ])
    rows = await audit_rows(world)
    assert rows == [
        (MARCO, "designer", "table.created", milano, "table", view.id, ""),
        (MARCO, "designer", "table.edited", milano, "table", view.id, "place"),
        (MARCO, "designer", "table.skipped", milano, "table", view.id, ""),
    ]


async def test_a_designers_announce_is_audited_in_english(world: World, clock: Clock) -> None:
    lombardia = await team_of(world, "Cohesion Makers Lombardia")
    await world.converse(LUCA, [
        ("/announce", "Write its text"),
        ("Cleaning day on Saturday", ["no linked group yet", "When should it go out?"]),
        (Press("Now"), "Preview"),
        (Press("Send"), "it goes out in a moment"),
    ])
    assert await audit_rows(world) == [
        (LUCA, "designer", "announcement", lombardia, "team", lombardia,
         f"for {clock():%Y-%m-%d %H:%M} UTC, 24 characters, to each member"),
    ]
