"""Reducing a pledge (issue 22, point 14), in the chat and in both languages: /pledges offers
✂️ Reduce next to ↩️ Withdraw, a smaller typed quantity lowers the pledge and gives the rest back
to the need (a covered need opens again), the team's designer hears it (``PledgeReduced``), a
quantity that is not smaller or not more than what arrived is asked again, a forged press on
someone else's pledge changes nothing; and a pledge over the room left is answered with what is
still needed, worded simply."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from tests.conftest import Clock
from tests.helpers.needs import (
    ANNA,
    LUCA,
    MARCO,
    kinds,
    need_row,
    pledge_id,
    pledge_rows,
    post,
)
from tests.helpers.outbox import outbox_rows, release, text_of
from tests.world import Forge, Press, World


async def pledge(world: World, who: int, need_id: int, typed: str) -> None:
    await world.converse(who, [(f"/start need_{need_id}", "🤝"), (typed, "✅")])


async def told_to_designer(world: World, clock: Clock) -> list[str]:
    """The designer's grouped notices of the hour (released when it ends)."""
    clock.now += timedelta(hours=1)
    await release(world, clock)
    return [text_of(row) for row in await outbox_rows(world)
            if row.chat_id == MARCO and row.key.startswith("notice:")]


async def test_a_pledge_is_reduced_in_english_and_the_designer_hears_it(
        world: World, clock: Clock) -> None:
    need_id = await post(world, "Accompagnare anziani alle visite", 10)
    await pledge(world, LUCA, need_id, "6")
    await pledge(world, ANNA, need_id, "4")
    assert (await need_row(world, need_id)).status == "covered"
    await world.converse(LUCA, [
        ("/pledges", ["↩️ Withdraw 1. Accompagnare anziani", "✂️ Reduce 1.",
                      "To give less than you pledged, reduce it."]),
        (Press("✂️ Reduce 1."), "Your pledge to <b>Accompagnare anziani alle visite</b> is 6 "
                               "hours. How much do you want to keep? Type a smaller number."),
        ("8", "Your pledge is 6 hours: type a smaller number"),
        ("6", "Your pledge is 6 hours: type a smaller number"),
        ("tanti", "Please type just a number"),
        ("2", "✂️ Your pledge to <b>Accompagnare anziani alle visite</b> is now 2 hours."),
        ("/pledges", "<b>Accompagnare anziani alle visite</b>: 2 hours"),
    ])
    assert await pledge_rows(world, need_id) == [
        (LUCA, Decimal(2), Decimal(0), "active"), (ANNA, Decimal(4), Decimal(0), "active")]
    need = await need_row(world, need_id)
    assert (need.pledged, need.status) == (Decimal(6), "open")
    assert await kinds(world, need_id) == ["posted", "pledged", "pledged", "covered", "reduced"]
    # Marco hears it with the hour's other pledges, in one message (issue 22, point 1).
    [told] = await told_to_designer(world, clock)
    assert "• Luca ha ridotto il suo impegno di 4 ore" in told
    assert "• Anna ha offerto 4 ore" in told
    # What is still needed, worded simply, when Luca offers more than that.
    await world.converse(LUCA, [
        (f"/start need_{need_id}", "Still missing: <b>4 hours</b>"),
        ("20", "Still needed: 4 hours. How many can you give?"),
    ])
    assert (await need_row(world, need_id)).pledged == Decimal(6)


async def test_una_riduzione_in_italiano_e_un_tasto_falsificato(world: World,
                                                                clock: Clock) -> None:
    parcels = await post(world, "Pacchi per la mensa", 5, "parcels", category="food")
    hours = await post(world, "Lezioni di italiano", 24, category="education")
    await pledge(world, ANNA, parcels, "3")
    await pledge(world, LUCA, parcels, "1")
    await pledge(world, ANNA, hours, "4")
    annas = await pledge_id(world, parcels, ANNA)
    await world.converse(LUCA, [  # Anna's pledge, forged by Luca: refused, nothing changes
        (Forge(f"pr:{annas}"), "This pledge is not yours: nothing was changed."),
        (Forge("pr:99999"), "I can't find this pledge"),
    ])
    await world.converse(ANNA, [
        ("/pledges", ["✂️ Riduci 1.", "✂️ Riduci 2."]),
        (Press("✂️ Riduci 2."), "Il tuo impegno per <b>Pacchi per la mensa</b> è di 3 pacchi. "
                               "Quanto vuoi tenerne? Scrivi un numero più piccolo."),
        ("1,5", "si conta in numeri interi"),
        ("0", "maggiore di zero"),
        ("1", "✂️ Il tuo impegno per <b>Pacchi per la mensa</b> ora è di 1 pacco."),
        (Forge(f"pr:{annas}"), "Il tuo impegno per <b>Pacchi per la mensa</b> è di 1 pacco"),
        ("1", "Il tuo impegno è di 1 pacco: scrivi un numero più piccolo"),
        (f"/start need_{hours}", "Mancano ancora: <b>20 ore</b>"),
        ("30", "Mancano ancora 20 ore. Quante puoi darne?"),
        (f"/start need_{parcels}", "Mancano ancora: <b>3 pacchi</b>"),
        ("9", "Mancano ancora 3 pacchi. Quanto puoi dare?"),
    ])
    assert await pledge_rows(world, parcels) == [
        (ANNA, Decimal(1), Decimal(0), "active"), (LUCA, Decimal(1), Decimal(0), "active")]
    assert (await need_row(world, parcels)).pledged == Decimal(2)
    assert (await need_row(world, hours)).pledged == Decimal(4)
    told = "\n".join(await told_to_designer(world, clock))
    assert "• Anna ha ridotto il suo impegno di 2 pacchi" in told


async def test_what_already_arrived_cannot_be_reduced_away(world: World) -> None:
    need_id = await post(world, "Accompagnare anziani alle visite", 10)
    await pledge(world, LUCA, need_id, "5")
    lucas = await pledge_id(world, need_id, LUCA)
    await world.converse(MARCO, [
        ("/needs", "✂️ 1. Consegnato: una parte"),
        (Press("✂️ 1."), "Quanto è arrivato"),
        ("3", "📦 Registrato"),
    ])
    await world.converse(LUCA, [
        (Forge(f"pr:{lucas}"), ["is 5 hours", "3 hours already arrived: keep more than that."]),
        ("2", "3 hours already arrived: type more than that."),
        ("4", "is now 4 hours"),
    ])
    assert await pledge_rows(world, need_id) == [(LUCA, Decimal(4), Decimal(3), "active")]
    assert (await need_row(world, need_id)).pledged == Decimal(4)
