"""The demo world for the tables conversations: Marco designs Milano (its group linked, in
Italian), Luca is a member of Milano (English), Giulia and Anna members of Milano (Italian),
Sara designs Bergamo and Brescia (no group); Luca also designs the Lombardia team."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlmodel import col, select

from bot.config import Settings
from storage.models import TableRsvp, TerritorialTable
from tests.conftest import Clock
from tests.helpers.rows import add_member, team_named_in
from tests.world import Press, World, open_world

MARCO, SARA, LUCA, GIULIA, ANNA = 2001, 2002, 2003, 2004, 2005
MILANO_GROUP = -1001000000001


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    async with open_world(settings, clock, (MARCO, "Marco", "it"), (SARA, "Sara", "it"),
                          (LUCA, "Luca", "en")) as world:
        async with world.uow() as uow:
            lombardia = await team_named_in(uow, "Cohesion Makers Lombardia")
            await uow.roles.grant(telegram_id=LUCA, role="designer", team_id=lombardia.id,
                                  now=clock())
            milano = await team_named_in(uow, "Cohesion Makers Milano")
            for user_id, name in ((GIULIA, "Giulia"), (ANNA, "Anna")):
                member = await add_member(uow, user_id, name, now=clock(), availability=None)
                await uow.memberships.join(member_id=member.id, team_id=milano.id, now=clock())
        for user_id, name in ((GIULIA, "Giulia"), (ANNA, "Anna")):
            world.person(user_id, name, "it")
        world.api.add_group(MILANO_GROUP, "Cohesion Makers Milano", admins=(MARCO,),
                            members=(LUCA, GIULIA, ANNA))
        world.api.statuses[(MILANO_GROUP, world.api.bot_user["id"])] = "administrator"
        yield world


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A December 2026 moment, in UTC."""
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


async def set_milano_table(world: World, *, capacity: str | None = "2") -> int:
    await world.converse(MARCO, [
        ("/newtable", "Quando si tiene?"),
        ("giovedì 18", "Non riesco a leggere un giorno e un'ora"),
        ("3/12", "A che ora, giovedì 3 dicembre 2026?"),
        ("ore 18", ["Il tavolo sarebbe <b>giovedì 3 dicembre 2026, 18:00</b>. È giusto?",
                    "Sì, è giusto"]),
        (Press("Sì"), "Dove?"),
        ("Casa di quartiere, via Padova 36", "ordine del giorno"),
        ("Raccolta vestiti\nTurni di dicembre", "Quante persone"),
        (capacity, "Si ripete?") if capacity else (Press("Salta"), "Si ripete?"),
        (Press("Una volta sola"), "promemoria"),
        (Press("Salta"), ["Controlla il tavolo prima di annunciarlo",
                          "Quando: <b>giovedì 3 dicembre 2026, 18:00</b>",
                          "Dove: Casa di quartiere, via Padova 36", "• Raccolta vestiti",
                          f"Posti: {capacity or 'nessun limite'}",
                          "Si ripete: una volta sola",
                          "Promemoria: 24 ore prima, 1 ora prima"]),
        (Press("Annuncia"), ["Tavolo fissato per <b>giovedì 3 dicembre 2026, 18:00</b>",
                             "Annunciato nel gruppo del team", "membri avvisati in privato"]),
    ])
    [table] = await tables_rows(world)
    assert table.id is not None
    return table.id


async def set_online_table_in_english(world: World) -> None:
    """Luca (English) sets an online table of Lombardia for tomorrow, 18:00, announced."""
    await world.converse(LUCA, [
        ("/newtable", "When is it?"),
        ("tomorrow at 6pm", "Friday, November 27, 2026, 18:00"),
        (Press("Yes"), "Where?"),
        ("Online", "agenda"),
        (Press("Skip"), "How many"),
        (Press("Skip"), "Does it repeat?"),
        (Press("Only once"), "Reminders"),
        (Press("Skip"), "Check the table"),
        (Press("Announce"), "Table set"),
    ])


async def tables_rows(world: World) -> list[TerritorialTable]:
    async with world.uow() as uow:
        return list((await uow.session.exec(
            select(TerritorialTable).order_by(col(TerritorialTable.id)))).all())


async def rsvp_rows(world: World) -> list[TableRsvp]:
    async with world.uow() as uow:
        return list((await uow.session.exec(select(TableRsvp).order_by(col(TableRsvp.id)))).all())
