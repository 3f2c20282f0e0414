"""The needs use cases on the database: posting (by a designer only), proposing, approving and
declining, editing / closing / reopening by the designer of that team only, pledging within
the margin, withdrawing, partial and whole delivery, and the covered / fulfilled / expired
transitions as the pinned clock moves, each recorded with who and when — and who is told what
(the use cases' events, through the notifier, into the outbox)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest

from bot.services import needs
from bot.services.needs import NeedDraft, NeedEdit, NeedProblem, Pledged, PledgeRefused
from bot.services.roles import NotAllowed
from domain.needs import OneLine, parse_one_line
from storage.models import Team
from storage.uow import UnitOfWork
from tests.conftest import Clock

DESIGNER_A, DESIGNER_B, ANNA, BRUNO, OUTSIDER = 100, 200, 300, 301, 999
MARGIN = Decimal("0.1")
BOT = "CohesionMakersBot"
Factory = Callable[[], UnitOfWork]


@pytest.fixture
async def teams(uow_factory: Factory, clock: Clock) -> tuple[Factory, int, int]:
    """Team A (Milano) with designer A and members Anna and Bruno; team B with designer B."""
    async with uow_factory() as uow:
        a = await uow.teams.add(Team(name="CM Milano", territory_code="F205", created_at=clock()))
        b = await uow.teams.add(Team(name="CM Bergamo", territory_code="A794", created_at=clock()))
        assert a.id and b.id
        await uow.roles.grant(telegram_id=DESIGNER_A, role="designer", team_id=a.id, now=clock())
        await uow.roles.grant(telegram_id=DESIGNER_B, role="designer", team_id=b.id, now=clock())
        for person in (DESIGNER_A, ANNA, BRUNO):
            member = await uow.members.get_or_create(telegram_id=person, now=clock())
            member.consent_at = member.onboarded_at = clock()
            member.territory_code = "F205"
            assert member.id
            await uow.memberships.join(member_id=member.id, team_id=a.id, now=clock())
        team_a, team_b = a.id, b.id
    return uow_factory, team_a, team_b


DRAFT = NeedDraft(title="Accompagnare anziani alle visite", quantity=Decimal(10), unit="hours",
                  category="health")


async def _post(factory: Factory, clock: Clock, team: int, draft: NeedDraft = DRAFT) -> int:
    async with factory() as uow:
        return (await needs.post_need(uow, now=clock(), telegram_id=DESIGNER_A, team_id=team,
                                      draft=draft, bot_username=BOT)).id


async def _pledge(factory: Factory, clock: Clock, who: int, need_id: int,
                  quantity: int | str) -> Pledged | PledgeRefused:
    async with factory() as uow:
        return await needs.pledge(uow, now=clock(), telegram_id=who, need_id=need_id,
                                  quantity=Decimal(quantity), margin=MARGIN)


async def _told(factory: Factory, need_id: int) -> list[tuple[int, str]]:
    """Who was told what about the need so far: (chat, kind) of its outbox rows, in order."""
    async with factory() as uow:
        rows = await uow.outbox.all()
    return [(row.chat_id, row.key.split(":")[2]) for row in rows
            if row.key.startswith(f"need:{need_id}:")]


async def _kinds(factory: Factory, need_id: int) -> list[str]:
    async with factory() as uow:
        return [kind for _at, _by, kind in await needs.history(uow, need_id=need_id)]


async def test_a_designer_posts_from_one_line_and_a_member_cannot(teams, clock) -> None:  # type: ignore[no-untyped-def]
    factory, team_a, _ = teams
    line = parse_one_line("/newneed 20 ore Accompagnare anziani #salute entro 15/12",
                          today=clock().date())
    assert isinstance(line, OneLine)
    async with factory() as uow:
        view = await needs.post_need(uow, now=clock(), telegram_id=DESIGNER_A, team_id=team_a,
                                     draft=NeedDraft.from_one_line(line), bot_username=BOT)
    assert (view.target, view.unit, view.category, view.status, view.deadline) == (
        Decimal(20), "hours", "health", "open", date(2026, 12, 15))
    async with factory() as uow:
        with pytest.raises(NotAllowed):
            await needs.post_need(uow, now=clock(), telegram_id=ANNA, team_id=team_a, draft=DRAFT,
                                  bot_username=BOT)
        with pytest.raises(NeedProblem) as problem:
            await needs.post_need(uow, now=clock(), telegram_id=DESIGNER_A, team_id=team_a,
                                  draft=NeedDraft(title="Pacchi", quantity=Decimal("2.5"),
                                                  unit="parcels"), bot_username=BOT)
        assert problem.value.code == "not_whole"
    assert await _kinds(factory, view.id) == ["posted"]


async def test_another_teams_designer_cannot_close_and_nothing_changes(teams, clock) -> None:  # type: ignore[no-untyped-def]
    factory, team_a, _ = teams
    need_id = await _post(factory, clock, team_a)
    async with factory() as uow:
        with pytest.raises(NotAllowed):
            await needs.close(uow, now=clock(), telegram_id=DESIGNER_B, need_id=need_id)
        with pytest.raises(NotAllowed):
            await needs.edit(uow, now=clock(), telegram_id=DESIGNER_B, need_id=need_id,
                             changes=NeedEdit(title="Rubato"))
    async with factory() as uow:
        need = await uow.needs.get(need_id)
        assert need is not None and (need.status, need.title) == (
            "open", "Accompagnare anziani alle visite")
    assert await _kinds(factory, need_id) == ["posted"]


async def test_propose_then_approve_or_decline(teams, clock) -> None:  # type: ignore[no-untyped-def]
    factory, team_a, _ = teams
    async with factory() as uow:
        with pytest.raises(NotAllowed):
            await needs.propose_need(uow, now=clock(), telegram_id=OUTSIDER, team_id=team_a,
                                     draft=needs.ProposalDraft(title="Spesa per anziani"))
        proposed = await needs.propose_need(uow, now=clock(), telegram_id=ANNA, team_id=team_a,
                                            draft=needs.ProposalDraft(title="Spesa per anziani"))
    assert proposed.need.status == "proposed"
    assert await _told(factory, proposed.need.id) == [(DESIGNER_A, "proposed")]
    async with factory() as uow:
        with pytest.raises(NeedProblem) as problem:  # no quantity yet: the designer adds one
            await needs.approve(uow, now=clock(), telegram_id=DESIGNER_A,
                                need_id=proposed.need.id, bot_username=BOT)
        assert problem.value.code == "no_quantity"
        approved = await needs.approve(
            uow, now=clock(), telegram_id=DESIGNER_A, need_id=proposed.need.id,
            draft=NeedDraft(title="Spesa per anziani", quantity=Decimal(5), unit="parcels",
                            category="food"), bot_username=BOT)
    assert (approved.need.status, approved.need.posted_by, approved.need.proposed_by) == (
        "open", DESIGNER_A, ANNA)
    assert await _told(factory, proposed.need.id) == [(DESIGNER_A, "proposed"),
                                                      (ANNA, "approved")]
    async with factory() as uow:
        other = await needs.propose_need(uow, now=clock(), telegram_id=BRUNO, team_id=team_a,
                                         draft=needs.ProposalDraft(title="Corso di italiano"))
        declined = await needs.decline(uow, now=clock(), telegram_id=DESIGNER_A,
                                       need_id=other.need.id, reason="già coperto dal comune")
    assert declined.need.status == "declined"
    assert await _told(factory, other.need.id) == [(DESIGNER_A, "proposed"),
                                                   (BRUNO, "declined")]
    assert await _kinds(factory, proposed.need.id) == ["proposed", "approved"]
    assert await _kinds(factory, other.need.id) == ["proposed", "declined"]


async def test_pledging_covers_over_pledging_is_refused_with_what_is_open(teams, clock) -> None:  # type: ignore[no-untyped-def]
    factory, team_a, _ = teams
    need_id = await _post(factory, clock, team_a)
    first = await _pledge(factory, clock, ANNA, need_id, 6)
    assert isinstance(first, Pledged) and first.need.status == "open"
    assert await _told(factory, need_id) == []
    refused = await _pledge(factory, clock, BRUNO, need_id, 6)   # room: 11 - 6 = 5
    assert refused == PledgeRefused(need_id, Decimal(4), Decimal(5), "over_limit")
    clock.now += timedelta(hours=3)
    second = await _pledge(factory, clock, BRUNO, need_id, 5)    # 11 of 10: within the margin
    assert isinstance(second, Pledged) and second.need.status == "covered"
    # (issue 22: the team's designer hears it too)
    assert await _told(factory, need_id) == [(ANNA, "covered"), (DESIGNER_A, "covered-designer")]
    async with factory() as uow:
        assert [p.quantity for p in await needs.pledges_of(uow, telegram_id=BRUNO)] == [5]
        need = await uow.needs.get(need_id)
        assert need is not None and need.covered_at == clock.now
    assert await _kinds(factory, need_id) == ["posted", "pledged", "pledged", "covered"]


async def test_withdraw_only_by_the_pledger_and_covered_is_told_once(teams, clock) -> None:  # type: ignore[no-untyped-def]
    factory, team_a, _ = teams
    need_id = await _post(factory, clock, team_a)
    a = await _pledge(factory, clock, ANNA, need_id, 5)
    b = await _pledge(factory, clock, BRUNO, need_id, 5)
    assert isinstance(a, Pledged) and isinstance(b, Pledged) and b.need.status == "covered"
    async with factory() as uow:
        with pytest.raises(NotAllowed):
            await needs.withdraw(uow, now=clock(), telegram_id=ANNA, pledge_id=b.pledge.id)
        back = await needs.withdraw(uow, now=clock(), telegram_id=BRUNO, pledge_id=b.pledge.id)
    assert (back.need.status, back.need.pledged) == ("open", Decimal(5))
    again = await _pledge(factory, clock, BRUNO, need_id, 5)
    assert isinstance(again, Pledged) and again.need.status == "covered"
    assert await _told(factory, need_id) == [  # once: not again
        (ANNA, "covered"), (DESIGNER_A, "covered-designer")]


async def test_partial_then_whole_delivery_fulfils(teams, clock) -> None:  # type: ignore[no-untyped-def]
    factory, team_a, _ = teams
    need_id = await _post(factory, clock, team_a)
    p = await _pledge(factory, clock, ANNA, need_id, 10)
    assert isinstance(p, Pledged)
    async with factory() as uow:
        with pytest.raises(NotAllowed):
            await needs.confirm_delivery(uow, now=clock(), telegram_id=ANNA, pledge_id=p.pledge.id)
        part = await needs.confirm_delivery(uow, now=clock(), telegram_id=DESIGNER_A,
                                            pledge_id=p.pledge.id, quantity=Decimal(4))
    assert (part.need.delivered, part.need.status) == (Decimal(4), "covered")
    # she covered it herself; the designer hears it (issue 22)
    assert await _told(factory, need_id) == [(DESIGNER_A, "covered-designer"), (ANNA, "thanks")]
    clock.now += timedelta(days=2)
    async with factory() as uow:
        with pytest.raises(NeedProblem):
            await needs.confirm_delivery(uow, now=clock(), telegram_id=DESIGNER_A,
                                         pledge_id=p.pledge.id, quantity=Decimal(7))
        rest = await needs.confirm_delivery(uow, now=clock(), telegram_id=DESIGNER_A,
                                            pledge_id=p.pledge.id)
    assert (rest.need.delivered, rest.need.status) == (Decimal(10), "fulfilled")
    async with factory() as uow:
        (mine,) = await needs.pledges_of(uow, telegram_id=ANNA)
    assert (mine.status, mine.delivered) == ("delivered", Decimal(10))
    assert await _kinds(factory, need_id) == [
        "posted", "pledged", "covered", "delivered", "delivered", "fulfilled"]


async def test_expire_due_close_reopen_and_edit_tell_the_pledgers(teams, clock) -> None:  # type: ignore[no-untyped-def]
    factory, team_a, _ = teams
    soon = clock().date() + timedelta(days=2)
    need_id = await _post(factory, clock, team_a,
                          NeedDraft(title="Coperte per il dormitorio", quantity=Decimal(30),
                                    unit="unit:coperte", deadline=soon))
    assert isinstance(await _pledge(factory, clock, ANNA, need_id, 3), Pledged)
    async with factory() as uow:
        changed = await needs.edit(uow, now=clock(), telegram_id=DESIGNER_A, need_id=need_id,
                                   changes=NeedEdit(quantity=Decimal(20), urgency="high"))
        assert changed.told == 1
        assert await needs.expire_due(uow, now=clock()) == []      # the deadline day is open
    assert await _told(factory, need_id) == [(ANNA, "changed")]
    clock.now += timedelta(days=3)
    async with factory() as uow:
        (expired,) = await needs.expire_due(uow, now=clock())
    assert expired.need.status == "expired"
    assert await _told(factory, need_id) == [(ANNA, "changed"), (ANNA, "expired")]
    async with factory() as uow:
        with pytest.raises(NeedProblem):   # expired: reopening needs a new deadline
            await needs.reopen(uow, now=clock(), telegram_id=DESIGNER_A, need_id=need_id)
        reopened = await needs.reopen(uow, now=clock(), telegram_id=DESIGNER_A, need_id=need_id,
                                      deadline=clock().date() + timedelta(days=10))
        assert reopened.need.status == "open"
        closed = await needs.close(uow, now=clock(), telegram_id=DESIGNER_A, need_id=need_id)
    assert closed.need.status == "closed"
    assert closed.told == 1
    assert await _told(factory, need_id) == [(ANNA, "changed"), (ANNA, "expired"),
                                             (ANNA, "closed")]
    assert await _kinds(factory, need_id) == [
        "posted", "pledged", "edited", "expired", "reopened", "closed"]
    refused = await _pledge(factory, clock, BRUNO, need_id, 1)
    assert isinstance(refused, PledgeRefused) and refused.reason == "not_pledgeable"


async def test_needs_for_a_member_least_covered_and_most_urgent_first(teams, clock) -> None:  # type: ignore[no-untyped-def]
    factory, team_a, team_b = teams
    half = await _post(factory, clock, team_a, NeedDraft(title="Pasti caldi", quantity=Decimal(4),
                                                         unit="parcels"))
    calm = await _post(factory, clock, team_a, NeedDraft(title="Lezioni di italiano",
                                                         quantity=Decimal(10), unit="hours",
                                                         urgency="low"))
    urgent = await _post(factory, clock, team_a, NeedDraft(title="Visite mediche",
                                                           quantity=Decimal(10), unit="hours",
                                                           urgency="high"))
    assert isinstance(await _pledge(factory, clock, ANNA, half, 2), Pledged)
    async with factory() as uow:
        await needs.post_need(uow, now=clock(), telegram_id=DESIGNER_B, team_id=team_b,
                              draft=NeedDraft(title="A Bergamo", quantity=Decimal(1), unit="kg"),
                              bot_username=BOT)
        listed = await needs.list_for_member(uow, telegram_id=BRUNO, limit=10)
        page2 = await needs.list_for_member(uow, telegram_id=BRUNO, limit=2, offset=2)
        goods = await needs.list_for_member(uow, telegram_id=BRUNO, resource="goods")
    assert [n.id for n in listed] == [urgent, calm, half]
    assert [n.id for n in page2] == [half]
    assert [n.id for n in goods] == [half]


async def test_erasing_a_member_keeps_their_pledge_counted_without_them(teams, clock) -> None:  # type: ignore[no-untyped-def]
    """/deleteme: the totals hold ("deleted member"), nothing points at the person any more."""
    from bot import capabilities

    factory, team_a, _ = teams
    need_id = await _post(factory, clock, team_a)
    assert isinstance(await _pledge(factory, clock, ANNA, need_id, 3), Pledged)
    async with factory() as uow:
        anna = await uow.members.by_telegram_id(ANNA)
        assert anna is not None
        await capabilities.erase(uow, capabilities.person_of(anna), now=clock())
    async with factory() as uow:
        assert await uow.members.by_telegram_id(ANNA) is None
        assert await needs.pledges_of(uow, telegram_id=ANNA) == []
        need = await uow.needs.get(need_id)
        assert need is not None and need.pledged == 3


async def test_mydata_lists_the_members_pledges(teams, clock) -> None:  # type: ignore[no-untyped-def]
    import json

    from bot import capabilities

    factory, team_a, _ = teams
    need_id = await _post(factory, clock, team_a)
    assert isinstance(await _pledge(factory, clock, BRUNO, need_id, 2), Pledged)
    async with factory() as uow:
        bruno = await uow.members.by_telegram_id(BRUNO)
        assert bruno is not None
        data = json.loads(await capabilities.export(uow, capabilities.person_of(bruno)))
    assert [(p["need_id"], p["quantity"], p["status"]) for p in data["pledges"]] == [
        (need_id, "2.00", "active")]


async def test_mydata_lists_the_suggestions_received_and_the_opt_out(teams, clock) -> None:  # type: ignore[no-untyped-def]
    import json

    from bot import capabilities

    factory, team_a, _ = teams
    need_id = await _post(factory, clock, team_a)
    async with factory() as uow:
        await uow.nudges.record_many([(BRUNO, need_id, "uncovered")], now=clock())
        bruno = await uow.members.by_telegram_id(BRUNO)
        assert bruno is not None
        bruno.nudges_off = True
    async with factory() as uow:
        bruno = await uow.members.by_telegram_id(BRUNO)
        assert bruno is not None
        data = json.loads(await capabilities.export(uow, capabilities.person_of(bruno)))
    assert data["suggestions_of_needs"] == "off"
    assert data["suggestions_received"] == [
        {"need_id": need_id, "kind": "uncovered", "at": clock().isoformat()}]


async def test_erasure_takes_the_words_of_a_proposal_nobody_adopted(teams, clock) -> None:  # type: ignore[no-untyped-def]
    """/deleteme: a proposal still waiting loses its words and is withdrawn, and the notice
    that quoted it to the designer goes; one the designer adopted is the team's need now and
    keeps its text, only without its proposer."""
    from bot import capabilities
    from bot.services.needs import ProposalDraft

    factory, team_a, _ = teams
    async with factory() as uow:
        waiting = (await needs.propose_need(uow, now=clock(), telegram_id=ANNA, team_id=team_a,
                                            draft=ProposalDraft(title="Coperte per Quarnaro",
                                                                description="Dieci coperte"))
                   ).need.id
        adopted = (await needs.propose_need(uow, now=clock(), telegram_id=ANNA, team_id=team_a,
                                            draft=ProposalDraft(title="Pasti caldi a Quarto",
                                                                quantity=Decimal(5),
                                                                unit="hours"))).need.id
    async with factory() as uow:
        await needs.approve(uow, now=clock(), telegram_id=DESIGNER_A, need_id=adopted,
                            bot_username=BOT)
    assert (DESIGNER_A, "proposed") in await _told(factory, waiting)
    async with factory() as uow:
        anna = await uow.members.by_telegram_id(ANNA)
        assert anna is not None
        data = json.loads(await capabilities.export(uow, capabilities.person_of(anna)))
        assert [p["title"] for p in data["proposals"]] == ["Coperte per Quarnaro"]
        await capabilities.erase(uow, capabilities.person_of(anna), now=clock())
    async with factory() as uow:
        gone, kept = await uow.needs.get(waiting), await uow.needs.get(adopted)
    assert gone is not None and kept is not None
    assert (gone.title, gone.description, gone.status, gone.proposed_by) == (
        "[erased]", None, "declined", None)
    assert (kept.title, kept.status, kept.proposed_by) == ("Pasti caldi a Quarto", "open", None)
    assert await _told(factory, waiting) == []
