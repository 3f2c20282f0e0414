"""/newneed step by step, in English and Italian: a wrong value at every step answered and
asked again, a field edited from the summary, /cancel, the publication and its announcement
in the team's group (in the group's language, with the button that opens the need)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.helpers.outbox import outbox_rows, payload
from tests.helpers.rows import team_id
from tests.newneed.conftest import LUCA, MARCO, MILANO_GROUP, event_kinds, needs_rows
from tests.world import Forge, Press, World


async def test_guided_flow_in_english_with_a_wrong_value_at_every_step(world: World) -> None:
    await world.converse(LUCA, [
        ("/newneed", "What is needed? Write a short title"),
        ("ab", "The title needs at least a few words"),
        ("shopping for elderly neighbours", ["Describe it in a few lines", "Skip"]),
        ("x", "Please write a description of up to 1000 characters"),
        ("Weekly shopping for three families", ["Which category is it?", "Food and essentials",
                                                "Loneliness and companionship"]),
        ("something else entirely", "Please choose one of the buttons above."),
        (Press("Food and essentials"), ["What is asked for?", "Volunteer hours", "Parcels",
                                        "A professional skill, pro bono"]),
        ("minutes", "“minutes” is not a unit a need can be counted in"),
        (Press("Parcels"), "How much is needed, in parcels?"),
        ("2,5", "Parcels and items are counted in whole numbers"),
        ("1.500", "could be a thousand or one and a half"),
        ("0", "The quantity must be more than zero"),
        ("12", ["What is one parcel worth, in euro?", "optional", "Skip"]),
        ("cheap", "Write the value in euro as a number"),
        ("0", "The value must be more than zero"),
        ("200000", "One unit can be worth at most 100,000 €"),
        ("€ 2.50", ["How urgent is it?", "🔴 High", "🟢 Low"]),
        ("very", "Please choose one of the buttons above."),
        (Press("High"), "By when? Write a date such as 15/12"),
        ("31/02", "“31/02” is not a date I can read"),
        ("15/12/2025", "That date has already passed"),
        ("by 15/12", "Is it for an organisation"),
        ("x", "Please write the organisation's name"),
        (Press("Skip"), ["Where? Press the team's place, Lombardia (region)",
                         "📍 Lombardia (region)"]),
        ("Roma", "Roma (RM) – Lazio is outside the team's territory (Lombardia (region))"),
        ("Qwertyuiopasd", "I can't find a comune called “Qwertyuiopasd”"),
        ("Bergamo", ["Check the need before publishing it", "Team: Cohesion Makers Lombardia",
                     "Title: <b>Shopping for elderly neighbours</b>",
                     "Description: Weekly shopping for three families",
                     "Category: Food and essentials", "Asked: 12 parcels",
                     "Value per unit: 2.5 € per parcel", "Urgency: 🔴 High",
                     "Deadline: December 15, 2026", "Beneficiary: —",
                     "Place: Bergamo (BG) – Lombardia", "✅ Publish", "✏️ Title", "✖️ Cancel"]),
        ("publish it", "Please choose one of the buttons above."),
        (Press("Publish"), ["✅ Published: <b>Shopping for elderly neighbours</b>.",
                            "no linked group"]),
    ])
    [need] = await needs_rows(world)
    assert (need.title, need.description, need.category, need.resource, need.unit) == (
        "Shopping for elderly neighbours", "Weekly shopping for three families", "food",
        "goods", "parcels")
    assert (need.target, need.urgency, need.deadline, need.territory_code, need.status) == (
        Decimal(12), "high", date(2026, 12, 15), "A794", "open")
    assert need.team_id == await team_id(world, "Cohesion Makers Lombardia")
    assert need.posted_by == LUCA
    assert (need.unit_value, need.from_table_id) == (Decimal("2.50"), None)
    assert await event_kinds(world, need.id or 0) == ["posted"]
    assert [r for r in await outbox_rows(world) if r.key.startswith("need-announce")] == []
    # The summary is gone: its buttons no longer do anything.
    await world.converse(LUCA, [(Forge("nnsum:publish:"), "This button is no longer valid")])
    assert len(await needs_rows(world)) == 1


async def test_guided_flow_in_italian_edits_a_field_and_announces_in_the_group(
        world: World) -> None:
    await world.converse(MARCO, [
        ("/newneed", "Cosa serve?"),
        ("Accompagnare anziani alle visite", "Descrivilo in poche righe"),
        (Press("Salta"), "Di che categoria è?"),
        (Press("Salute e cura"), "Che cosa si chiede?"),
        (Press("Ore di volontariato"), "Quanto serve, in ore?"),
        ("20", "Quanto è urgente?"),
        (Press("Normale"), "Entro quando?"),
        (Press("Salta"), "È per un'organizzazione"),
        ("Croce Rossa", "Dove?"),
        (Press("Milano (MI)"), ["Controlla il bisogno prima di pubblicarlo",
                                "Richiesta: 20 ore", "Beneficiario: Croce Rossa",
                                "Luogo: Milano (MI) – Lombardia"]),
        (Press("✏️ Quantità"), "Quanto serve, in ore?"),
        ("abc", "non è un numero"),
        ("25", ["Controlla il bisogno", "Richiesta: 25 ore"]),
        (Press("✏️ Che cosa si chiede"), "Che cosa si chiede?"),
        (Press("Competenza professionale"), "Quale competenza professionale?"),
        ("consulenza legale", "Quanto serve, in ore pro bono di consulenza legale?"),
        ("25", ["Controlla il bisogno", "Richiesta: 25 ore pro bono di consulenza legale"]),
        (Press("Pubblica"), ["✅ Pubblicato: <b>Accompagnare anziani alle visite</b>.",
                             "annunciato nel gruppo del team"]),
    ])
    [need] = await needs_rows(world)
    assert (need.unit, need.resource, need.skill, need.target, need.beneficiary) == (
        "skill_hours", "skills", "consulenza legale", Decimal(25), "Croce Rossa")
    assert need.deadline is None and need.category == "health" and need.territory_code == "F205"
    assert await event_kinds(world, need.id or 0) == ["posted"]
    [row] = [r for r in await outbox_rows(world) if r.key.startswith("need-announce")]
    assert (row.key, row.chat_id) == (f"need-announce:{need.id}:{MILANO_GROUP}", MILANO_GROUP)
    body = payload(row)
    assert "<b>Cohesion Makers Milano</b> cerca aiuto" in body["text"]
    assert "▱▱▱▱▱ 0/25 ore pro bono di consulenza legale" in body["text"]
    assert "Categoria: Salute e cura" in body["text"]
    assert body["reply_markup"] == {"inline_keyboard": [[{
        "text": "🙋 Posso aiutare",
        "url": f"https://t.me/{world.settings.bot_username}?start=need_{need.id}"}]]}


async def test_the_announcement_speaks_the_group_language(world: World) -> None:
    async with world.uow() as uow:
        group = await uow.groups.get(MILANO_GROUP)
        assert group is not None
        group.language = "en"
    await world.converse(MARCO, [
        ("/newneed 10 pacchi Spesa per famiglie in difficoltà #cibo entro 20/12",
         ["Controlla il bisogno", "Richiesta: 10 pacchi", "Scadenza: 20 dicembre 2026"]),
        (Press("Pubblica"), "annunciato nel gruppo"),
    ])
    [need] = await needs_rows(world)
    [row] = [r for r in await outbox_rows(world) if r.key.startswith("need-announce")]
    body = payload(row)
    assert "<b>Cohesion Makers Milano</b> needs help" in body["text"]
    assert "▱▱▱▱▱ 0/10 parcels" in body["text"]
    assert "Urgency: 🟡 Normal · by December 20, 2026" in body["text"]
    assert body["reply_markup"]["inline_keyboard"][0][0]["text"] == "🙋 I can help"
    assert need.deadline == date(2026, 12, 20)


async def test_cancel_at_a_step_and_from_the_summary(world: World) -> None:
    await world.converse(MARCO, [
        ("/newneed", "Cosa serve?"),
        ("Coperte per il dormitorio", "Descrivilo"),
        ("/cancel", "Interrotto: non è stato pubblicato né cambiato nulla."),
        ("ciao", "Non ho capito"),
        ("/cancel", "Non c'è niente da fermare"),
    ])
    await world.converse(LUCA, [
        ("/newneed 30 coperte for the night shelter", "Asked: 30 coperte"),
        (Press("Cancel"), "Stopped: nothing was published or changed."),
    ])
    assert await needs_rows(world) == []
    assert await outbox_rows(world) == []


async def test_a_comune_inside_a_regional_team_typed_or_picked(world: World) -> None:
    await world.converse(LUCA, [
        ("/newneed 4 hours Digital help at the library", "Place: Lombardia (region)"),
        (Press("✏️ Place"), "Where?"),
        ("Castro", "Place: Castro (BG) – Lombardia"),  # the other Castro is in Puglia
        (Press("✏️ Place"), "Where?"),
        ("Paderno", ["“Paderno” could be more than one place in the team's territory",
                     "Paderno Dugnano (MI) – Lombardia", "Paderno d'Adda (LC) – Lombardia"]),
        (Forge("nnterr:F205"), "This button is no longer valid"),  # Milano: not offered
        (Press("Paderno Dugnano"), "Place: Paderno Dugnano (MI) – Lombardia"),
        (Press("Publish"), "✅ Published"),
    ])
    [need] = await needs_rows(world)
    assert need.territory_code == "G220"


async def test_the_draft_in_the_state_is_json(world: World) -> None:
    import json

    from aiogram.fsm.storage.base import StorageKey

    await world.converse(MARCO, [("/newneed 2,5 kg di pasta per la mensa entro 15/12",
                                  "Richiesta: 2,5 kg")])
    key = StorageKey(bot_id=world.bot.id, chat_id=MARCO, user_id=MARCO)
    data = await world.dispatcher.storage.get_data(key)
    assert json.loads(json.dumps(data))["draft"] == {
        "title": "Pasta per la mensa", "description": None, "category": "other", "unit": "kg",
        "skill": None, "quantity": "2.5", "unit_value": None, "urgency": "normal",
        "deadline": "2026-12-15", "beneficiary": None, "territory": None, "link": None,
        "organisation_id": None, "organisation_name": None}
