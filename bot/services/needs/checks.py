"""What every needs use case leans on: reading a need or a pledge (or refusing), a place and
the places it lies in, the checks of a draft's fields, the designer's role, and who pledged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.services.needs.values import DEFAULT_CATEGORY, NeedProblem
from bot.services.roles import require
from domain.needs import (
    FUNDRAISING,
    MAX_DEADLINE_DAYS,
    MAX_TITLE_LENGTH,
    MAX_UNIT_VALUE,
    CategoryCatalog,
    check_quantity,
    fixed_unit,
    is_goods,
    kind_problem,
    parse_link,
    unit_info,
)
from storage.models import Need, Pledge, RoleName, Urgency
from storage.models.organisation import OrganisationKind
from storage.uow import UnitOfWork


async def need_of(uow: UnitOfWork, need_id: int) -> Need:
    """The need as the database holds it now, or ``NeedProblem("no_such_need")``."""
    need = await uow.needs.get(need_id)
    if need is None:
        raise NeedProblem("no_such_need", str(need_id))
    return need


async def pledge_and_need(uow: UnitOfWork, pledge_id: int) -> tuple[Pledge, Need]:
    found = await uow.needs.get_pledge(pledge_id)
    if found is None:
        raise NeedProblem("no_such_pledge", str(pledge_id))
    return found, await need_of(uow, found.need_id)


async def place_chain(uow: UnitOfWork, code: str) -> list[str]:
    """The place and the places it lies in, nearest first (comune, province, region)."""
    chain: list[str] = []
    current: str | None = code
    while current is not None and current not in chain:
        place = await uow.territories.get(current)
        if place is None:
            break
        chain.append(place.code)
        current = place.parent_code
    return chain


async def check_territory(uow: UnitOfWork, team_territory: str, code: str | None) -> str:
    """The need's place: the team's, or a place inside it."""
    if code is None or code == team_territory:
        return team_territory
    if team_territory not in await place_chain(uow, code):
        raise NeedProblem("bad_territory", code)
    return code


def check_title(title: str) -> str:
    title = " ".join(title.split())
    if sum(c.isalpha() for c in title) < 3:
        raise NeedProblem("no_title")
    if len(title) > MAX_TITLE_LENGTH:
        raise NeedProblem("title_too_long", title)
    return title


def check_category(code: str | None, catalog: CategoryCatalog) -> str:
    if code is None:
        return DEFAULT_CATEGORY
    if catalog.get(code) is None:
        raise NeedProblem("bad_category", code)
    return code


def check_amount(quantity: Decimal, unit: str, skill: str | None) -> str:
    """The resource of a valid quantity and unit."""
    try:
        info = unit_info(unit)
    except ValueError:
        raise NeedProblem("bad_unit", unit) from None
    problem = check_quantity(quantity, unit)
    if problem is not None:
        raise NeedProblem(problem.code, problem.value)
    if info.resource == "skills" and not (skill and skill.strip()):
        raise NeedProblem("no_skill")
    return info.resource


def check_link(link: str | None) -> str | None:
    """An http(s) address, as ``domain.needs.parse_link`` reads it."""
    if not link:
        return None
    parsed = parse_link(link)
    if not isinstance(parsed, str):
        raise NeedProblem("bad_link", link[:80])
    return parsed


def check_kind(category: str, unit: str, *, link: str | None, deadline: date | None) -> None:
    """A non-profit's need as its category asks: fundraising in euro with a link and a
    campaign end; capacity building in hours of a profession (``check_amount`` asks the
    profession of any skill)."""
    if kind_problem(category, unit) is not None or (
            fixed_unit(category) is not None and unit != fixed_unit(category)):
        raise NeedProblem("kind_unit", category)
    if category == FUNDRAISING:
        if not link:
            raise NeedProblem("no_link")
        if deadline is None:
            raise NeedProblem("no_campaign_end")


async def check_organisation(uow: UnitOfWork, organisation_id: int | None,
                             team_territory: str) -> int | None:
    """A non-profit whose place lies in the team's territory (or none)."""
    if organisation_id is None:
        return None
    organisation = await uow.organisations.get(organisation_id)
    if (organisation is None or organisation.kind != OrganisationKind.NPO.value
            or organisation.territory_code is None
            or team_territory not in await place_chain(uow, organisation.territory_code)):
        raise NeedProblem("bad_organisation", str(organisation_id))
    return organisation_id


def check_urgency(urgency: str) -> str:
    if urgency not in {u.value for u in Urgency}:
        raise NeedProblem("bad_urgency", urgency)
    return urgency


def check_deadline(deadline: date | None, today: date) -> date | None:
    if deadline is None:
        return None
    if deadline < today:
        raise NeedProblem("past_deadline", deadline.isoformat())
    if (deadline - today).days > MAX_DEADLINE_DAYS:
        raise NeedProblem("far_deadline", deadline.isoformat())
    return deadline


async def require_designer_of(uow: UnitOfWork, telegram_id: int, need: Need) -> None:
    """Only a designer of the need's own team (another team's designer is refused)."""
    await require(uow, telegram_id=telegram_id, role=RoleName.DESIGNER, team_id=need.team_id)


async def pledgers_but(uow: UnitOfWork, need: Need, by: int | None) -> tuple[int, ...]:
    """Those whose pledges to the need stand, but the person who caused what happened: who
    hears of it."""
    assert need.id is not None
    return tuple(chat_id for chat_id in await uow.needs.pledgers(need.id) if chat_id != by)


def check_unit_value(value: Decimal | None, unit: str | None) -> Decimal | None:
    """A declared value per unit: goods only (another unit keeps none), more than zero, at
    most ``MAX_UNIT_VALUE`` euro, in cents."""
    if value is None or not is_goods(unit):
        return None
    value = Decimal(value)
    if value <= 0:
        raise NeedProblem("not_positive", str(value))
    if value > MAX_UNIT_VALUE or value != value.quantize(Decimal("0.01")):
        raise NeedProblem("bad_unit_value", str(value))
    return value
