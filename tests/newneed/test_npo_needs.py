"""Non-profits' needs (issue 25) in the chat: a designer posts a fundraising need (a wrong
link and a past campaign end asked again) and a capacity-building one; a confirmed member of a
non-profit proposes one for it and the designer approves it; a citizen's, a company member's
and a pending member's forged "propose for an organisation" are refused; /needs and the pledge
screen show the organisation and where to give; a pledge to a fundraising need is confirmed
delivered by the designer; /balance lists them. Italian and English.

The people are newneed's (Marco designs Milano, Luca — a company's member — designs
Lombardia here); Anna acts for the non-profit Caritas Ambrosiana (Milano, confirmed), Pia
asked to and waits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal

import pytest

from bot.config import Settings
from bot.services import needs
from bot.services.needs import NeedDraft, ProposalDraft
from bot.services.roles import NotAllowed
from storage.models import Membership
from tests.conftest import Clock
from tests.helpers.outbox import outbox_rows, payload
from tests.helpers.rows import add_member, team_id
from tests.newneed.conftest import LUCA, MARCO, MILANO_GROUP, SARA, needs_rows
from tests.world import Forge, Press, World, open_world

ANNA, PIA = 2010, 2011
LINK = "https://dona.example.org/pulmino"


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    async with open_world(settings, clock, (MARCO, "Marco", "it"), (SARA, "Sara", "it"),
                          (LUCA, "Luca", "en"), (ANNA, "Anna", "it"), (PIA, "Pia", "it")
                          ) as world:
        now = clock()
        async with world.uow() as uow:
            milano = await team_id(uow, "Cohesion Makers Milano")
            lombardia = await team_id(uow, "Cohesion Makers Lombardia")
            await uow.roles.grant(telegram_id=LUCA, role="designer", team_id=lombardia, now=now)
            caritas = await uow.organisations.add(name="Caritas Ambrosiana",
                                                  name_key="caritas ambrosiana", kind="npo",
                                                  territory_code="F205", now=now)
            # A company of the same comune: never offered as a non-profit.
            await uow.organisations.add(name="Navigli Logistica Srl", name_key="navigli",
                                        kind="company", territory_code="F205", now=now)
            # A non-profit outside Lombardia: never offered to its teams.
            await uow.organisations.add(name="Roma Solidale", name_key="roma solidale",
                                        kind="npo", territory_code="H501", now=now)
            assert caritas.id is not None
            for who, name, confirmed in ((ANNA, "Anna", True), (PIA, "Pia", False)):
                member = await add_member(uow, who, name, now=now)
                assert member.id is not None
                uow.session.add(Membership(member_id=member.id, team_id=milano, joined_at=now))
                await uow.organisations.add_member(organisation_id=caritas.id, telegram_id=who,
                                                   confirmed=confirmed, confirmed_by=None,
                                                   now=now)
        yield world


async def _caritas(world: World) -> int:
    async with world.uow() as uow:
        found = await uow.organisations.acting_for(ANNA)
        assert found is not None and found.id is not None
        return found.id


async def test_a_designer_posts_a_fundraising_need_step_by_step_in_italian(
        world: World) -> None:
    await world.converse(MARCO, [
        ("/newneed", "Cosa serve?"),
        ("Un pulmino per la mensa", "Salta"),
        (Press("Salta"), "Raccolta fondi"),
        (Press("Raccolta fondi"), ["Dove si può donare?", "Il bot non gestisce mai denaro"]),
        ("www", ["“www” non è un indirizzo web dove si possa donare", LINK]),
        ("ftp://dona.example.org", "non è un indirizzo web"),
        (LINK, "Quanto serve, in €?"),
        ("3000", ["Per quale ente del terzo settore del territorio è?", "Caritas Ambrosiana",
                  "Nessuno di questi"]),
        (Forge("nnorg:999"), "non è più valido"),
        (Press("Caritas Ambrosiana"), "urgente"),
        (Press("Alta"), "Quando finisce la campagna?"),
        (Forge("nnskip:deadline"), "Una raccolta fondi ha bisogno del giorno in cui finisce"),
        ("20/11/2026", ["già passata", "Quando finisce la campagna? Ad esempio: 31/01."]),
        ("31/01", "Salta"),
        (Press("Salta"), "Milano"),
        ("Milano", ["Controlla il bisogno", "Categoria: Raccolta fondi",
                    f"Dona qui: {LINK}", "Per: Caritas Ambrosiana",
                    "Fine della campagna: 31 gennaio 2027", "✏️ Dove donare"]),
        (Press("Pubblica"), "✅ Pubblicato: <b>Un pulmino per la mensa</b>."),
    ])
    [need] = await needs_rows(world)
    assert (need.category, need.unit, need.resource, need.target, need.link,
            need.organisation_id, need.deadline, need.urgency) == (
        "fundraising", "eur", "money", Decimal(3000), LINK, await _caritas(world),
        date(2027, 1, 31), "high")
    announced = {r.key: r for r in await outbox_rows(world)}[
        f"need-announce:{need.id}:{MILANO_GROUP}"]
    text = payload(announced)["text"]
    assert [part for part in (
        "Per: Caritas Ambrosiana", f"💶 Dona qui: {LINK}", "la campagna finisce il 31 gennaio 2027",
        "Un impegno è la promessa di donare attraverso quel link") if part not in text] == []


async def test_a_capacity_need_in_one_line_in_english(world: World) -> None:
    await world.converse(LUCA, [
        ("/newneed 5 kg Pasta for the canteen #fundraising",
         "A fundraising is counted in euro, and capacity building in hours of a profession."),
        ("/newneed €500 A van #fundraising by 31/01 https://x",
         "“https://x” is not a web address people can give at"),
        ("/newneed 20 hours Annual accounts #capacity by 31/12",
         "Which profession is needed?"),
        ("a", "write the skill's name"),
        ("accountant", ["Which non-profit of the territory is it for?", "Caritas Ambrosiana"]),
        (Press("None of these"), ["Check the need before publishing it",
                                  "Category: Capacity building",
                                  "Asked: 20 hours pro bono of accountant", "✏️ Profession"]),
        (Press("Publish"), "Published: <b>Annual accounts</b>"),
    ])
    [need] = await needs_rows(world)
    assert (need.category, need.unit, need.resource, need.skill, need.target, need.link,
            need.organisation_id) == ("capacity", "skill_hours", "skills", "accountant",
                                      Decimal(20), None, None)
    # Roma Solidale (another region) and the company are never offered.
    said = await world.converse(LUCA, [
        ("/newneed 10 hours Website for the association #capacity", "Which profession"),
        ("web developer", "Caritas Ambrosiana")])
    assert "Roma Solidale" not in said[-1].text + str(said[-1].buttons)
    assert "Navigli" not in str(said[-1].buttons)


async def test_a_non_profit_member_proposes_and_the_designer_approves(world: World,
                                                                      clock: Clock) -> None:
    await world.converse(ANNA, [
        ("/propose", ["Che cosa vuoi proporre?", "Un bisogno come gli altri",
                      "Una raccolta fondi per Caritas Ambrosiana",
                      "Rafforzamento delle capacità per Caritas Ambrosiana"]),
        ("ciao", "pulsanti"),
        (Press("Una raccolta fondi"), "Che bisogno hai notato?"),
        ("Un pulmino per la mensa", "Salta"),
        (Press("Salta"), "Dove si può donare?"),
        ("dona punto org", "non è un indirizzo web"),
        (LINK, "Quanto serve, in €?"),
        ("2000", "Un pulmino per la mensa"),
    ])
    [need] = await needs_rows(world)
    caritas = await _caritas(world)
    assert (need.status, need.category, need.unit, need.target, need.link,
            need.organisation_id, need.proposed_by) == (
        "proposed", "fundraising", "eur", Decimal(2000), LINK, caritas, ANNA)
    await world.converse(MARCO, [
        ("/proposals", ["Un pulmino per la mensa", "Per: Caritas Ambrosiana",
                        f"Dona qui: {LINK}"]),
        (Press("Approva"), "Quando finisce la campagna?"),
        ("31/01", ["Una proposta da pubblicare", "Per: Caritas Ambrosiana",
                   "Fine della campagna: 31 gennaio 2027"]),
        (Press("Pubblica"), "Pubblicato"),
    ])
    [need] = await needs_rows(world)
    assert (need.status, need.deadline, need.organisation_id, need.link, need.posted_by) == (
        "open", date(2027, 1, 31), caritas, LINK, MARCO)


async def test_a_capacity_proposal_in_english_needs_a_confirmed_non_profit_member(
        world: World) -> None:
    async with world.uow() as uow:  # Luca leaves the demo's company for Caritas, confirmed
        link = await uow.organisations.membership_of(LUCA)
        assert link is not None
        await uow.session.delete(link)
        await uow.session.flush()
        await uow.organisations.add_member(organisation_id=await _caritas(world),
                                           telegram_id=LUCA, confirmed=True, confirmed_by=ANNA,
                                           now=world.clock())  # type: ignore[operator]
    await world.converse(LUCA, [
        ("/propose", "Capacity building for Caritas Ambrosiana"),
        (Press("Capacity building"), "What"),
        ("Bookkeeping for the canteen", "Skip"),
        (Press("Skip"), "Which profession is needed?"),
        ("accountant", "How much is needed"),
        ("30", "Bookkeeping for the canteen"),
    ])
    [need] = await needs_rows(world)
    assert (need.category, need.unit, need.skill, need.target, need.status) == (
        "capacity", "skill_hours", "accountant", Decimal(30), "proposed")


async def test_forged_presses_to_propose_for_an_organisation_are_refused(world: World) -> None:
    # Luca acts for a company (the demo's): no choice is offered, a forged one refused.
    await world.converse(LUCA, [
        (Forge("nnpk:fundraising"),
         "Only confirmed members of a non-profit can propose a need for it."),
    ])
    # Pia asked to act for Caritas and waits: she proposes an ordinary need only.
    said = await world.converse(PIA, [
        ("/propose", "Che bisogno hai notato?"),
        (Forge("nnpk:capacity"),
         "Solo i membri confermati di un ente del terzo settore possono proporre"),
    ])
    assert "Che cosa vuoi proporre?" not in said[0].text
    # Anna, confirmed, with an old button outside the choice: answered as stale.
    await world.converse(ANNA, [(Forge("nnpk:fundraising"), "non è più valido")])
    # The service asks too: a proposal for an organisation one does not act for.
    async with world.uow() as uow:
        milano = await team_id(uow, "Cohesion Makers Milano")
        with pytest.raises(NotAllowed):
            await needs.propose_need(uow, now=world.clock(), telegram_id=PIA,  # type: ignore[operator]
                                     team_id=milano, draft=ProposalDraft(
                                         title="Raccolta per la mensa", category="fundraising",
                                         organisation_id=await _caritas(world)))
    assert await needs_rows(world) == []


async def test_needs_shows_it_a_pledge_is_delivered_and_the_balance_lists_it(
        world: World) -> None:
    caritas = await _caritas(world)
    async with world.uow() as uow:
        milano = await team_id(uow, "Cohesion Makers Milano")
        view = await needs.post_need(
            uow, now=world.clock(), telegram_id=MARCO, team_id=milano,  # type: ignore[operator]
            draft=NeedDraft(title="Un pulmino per la mensa", quantity=Decimal(3000), unit="eur",
                            category="fundraising", deadline=date(2027, 1, 31), link=LINK,
                            organisation_id=caritas),
            bot_username=world.settings.bot_username)
    await world.converse(ANNA, [
        ("/needs", ["<b>Un pulmino per la mensa</b>", "per Caritas Ambrosiana",
                    "la campagna finisce il 31 gen 2027", f"💶 Dona qui: {LINK}"]),
        (f"/start need_{view.id}", ["Il tuo impegno è la promessa di donare attraverso quel "
                                    "link", "Mancano"]),
        ("50", ["Grazie", f"Dona qui: {LINK}"]),
    ])
    await world.converse(LUCA, [
        (f"/start need_{view.id}", ["for Caritas Ambrosiana", f"💶 Give here: {LINK}",
                                    "Your pledge is a promise to give through that link"]),
    ])
    await world.converse(MARCO, [
        ("/needs", ["Anna: 50 € per <b>Un pulmino per la mensa</b>", "Consegnato: tutto"]),
        (Press("✅ 1."), "Registrato: Anna ha consegnato"),
        ("/balance", ["Un pulmino per la mensa"]),
    ])
    [need] = await needs_rows(world)
    assert (need.pledged, need.delivered) == (Decimal(50), Decimal(50))
