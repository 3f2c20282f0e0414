"""The organisations' use cases on both databases: who is asked to confirm a request (members,
else the territory's designers, else the admins), an admin may decide any, and a designer's
list leaves out their own request."""

from __future__ import annotations

from bot.services import organisations
from domain.territory import Gazetteer
from tests.organisations.conftest import EMMA, GIULIA, MARCO, SARA
from tests.world import World

ADMIN = 9001


async def test_a_request_nobody_near_can_decide_goes_to_the_admins(world: World) -> None:
    gazetteer = Gazetteer.load()
    now = world.clock()  # type: ignore[operator]
    async with world.uow() as uow:
        await uow.roles.grant(telegram_id=ADMIN, role="admin", now=now)
        # An institution in Sicily: no member, no team there.
        palermo = await uow.organisations.add(name="Comune di Palermo", name_key="comune di "
                                              "palermo", kind="institution",
                                              territory_code="G273", now=now)
        assert palermo.id is not None
        sara = await uow.members.by_telegram_id(SARA)
        assert sara is not None
        sara.actor_type = "institution"
        await organisations.ask_to_join(uow, gazetteer, member=sara, organisation_id=palermo.id,
                                        now=now)
        [event] = [e for e in uow.events if isinstance(e, organisations.JoinRequested)]
        assert event.deciders == (ADMIN,)
        link = await uow.organisations.membership_of(SARA)
        assert link is not None and link.id is not None
        # Marco designs for Milano, not Palermo; the admin may decide.
        for who in (MARCO, GIULIA, EMMA):
            try:
                await organisations.decide(uow, gazetteer, by=who, link_id=link.id, accept=True,
                                           now=now)
            except organisations.OrganisationProblem as problem:
                assert problem.code == "not_allowed"
            else:
                raise AssertionError(f"{who} decided")
        assert await organisations.decide(uow, gazetteer, by=ADMIN, link_id=link.id,
                                          accept=True, now=now) == ("Comune di Palermo", "Sara")
        assert (await uow.organisations.membership_of(SARA)).status == (  # type: ignore[union-attr]
            "confirmed")


async def test_a_designer_does_not_list_their_own_request(world: World) -> None:
    gazetteer = Gazetteer.load()
    now = world.clock()  # type: ignore[operator]
    async with world.uow() as uow:
        sara = await uow.members.by_telegram_id(SARA)
        assert sara is not None
        sara.actor_type = "institution"
        [(consorzio, _name, _key)] = await uow.organisations.of_kind("institution")
        await organisations.ask_to_join(uow, gazetteer, member=sara, organisation_id=consorzio,
                                        now=now)
        [event] = [e for e in uow.events if isinstance(e, organisations.JoinRequested)]
        assert event.deciders == ()  # she is its territory's only designer; no admin
        assert await organisations.requests_for_designer(uow, gazetteer,
                                                         telegram_id=SARA) == ()
