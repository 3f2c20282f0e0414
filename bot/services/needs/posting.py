"""Posting a need, proposing one, and a designer approving or declining a proposal.

A need that goes public — posted, or a proposal approved — is announced in its team's linked
group (``NeedPublished``); a proposal goes to the team's designers (``NeedProposed``); its
proposer hears the decision (``ProposalApproved``, ``ProposalDeclined``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from bot.services.needs.checks import (
    check_amount,
    check_category,
    check_deadline,
    check_kind,
    check_link,
    check_organisation,
    check_territory,
    check_title,
    check_unit_value,
    check_urgency,
    need_of,
    require_designer_of,
)
from bot.services.needs.events import (
    NeedProposed,
    NeedPublished,
    ProposalApproved,
    ProposalDeclined,
)
from bot.services.needs.values import (
    GroupTarget,
    NeedDraft,
    NeedProblem,
    NeedView,
    Outcome,
    ProposalDraft,
    need_view,
    today_in_italy,
)
from bot.services.roles import NotAllowed, holds, require
from domain.needs import (
    FUNDRAISING,
    NPO_CATEGORIES,
    CategoryCatalog,
    kind_problem,
    load_categories,
)
from storage.models import Need, NeedEventKind, NeedStatus, RoleName, Urgency
from storage.models.organisation import OrganisationKind
from storage.uow import UnitOfWork


async def announcement_target(uow: UnitOfWork, *, team_id: int) -> GroupTarget | None:
    """The team's linked group, unless the bot left it or was removed (the rule of
    ``scheduler.jobs.team_recipients``); None when no group is linked."""
    found = (await uow.teams.with_groups([team_id])).get(team_id)
    if found is None:
        return None
    team, group = found
    if team.group_chat_id is None or (group is not None and (
            group.unreachable_at is not None or group.left_at is not None)):
        return None
    return GroupTarget(team.group_chat_id, group.language if group else team.language, team.name)


async def _published(uow: UnitOfWork, need: Need, *, now: datetime, bot_username: str,
                     by: int) -> None:
    view = need_view(need)
    uow.emit(NeedPublished(view, await announcement_target(uow, team_id=view.team_id),
                           bot_username, now, by=by))


async def post_need(uow: UnitOfWork, *, now: datetime, telegram_id: int, team_id: int,
                    draft: NeedDraft, bot_username: str,
                    catalog: CategoryCatalog | None = None, unit_value: Decimal | None = None,
                    from_table_id: int | None = None) -> NeedView:
    """A designer of ``team_id`` publishes a checked need for that team; it is announced in
    the team's group with a button opening the bot (``bot_username``, a setting) on it.

    ``unit_value``: goods only, what one unit is worth in euro (the report's value estimate).
    ``from_table_id``: the team's table whose minutes decided it (another team's, or an
    unknown one, is not kept)."""
    await require(uow, telegram_id=telegram_id, role=RoleName.DESIGNER, team_id=team_id)
    team = await uow.teams.get(team_id)
    if team is None:
        raise NotAllowed(f"no team {team_id}")
    catalog = catalog or load_categories()
    resource = check_amount(Decimal(draft.quantity), draft.unit, draft.skill)
    value = check_unit_value(unit_value, draft.unit)
    origin = await _table_of_team(uow, from_table_id, team_id)
    category = check_category(draft.category, catalog)
    deadline = check_deadline(draft.deadline, today_in_italy(now))
    link, organisation_id = await _npo_fields(uow, draft, category, deadline, team.territory_code)
    need = await uow.needs.add(Need(
        team_id=team_id,
        territory_code=await check_territory(uow, team.territory_code, draft.territory_code),
        title=check_title(draft.title), description=draft.description or None,
        category=category, resource=resource, unit=draft.unit,
        skill=draft.skill if resource == "skills" else None, target=Decimal(draft.quantity),
        urgency=check_urgency(draft.urgency), deadline=deadline,
        beneficiary=draft.beneficiary or None, status=NeedStatus.OPEN.value,
        posted_by=telegram_id, pledged=Decimal(0), delivered=Decimal(0), created_at=now,
        updated_at=now, unit_value=value, from_table_id=origin, link=link,
        organisation_id=organisation_id))
    assert need.id is not None
    await uow.needs.record(need_id=need.id, at=now, by=telegram_id, kind=NeedEventKind.POSTED,
                           details={"target": draft.quantity, "unit": draft.unit})
    await _published(uow, need, now=now, bot_username=bot_username, by=telegram_id)
    return need_view(need)


async def _npo_fields(uow: UnitOfWork, draft: NeedDraft, category: str,
                      deadline: date | None, team_territory: str) -> tuple[str | None, int | None]:
    """A non-profit's need: its link (fundraising) and its organisation, checked; any other
    need keeps neither."""
    if category not in NPO_CATEGORIES:
        return None, None
    link = check_link(draft.link) if category == FUNDRAISING else None
    check_kind(category, draft.unit, link=link, deadline=deadline)
    return link, await check_organisation(uow, draft.organisation_id, team_territory)


async def npo_for_proposing(uow: UnitOfWork, *, telegram_id: int) -> tuple[int, str] | None:
    """(id, name) of the non-profit the person is a confirmed member of: they may propose a
    fundraising or a capacity-building need for it. A citizen, a pending member, or a member
    of a company or an institution gets ``None``."""
    organisation = await uow.organisations.acting_for(telegram_id)
    if (organisation is None or organisation.id is None
            or organisation.kind != OrganisationKind.NPO.value):
        return None
    return organisation.id, organisation.name


async def _table_of_team(uow: UnitOfWork, table_id: int | None, team_id: int) -> int | None:
    if table_id is None:
        return None
    table = await uow.tables.get(table_id)
    return table_id if table is not None and table.team_id == team_id else None


async def _is_member_of(uow: UnitOfWork, telegram_id: int, team_id: int) -> bool:
    member = await uow.members.by_telegram_id(telegram_id)
    if member is None or member.id is None:
        return False
    return await uow.memberships.get(member_id=member.id, team_id=team_id) is not None


async def propose_need(uow: UnitOfWork, *, now: datetime, telegram_id: int, team_id: int,
                       draft: ProposalDraft,
                       catalog: CategoryCatalog | None = None) -> Outcome:
    """Any member of the team signals a need; the team's designers are to review it."""
    if not (await _is_member_of(uow, telegram_id, team_id)
            or await holds(uow, telegram_id=telegram_id, role=RoleName.DESIGNER,
                           team_id=team_id)):
        raise NotAllowed(f"{telegram_id} is not in team {team_id}")
    team = await uow.teams.get(team_id)
    assert team is not None
    catalog = catalog or load_categories()
    category = check_category(draft.category, catalog)
    if draft.organisation_id is not None:
        found = await npo_for_proposing(uow, telegram_id=telegram_id)
        if found is None or found[0] != draft.organisation_id:
            raise NotAllowed(f"{telegram_id} does not act for {draft.organisation_id}")
        if category not in NPO_CATEGORIES:
            raise NeedProblem("bad_category", category)
    resource = None
    if draft.quantity is not None or draft.unit is not None:
        if draft.quantity is None or draft.unit is None:
            raise NeedProblem("no_quantity")
        resource = check_amount(Decimal(draft.quantity), draft.unit, draft.skill or "?")
        if kind_problem(category, draft.unit) is not None:
            raise NeedProblem("kind_unit", category)
    need = await uow.needs.add(Need(
        team_id=team_id,
        territory_code=await check_territory(uow, team.territory_code, draft.territory_code),
        title=check_title(draft.title), description=draft.description or None,
        category=category, resource=resource, unit=draft.unit,
        skill=(draft.skill or None) if resource in ("skills", None) else None,
        target=None if draft.quantity is None else Decimal(draft.quantity),
        urgency=Urgency.NORMAL.value, status=NeedStatus.PROPOSED.value, proposed_by=telegram_id,
        pledged=Decimal(0), delivered=Decimal(0), created_at=now, updated_at=now,
        link=check_link(draft.link) if category == FUNDRAISING else None,
        organisation_id=draft.organisation_id))
    assert need.id is not None
    event = await uow.needs.record(need_id=need.id, at=now, by=telegram_id,
                                   kind=NeedEventKind.PROPOSED)
    assert event.id is not None
    designers = tuple(m.telegram_id for m in await uow.teams.designers(team_id)
                      if m.telegram_id != telegram_id)
    proposer = await uow.members.by_telegram_id(telegram_id)
    uow.emit(NeedProposed(need.id, need.title, event.id, designers, now,
                          proposer_name=(proposer.display_name or "") if proposer else ""))
    return Outcome(need_view(need))


