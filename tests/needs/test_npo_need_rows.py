"""Non-profits' needs on both databases: a fundraising need keeps its link, campaign end and
organisation; the rules refuse one without them, in another unit, for a company or a
non-profit of another territory; a capacity need keeps its profession; only a confirmed member
proposes for a non-profit; an approval completes the campaign end; the link reader."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from bot.services import needs
from bot.services.needs import NeedDraft, NeedEdit, NeedProblem, ProposalDraft
from bot.services.roles import NotAllowed
from domain.needs import ParseError, missing_for_kind, parse_link
from storage.models import Member, Team
from storage.uow import UnitOfWork
from tests.conftest import Clock

DESIGNER, ANNA, PIA = 100, 300, 301
BOT = "CohesionMakersBot"
LINK = "https://dona.example.org/pulmino"
Factory = Callable[[], UnitOfWork]
World = tuple[Factory, int, int, int, int]


@pytest.fixture
async def world(uow_factory: Factory, clock: Clock) -> World:
    """Team Milano with its designer; Caritas (non-profit, Milano) with Anna confirmed and Pia
    pending, both members of the team; a company of Milano; a non-profit of Roma."""
    now = clock()
    async with uow_factory() as uow:
        team = await uow.teams.add(Team(name="CM Milano", territory_code="F205", created_at=now))
        assert team.id
        await uow.roles.grant(telegram_id=DESIGNER, role="designer", team_id=team.id, now=now)
        caritas = await uow.organisations.add(name="Caritas", name_key="caritas", kind="npo",
                                              territory_code="F205", now=now)
        company = await uow.organisations.add(name="Navigli Srl", name_key="navigli",
                                              kind="company", territory_code="F205", now=now)
        roma = await uow.organisations.add(name="Roma Solidale", name_key="roma", kind="npo",
                                           territory_code="H501", now=now)
        assert caritas.id and company.id and roma.id
        for who, confirmed in ((ANNA, True), (PIA, False)):
            member = await uow.members.add(Member(
                telegram_id=who, display_name="x", language="it", consent_at=now,
                onboarded_at=now, actor_type="npo", territory_code="F205", created_at=now))
            assert member.id
            await uow.memberships.join(member_id=member.id, team_id=team.id, now=now)
            await uow.organisations.add_member(organisation_id=caritas.id, telegram_id=who,
                                               confirmed=confirmed, confirmed_by=None, now=now)
    return uow_factory, team.id, caritas.id, company.id, roma.id


def _fundraising(**changes: object) -> NeedDraft:
    values: dict[str, object] = dict(title="Un pulmino per la mensa", quantity=Decimal(3000),
                                     unit="eur", category="fundraising",
                                     deadline=date(2027, 1, 31), link=LINK)
    values.update(changes)
    return NeedDraft(**values)  # type: ignore[arg-type]


async def _post(factory: Factory, clock: Clock, team: int, draft: NeedDraft) -> int:
    async with factory() as uow:
        return (await needs.post_need(uow, now=clock(), telegram_id=DESIGNER, team_id=team,
                                      draft=draft, bot_username=BOT)).id


async def test_a_fundraising_need_keeps_its_link_campaign_end_and_organisation(
        world: World, clock: Clock) -> None:
    factory, team, caritas, _, _ = world
    need_id = await _post(factory, clock, team, _fundraising(organisation_id=caritas))
    async with factory() as uow:
        need = await uow.needs.get(need_id)
        assert need is not None
        assert (need.link, need.organisation_id, need.deadline, need.resource, need.unit) == (
            LINK, caritas, date(2027, 1, 31), "money", "eur")
        card = await needs.find_need(uow, need_id=need_id)
        assert card is not None and card.organisation_name == "Caritas"
        # The organisation deleted: the need stays, for nobody in particular.
        organisation = await uow.organisations.get(caritas)
        await uow.session.delete(organisation)
    async with factory() as uow:
        need = await uow.needs.get(need_id)
        assert need is not None and need.organisation_id is None


@pytest.mark.parametrize(("changes", "code"), [
    ({"link": None}, "no_link"),
    ({"link": "dona.example.org"}, "bad_link"),
    ({"deadline": None}, "no_campaign_end"),
    ({"unit": "kg"}, "kind_unit"),
    ({"unit": "hours"}, "kind_unit"),
])
async def test_a_fundraising_need_without_what_it_asks_is_refused(
        world: World, clock: Clock, changes: dict[str, object], code: str) -> None:
    factory, team, _, _, _ = world
    with pytest.raises(NeedProblem) as refused:
        await _post(factory, clock, team, _fundraising(**changes))
    assert refused.value.code == code


async def test_only_a_non_profit_of_the_teams_territory_is_kept(world: World,
                                                                clock: Clock) -> None:
    factory, team, caritas, company, roma = world
    for other in (company, roma, 999):
        with pytest.raises(NeedProblem) as refused:
            await _post(factory, clock, team, _fundraising(organisation_id=other))
        assert refused.value.code == "bad_organisation"
    async with factory() as uow:
        assert await needs.npos_for_team(uow, team_id=team) == [(caritas, "Caritas")]


async def test_a_capacity_need_keeps_its_profession_and_drops_a_link(world: World,
                                                                     clock: Clock) -> None:
    factory, team, caritas, _, _ = world
    need_id = await _post(factory, clock, team, NeedDraft(
        title="Bilancio sociale", quantity=Decimal(20), unit="skill_hours",
        category="capacity", skill="commercialista", link=LINK, organisation_id=caritas))
    async with factory() as uow:
        need = await uow.needs.get(need_id)
        assert need is not None
        assert (need.skill, need.resource, need.link, need.organisation_id) == (
            "commercialista", "skills", None, caritas)
    with pytest.raises(NeedProblem) as refused:
        await _post(factory, clock, team, NeedDraft(
            title="Bilancio sociale", quantity=Decimal(20), unit="eur", category="capacity"))
    assert refused.value.code == "kind_unit"


async def test_a_confirmed_member_proposes_for_the_non_profit_and_it_is_approved(
        world: World, clock: Clock) -> None:
    factory, team, caritas, _, _ = world
    proposal = ProposalDraft(title="Un pulmino per la mensa", category="fundraising",
                             quantity=Decimal(2000), unit="eur", link=LINK,
                             organisation_id=caritas)
    async with factory() as uow:
        with pytest.raises(NotAllowed):  # pending: not yet acting for it
            await needs.propose_need(uow, now=clock(), telegram_id=PIA, team_id=team,
                                     draft=proposal)
    async with factory() as uow:
        need_id = (await needs.propose_need(uow, now=clock(), telegram_id=ANNA, team_id=team,
                                            draft=proposal)).need.id
    async with factory() as uow:
        with pytest.raises(NeedProblem) as refused:  # the campaign end is still missing
            await needs.approve(uow, now=clock(), telegram_id=DESIGNER, need_id=need_id,
                                bot_username=BOT)
        assert refused.value.code == "no_campaign_end"
    async with factory() as uow:
        await needs.approve(uow, now=clock(), telegram_id=DESIGNER, need_id=need_id,
                            bot_username=BOT, draft=_fundraising(
                                quantity=Decimal(2000), organisation_id=caritas))
    async with factory() as uow:
        need = await uow.needs.get(need_id)
        assert need is not None
        assert (need.status, need.link, need.organisation_id, need.proposed_by) == (
            "open", LINK, caritas, ANNA)


@pytest.mark.parametrize(("text", "read"), [
    (LINK, LINK),
    ("www.dona.example.org", "https://www.dona.example.org"),
    ("http://dona.example.org/a?b=1.", "http://dona.example.org/a?b=1"),
    ("dona.example.org", None), ("https://x", None), ("ftp://dona.example.org", None),
    ("https://dona example.org", None), ("javascript:alert(1)", None),
    ("https://" + "a" * 300 + ".org", None), ("", None),
])
def test_a_link_is_an_http_address_with_a_real_host(text: str, read: str | None) -> None:
    found = parse_link(text)
    assert (found if isinstance(found, str) else None) == read
    if read is None:
        assert isinstance(found, ParseError) and found.code == "bad_link"


def test_what_each_kind_still_lacks() -> None:
    assert missing_for_kind("fundraising", link=None, deadline=None, skill=None) == [
        "link", "deadline"]
    assert missing_for_kind("capacity", link=None, deadline=None, skill=None) == ["skill"]
    assert missing_for_kind("food", link=None, deadline=None, skill=None) == []


async def test_an_edit_keeps_a_non_profits_need_what_its_kind_asks(world: World,
                                                                   clock: Clock) -> None:
    factory, team, caritas, _, _ = world
    hours = await _post(factory, clock, team, NeedDraft(
        title="Turni alla mensa", quantity=Decimal(10), unit="hours", category="food"))
    async with factory() as uow:
        with pytest.raises(NeedProblem) as refused:  # hours are no fundraising
            await needs.edit(uow, now=clock(), telegram_id=DESIGNER, need_id=hours,
                             changes=NeedEdit(category="fundraising"))
        assert refused.value.code == "kind_unit"
    raised = await _post(factory, clock, team, _fundraising(organisation_id=caritas))
    async with factory() as uow:
        await needs.edit(uow, now=clock(), telegram_id=DESIGNER, need_id=raised,
                         changes=NeedEdit(category="other"))
    async with factory() as uow:
        need = await uow.needs.get(raised)
        assert need is not None
        assert (need.category, need.link, need.organisation_id) == ("other", None, None)
