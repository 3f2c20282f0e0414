"""The report of a small world built here, on SQLite and PostgreSQL, against figures worked out
by hand (each in its comment). November 2026 (Rome), compared with October.

Lombardy (R-03): team Milano (F205) and team Monza (F704); Roma (H501) is outside it.
People: A (citizen, Milano since 10 Oct), B (npo, Milano since 5 Nov), C (company, Milano
since 6 Nov), D (citizen, Monza since 2 Nov), E (Roma). The observer of Lombardy and the
designer of Milano have no member row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from bot.services import impact
from bot.services.roles import NotAllowed
from domain.period import Period
from storage.models import (
    AssessmentRun,
    AssessmentScore,
    ExpertBooking,
    ExpertProfile,
    ExpertSlot,
    Member,
    Membership,
    Need,
    Pledge,
    RoleGrant,
    TableMinutes,
    TableRsvp,
    TerritorialTable,
    TrainingProgress,
)
from storage.uow import UnitOfWork
from tests.helpers.rows import add_team

Factory = Callable[[], UnitOfWork]
NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))
A, B, C, D, E = 101, 102, 103, 104, 105
OBSERVER, DESIGNER, ADMIN = 9001, 9002, 9003
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


async def member(uow: UnitOfWork, tid: int, kind: str, team: int, joined: datetime) -> None:
    row = await uow.members.add(Member(telegram_id=tid, display_name=f"m{tid}",
                                       actor_type=kind, consent_at=joined, onboarded_at=joined,
                                       created_at=joined))
    assert row.id is not None
    uow.session.add(Membership(member_id=row.id, team_id=team, joined_at=joined))


async def need(uow: UnitOfWork, team: int, unit: str, category: str, target: int, *,
               posted: datetime, status: str = "open", place: str = "F205",
               first: datetime | None = None, covered: datetime | None = None,
               unit_value: str | None = None) -> int:
    resource = {"hours": "time", "eur": "money"}.get(unit, "goods")
    row = await uow.needs.add(Need(
        team_id=team, territory_code=place, title=f"{unit} {category}", category=category,
        resource=resource, unit=unit, target=Decimal(target), urgency="normal", status=status,
        first_pledge_at=first, covered_at=covered, created_at=posted, updated_at=posted,
        unit_value=None if unit_value is None else Decimal(unit_value)))
    assert row.id is not None
    await uow.needs.record(need_id=row.id, at=posted, by=DESIGNER, kind="posted")
    return row.id


async def pledge(uow: UnitOfWork, need_id: int, who: int | None, quantity: int,
                 made: datetime, *, delivered: int = 0,
                 delivered_at: datetime | None = None) -> None:
    uow.session.add(Pledge(need_id=need_id, member_telegram_id=who, quantity=Decimal(quantity),
                           delivered=Decimal(delivered),
                           status="delivered" if delivered == quantity else "active",
                           created_at=made, updated_at=made))
    if delivered_at is not None:
        await uow.needs.record(need_id=need_id, at=delivered_at, by=DESIGNER, kind="delivered",
                               details={"pledge": 0, "quantity": Decimal(delivered)})
    await uow.session.flush()


async def build(uow: UnitOfWork) -> dict[str, int]:
    milano = await add_team(uow, "Milano", "F205", at(9, 1))
    monza = await add_team(uow, "Monza", "F704", at(9, 1))
    roma = await add_team(uow, "Roma", "H501", at(9, 1))
    await member(uow, A, "citizen", milano, at(10, 10))
    await member(uow, B, "npo", milano, at(11, 5))
    await member(uow, C, "company", milano, at(11, 6))
    await member(uow, D, "citizen", monza, at(11, 2))
    await member(uow, E, "citizen", roma, at(11, 2))
    for tid, role, team, place in ((OBSERVER, "observer", None, "R-03"),
                                   (DESIGNER, "designer", milano, None),
                                   (ADMIN, "admin", None, None)):
        uow.session.add(RoleGrant(telegram_id=tid, role=role, team_id=team,
                                  territory_code=place, granted_at=at(9, 1)))
    # n1: posted 20 Oct, first pledge 25 Oct, covered 3 Nov (14 days after posting)
    n1 = await need(uow, milano, "hours", "health", 10, posted=at(10, 20), status="covered",
                    first=at(10, 25), covered=at(11, 3))
    await pledge(uow, n1, A, 6, at(10, 25), delivered=4, delivered_at=at(11, 10))
    await pledge(uow, n1, B, 4, at(11, 3))
    # n2: posted 10 Nov 10:00, first pledge 12:00 (2 hours); C gives 50 € (delivered 12 Nov),
    # an erased member 20 €
    n2 = await need(uow, milano, "eur", "food", 100, posted=at(11, 10), first=at(11, 10, 12))
    await pledge(uow, n2, C, 50, at(11, 10, 12), delivered=50, delivered_at=at(11, 12))
    await pledge(uow, n2, None, 20, at(11, 11))
    # n3: in Sesto (no team there), posted 1 Nov, first pledge 2 Nov (24 hours): 10 kg of 30,
    # all delivered 4 Nov, declared at 2 € a kg
    n3 = await need(uow, milano, "kg", "food", 30, posted=at(11, 1), place="I690",
                    first=at(11, 2), unit_value="2")
    await pledge(uow, n3, A, 10, at(11, 2), delivered=10, delivered_at=at(11, 4))
    # n4: posted 2 Nov, closed 20 Nov; posted from the first table's minutes
    n4 = await need(uow, milano, "items", "other", 5, posted=at(11, 2), status="closed")
    await uow.needs.record(need_id=n4, at=at(11, 20), by=DESIGNER, kind="closed")
    # n5: Monza, posted 15 Nov, nobody yet
    await need(uow, monza, "hours", "other", 5, posted=at(11, 15), place="F704")
    # Roma: outside Lombardy
    await need(uow, roma, "hours", "food", 5, posted=at(11, 15), place="H501")
    # tables: 18 Nov with minutes (3 present, 2 decisions), 25 Nov without (2 "yes"), one
    # cancelled
    tables = []
    for day, status in ((18, "scheduled"), (25, "scheduled"), (27, "cancelled")):
        table = TerritorialTable(team_id=milano, starts_at=at(11, day), place="Sala",
                                 status=status, created_at=at(11, 1), updated_at=at(11, 1))
        uow.session.add(table)
        await uow.session.flush()
        assert table.id is not None
        tables.append(table.id)
    uow.session.add(TableMinutes(table_id=tables[0], attendance='["A", "B", "Rosa"]',
                                 decisions='["one", "two"]', written_at=at(11, 18)))
    for seq, who in enumerate((A, B)):
        uow.session.add(TableRsvp(table_id=tables[1], member_telegram_id=who, answer="yes",
                                  seq=seq, answered_at=at(11, 20)))
    row = await uow.needs.get(n4)
    assert row is not None
    row.from_table_id = tables[0]
    # growth: A took the assessment on 1 Oct (listening 2.0) and again on 20 Nov (3.5)
    for finished, score in ((at(10, 1), 2.0), (at(11, 20), 3.5)):
        run = AssessmentRun(member_telegram_id=A, framework_version=1, started_at=finished,
                            finished_at=finished)
        uow.session.add(run)
        await uow.session.flush()
        assert run.id is not None
        uow.session.add(AssessmentScore(run_id=run.id, competence_id="listening", score=score,
                                        level="x"))
    uow.session.add(TrainingProgress(member_telegram_id=B, module_id="m1", opened_at=at(11, 5),
                                     done_at=at(11, 5), useful=True, feedback_at=at(11, 5)))
    expert = ExpertProfile(telegram_id=777, created_at=at(9, 1))
    uow.session.add(expert)
    await uow.session.flush()
    slot = ExpertSlot(expert_id=expert.id, starts_at=at(11, 20), ends_at=at(11, 20, 11),
                      created_at=at(11, 1))
    uow.session.add(slot)
    await uow.session.flush()
    assert slot.id is not None
    uow.session.add(ExpertBooking(slot_id=slot.id, member_telegram_id=C, feedback=4,
                                  created_at=at(11, 1), updated_at=at(11, 1)))
    await uow.session.flush()
    return {"milano": milano, "monza": monza, "roma": roma}


@pytest.fixture
async def world(uow_factory: Factory) -> dict[str, int]:
    async with uow_factory() as uow:
        return await build(uow)


async def test_who_sees_which_scope(uow_factory: Factory, world: dict[str, int]) -> None:
    async with uow_factory() as uow:
        assert [(s.kind, s.key) for s in await impact.scopes_of(uow, telegram_id=OBSERVER)] == [
            ("place", "R-03")]
        assert [(s.kind, s.key) for s in await impact.scopes_of(uow, telegram_id=DESIGNER)] == [
            ("team", str(world["milano"]))]
        assert await impact.scopes_of(uow, telegram_id=A) == []
        admin = await impact.scopes_of(uow, telegram_id=ADMIN)
        assert ("all", "all") in [(s.kind, s.key) for s in admin]
        assert ("place", "R-03") in [(s.kind, s.key) for s in admin]
        for who, kind, key in ((DESIGNER, "place", "R-03"), (OBSERVER, "team", "1"),
                               (A, "team", str(world["milano"])), (OBSERVER, "place", "R-12")):
            with pytest.raises(NotAllowed):
                await impact.report_of(uow, telegram_id=who, kind=kind, key=key,
                                       period=NOVEMBER, now=NOW)


async def test_the_report_of_lombardy_in_november(uow_factory: Factory,
                                                  world: dict[str, int]) -> None:
    async with uow_factory() as uow:
        report = await impact.report_of(uow, telegram_id=OBSERVER, kind="place", key="R-03",
                                        period=NOVEMBER, now=NOW, uncovered_after_days=3,
                                        overview=True)
    now, before = report.current, report.previous
    assert (report.scope_name, report.teams) == ("Lombardia", 2)
    assert before.period == Period(date(2026, 10, 1), date(2026, 10, 31))
    # people: A, D citizens, B npo, C company; B, C, D joined in November; A, B, C pledged
    assert now.people.by_actor_type == {"citizen": 2, "npo": 1, "company": 1, "institution": 0}
    assert (now.people.total, now.people.new, now.people.active) == (4, 3, 3)
    assert (before.people.total, before.people.new, before.people.active) == (1, 1, 1)
    # needs: posted n2, n3, n4, n5 (n1 in October); covered n1; closed n4
    n = now.needs
    assert (n.posted, n.covered, n.closed, n.fulfilled, n.expired) == (4, 1, 1, 0, 0)
    assert n.median_to_coverage == timedelta(days=14)          # 20 Oct -> 3 Nov
    assert n.median_to_first_pledge == timedelta(hours=13)     # (2 h + 24 h) / 2
    # live at the end: n1 10/10, n2 70/100, n3 10/30, n5 0/5; uncovered for 3 days: n2, n3, n5
    assert n.uncovered == 3
    assert now.balance.live_needs == 4
    assert now.balance.coverage_index == pytest.approx((1 + 0.7 + 1 / 3 + 0) / 4)
    assert before.needs.posted == 1
    # help made in November: B 4 h; C 50 € and an erased member 20 €; A 10 kg
    h = now.help
    assert (h.hours_pledged, h.money_pledged) == (Decimal(4), Decimal(70))
    # delivered in November: 4 h of A's October pledge, C's 50 €, A's 10 kg
    assert (h.hours_delivered, h.money_delivered) == (Decimal(4), Decimal(50))
    assert [(g.unit, g.pledged, g.delivered) for g in h.goods] == [("kg", Decimal(10),
                                                                    Decimal(10))]
    # of the four pledges made: 0/4, 50/50, 0/20, 10/10 delivered -> (0 + 1 + 0 + 1) / 4
    assert h.delivered_share == pytest.approx(0.5)
    assert h.givers_by_actor_type == {"citizen": 1, "npo": 1, "company": 1, "institution": 0,
                                      "unknown": 1}
    # social value: 4 h of health at 20 € = 80, 50 € of money, 10 kg at 2 € = 20 -> 150
    assert now.value.total == Decimal("150.00")
    assert (now.value.hours_value, now.value.goods_value) == (Decimal("80.00"), Decimal("20.00"))
    # tables: two held; 3 from the minutes + 2 "yes" = 5; two decisions, one became a need
    t = now.tables
    assert (t.held, t.attendance, t.attendance_source, t.with_minutes) == (2, 5, "mixed", 1)
    assert (t.decisions, t.decisions_to_needs) == (2, 1)
    # growth: A's second run (listening 2.0 -> 3.5); B's module, useful; C's expert hour (4/5)
    g = now.growth
    assert (g.assessments_taken, g.assessments_retaken) == (1, 1)
    assert [(c.competence, c.people, c.mean_change) for c in g.competence_change] == [
        ("listening", 1, 1.5)]
    assert (g.modules_completed, g.modules_useful, g.modules_rated) == (1, 1, 1)
    assert (g.expert_hours, g.expert_feedback_mean) == (Decimal("1.00"), 4.0)
    assert (before.growth.assessments_taken, before.growth.assessments_retaken) == (1, 0)
    # the overview: Monza (0) before Milano ((1 + 0.7 + 1/3) / 3); activity: Milano posted 3,
    # 4 pledges, 2 answers = 9, Monza 1; Sesto has an open need and no team
    overview = report.overview
    assert overview is not None
    assert [t.name for t in overview.by_coverage] == ["Monza", "Milano"]
    assert [(t.name, t.activity) for t in overview.by_activity] == [("Milano", 9), ("Monza", 1)]
    assert [(c.code, c.open_needs) for c in overview.comuni_without_team] == [("I690", 1)]
    assert overview.idle_teams == ()


async def test_a_designer_sees_their_team_only(uow_factory: Factory,
                                               world: dict[str, int]) -> None:
    async with uow_factory() as uow:
        report = await impact.report_of(uow, telegram_id=DESIGNER, kind="team",
                                        key=str(world["milano"]), period=NOVEMBER, now=NOW,
                                        overview=True)
    assert (report.scope_name, report.teams, report.overview) == ("Milano", 1, None)
    assert report.current.needs.posted == 3          # n2, n3, n4 (n5 is Monza's)
    assert report.current.people.total == 3


async def test_an_admins_rate_replaces_the_shipped_one(uow_factory: Factory,
                                                       world: dict[str, int]) -> None:
    async with uow_factory() as uow:
        await impact.set_rate(uow, category="health", eur="25", source="CCNL 2025", year=2025,
                              now=NOW, by=ADMIN)
    async with uow_factory() as uow:
        report = await impact.report_of(uow, telegram_id=OBSERVER, kind="place", key="R-03",
                                        period=NOVEMBER, now=NOW)
        lines = {line.category: line for line in await impact.rate_lines(uow)}
    assert report.current.value.hours_value == Decimal("100.00")   # 4 h × 25 €
    assert (lines["health"].source, lines["health"].year, lines["health"].set_by_admin) == (
        "CCNL 2025", 2025, True)
    assert not lines["food"].set_by_admin
    with pytest.raises(impact.RateProblem):
        async with uow_factory() as uow:
            await impact.set_rate(uow, category="nonsense", eur="5", source="x", year=2025,
                                  now=NOW)