async def _proposal(uow: UnitOfWork, telegram_id: int, need_id: int) -> Need:
    need = await need_of(uow, need_id)
    await require_designer_of(uow, telegram_id, need)
    if need.status != NeedStatus.PROPOSED.value:
        raise NeedProblem("not_proposal", need.status)
    return need


async def approve(uow: UnitOfWork, *, now: datetime, telegram_id: int, need_id: int,
                  bot_username: str, draft: NeedDraft | None = None,
                  catalog: CategoryCatalog | None = None,
                  unit_value: Decimal | None = None) -> Outcome:
    """The team's designer publishes a proposal, as it is or as ``draft`` completes it (and
    ``unit_value``, goods only, as for ``post_need``); the proposer is to be told, and the
    need is announced like a posted one."""
    need = await _proposal(uow, telegram_id, need_id)
    if draft is None:
        if need.target is None or need.unit is None:
            raise NeedProblem("no_quantity")
        draft = NeedDraft(title=need.title, quantity=need.target, unit=need.unit,
                          category=need.category, description=need.description,
                          territory_code=need.territory_code, skill=need.skill,
                          deadline=need.deadline, link=need.link,
                          organisation_id=need.organisation_id)
    team = await uow.teams.get(need.team_id)
    assert team is not None
    catalog = catalog or load_categories()
    resource = check_amount(Decimal(draft.quantity), draft.unit, draft.skill)
    need.territory_code = await check_territory(uow, team.territory_code, draft.territory_code)
    need.title = check_title(draft.title)
    need.description = draft.description or None
    need.category = check_category(draft.category, catalog)
    need.resource, need.unit, need.target = resource, draft.unit, Decimal(draft.quantity)
    need.skill = draft.skill if resource == "skills" else None
    need.unit_value = check_unit_value(unit_value, draft.unit)
    need.urgency = check_urgency(draft.urgency)
    need.deadline = check_deadline(draft.deadline, today_in_italy(now))
    need.link, need.organisation_id = await _npo_fields(uow, draft, need.category,
                                                        need.deadline, team.territory_code)
    need.beneficiary = draft.beneficiary or None
    need.status = NeedStatus.OPEN.value
    need.posted_by = telegram_id
    need.updated_at = now
    await uow.needs.save(need)
    event = await uow.needs.record(need_id=need_id, at=now, by=telegram_id,
                                   kind=NeedEventKind.APPROVED,
                                   details={"target": need.target, "unit": need.unit})
    assert event.id is not None
    uow.emit(ProposalApproved(need_id, need.title, event.id, need.proposed_by, now,
                              by=telegram_id))
    await _published(uow, need, now=now, bot_username=bot_username, by=telegram_id)
    return Outcome(need_view(need))


async def decline(uow: UnitOfWork, *, now: datetime, telegram_id: int, need_id: int,
                  reason: str) -> Outcome:
    """The team's designer turns a proposal down with a reason; the proposer is to be told."""
    need = await _proposal(uow, telegram_id, need_id)
    need.status = NeedStatus.DECLINED.value
    need.updated_at = need.closed_at = now
    await uow.needs.save(need)
    event = await uow.needs.record(need_id=need_id, at=now, by=telegram_id,
                                   kind=NeedEventKind.DECLINED, details={"reason": reason})
    assert event.id is not None
    uow.emit(ProposalDeclined(need_id, need.title, event.id, need.proposed_by, reason, now,
                              by=telegram_id))
    return Outcome(need_view(need))
