"""A team's designers hear what happens to its needs (issue 22, point 1): pledges and
withdrawals grouped — one message per need per hour at most, listing who and how much — or,
by their choice (a button under the notice, checked on the server), one summary a day; a need
covered or fulfilled at once; a proposal with the proposer's name.

Pledges go through the real dispatcher in English (Luca) and Italian (Anna); Marco (Milano's
designer) reads Italian, then English; the rows are checked after."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from bot.services import needs
from bot.services.needs import ProposalDraft
from bot.ui.callbacks.digest import PledgeDigestCb
from storage.models import OutboxMessage
from tests.conftest import T0, Clock
from tests.helpers.needs import ANNA, LUCA, MARCO, SARA, pledge_id, post
from tests.helpers.outbox import deliver, outbox_rows, payload, release, text_of
from tests.helpers.rows import add_member, team_id
from tests.world import Forge, Press, World


async def _to(world: World, chat: int, kind: str = "") -> list[OutboxMessage]:
    return [row for row in await outbox_rows(world)
            if row.chat_id == chat and kind in row.key]


async def _at(world: World, clock: Clock, moment: datetime) -> None:
    """The scheduler at ``moment``: due notices released, the outbox sent."""
    clock.now = moment
    await release(world, clock)
    await deliver(world, clock)


async def _pledge(world: World, who: int, need_id: int, label: str, said: str) -> None:
    await world.converse(who, [(f"/start need_{need_id}", label), (Press(label), said)])


async def test_pledges_and_withdrawals_reach_the_designer_grouped_by_the_hour(
        world: World, clock: Clock) -> None:
    need_id = await post(world, "Spesa per le famiglie del quartiere", 20)
    clock.now = T0 + timedelta(minutes=5)
    await _pledge(world, LUCA, need_id, "2 hours", "You pledged <b>2 hours</b>")
    clock.now = T0 + timedelta(minutes=20)
    await _pledge(world, ANNA, need_id, "5 ore", "Hai offerto <b>5 ore</b>")
    clock.now = T0 + timedelta(minutes=40)
    await world.converse(LUCA, [
        ("/pledges", "Withdraw 1."),
        (Press("Withdraw 1."), "Withdraw your pledge of 2 hours"),
        (Press("Yes, withdraw"), "is withdrawn"),
    ])
    # Nothing yet: the hour is not over.
    await _at(world, clock, T0 + timedelta(minutes=59))
    assert await _to(world, MARCO, ":") == []
    # At 10:00, one message for the hour, in Marco's Italian.
    await _at(world, clock, T0 + timedelta(hours=1))
    [hourly] = await _to(world, MARCO, "notice:")
    assert text_of(hourly).split("\n") == [
        "🤝 <b>Nuovi impegni</b> nell'ultima ora", "",
        "<b>Spesa per le famiglie del quartiere</b>",
        "• Luca ha offerto 2 ore", "• Anna ha offerto 5 ore", "• Luca ha ritirato 2 ore",
        "▰▱▱▱▱ 5/20 ore"]
    assert hourly.status == "sent"
    assert payload(hourly)["reply_markup"]["inline_keyboard"][0][0]["text"] == (
        "🗓 Un solo riepilogo al giorno")

    # Another pledge in the next hour: one more message at 11:00, with it alone.
    clock.now = T0 + timedelta(hours=1, minutes=10)
    await _pledge(world, ANNA, need_id, "1 ora", "Hai offerto <b>1 ora</b>")
    await _at(world, clock, T0 + timedelta(hours=2))
    hourlies = await _to(world, MARCO, "notice:")
    assert len(hourlies) == 2
    assert "• Anna ha offerto 1 ora" in text_of(hourlies[1])
    assert "Luca" not in text_of(hourlies[1])

    # Marco switches to one summary a day, with the button under the notice.
    await world.converse(MARCO, [
        (Press("Un solo riepilogo al giorno"),
         "D'ora in poi ricevi un solo riepilogo degli impegni al giorno"),
    ])
    async with world.uow() as uow:
        milano = await team_id(uow, "Cohesion Makers Milano")
        assert (await uow.roles.pledge_digests(milano))[MARCO] == "daily"
    clock.now = T0 + timedelta(hours=2, minutes=30)
    await _pledge(world, LUCA, need_id, "5 hours", "You pledged <b>5 hours</b>")
    await _at(world, clock, T0 + timedelta(hours=4))
    assert len(await _to(world, MARCO, "notice:")) == 2  # no hourly notice any more
    # 19:00 in Rome (18:00 UTC): the day's summary.
    await _at(world, clock, datetime(2026, 11, 26, 18, 0, tzinfo=T0.tzinfo))
    daily = (await _to(world, MARCO, "notice:"))[-1]
    assert text_of(daily).startswith("🗓 <b>Gli impegni di oggi</b> sui bisogni dei tuoi team")
    assert "• Luca ha offerto 5 ore" in text_of(daily)
    assert "11/20 ore" in text_of(daily)
    assert payload(daily)["reply_markup"]["inline_keyboard"][0][0]["text"] == (
        "⏱ Avvisami ogni ora")


async def test_the_switch_is_checked_on_the_server(world: World) -> None:
    # Luca is no designer: a forged switch is refused, in English.
    await world.converse(LUCA, [
        (Forge(PledgeDigestCb(digest="daily").pack()),
         "Only a team's designers hear of its pledges."),
    ])
    # A made-up choice is refused, in Marco's Italian; his choice stays hourly.
    await world.converse(MARCO, [
        (Forge("pdigest:weekly"), "Questo pulsante non è più valido."),
    ])
    async with world.uow() as uow:
        milano = await team_id(uow, "Cohesion Makers Milano")
        assert (await uow.roles.pledge_digests(milano))[MARCO] == "hourly"
        assert LUCA not in await uow.roles.pledge_digests(milano)


async def test_designers_hear_at_once_when_a_need_is_covered_and_fulfilled(
        world: World, clock: Clock) -> None:
    async with world.uow() as uow:
        member = await uow.members.by_telegram_id(MARCO)
        assert member is not None
        member.language = "en"  # Marco now reads English; Sara, a second designer, Italian
        await uow.roles.grant(telegram_id=SARA, role="designer",
                              team_id=await team_id(uow, "Cohesion Makers Milano"), now=clock())
    need_id = await post(world, "Turni in mensa", 6)
    await _pledge(world, ANNA, need_id, "Tutto quello che manca",
                  "Con il tuo impegno il bisogno è coperto")
    [covered] = await _to(world, MARCO, ":covered-designer:")
    assert text_of(covered) == ("✅ <b>Turni in mensa</b> is now covered: ▰▰▰▰▰ 6/6 hours. "
                                "Confirm deliveries as they arrive with /myneeds.")
    [coperto] = await _to(world, SARA, ":covered-designer:")
    assert text_of(coperto).startswith("✅ <b>Turni in mensa</b> è ora coperto: ▰▰▰▰▰ 6/6 ore")

    # Marco confirms the delivery: Sara hears it is fulfilled; Marco, who did it, is answered.
    async with world.uow() as uow:
        await needs.confirm_delivery(uow, now=clock(), telegram_id=MARCO,
                                     pledge_id=await pledge_id(world, need_id, ANNA))
    assert await _to(world, MARCO, ":fulfilled:") == []
    [fulfilled] = await _to(world, SARA, ":fulfilled:")
    assert text_of(fulfilled) == ("🎉 <b>Turni in mensa</b> è soddisfatto: è arrivato tutto "
                                  "ciò che chiedeva.")
    async with world.uow() as uow:
        need = await uow.needs.get(need_id)
    assert need is not None and (need.status, need.delivered) == ("fulfilled", Decimal(6))


async def test_the_proposal_notice_names_the_proposer_escaped(
        world: World, clock: Clock) -> None:
    async with world.uow() as uow:
        milano = await team_id(uow, "Cohesion Makers Milano")
        member = await add_member(uow, 2020, "<b>Gino</b> & Co", now=clock(), availability=None)
        await uow.memberships.join(member_id=member.id or 0, team_id=milano, now=clock())
        await needs.propose_need(uow, now=clock(), telegram_id=2020, team_id=milano,
                                 draft=ProposalDraft(title="Compagnia agli anziani soli",
                                                     category="loneliness"))
    [notice] = await _to(world, MARCO, ":proposed:")
    assert text_of(notice).startswith(
        "💡 &lt;b&gt;Gino&lt;/b&gt; &amp; Co ha proposto un bisogno: "
        "<b>Compagnia agli anziani soli</b>")
