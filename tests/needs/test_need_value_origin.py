"""A need's declared value per unit and the table it came from, on the database: goods keep
their value (other units none), a value out of bounds is refused, a table of the need's own
team is kept as its origin (another team's, none); an approval and an edit set the value, and
an edit of the value alone tells no pledger."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest

from bot.services import needs
from bot.services.needs import NeedDraft, NeedEdit, NeedProblem, Pledged, ProposalDraft
from storage.models import Team, TerritorialTable
from storage.uow import UnitOfWork
from tests.conftest import Clock

DESIGNER_A, DESIGNER_B, ANNA = 100, 200, 300
BOT = "CohesionMakersBot"
Factory = Callable[[], UnitOfWork]
GOODS = NeedDraft(title="Coperte per il dormitorio", quantity=Decimal(30), unit="items")
HOURS = NeedDraft(title="Accompagnare anziani alle visite", quantity=Decimal(10), unit="hours")


@pytest.fixture
async def world(uow_factory: Factory, clock: Clock) -> tuple[Factory, int, int, int, int]:
    """Teams A and B with a designer each, Anna a member of A; a table of each team."""
    async with uow_factory() as uow:
        a = await uow.teams.add(Team(name="CM Milano", territory_code="F205", created_at=clock()))
        b = await uow.teams.add(Team(name="CM Bergamo", territory_code="A794", created_at=clock()))
        assert a.id and b.id
        await uow.roles.grant(telegram_id=DESIGNER_A, role="designer", team_id=a.id, now=clock())
        await uow.roles.grant(telegram_id=DESIGNER_B, role="designer", team_id=b.id, now=clock())
        anna = await uow.members.get_or_create(telegram_id=ANNA, now=clock())
        anna.consent_at = anna.onboarded_at = clock()
        assert anna.id
        await uow.memberships.join(member_id=anna.id, team_id=a.id, now=clock())
        tables = []
        for team in (a.id, b.id):
            table = await uow.tables.add(TerritorialTable(
                team_id=team, starts_at=clock() - timedelta(days=1), place="Via Padova 36",
                created_by=DESIGNER_A, created_at=clock(), updated_at=clock()))
            assert table.id
            tables.append(table.id)
        ids = (a.id, b.id, tables[0], tables[1])
    return (uow_factory, *ids)


async def _post(factory: Factory, clock: Clock, team: int, draft: NeedDraft, **extra: object
                ) -> int:
    async with factory() as uow:
        return (await needs.post_need(uow, now=clock(), telegram_id=DESIGNER_A, team_id=team,
                                      draft=draft, bot_username=BOT, **extra)).id  # type: ignore[arg-type]


async def _row(factory: Factory, need_id: int) -> tuple[Decimal | None, int | None]:
    async with factory() as uow:
        need = await uow.needs.get(need_id)
        assert need is not None
        return need.unit_value, need.from_table_id


async def test_goods_keep_their_value_and_other_units_none(
        world: tuple[Factory, int, int, int, int], clock: Clock) -> None:
    factory, team_a, _, _, _ = world
    goods = await _post(factory, clock, team_a, GOODS, unit_value=Decimal("2.5"))
    hours = await _post(factory, clock, team_a, HOURS, unit_value=Decimal(15))
    plain = await _post(factory, clock, team_a, GOODS)
    assert await _row(factory, goods) == (Decimal("2.50"), None)
    assert await _row(factory, hours) == (None, None)
    assert await _row(factory, plain) == (None, None)
    async with factory() as uow:
        view = await needs.find_need(uow, need_id=goods)
    assert view is not None and view.need.unit_value == Decimal("2.50")


@pytest.mark.parametrize(("value", "code"), [
    (Decimal(0), "not_positive"), (Decimal(-3), "not_positive"),
    (Decimal("100000.01"), "bad_unit_value"), (Decimal("1.005"), "bad_unit_value"),
])
async def test_a_value_out_of_bounds_is_refused(
        world: tuple[Factory, int, int, int, int], clock: Clock, value: Decimal,
        code: str) -> None:
    factory, team_a, _, _, _ = world
    with pytest.raises(NeedProblem) as refused:
        await _post(factory, clock, team_a, GOODS, unit_value=value)
    assert refused.value.code == code
    await _post(factory, clock, team_a, GOODS, unit_value=Decimal(100_000))  # the bound itself


async def test_a_table_of_the_team_is_kept_as_the_origin(
        world: tuple[Factory, int, int, int, int], clock: Clock) -> None:
    factory, team_a, _, table_a, table_b = world
    decided = await _post(factory, clock, team_a, GOODS, from_table_id=table_a)
    elsewhere = await _post(factory, clock, team_a, GOODS, from_table_id=table_b)
    unknown = await _post(factory, clock, team_a, GOODS, from_table_id=table_b + 100)
    assert await _row(factory, decided) == (None, table_a)
    assert await _row(factory, elsewhere) == (None, None)
    assert await _row(factory, unknown) == (None, None)


async def test_approval_and_edit_set_the_value(
        world: tuple[Factory, int, int, int, int], clock: Clock) -> None:
    factory, team_a, _, _, _ = world
    async with factory() as uow:
        proposed = (await needs.propose_need(uow, now=clock(), telegram_id=ANNA, team_id=team_a,
                                             draft=ProposalDraft(title="Coperte"))).need.id
    async with factory() as uow:
        await needs.approve(uow, now=clock(), telegram_id=DESIGNER_A, need_id=proposed,
                            bot_username=BOT, draft=GOODS, unit_value=Decimal(4))
    assert await _row(factory, proposed) == (Decimal(4), None)
    async with factory() as uow:
        pledged = await needs.pledge(uow, now=clock(), telegram_id=ANNA, need_id=proposed,
                                     quantity=Decimal(2), margin=Decimal("0.1"))
    assert isinstance(pledged, Pledged)
    async with factory() as uow:
        edited = await needs.edit(uow, now=clock(), telegram_id=DESIGNER_A, need_id=proposed,
                                  changes=NeedEdit(unit_value=Decimal("6.5")))
    assert edited.told == 0  # the value alone changes nothing Anna gives
    assert await _row(factory, proposed) == (Decimal("6.50"), None)
    async with factory() as uow:
        edited = await needs.edit(uow, now=clock(), telegram_id=DESIGNER_A, need_id=proposed,
                                  changes=NeedEdit(quantity=Decimal(40),
                                                   clear=frozenset({"unit_value"})))
    assert edited.told == 1
    assert await _row(factory, proposed) == (None, None)
