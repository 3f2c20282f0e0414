"""Statements: a company's CSR statement over a period, and checking one by its code.

Who may ask for whose statement (checked on every call: a button can be forged, a role or a
membership can go):

    confirmed member of a company   their company
    designer                        the companies that pledged to their teams' needs
    observer                        the companies placed in their territory, or that pledged
                                    to needs in it
    admin                           any company

Anyone else is refused with the reason (``Refused.reason``): a citizen acts for no
organisation, a member of a non-profit or an institution ("statements are for companies"), a
member whose link is not confirmed yet.

``issue`` computes the figures (``uow.statements``, ``domain.impact.social_value``), signs them
(``domain.statement``) and records the statement once per organisation, period and figures: the
same figures give the same code. ``verify`` looks a code up, checks the stored figures against
it (an altered row fails) and compares them with what the records give now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.services.impact.rates import value_method
from bot.services.roles import NotAllowed
from domain import statement as rules
from domain.impact import help_figures, social_value
from domain.period import Period
from domain.statement import StatementFigures
from storage.models import RoleName
from storage.models.organisation import OrganisationKind, OrganisationMemberStatus
from storage.uow import UnitOfWork

#: The most companies offered as buttons (an admin sees the first by name).
MAX_CHOICES = 20

Reason = Literal["not_member", "pending", "not_company", "no_companies"]


class Refused(Exception):
    """The person may ask for no statement; ``reason`` says why."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason)
        self.reason: Reason = reason


@dataclass(frozen=True, slots=True)
class Company:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Choices:
    companies: tuple[Company, ...]
    more: bool  # there are more than MAX_CHOICES (an admin's list)


@dataclass(frozen=True, slots=True)
class Statement:
    code: str
    company: Company
    period: Period
    figures: StatementFigures
    issued_at: datetime


VerifyStatus = Literal["unreadable", "unknown", "altered", "valid", "changed"]


@dataclass(frozen=True, slots=True)
class Verification:
    """``valid``: the statement's figures are what the records give now; ``changed``: they
    were issued as signed, but ``differing`` figures are not what the records give now (a
    pledge withdrawn, a delivery confirmed late, an hourly value changed); ``altered``: the
    stored figures no longer match their code; ``unknown``: no statement has this code;
    ``unreadable``: not a code at all."""

    status: VerifyStatus
    code: str | None = None
    statement: Statement | None = None
    differing: tuple[str, ...] = ()


async def _own_company(uow: UnitOfWork, telegram_id: int) -> tuple[Company | None, Reason]:
    link = await uow.organisations.membership_of(telegram_id)
    if link is None:
        return None, "not_member"
    if link.status != OrganisationMemberStatus.CONFIRMED.value:
        return None, "pending"
    organisation = await uow.organisations.get(link.organisation_id)
    if organisation is None or organisation.id is None \
            or organisation.kind != OrganisationKind.COMPANY.value:
        return None, "not_company"
    return Company(organisation.id, organisation.name), "not_member"


async def _choices(uow: UnitOfWork, telegram_id: int, *, only: int | None,
                   limit: int | None) -> tuple[list[Company], Reason]:
    own, reason = await _own_company(uow, telegram_id)
    found: dict[int, Company] = {}
    if own is not None and (only is None or own.id == only):
        found[own.id] = own
    grants = await uow.roles.of_person(telegram_id)
    repo = uow.statements
    rows: list[tuple[int, str]] = []
    if any(g.role == RoleName.ADMIN.value for g in grants):
        rows += await repo.companies(limit=limit, only=only)
    else:
        teams = sorted({g.team_id for g in grants
                        if g.role == RoleName.DESIGNER.value and g.team_id is not None})
        places = sorted({g.territory_code for g in grants
                         if g.role == RoleName.OBSERVER.value and g.territory_code is not None})
        if teams:
            rows += await repo.companies(pledged_to_teams=teams, only=only, limit=limit)
        if places:
            rows += await repo.companies(places=places, only=only, limit=limit)
    if grants and not found and not rows and reason == "not_member":
        reason = "no_companies"
    for company_id, name in sorted(rows, key=lambda r: (r[1].casefold(), r[0])):
        found.setdefault(company_id, Company(company_id, name))
    return list(found.values()), reason


