"""The views the chat reads, on SQLite and PostgreSQL: a page of needs with its teams' names
and whether another page follows, a designer's pending deliveries (their own teams' only),
one delivery or pledge checked for its designer or owner."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest

from bot.services import needs
from bot.services.needs import NeedDraft, NeedProblem, Pledged
from bot.services.roles import NotAllowed
from storage.models import Team
from storage.uow import UnitOfWork
from tests.conftest import Clock

DESIGNER_A, DESIGNER_B, ANNA, BRUNO = 100, 200, 300, 301
Factory = Callable[[], UnitOfWork]


@pytest.fixture
async def teams(uow_factory: Factory, clock: Clock) -> tuple[Factory, int, int]:
    """Team A (Milano) with designer A and members Anna and Bruno, by name; team B with
    designer B."""
    async with uow_factory() as uow:
        a = await uow.teams.add(Team(name="CM Milano", territory_code="F205", created_at=clock()))
        b = await uow.teams.add(Team(name="CM Bergamo", territory_code="A794", created_at=clock()))
        assert a.id and b.id
        await uow.roles.grant(telegram_id=DESIGNER_A, role="designer", team_id=a.id, now=clock())
        await uow.roles.grant(telegram_id=DESIGNER_B, role="designer", team_id=b.id, now=clock())
        for person, name in ((ANNA, "Anna"), (BRUNO, "Bruno")):
            member = await uow.members.get_or_create(telegram_id=person, now=clock())
            member.consent_at = member.onboarded_at = clock()
            member.territory_code, member.display_name = "F205", name
            assert member.id
            await uow.memberships.join(member_id=member.id, team_id=a.id, now=clock())
        ids = a.id, b.id
    return uow_factory, *ids


async def test_pages_deliveries_and_who_may_see_them(teams, clock) -> None:  # type: ignore[no-untyped-def]
    factory, team_a, team_b = teams
    async with factory() as uow:
        ids = [(await needs.post_need(
            uow, now=clock() + timedelta(minutes=n), telegram_id=DESIGNER_A, team_id=team_a,
            draft=NeedDraft(title=f"Bisogno numero {n}", quantity=Decimal(10), unit="hours"),
            bot_username="CohesionMakersBot")).id for n in range(7)]
        other = (await needs.post_need(
            uow, now=clock(), telegram_id=DESIGNER_B, team_id=team_b,
            draft=NeedDraft(title="Bisogno di Bergamo", quantity=Decimal(5), unit="kg"),
            bot_username="CohesionMakersBot")).id
    async with factory() as uow:
        first = await needs.pledge(uow, now=clock(), telegram_id=ANNA, need_id=ids[0],
                                   quantity=Decimal(4), margin=0.1)
        second = await needs.pledge(uow, now=clock(), telegram_id=BRUNO, need_id=other,
                                    quantity=Decimal(1), margin=0.1)
    assert isinstance(first, Pledged) and isinstance(second, Pledged)
    async with factory() as uow:
        page0 = await needs.browse(uow, telegram_id=ANNA, page=0, per_page=5)
        page1 = await needs.browse(uow, telegram_id=ANNA, page=1, per_page=5)
        health = await needs.browse(uow, telegram_id=ANNA, category="health")
    assert (len(page0.cards), page0.has_more, len(page1.cards), page1.has_more) == (5, True, 2,
                                                                                   False)
    assert {c.team_name for c in page0.cards} == {"CM Milano"}
    assert page1.cards[-1].need.id == ids[0]  # the one with pledges comes last
    assert health.cards == ()  # posted without a category: "other"
    async with factory() as uow:
        mine = await needs.pending_deliveries(uow, telegram_id=DESIGNER_A)
        theirs = await needs.pending_deliveries(uow, telegram_id=DESIGNER_B)
        nobody = await needs.pending_deliveries(uow, telegram_id=ANNA)
    assert [(d.pledge.id, d.member_name, d.owed) for d in mine] == [
        (first.pledge.id, "Anna", Decimal(4))]
    assert [(d.need.id, d.member_name) for d in theirs] == [(other, "Bruno")]
    assert nobody == []
    async with factory() as uow:
        with pytest.raises(NotAllowed):
            await needs.delivery(uow, telegram_id=DESIGNER_B, pledge_id=first.pledge.id)
        with pytest.raises(NotAllowed):
            await needs.pledge_of(uow, telegram_id=BRUNO, pledge_id=first.pledge.id)
        with pytest.raises(NeedProblem):
            await needs.pledge_of(uow, telegram_id=ANNA, pledge_id=99999)
        assert (await needs.pledge_of(uow, telegram_id=ANNA,
                                      pledge_id=first.pledge.id)).quantity == Decimal(4)
        await needs.confirm_delivery(uow, now=clock(), telegram_id=DESIGNER_A,
                                     pledge_id=first.pledge.id)
    async with factory() as uow:
        assert await needs.pending_deliveries(uow, telegram_id=DESIGNER_A) == []
        with pytest.raises(NeedProblem) as problem:
            await needs.delivery(uow, telegram_id=DESIGNER_A, pledge_id=first.pledge.id)
        assert problem.value.code == "not_active"
        card = await needs.find_need(uow, need_id=ids[0])
        assert await needs.find_need(uow, need_id=99999) is None
    assert card is not None and card.team_name == "CM Milano" and needs.is_pledgeable(card.need)
