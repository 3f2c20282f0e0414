"""/newneed in one line, in Italian and English: answered with the summary to confirm or edit,
its problems worded by code; /help documents it; a member who designs no team is refused;
a designer of several teams picks the team first."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.helpers.outbox import outbox_rows
from tests.helpers.rows import team_id
from tests.newneed.conftest import LUCA, MARCO, SARA, event_kinds, needs_rows
from tests.world import Forge, Press, World


async def test_one_line_in_italian_then_edit_and_publish(world: World) -> None:
    await world.converse(MARCO, [
        ("/newneed 20 ore Accompagnare anziani alle visite mediche #salute entro 15/12",
         ["Controlla il bisogno prima di pubblicarlo",
          "Titolo: <b>Accompagnare anziani alle visite mediche</b>", "Richiesta: 20 ore",
          "Categoria: Salute e cura", "Scadenza: 15 dicembre 2026", "Urgenza: 🟡 Normale",
          "Luogo: Milano (MI) – Lombardia", "✅ Pubblica", "✏️ Urgenza"]),
        (Press("✏️ Urgenza"), "Quanto è urgente?"),
        (Press("Alta"), ["Controlla il bisogno", "Urgenza: 🔴 Alta", "Richiesta: 20 ore"]),
        (Press("✏️ Scadenza"), "Entro quando?"),
        (Press("Salta"), ["Controlla il bisogno", "Scadenza: —"]),
        (Press("Pubblica"), "✅ Pubblicato: <b>Accompagnare anziani alle visite mediche</b>."),
    ])
    [need] = await needs_rows(world)
    assert (need.target, need.unit, need.category, need.urgency, need.deadline) == (
        Decimal(20), "hours", "health", "high", None)
    assert need.team_id == await team_id(world, "Cohesion Makers Milano")
    assert await event_kinds(world, need.id or 0) == ["posted"]
    assert len([r for r in await outbox_rows(world) if r.key.startswith("need-announce")]) == 1


async def test_one_line_in_english_with_money_and_a_free_unit(world: World) -> None:
    await world.converse(LUCA, [
        ("/newneed € 200 Groceries for three families #food by 20/12",
         ["Check the need before publishing it", "Asked: 200 €", "Category: Food and essentials",
          "Deadline: December 20, 2026", "Team: Cohesion Makers Lombardia"]),
        (Press("✏️ What is asked"), "What is asked for?"),
        (Press("Other goods"), "In what unit are the goods counted?"),
        ("$", "“$” is not a unit a need can be counted in"),
        ("blankets", "How much is needed, in blankets?"),
        ("30", ["What is one unit of blankets worth, in euro?", "Skip"]),
        ("12 euro", ["Asked: 30 blankets", "Value per unit: 12 € per unit of blankets",
                     "✏️ Value per unit"]),
        (Press("Publish"), "✅ Published: <b>Groceries for three families</b>."),
    ])
    [need] = await needs_rows(world)
    assert (need.unit, need.resource, need.target, need.deadline) == (
        "unit:blankets", "goods", Decimal(30), date(2026, 12, 20))
    assert need.unit_value == Decimal(12)


async def test_one_line_problems_are_worded_by_code(world: World) -> None:
    await world.converse(MARCO, [
        ("/newneed Accompagnare anziani", ["Comincia da quanto serve: un numero",
                                           "Per esempio: <code>/newneed 20 ore"]),
        ("/newneed 20 minuti Accompagnare anziani",
         "“minuti” non è un'unità in cui contare un bisogno"),
        ("/newneed 20 ore Accompagnare anziani #sport", "“#sport” non è una categoria"),
        ("/newneed 2,5 pacchi Spesa solidale", "Pacchi e pezzi si contano con numeri interi"),
        ("/newneed 20 ore Accompagnare anziani entro 31/02",
         "“31/02” non è una data che riesco a leggere"),
    ])
    await world.converse(LUCA, [
        ("/newneed 20 hours ab", ["The title needs at least a few words",
                                  "For example: <code>/newneed 20 hours Accompany"]),
        ("/newneed 10 hours pro bono Help against evictions", "Name the professional skill"),
    ])
    assert await needs_rows(world) == []


async def test_help_documents_the_one_line(world: World) -> None:
    await world.converse(MARCO, [("/help", [
        "/newneed – pubblica un bisogno passo per passo, o in una riga: "
        "<code>/newneed 20 ore Accompagnare anziani alle visite mediche #salute entro 15/12</code>",
        "/myneeds", "/proposals", "/propose"])])
    await world.converse(LUCA, [("/help", [
        "<code>/newneed 20 hours Accompany elderly people to medical visits #health by 15/12</code>",
        "/propose – suggest a need"])])


async def test_a_member_who_designs_no_team_is_refused(world: World) -> None:
    async with world.uow() as uow:
        await uow.roles.revoke(telegram_id=LUCA, role="designer",
                               team_id=await team_id(world, "Cohesion Makers Lombardia"))
    await world.converse(LUCA, [
        ("/newneed", "Only a team's designer can do this. To suggest a need to your team, "
                     "use /propose."),
        ("/newneed 20 hours Accompany elderly people", "Only a team's designer can do this"),
        ("/myneeds", "Only a team's designer can do this"),
        ("/proposals", "Only a team's designer can do this"),
    ])
    assert await needs_rows(world) == []


async def test_a_designer_of_two_teams_picks_one_and_a_forged_team_is_stale(
        world: World) -> None:
    milano = await team_id(world, "Cohesion Makers Milano")
    await world.converse(SARA, [
        ("/newneed 5 pacchi Pacchi alimentari per il quartiere",
         ["Per quale dei tuoi team", "Cohesion Makers Bergamo", "Cohesion Makers Brescia"]),
        (Forge(f"nnteam:{milano}"), "Questo pulsante non è più valido"),
        ("Bergamo", "Scegli uno dei pulsanti qui sopra"),
        (Press("Brescia"), ["Controlla il bisogno", "Team: Cohesion Makers Brescia",
                            "Richiesta: 5 pacchi", "Luogo: Brescia (BS) – Lombardia"]),
        (Press("Pubblica"), ["✅ Pubblicato", "non ha un gruppo collegato"]),
    ])
    [need] = await needs_rows(world)
    assert need.team_id == await team_id(world, "Cohesion Makers Brescia")
    assert need.territory_code == "B157" and need.posted_by == SARA
