"""The value of one unit of goods, in Italian and English: asked after the quantity for goods
only (never for hours), typed with "€"/"euro", a wrong value answered and asked again, skipped,
changed from the summary, asked when a designer completes a proposal, and changed or cleared
from /myneeds; the row keeps it (``need.unit_value``) and no table as its origin."""

from __future__ import annotations

from decimal import Decimal

from scheduler.sender import OutboxSender
from tests.conftest import Clock
from tests.helpers.needs import post
from tests.newneed.conftest import LUCA, MARCO, needs_rows
from tests.world import Forge, Press, World


async def test_italian_value_given_from_the_summary_of_a_one_line_need(world: World) -> None:
    await world.converse(MARCO, [
        ("/newneed 10 pacchi Spesa per famiglie in difficoltà #cibo",
         ["Richiesta: 10 pacchi", "Valore per unità: —", "✏️ Valore per unità"]),
        (Press("✏️ Valore per unità"), ["Quanto vale un pacco, in euro?", "facoltativo",
                                        "Salta"]),
        ("tanti", "Scrivi il valore in euro come numero"),
        ("-5", "Il valore deve essere più di zero"),
        ("1.500", "può voler dire mille o uno e mezzo"),
        ("7,5 euro", ["Controlla il bisogno", "Valore per unità: 7,5 € per pacco"]),
        (Press("Pubblica"), "✅ Pubblicato: <b>Spesa per famiglie in difficoltà</b>."),
    ])
    [need] = await needs_rows(world)
    assert (need.unit, need.unit_value, need.from_table_id) == ("parcels", Decimal("7.5"), None)


async def test_italian_hours_are_given_no_value(world: World) -> None:
    outputs = await world.converse(MARCO, [
        ("/newneed", "Cosa serve?"),
        ("Accompagnare anziani alle visite", "Descrivilo"),
        (Press("Salta"), "Di che categoria è?"),
        (Press("Salute e cura"), "Che cosa si chiede?"),
        (Press("Ore di volontariato"), "Quanto serve, in ore?"),
        ("20", "Quanto è urgente?"),
        (Press("Normale"), "Entro quando?"),
        (Press("Salta"), "È per un'organizzazione"),
        (Press("Salta"), "Dove?"),
        (Press("Milano (MI)"), ["Controlla il bisogno", "Richiesta: 20 ore"]),
        (Forge("nnsum:edit:unit_value"), "Questo pulsante non è più valido"),
        (Press("✏️ Che cosa si chiede"), "Che cosa si chiede?"),
        (Press("Chili"), "Quanto serve, in kg?"),
        ("20", ["Quanto vale un kg, in euro?"]),
        (Press("Salta"), ["Controlla il bisogno", "Richiesta: 20 kg", "Valore per unità: —"]),
        (Press("Pubblica"), "✅ Pubblicato"),
    ])
    assert not any("Valore per unità" in o.text for o in outputs[:10])
    [need] = await needs_rows(world)
    assert (need.unit, need.unit_value) == ("kg", None)


async def test_a_proposal_completed_with_goods_is_asked_their_value(world: World,
                                                                   clock: Clock) -> None:
    await world.converse(LUCA, [
        ("/propose", "What need have you noticed?"),
        ("Blankets for the night shelter", "Describe it in a few lines"),
        (Press("Skip"), "Which category is it?"),
        (Press("Housing"), "Skip"),
        (Press("Skip"), "has been sent to the team's designers"),
    ])
    await OutboxSender(world.bot, world.sessions, clock=clock).drain(idle=clock.tick)
    await world.converse(MARCO, [
        (Press("Approva"), "Che cosa si chiede?"),
        (Press("Pezzi"), "Quanto serve"),
        ("40", "Quanto vale un pezzo, in euro?"),
        ("€ 12", ["Una proposta da pubblicare", "Richiesta: 40 pezzi",
                  "Valore per unità: 12 € per pezzo"]),
        (Press("Pubblica"), "✅ Pubblicato: <b>Blankets for the night shelter</b>."),
    ])
    [need] = await needs_rows(world)
    assert (need.status, need.unit, need.unit_value) == ("open", "items", Decimal(12))


async def test_english_myneeds_changes_and_clears_the_value(world: World) -> None:
    need_id = await post(world, "Pasta for the canteen", 30, "kg",
                         team="Cohesion Makers Lombardia", by=LUCA)
    await post(world, "Company for the elderly", 10, "hours",
               team="Cohesion Makers Lombardia", by=LUCA)
    await world.converse(LUCA, [
        ("/myneeds", "Pasta for the canteen"),
        (Press("Edit 1"), ["What do you want to change in <b>Company for the elderly</b>?",
                           "✏️ Quantity"]),
    ])
    assert "Value per unit" not in str(world.chat.keyboard(LUCA)[1])  # hours: no value
    await world.converse(LUCA, [
        (Forge(f"myndf:{need_id + 1}:unit_value"), "This button is no longer valid"),
        ("/myneeds", "Pasta for the canteen"),
        (Press("Edit 2"), "✏️ Value per unit"),
        (Press("Value per unit"), ["What is one kg worth, in euro?", "Skip"]),
        ("200000", "One unit can be worth at most 100,000 €"),
        ("1.20", "<b>Pasta for the canteen</b> has been changed"),
    ])
    [need, _] = await needs_rows(world)
    assert need.unit_value == Decimal("1.20")
    await world.converse(LUCA, [
        ("/myneeds", "Pasta for the canteen"), (Press("Edit 2"), "✏️ Value per unit"),
        (Press("Value per unit"), "What is one kg worth"),
        (Press("Skip"), "has been changed"),
    ])
    [need, _] = await needs_rows(world)
    assert need.unit_value is None
