"""A pledge made for an organisation stays with it: the confirmation says for whom, and the
pledge keeps its organisation when its pledger leaves the organisation and when they erase
themselves. An organisation whose last member is erased goes only if nothing is recorded
with it. On both databases."""

from __future__ import annotations

from sqlmodel import col, select

from storage.models import Pledge
from tests.helpers.needs import post
from tests.organisations.conftest import EMMA, LUCA
from tests.world import Press, World


async def pledges_of_organisation(world: World, organisation_id: int
                                  ) -> list[tuple[int | None, int | None]]:
    async with world.uow() as uow:
        rows = (await uow.session.exec(select(Pledge).where(
            col(Pledge.organisation_id) == organisation_id))).all()
    return [(p.member_telegram_id, int(p.quantity)) for p in rows]


async def test_a_pledge_for_a_company_survives_leaving_it_and_erasure(world: World) -> None:
    need_id = await post(world, "Furgone per la raccolta", 10)
    async with world.uow() as uow:
        navigli = await uow.organisations.acting_for(LUCA)
    assert navigli is not None and navigli.id is not None
    await world.converse(LUCA, [
        (f"/start need_{need_id}", "Still missing"),
        (Press("2 hours"), "✅ Thank you! You pledged <b>2 hours</b> to <b>Furgone per la "
                           "raccolta</b> for <b>Navigli Logistica Srl</b>."),
    ])
    assert await pledges_of_organisation(world, navigli.id) == [(LUCA, 2)]
    await world.converse(LUCA, [  # he now acts as a citizen: the pledge stays the company's
        ("/profile", "Actor type"), (Press("Actor type"), "Who"),
        (Press("Citizen"), "You act as: 🙋 Citizen"),
        (f"/start need_{need_id}", "Still missing"),
        (Press("1 hour"), "✅ Thank you! You pledged <b>1 hour</b> to <b>Furgone per la "
                          "raccolta</b>.\n"),
    ])
    async with world.uow() as uow:
        assert await uow.organisations.acting_for(LUCA) is None
        assert await uow.organisations.get(navigli.id) is not None  # it has a pledge: it stays
    assert await pledges_of_organisation(world, navigli.id) == [(LUCA, 2)]
    await world.converse(LUCA, [("/deleteme", "Are you sure?"),
                                (Press("Yes, erase"), "Your data has been erased.")])
    assert await pledges_of_organisation(world, navigli.id) == [(None, 2)]
    async with world.uow() as uow:
        assert (await uow.organisations.get(navigli.id)).name == (  # type: ignore[union-attr]
            "Navigli Logistica Srl")


async def test_erasing_the_last_member_of_an_organisation_with_nothing_recorded_deletes_it(
        world: World) -> None:
    await world.converse(EMMA, [
        ("/start", "Choose"), (Press("English"), "Privacy"), (Press("I agree"), "Who"),
        (Press("Non-profit"), "non-profit"), ("Xylofrond Aiuta", "is now registered"),
        ("milano", "What can you offer?"), (Press("Skip"), "time"), (Press("Skip"), "Thank"),
    ])
    async with world.uow() as uow:
        [(xylofrond, _name, _key)] = [o for o in await uow.organisations.of_kind("npo")
                                      if o[1] == "Xylofrond Aiuta"]
    await world.converse(EMMA, [("/deleteme", "Are you sure?"),
                                (Press("Yes, erase"), "Your data has been erased.")])
    async with world.uow() as uow:
        assert await uow.organisations.get(xylofrond) is None
        assert [o[1] for o in await uow.organisations.of_kind("npo")] == [
            "Bergamo Solidale", "Banco di Comunità Milano"]
