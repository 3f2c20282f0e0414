"""/propose by a member (English), the designer's notice with Approve / Decline through the
outbox (Italian), approval after completing the quantity, decline with a reason, the
proposer told in their language, and a proposal already handled answered without change."""

from __future__ import annotations

import json
from decimal import Decimal

from sqlmodel import col, delete

from scheduler.sender import OutboxSender
from storage.models import Membership
from tests.conftest import Clock
from tests.helpers.outbox import outbox_rows, payload
from tests.newneed.conftest import LUCA, MARCO, MILANO_GROUP, SARA, events, needs_rows
from tests.world import Forge, Press, World


async def test_a_proposal_approved_after_completing_the_quantity(world: World,
                                                                 clock: Clock) -> None:
    await world.converse(LUCA, [
        ("/propose", "What need have you noticed?"),
        ("Company for lonely elderly people", "Describe it in a few lines"),
        ("Two neighbours in via Padova live alone", "Which category is it?"),
        (Press("Loneliness"), ["If you don't know how much is needed, press Skip", "Skip"]),
        (Press("Skip"), "Thank you! Your proposal <b>Company for lonely elderly people</b> "
                        "has been sent to the team's designers"),
    ])
    [need] = await needs_rows(world)
    assert (need.status, need.proposed_by, need.target, need.unit, need.category) == (
        "proposed", LUCA, None, None, "loneliness")
    [notice] = await outbox_rows(world)
    assert notice.chat_id == MARCO and notice.key.startswith(f"need:{need.id}:proposed:")
    body = payload(notice)
    # (issue 22: the notice names the proposer)
    assert "Luca ha proposto un bisogno: <b>Company for lonely elderly people</b>" in body[
        "text"]
    assert [b["callback_data"] for b in body["reply_markup"]["inline_keyboard"][0]] == [
        f"nnprop:approve:{need.id}", f"nnprop:decline:{need.id}"]

    await OutboxSender(world.bot, world.sessions, clock=clock).drain(idle=clock.tick)
    await world.converse(MARCO, [
        (Press("Approva"), ["La proposta non dice quanto serve: completiamola.",
                            "Che cosa si chiede?"]),
        (Press("Ore di volontariato"), "Quanto serve, in ore?"),
        ("otto", "non è un numero"),
        ("8", ["Una proposta da pubblicare", "Titolo: <b>Company for lonely elderly people</b>",
               "Richiesta: 8 ore", "Categoria: Solitudine e compagnia"]),
        (Press("✏️ Titolo"), "Cosa serve?"),
        ("Compagnia per anziani soli", "Titolo: <b>Compagnia per anziani soli</b>"),
        (Press("Pubblica"), ["✅ Pubblicato: <b>Compagnia per anziani soli</b>.",
                             "Chi l'ha proposto verrà avvisato."]),
        (Forge(f"nnprop:approve:{need.id}"), "Questa proposta è già stata gestita"),
    ])
    [need] = await needs_rows(world)
    assert (need.status, need.posted_by, need.target, need.unit, need.title) == (
        "open", MARCO, Decimal(8), "hours", "Compagnia per anziani soli")
    assert [e.kind for e in await events(world, need.id or 0)] == ["proposed", "approved"]
    rows = {r.key: r for r in await outbox_rows(world)}
    [told] = [r for k, r in rows.items() if k.startswith(f"need:{need.id}:approved:")]
    assert told.chat_id == LUCA
    assert "Your proposal <b>Compagnia per anziani soli</b> has been approved and published" in \
        payload(told)["text"]
    announced = rows[f"need-announce:{need.id}:{MILANO_GROUP}"]
    assert "▱▱▱▱▱ 0/8 ore" in payload(announced)["text"]


async def test_a_proposal_declined_with_a_reason(world: World) -> None:
    await world.converse(LUCA, [
        ("/propose", "What need have you noticed?"),
        ("Pasta for the soup kitchen", "Describe it"),
        (Press("Skip"), "Which category"),
        (Press("Food and essentials"), "What would help"),
        (Press("Kilos"), "How much is needed, in kg?"),
        ("40", "Thank you! Your proposal"),
    ])
    [need] = await needs_rows(world)
    assert (need.target, need.unit, need.resource) == (Decimal(40), "kg", "goods")
    await world.converse(SARA, [  # a designer, but of other teams
        ("/proposals", "Non ci sono proposte in attesa."),
        (Forge(f"nnprop:decline:{need.id}"), "Solo un designer del team di questo bisogno"),
    ])
    await world.converse(MARCO, [
        ("/proposals", ["💡 Proposta per Cohesion Makers Milano: <b>Pasta for the soup "
                        "kitchen</b>", "Richiesta: 40 kg", "✅ Approva", "✖️ Rifiuta"]),
        (Press("Rifiuta"), "Perché rifiuti <b>Pasta for the soup kitchen</b>?"),
        ("?", "Scrivi il motivo in una riga"),
        ("Ci pensa già il banco alimentare", "La proposta <b>Pasta for the soup kitchen</b> è "
                                             "stata rifiutata"),
        (Forge(f"nnprop:approve:{need.id}"), "Questa proposta è già stata gestita"),
        ("/proposals", "Non ci sono proposte in attesa."),
    ])
    [need] = await needs_rows(world)
    assert need.status == "declined"
    history = await events(world, need.id or 0)
    assert [e.kind for e in history] == ["proposed", "declined"]
    assert json.loads(history[-1].details or "{}") == {"reason": "Ci pensa già il banco alimentare"}
    [told] = [r for r in await outbox_rows(world) if r.key.startswith(f"need:{need.id}:declined")]
    assert told.chat_id == LUCA
    assert payload(told)["text"] == ("Your proposal <b>Pasta for the soup kitchen</b> was not "
                                     "accepted: Ci pensa già il banco alimentare")
    assert not [r for r in await outbox_rows(world) if r.key.startswith("need-announce")]


async def test_propose_needs_registration_and_a_team(world: World) -> None:
    world.person(1001, "Giulia", "it")
    await world.converse(1001, [("/propose", "Prima registriamoci: invia /start.")])
    async with world.uow() as uow:
        member = await uow.members.by_telegram_id(SARA)
        assert member is not None
        await uow.session.exec(delete(Membership).where(
            col(Membership.member_id) == member.id))  # type: ignore[call-overload]
    await world.converse(SARA, [("/propose", "Prima entra in un team con /join")])
