"""Pledging in the chat, through the real dispatcher, in Italian and in English: from a group
announcement's deep link (registered: one tap after Start; not registered: onboarding, then
straight back to the need), from /needs by button and by typed quantity, paging and filters,
and over-pledging refused with what is still open — each checked in the rows afterwards."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.helpers.needs import (
    ANNA,
    EMMA,
    GIULIA,
    LUCA,
    MARCO,
    MILANO_GROUP,
    SARA,
    kinds,
    need_row,
    outbox,
    pledge_rows,
    post,
)
from tests.world import Forge, Press, World


async def test_from_the_announcement_a_member_pledges_with_one_tap_after_start(
        world: World) -> None:
    need_id = await post(world, "Accompagnare anziani alle visite", 20, urgency="high",
                         deadline=date(2026, 12, 15))
    # Luca taps the announcement's button (a URL: Telegram opens the private chat and shows
    # Start, which sends /start need_<id>), then one quantity button.
    said = await world.converse(LUCA, [
        (f"/start need_{need_id}", ["🤝 <b>Accompagnare anziani alle visite</b>",
                                   "Cohesion Makers Milano · Milano (MI)",
                                   "▱▱▱▱▱ 0/20 hours", "🔴 urgent · by Dec 15, 2026",
                                   "Still missing: <b>20 hours</b>", "1 hour", "2 hours",
                                   "5 hours", "All that is missing (20 hours)",
                                   "Another quantity"]),
        (Press("2 hours"), ["✅ Thank you! You pledged <b>2 hours</b>",
                            "▰▱▱▱▱ 2/20 hours", "/pledges"]),
    ])
    # The screen (its buttons taken off once pressed), then the confirmation: one press.
    assert len({o.message_id for o in said}) == 2
    assert await pledge_rows(world, need_id) == [(LUCA, Decimal(2), Decimal(0), "active")]
    await world.converse(ANNA, [
        (f"/start need_{need_id}", ["Mancano ancora: <b>18 ore</b>",
                                    "Tutto quello che manca (18 ore)",
                                    "🔴 urgente · entro il 15 dic 2026"]),
        (Press("Tutto quello che manca"), ["Hai offerto <b>18 ore</b>",
                                           "▰▰▰▰▰ 20/20 ore",
                                           "Con il tuo impegno il bisogno è coperto"]),
    ])
    need = await need_row(world, need_id)
    assert (need.status, need.pledged) == ("covered", Decimal(20))
    # Luca is told it is covered, in English, once; Anna, who covered it, was answered. The
    # rest of the outbox is the need's announcement in the group, when it was posted.
    rows = await outbox(world)
    assert [key for _chat, key, _text in rows if key.startswith("need-announce:")] == [
        f"need-announce:{need_id}:{MILANO_GROUP}"]
    assert [(chat, text) for chat, key, text in rows if not key.startswith("need-announce:")
            and ":covered-designer:" not in key] == [
        (LUCA, "✅ The need <b>Accompagnare anziani alle visite</b> you pledged to is now "
               "covered. Thank you!")]
    # (issue 22) Marco, its designer, hears it too, in Italian.
    assert [(chat, text.split(":")[0]) for chat, key, text in rows
            if ":covered-designer:" in key] == [
        (MARCO, "✅ <b>Accompagnare anziani alle visite</b> è ora coperto")]
    assert await kinds(world, need_id) == ["posted", "pledged", "pledged", "covered"]


async def test_not_registered_yet_onboarding_leads_straight_back_to_the_need(
        world: World) -> None:
    need_id = await post(world, "Spesa per tre famiglie", 200, "eur", category="food")
    await world.converse(GIULIA, [
        (f"/start need_{need_id}", "Scegli la lingua"),
        (Press("Italiano"), "Acconsento"),
        (Press("Acconsento"), "Con quale ruolo partecipi?"),
        (Press("Cittadino"), "Dove vivi o lavori?"),
        ("milano", "Cosa puoi offrire?"),
        (Press("Salta"), "Quanto tempo puoi dedicare?"),
        (Press("Salta"), ["Grazie, Giulia: ora sei un cohesion maker!",
                          "<b>Spesa per tre famiglie</b>", "Mancano ancora: <b>200 €</b>",
                          "5 €", "10 €", "20 €", "Tutto quello che manca (200 €)"]),
        (Press("20 €"), ["Hai offerto <b>20 €</b>", "▰▱▱▱▱ 20/200 €"]),
    ])
    await world.converse(EMMA, [
        (f"/start need_{need_id}", "Choose your language"),
        (Press("English"), "I agree"),
        (Press("I agree"), "Who are you joining as?"),
        (Press("Citizen"), "Where do you live or work?"),
        ("brescia", "What can you offer?"),
        (Press("Skip"), "How much time can you give?"),
        (Press("week"), ["Thank you, Emma", "Still missing: <b>€180</b>", "€5", "€10",
                         "€20", "All that is missing (€180)"]),
        (Press("Another quantity"), "Type how much you pledge to <b>Spesa per tre famiglie</b>"),
        ("12.50", ["You pledged <b>€12.5</b>", "€32.5/200"]),
    ])
    assert await pledge_rows(world, need_id) == [
        (GIULIA, Decimal(20), Decimal(0), "active"), (EMMA, Decimal("12.5"), Decimal(0), "active")]
    async with world.uow() as uow:
        giulia = await uow.members.by_telegram_id(GIULIA)
        emma = await uow.members.by_telegram_id(EMMA)
    assert giulia is not None and giulia.is_onboarded and giulia.language == "it"
    assert emma is not None and emma.is_onboarded and emma.language == "en"


async def test_a_deep_link_to_an_unknown_or_closed_need_is_answered(world: World) -> None:
    need_id = await post(world, "Coperte per il dormitorio", 30, "unit:coperte")
    async with world.uow() as uow:
        need = await uow.needs.get(need_id)
        assert need is not None
        need.status = "closed"
    await world.converse(LUCA, [
        ("/start need_99999", "I can't find this need"),
        (f"/start need_{need_id}", "This need no longer takes pledges"),
        (Forge(f"pq:{need_id}:all"), "This need no longer takes pledges"),
        (Forge(f"pq:{need_id}:2"), "This need no longer takes pledges"),
        (Forge(f"np:{need_id}"), "This need no longer takes pledges"),
        (Forge("np:99999"), "I can't find this need"),
    ])
    await world.converse(GIULIA, [
        ("/start need_99999", ["Non trovo questo bisogno", "Scegli la lingua"]),
    ])
    assert await pledge_rows(world, need_id) == []


async def test_needs_pages_filters_and_a_typed_quantity(world: World) -> None:
    health = [await post(world, f"Visite mediche {n}", 10) for n in range(1, 5)]
    food = [await post(world, f"Pacchi alimentari {n}", 10, "parcels", category="food")
            for n in range(1, 3)]
    money = await post(world, "Bollette di una famiglia", 300, "eur", category="housing")
    half = await post(world, "Compagnia agli anziani", 4, category="loneliness")
    await world.converse(ANNA, [(f"/start need_{half}", "Mancano"), (Press("2 ore"), "2/4")])
    # Least covered first: the half-covered need is last, on page 2.
    await world.converse(LUCA, [
        ("/needs", ["🤝 <b>Open needs near you</b> (page 1)", "1. <b>Visite mediche 1</b>",
                    "▱▱▱▱▱ 0/10 hours · Health and care", "🤝 5.", "▶",
                    "🗂 Category: all", "📦 Type: all"]),
        (Press("▶"), ["(page 2)", "6. <b>", "▰▰▰▱▱ 2/4 hours", "Compagnia agli anziani", "◀"]),
        (Press("◀"), "(page 1)"),
        (Press("Category"), ["Which category of needs", "Food and essentials", "All"]),
        (Press("Food and essentials"), ["Filter: Food and essentials", "Pacchi alimentari 1",
                                        "0/10 parcels", "🗂 Category: Food and essentials"]),
        (Press("Type"), ["Which kind of help", "Money", "Volunteer time"]),
        (Press("Money"), ["No open need matches these filters", "🗂 Category: Food"]),
        (Press("Category"), "Which category"),
        (Press("All"), ["Filter: Money", "Bollette di una famiglia", "€0/300"]),
        (Press("🤝 1."), ["Still missing: <b>€300</b>", "€5", "€10", "€20"]),
        ("tanti", "Please type just a number"),
        ("1,500", "could be read two ways"),
        ("12.5", ["You pledged <b>€12.5</b>", "€12.5/300"]),
    ])
    # The list is served by editing one message: page, filters, pickers.
    shown = [o for o in world.api.outputs if o.chat_id == LUCA and o.kind == "message"]
    assert sum("(page" in o.text for o in shown) == 1
    await world.converse(ANNA, [
        ("/needs", ["Bisogni aperti vicino a te", "Salute e cura", "🗂 Categoria: tutte"]),
        (Press("Tipo"), "Quale tipo di aiuto"),
        (Press("Beni"), ["Filtro: Beni", "Pacchi alimentari 1", "0/10 pacchi"]),
        (Press("🤝 2."), ["<b>Pacchi alimentari 2</b>", "Mancano ancora: <b>10 pacchi</b>",
                          "1 pacco", "2 pacchi", "5 pacchi"]),
        (Press("Un'altra quantità"), "Scrivi quanto offri"),
        ("2,5", "si conta in numeri interi"),
        ("3", ["Hai offerto <b>3 pacchi</b>", "▰▰▱▱▱ 3/10 pacchi"]),
    ])
    assert await pledge_rows(world, money) == [(LUCA, Decimal("12.5"), Decimal(0), "active")]
    assert await pledge_rows(world, food[1]) == [(ANNA, Decimal(3), Decimal(0), "active")]
    for untouched in (*health, food[0]):
        assert await pledge_rows(world, untouched) == []
    # Sara's teams (Bergamo, Brescia) have no needs, nor has her place.
    await world.converse(SARA, [("/needs", "non ci sono bisogni aperti")])


async def test_a_typed_quantity_in_italian(world: World) -> None:
    need_id = await post(world, "Lezioni di italiano", 10, category="education")
    await world.converse(ANNA, [
        ("/needs", "Lezioni di italiano"),
        (Press("🤝 1."), "Mancano ancora: <b>10 ore</b>"),
        ("2,5", ["Hai offerto <b>2,5 ore</b>", "▰▱▱▱▱ 2,5/10 ore"]),
    ])
    assert await pledge_rows(world, need_id) == [(ANNA, Decimal("2.5"), Decimal(0), "active")]


async def test_over_pledging_is_refused_with_what_is_still_open(world: World) -> None:
    need_id = await post(world, "Pacchi per la mensa", 10, "parcels", category="food")
    # The margin is 10%: 11 parcels may be pledged in all.
    await world.converse(LUCA, [
        (f"/start need_{need_id}", "Still missing: <b>10 parcels</b>"),
        ("12", ["Still needed: 10 parcels. How much can you give?",
                "All that is missing (10 parcels)"]),
        ("0", "greater than zero"),
        ("8", "You pledged <b>8 parcels</b>"),
    ])
    await world.converse(ANNA, [
        (f"/start need_{need_id}", ["Mancano ancora: <b>2 pacchi</b>", "1 pacco",
                                    "Tutto quello che manca (2 pacchi)"]),
        ("5", "Mancano ancora 2 pacchi. Quanto puoi dare?"),
        (Forge(f"pq:{need_id}:4"), "Mancano ancora 2 pacchi"),  # a forged quantity button
        (Forge(f"pq:{need_id}:-1"), "non è più valido"),
        ("3", ["Hai offerto <b>3 pacchi</b>", "▰▰▰▰▰ 11/10 pacchi"]),
        (f"/start need_{need_id}", "gli impegni sono già al completo"),
    ])
    await world.converse(LUCA, [  # Luca's old "all that is missing" button, pressed late
        (Forge(f"pq:{need_id}:all"), "already fully pledged"),
        (Forge(f"pq:{need_id}:1"), "already fully pledged"),
    ])
    assert await pledge_rows(world, need_id) == [
        (LUCA, Decimal(8), Decimal(0), "active"), (ANNA, Decimal(3), Decimal(0), "active")]
    assert (await need_row(world, need_id)).pledged == Decimal(11)
