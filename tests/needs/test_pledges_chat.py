"""After pledging, in the chat and in both languages: /pledges and withdrawing (a forged
withdraw of someone else's pledge refused), the designer's deliveries whole and partial with
the member thanked through the outbox (a designer of another team refused), and the pledgers
told once each, in their language, when a need is covered or expires (the scheduler's job,
clock moved past the deadline's Italian day)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from cohesion.app import scheduler_service
from scheduler.runner import SingleProcess
from tests.conftest import Clock
from tests.helpers.needs import (
    ANNA,
    LUCA,
    MARCO,
    MILANO_GROUP,
    SARA,
    kinds,
    need_row,
    outbox,
    pledge_id,
    pledge_rows,
    post,
)
from tests.world import Forge, Press, World


async def pledge(world: World, who: int, need_id: int, typed: str) -> None:
    await world.converse(who, [(f"/start need_{need_id}", "🤝"), (typed, "✅")])


async def test_my_pledges_and_withdrawing_one(world: World) -> None:
    visits = await post(world, "Accompagnare anziani alle visite", 10, deadline=date(2026, 12, 15))
    parcels = await post(world, "Pacchi per la mensa", 5, "parcels", category="food")
    await pledge(world, LUCA, visits, "3")
    await pledge(world, LUCA, parcels, "2")
    await world.converse(LUCA, [
        ("/pledges", ["📋 <b>Your pledges</b>", "<b>Pacchi per la mensa</b>: 2 parcels, "
                      "delivered 0 parcels · ⏳ waiting for delivery",
                      "<b>Accompagnare anziani alle visite</b>: 3 hours",
                      "↩️ Withdraw 1. Pacchi per la mensa", "↩️ Withdraw 2."]),
        (Press("Withdraw 2."), ["Withdraw your pledge of 3 hours to <b>Accompagnare anziani",
                                "Yes, withdraw", "No, keep it"]),
        (Press("No, keep it"), "your pledge stays"),
        ("/pledges", "Withdraw 2."),
        (Press("Withdraw 2."), "Withdraw your pledge of 3 hours"),
        (Press("Yes, withdraw"), "Your pledge to <b>Accompagnare anziani alle visite</b> is "
                                 "withdrawn"),
        (Forge(f"pw:{await pledge_id(world, visits, LUCA)}:yes"), "no longer active"),
        ("/pledges", ["↩️ withdrawn", "Withdraw 1. Pacchi"]),
    ])
    assert await pledge_rows(world, visits) == [(LUCA, Decimal(3), Decimal(0), "withdrawn")]
    assert (await need_row(world, visits)).pledged == Decimal(0)
    assert await pledge_rows(world, parcels) == [(LUCA, Decimal(2), Decimal(0), "active")]
    await pledge(world, ANNA, visits, "2,5")
    await world.converse(ANNA, [
        ("/pledges", ["📋 <b>I tuoi impegni</b>", "2,5 ore, consegnati 0 ore",
                      "⏳ in attesa di consegna", "↩️ Ritira 1."]),
        (Press("Ritira 1."), ["Ritirare il tuo impegno di 2,5 ore", "Sì, ritiro"]),
        (Press("Sì, ritiro"), "Il tuo impegno per <b>Accompagnare anziani alle visite</b> è "
                              "ritirato"),
        ("/pledges", "↩️ ritirato"),
    ])
    assert await kinds(world, visits) == ["posted", "pledged", "withdrawn", "pledged",
                                          "withdrawn"]


async def test_a_forged_withdraw_of_someone_elses_pledge_changes_nothing(world: World) -> None:
    need_id = await post(world, "Spesa per tre famiglie", 200, "eur", category="food")
    await pledge(world, LUCA, need_id, "50")
    lucas = await pledge_id(world, need_id, LUCA)
    await world.converse(ANNA, [
        (Forge(f"pw:{lucas}:ask"), "Questo impegno non è tuo: non è stato cambiato nulla"),
        (Forge(f"pw:{lucas}:yes"), "Questo impegno non è tuo"),
        (Forge("pw:99999:yes"), "Non trovo questo impegno"),
        (Forge(f"pw:{lucas}:maybe"), "non è più valido"),
    ])
    await world.converse(LUCA, [(Forge(f"pw:{lucas}:jump"), "no longer valid")])
    assert await pledge_rows(world, need_id) == [(LUCA, Decimal(50), Decimal(0), "active")]
    assert (await need_row(world, need_id)).pledged == Decimal(50)
    assert await kinds(world, need_id) == ["posted", "pledged"]


async def test_the_designer_confirms_deliveries_whole_and_in_part(world: World) -> None:
    need_id = await post(world, "Accompagnare anziani alle visite", 10)
    await pledge(world, LUCA, need_id, "4")
    await pledge(world, ANNA, need_id, "3")
    await world.converse(MARCO, [
        ("/needs", ["📦 <b>Consegne da confermare</b> (i tuoi team)",
                    "1. Luca: 4 ore per <b>Accompagnare anziani alle visite</b> (consegnati "
                    "finora: 0 ore)", "2. Anna: 3 ore", "✅ 1. Consegnato: tutto",
                    "✂️ 2. Consegnato: una parte"]),
        (Press("✅ 1."), "📦 Registrato: Luca ha consegnato 4 ore per <b>Accompagnare anziani"),
        ("/needs", ["1. Anna: 3 ore", "✂️ 1. Consegnato: una parte"]),
        (Press("✂️ 1."), "Quanto è arrivato dell'impegno di Anna (3 ore)?"),
        ("5", "È più di quanto l'impegno debba ancora (3 ore)"),
        ("/needs", "✂️ 1."),
        (Press("✂️ 1."), "Quanto è arrivato"),
        ("1,5", "📦 Registrato: Anna ha consegnato 1,5 ore"),
    ])
    assert await pledge_rows(world, need_id) == [
        (LUCA, Decimal(4), Decimal(4), "delivered"), (ANNA, Decimal(3), Decimal("1.5"), "active")]
    assert (await need_row(world, need_id)).delivered == Decimal("5.5")
    thanks = [(chat, text) for chat, key, text in await outbox(world) if ":thanks:" in key]
    assert thanks == [
        (LUCA, "🙏 The team confirmed what you delivered for <b>Accompagnare anziani alle "
               "visite</b>. Thank you!"),
        (ANNA, "🙏 Il team ha confermato quello che hai consegnato per <b>Accompagnare anziani "
               "alle visite</b>. Grazie!")]
    # Luca's pledge is no longer pending: a press on the old button changes nothing.
    await world.converse(MARCO, [
        (Forge(f"pd:{await pledge_id(world, need_id, LUCA)}:0"), "non è più attivo")])
    assert (await need_row(world, need_id)).delivered == Decimal("5.5")


async def test_a_designer_of_another_team_cannot_confirm_a_delivery(world: World) -> None:
    need_id = await post(world, "Pacchi per la mensa", 5, "parcels", category="food")
    await pledge(world, LUCA, need_id, "2")
    lucas = await pledge_id(world, need_id, LUCA)
    await world.converse(SARA, [
        ("/needs", "non ci sono bisogni aperti"),  # nothing of Milano's to confirm
        (Forge(f"pd:{lucas}:0"), "Solo un designer del team del bisogno"),
        (Forge(f"pd:{lucas}:1"), "Solo un designer del team del bisogno"),
    ])
    await world.converse(LUCA, [(Forge(f"pd:{lucas}:0"), "Only a designer of the need's team")])
    assert await pledge_rows(world, need_id) == [(LUCA, Decimal(2), Decimal(0), "active")]
    assert (await need_row(world, need_id)).delivered == Decimal(0)
    # Nothing told but the need's announcement in the group, when it was posted.
    assert [key for _chat, key, _text in await outbox(world)] == [
        f"need-announce:{need_id}:{MILANO_GROUP}"]
    assert await kinds(world, need_id) == ["posted", "pledged"]


async def test_covered_then_fulfilled_pledgers_told_once_in_their_language(world: World) -> None:
    need_id = await post(world, "Compagnia agli anziani", 4, category="loneliness")
    await pledge(world, LUCA, need_id, "2")
    await pledge(world, ANNA, need_id, "1")
    await world.converse(MARCO, [(f"/start need_{need_id}", "Mancano ancora: <b>1 ora</b>"),
                                 (Press("Tutto quello che manca"), "è coperto")])
    assert (await need_row(world, need_id)).status == "covered"
    covered = [(chat, text) for chat, key, text in await outbox(world) if ":covered:" in key]
    assert covered == [
        (LUCA, "✅ The need <b>Compagnia agli anziani</b> you pledged to is now covered. "
               "Thank you!"),
        (ANNA, "✅ Il bisogno <b>Compagnia agli anziani</b> per cui ti eri impegnato ora è "
               "coperto. Grazie!")]
    # Anna withdraws and pledges again: covered a second time is no news.
    await world.converse(ANNA, [("/pledges", "Ritira 1."), (Press("Ritira 1."), "Ritirare"),
                                (Press("Sì, ritiro"), "ritirato")])
    assert (await need_row(world, need_id)).status == "open"
    await pledge(world, ANNA, need_id, "1")
    assert (await need_row(world, need_id)).status == "covered"
    assert len([k for _c, k, _t in await outbox(world) if ":covered:" in k]) == 2
    for last in (False, False, True):  # every pledge delivered in full
        await world.converse(MARCO, [
            ("/needs", "Consegne da confermare"),
            (Press("✅ 1."), ["Registrato", *(["🎉 Il bisogno è soddisfatto"] if last else [])]),
        ])
    await world.converse(MARCO, [("/needs", "non ci sono bisogni aperti")])
    need = await need_row(world, need_id)
    assert (need.status, need.delivered) == ("fulfilled", Decimal(4))
    assert "fulfilled" in await kinds(world, need_id)
    assert len([k for _c, k, _t in await outbox(world) if ":thanks:" in k]) == 3


async def test_a_need_expires_after_its_italian_day_and_pledgers_hear_it_once(
        world: World, clock: Clock) -> None:
    need_id = await post(world, "Visite mediche", 10, deadline=date(2026, 11, 30))
    await pledge(world, LUCA, need_id, "2")
    await pledge(world, ANNA, need_id, "3")
    service = scheduler_service(world.settings, world.sessions, SingleProcess(), clock=clock)
    assert ("needs", timedelta(minutes=15)) in [(name, every) for _job, every, name
                                                 in service._sweeps()]
    clock.now = datetime(2026, 11, 30, 22, 30, tzinfo=UTC)  # 23:30 in Rome: still the 30th
    assert await service.run_job("needs") == 0
    assert (await need_row(world, need_id)).status == "open"
    clock.now = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # 00:30 on 1 December in Rome
    assert await service.run_job("needs") == 1
    assert await service.run_job("needs") == 0  # the job runs again: nothing more
    assert (await need_row(world, need_id)).status == "expired"
    expired = [(chat, text) for chat, key, text in await outbox(world) if ":expired:" in key]
    assert expired == [
        (LUCA, "⌛ The need <b>Visite mediche</b> you pledged to has passed its deadline."),
        (ANNA, "⌛ Il bisogno <b>Visite mediche</b> per cui ti eri impegnato ha superato la "
               "scadenza.")]
    assert await kinds(world, need_id) == ["posted", "pledged", "pledged", "expired"]
    await world.converse(LUCA, [
        (f"/start need_{need_id}", "This need no longer takes pledges"),
        ("/needs", "There are no open needs"),
    ])
    assert len(await pledge_rows(world, need_id)) == 2