async def choices(uow: UnitOfWork, *, telegram_id: int) -> Choices:
    """The companies the person may ask a statement of, their own first; ``Refused`` when
    none."""
    companies, reason = await _choices(uow, telegram_id, only=None, limit=MAX_CHOICES + 1)
    if not companies:
        raise Refused(reason)
    return Choices(tuple(companies[:MAX_CHOICES]), len(companies) > MAX_CHOICES)


async def allowed(uow: UnitOfWork, *, telegram_id: int, organisation_id: int) -> Company:
    """The company if the person may ask its statement now; ``NotAllowed`` otherwise."""
    companies, _reason = await _choices(uow, telegram_id, only=organisation_id, limit=None)
    for company in companies:
        if company.id == organisation_id:
            return company
    raise NotAllowed(f"{telegram_id} may not see the statement of {organisation_id}")


async def figures_of(uow: UnitOfWork, *, organisation_id: int,
                     period: Period) -> StatementFigures:
    """What the organisation gave over the period, from the records as they are now."""
    start, end = period.utc_bounds()
    repo = uow.statements
    lines, pledges = await repo.help_lines(organisation_id, start=start, end=end)
    helped = await repo.helped(organisation_id, start=start, end=end)
    tables, attendances = await repo.tables_attended(organisation_id, start=start, end=end)
    method = await value_method(uow)
    help_ = help_figures(lines, givers={}, erased_pledges=0, delivered_fraction_sum=0,
                         pledges=pledges)
    value = social_value(lines, method)
    return StatementFigures(
        pledges=pledges, hours_pledged=help_.hours_pledged,
        hours_delivered=help_.hours_delivered, goods=help_.goods,
        money_pledged=help_.money_pledged, money_delivered=help_.money_delivered,
        teams=helped.teams, territories=helped.territories, categories=helped.categories,
        tables_attended=tables, attendances=attendances, social_value=value.total,
        hours_value=value.hours_value, skills_value=value.skills_value,
        goods_value=value.goods_value, goods_without_value=value.goods_without_value,
        value_source=method.source, value_year=method.year)


async def issue(uow: UnitOfWork, *, company: Company, period: Period, key: bytes,
                language: str, now: datetime, issued_by: int | None) -> Statement:
    """The company's statement for the period, recorded the first time these figures are
    issued (the same organisation, period and figures keep their code and first row)."""
    figures = await figures_of(uow, organisation_id=company.id, period=period)
    text = rules.canonical(figures)
    code = rules.code_of(key, organisation_id=company.id, period=period, figures=text)
    found = await uow.statements.by_code(code)
    if found is None:
        found = await uow.statements.add(code=code, organisation_id=company.id,
                                         start=period.start, end=period.end, language=language,
                                         figures=text, now=now, issued_by=issued_by)
    return Statement(code, company, period, figures, found.issued_at)


async def issue_for(uow: UnitOfWork, *, telegram_id: int, organisation_id: int,
                    period: Period, key: bytes, language: str, now: datetime) -> Statement:
    """``issue`` for a person, checked again (``NotAllowed``)."""
    company = await allowed(uow, telegram_id=telegram_id, organisation_id=organisation_id)
    return await issue(uow, company=company, period=period, key=key, language=language,
                       now=now, issued_by=telegram_id)


async def verify(uow: UnitOfWork, *, typed: str, key: bytes) -> Verification:
    """What a typed code says (see ``Verification``)."""
    code = rules.read_code(typed)
    if code is None:
        return Verification("unreadable")
    row = await uow.statements.by_code(code)
    if row is None:
        return Verification("unknown", code)
    period = Period(row.period_start, row.period_end)
    organisation = await uow.organisations.get(row.organisation_id)
    name = organisation.name if organisation is not None else ""
    if not rules.signed_by(key, code=code, organisation_id=row.organisation_id, period=period,
                           figures=row.figures):
        return Verification("altered", code)
    try:
        stored = rules.from_canonical(row.figures)
    except ValueError:
        return Verification("altered", code)
    statement = Statement(code, Company(row.organisation_id, name), period, stored,
                          row.issued_at)
    now = await figures_of(uow, organisation_id=row.organisation_id, period=period)
    differing = tuple(rules.differences(stored, now))
    return Verification("changed" if differing else "valid", code, statement, differing)
