"""The statement's figures against the small world worked out by hand (tests/statements/
small_world.py), on SQLite and PostgreSQL; who may ask for whose; the code stays the same for
the same figures, an altered stored figure fails verification, a changed record is named; the
pledging member's erasure keeps the totals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import text

from bot.capabilities import erase, person_of
from bot.services import statements
from bot.services.roles import NotAllowed
from domain import statement as rules
from domain.impact import GoodsLine
from domain.period import Period
from storage.uow import UnitOfWork
from tests.statements.small_world import (
    AD,
    CITIZEN,
    DM,
    DZ,
    NOVEMBER,
    OL,
    OR,
    A,
    B,
    N,
    P,
    SmallWorld,
    build,
)

Factory = Callable[[], UnitOfWork]
KEY = b"test-key"
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


async def _world(uow_factory: Factory) -> SmallWorld:
    async with uow_factory() as uow:
        world = await build(uow)
    return world


async def test_the_figures_are_the_hand_computed_ones(uow_factory: Factory) -> None:
    world = await _world(uow_factory)
    async with uow_factory() as uow:
        figures = await statements.figures_of(uow, organisation_id=world.acme, period=NOVEMBER)
    assert figures.pledges == 3
    assert figures.hours_pledged == Decimal(5)
    assert figures.hours_delivered == Decimal(5)  # 3 of p1 on 10 Nov, 2 of p5 on 2 Nov
    assert figures.goods == (GoodsLine("parcels", Decimal(20), Decimal(8)),)
    assert figures.money_pledged == Decimal(100)
    assert figures.money_delivered == Decimal(0)
    assert figures.teams == ("Milano", "Monza")
    assert figures.territories == ("Milano", "Monza")
    assert figures.categories == ("education", "food", "health", "loneliness")
    assert (figures.tables_attended, figures.attendances) == (2, 3)
    assert figures.hours_value == Decimal("92.00")  # 3 × 20 + 2 × 16
    assert figures.goods_value == Decimal("80.00")
    assert figures.social_value == Decimal("172.00")
    # October: only p5 pledged (2 h), nothing delivered
    async with uow_factory() as uow:
        october = await statements.figures_of(uow, organisation_id=world.acme,
                                              period=Period(date(2026, 10, 1),
                                                            date(2026, 10, 31)))
    assert (october.pledges, october.hours_pledged, october.hours_delivered) == (
        1, Decimal(2), Decimal(0))
    assert october.teams == ("Monza",) and october.tables_attended == 0


async def test_who_may_ask_for_whose_statement(uow_factory: Factory) -> None:
    world = await _world(uow_factory)
    acme = statements.Company(world.acme, "Acme S.p.A.")
    async with uow_factory() as uow:
        for who in (A, B, DM, DZ, OL, AD):
            found = await statements.choices(uow, telegram_id=who)
            assert acme in found.companies, who
            assert await statements.allowed(uow, telegram_id=who,
                                            organisation_id=world.acme) == acme
        for who, reason in ((CITIZEN, "not_member"), (P, "pending"), (N, "not_company"),
                            (OR, "no_companies"), (7777, "not_member")):
            with pytest.raises(statements.Refused) as refused:
                await statements.choices(uow, telegram_id=who)
            assert refused.value.reason == reason, who
            with pytest.raises(NotAllowed):
                await statements.allowed(uow, telegram_id=who, organisation_id=world.acme)
        # an NPO is never a statement's subject, not even for an admin
        with pytest.raises(NotAllowed):
            await statements.allowed(uow, telegram_id=AD, organisation_id=world.onlus)


async def test_the_code_is_stable_and_verification_catches_an_altered_figure(
        uow_factory: Factory) -> None:
    world = await _world(uow_factory)
    async with uow_factory() as uow:
        first = await statements.issue_for(uow, telegram_id=A, organisation_id=world.acme,
                                           period=NOVEMBER, key=KEY, language="it", now=NOW)
    async with uow_factory() as uow:
        again = await statements.issue_for(uow, telegram_id=DM, organisation_id=world.acme,
                                           period=NOVEMBER, key=KEY, language="en", now=NOW)
        assert again.code == first.code and rules.read_code(first.code) == first.code
        row = await uow.statements.by_code(first.code)
        assert row is not None and row.issued_by == A and row.language == "it"
        check = await statements.verify(uow, typed=first.code.lower().replace("-", " "),
                                        key=KEY)
        assert check.status == "valid" and check.statement is not None
        assert check.statement.figures == first.figures
        assert (await statements.verify(uow, typed=first.code, key=b"other")).status == "altered"
        assert (await statements.verify(uow, typed="CM-2222-2222-2222", key=KEY)).status == \
            "unknown"
        assert (await statements.verify(uow, typed="hello", key=KEY)).status == "unreadable"
    # someone alters a stored figure: the row no longer matches its code
    async with uow_factory() as uow:
        await uow.session.exec(text(  # type: ignore[call-overload]
            "UPDATE org_statement SET figures = REPLACE(figures, "
            "'\"money_pledged\":\"100.00\"', '\"money_pledged\":\"1000.00\"')"))
    async with uow_factory() as uow:
        row = await uow.statements.by_code(first.code)
        assert row is not None and '"money_pledged":"1000.00"' in row.figures
        assert (await statements.verify(uow, typed=first.code, key=KEY)).status == "altered"


async def test_two_people_issuing_the_same_new_statement_at_once_share_one_row(
        pg_url: str) -> None:
    """Neither sees the other's row when looking the code up: both insert, one row stays and
    neither gets an error (PostgreSQL: SQLite runs one writer at a time)."""
    import asyncio

    from bot.capabilities import unit_of_work
    from storage.db import create_engine, create_session_factory

    engine = create_engine(pg_url)
    sessions = create_session_factory(engine)

    def uow_factory() -> UnitOfWork:
        return unit_of_work(sessions)

    world = await _world(uow_factory)
    async with uow_factory() as first_uow, uow_factory() as second_uow:
        first = await statements.issue_for(first_uow, telegram_id=A, organisation_id=world.acme,
                                           period=NOVEMBER, key=KEY, language="it", now=NOW)

        async def second_person() -> str:
            second = await statements.issue_for(
                second_uow, telegram_id=DM, organisation_id=world.acme, period=NOVEMBER,
                key=KEY, language="en", now=NOW)
            await second_uow.commit()
            return second.code

        racing = asyncio.create_task(second_person())
        async with uow_factory() as watch:  # the second insert waits on the first's row
            for _ in range(500):
                waiting = (await watch.session.exec(text(  # type: ignore[call-overload]
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND wait_event_type = 'Lock'"
                ))).one()[0]
                if waiting or racing.done():
                    break
                await asyncio.sleep(0.01)
        assert waiting and not racing.done()
        await first_uow.commit()
        assert await asyncio.wait_for(racing, 30) == first.code
    async with uow_factory() as uow:
        rows = (await uow.session.exec(text(  # type: ignore[call-overload]
            "SELECT issued_by, language FROM org_statement"))).all()
    await engine.dispose()
    assert [tuple(row) for row in rows] == [(A, "it")]


async def test_a_changed_record_is_named_and_gets_a_new_code(uow_factory: Factory) -> None:
    world = await _world(uow_factory)
    async with uow_factory() as uow:
        first = await statements.issue_for(uow, telegram_id=A, organisation_id=world.acme,
                                           period=NOVEMBER, key=KEY, language="it", now=NOW)
    async with uow_factory() as uow:  # the 100 € pledge withdrawn since
        await uow.session.exec(text(  # type: ignore[call-overload]
            "UPDATE pledge SET status = 'withdrawn' WHERE quantity = 100"))
    async with uow_factory() as uow:
        check = await statements.verify(uow, typed=first.code, key=KEY)
        assert check.status == "changed"
        assert check.differing == ("pledges", "money_pledged", "categories")
        later = await statements.issue_for(uow, telegram_id=A, organisation_id=world.acme,
                                           period=NOVEMBER, key=KEY, language="it", now=NOW)
        assert later.code != first.code


async def test_the_pledging_members_erasure_keeps_the_totals(uow_factory: Factory) -> None:
    world = await _world(uow_factory)
    async with uow_factory() as uow:
        before = await statements.figures_of(uow, organisation_id=world.acme, period=NOVEMBER)
    async with uow_factory() as uow:
        member = await uow.members.by_telegram_id(A)
        assert member is not None
        await erase(uow, person_of(member), now=NOW)
    async with uow_factory() as uow:
        assert await uow.organisations.membership_of(A) is None
        after = await statements.figures_of(uow, organisation_id=world.acme, period=NOVEMBER)
        pledgers = (await uow.session.exec(text(  # type: ignore[call-overload]
            f"SELECT COUNT(*) FROM pledge WHERE organisation_id = {world.acme} "
            "AND member_telegram_id IS NULL"))).one()[0]
    assert pledgers == 4  # A's four pledges stay, as a deleted member's
    assert (after.pledges, after.hours_pledged, after.hours_delivered, after.goods,
            after.money_pledged, after.teams, after.categories, after.social_value) == (
        before.pledges, before.hours_pledged, before.hours_delivered, before.goods,
        before.money_pledged, before.teams, before.categories, before.social_value)
    # tables count the members the company has now: B alone was at the 22 Nov table
    assert (after.tables_attended, after.attendances) == (1, 1)


def test_a_code_reads_back_in_any_case_and_rejects_the_ambiguous() -> None:
    code = rules.code_of(KEY, organisation_id=1, period=NOVEMBER, figures="{}")
    assert code.startswith("CM-") and len(code) == 17
    plain = code.replace("-", "")
    assert rules.read_code(plain.lower()) == code
    assert rules.read_code(plain[2:]) == code
    assert rules.read_code("CM-0000-1111-OOOO") is None
    assert rules.code_of(KEY, organisation_id=2, period=NOVEMBER, figures="{}") != code
