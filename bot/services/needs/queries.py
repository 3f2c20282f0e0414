"""What the screens read: /needs and the pledge screen, /pledges, the designer's deliveries,
/proposals and /myneeds, and a need's history. Reads only; a person's role is checked where
a button carrying only an id could be forged."""

from __future__ import annotations

from datetime import datetime

from bot.services.needs.checks import (
    need_of,
    place_chain,
    pledge_and_need,
    require_designer_of,
)
from bot.services.needs.values import (
    MANAGED,
    DeliveryView,
    NeedCard,
    NeedProblem,
    NeedsPage,
    NeedView,
    PledgeView,
    need_view,
    pledge_view,
)
from bot.services.roles import NotAllowed
from storage.models import NeedStatus, PledgeStatus, RoleName, Team
from storage.models.need import PLEDGEABLE
from storage.uow import UnitOfWork

# --- a member's: /needs, the pledge screen, /pledges ----------------------------------------------


async def list_for_member(uow: UnitOfWork, *, telegram_id: int, limit: int = 5, offset: int = 0,
                          category: str | None = None,
                          resource: str | None = None) -> list[NeedView]:
    """The open needs of the member's teams and of their place (and the province and region
    it lies in): least covered first, then most urgent, then nearest deadline; one page."""
    member = await uow.members.by_telegram_id(telegram_id)
    if member is None or member.id is None:
        return []
    team_ids = [t.id for t in await uow.teams.of_member(member.id) if t.id is not None]
    codes = await place_chain(uow, member.territory_code) if member.territory_code else []
    needs = await uow.needs.open_near(team_ids=team_ids, territory_codes=codes, limit=limit,
                                      offset=offset, category=category, resource=resource)
    return [need_view(n) for n in needs]


async def _team_names(uow: UnitOfWork, team_ids: set[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    for team_id in sorted(team_ids):
        team = await uow.teams.get(team_id)
        names[team_id] = team.name if team is not None else ""
    return names


async def browse(uow: UnitOfWork, *, telegram_id: int, page: int = 0, per_page: int = 5,
                 category: str | None = None, resource: str | None = None) -> NeedsPage:
    """One page of ``list_for_member`` with the teams' names, and whether another follows."""
    views = await list_for_member(uow, telegram_id=telegram_id, limit=per_page + 1,
                                  offset=page * per_page, category=category, resource=resource)
    shown = views[:per_page]
    names = await _team_names(uow, {v.team_id for v in shown})
    npos = await _organisation_names(uow, {v.organisation_id for v in shown
                                           if v.organisation_id is not None})
    return NeedsPage(tuple(NeedCard(v, names[v.team_id], npos.get(v.organisation_id or 0))
                           for v in shown), page, len(views) > per_page)


async def _organisation_names(uow: UnitOfWork, ids: set[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    for organisation_id in sorted(ids):
        organisation = await uow.organisations.get(organisation_id)
        if organisation is not None:
            names[organisation_id] = organisation.name
    return names


#: The most non-profits offered as buttons for "for which organisation?".
MAX_NPOS = 8


async def npos_for_team(uow: UnitOfWork, *, team_id: int) -> list[tuple[int, str]]:
    """(id, name) of the non-profits of the team's territory a need may be for; bounded."""
    team = await uow.teams.get(team_id)
    if team is None:
        return []
    return [(o.id, o.name) for o in await uow.organisations.npos_in(team.territory_code,
                                                                     limit=MAX_NPOS)
            if o.id is not None]


async def find_need(uow: UnitOfWork, *, need_id: int) -> NeedCard | None:
    """A need for the pledge screen (any status: the caller says whether it takes pledges)."""
    need = await uow.needs.get(need_id)
    if need is None or need.id is None:
        return None
    npos = await _organisation_names(uow, {need.organisation_id} if need.organisation_id else set())
    return NeedCard(need_view(need), (await _team_names(uow, {need.team_id}))[need.team_id],
                    npos.get(need.organisation_id or 0))


def is_pledgeable(need: NeedView) -> bool:
    return need.status in PLEDGEABLE and need.target is not None and need.unit is not None


async def pledges_of(uow: UnitOfWork, *, telegram_id: int) -> list[PledgeView]:
    """A member's pledges, active first, then newest."""
    return [pledge_view(p, n) for p, n in await uow.needs.pledges_of(telegram_id)]


async def pledge_of(uow: UnitOfWork, *, telegram_id: int, pledge_id: int) -> PledgeView:
    """One of the member's own pledges (someone else's is refused, as withdraw does)."""
    found, need = await pledge_and_need(uow, pledge_id)
    if found.member_telegram_id != telegram_id:
        raise NotAllowed(f"pledge {pledge_id} is not {telegram_id}'s")
    return pledge_view(found, need)


# --- a designer's: deliveries, /proposals, /myneeds -----------------------------------------------


async def pending_deliveries(uow: UnitOfWork, *, telegram_id: int,
                             limit: int = 10) -> list[DeliveryView]:
    """What the pledgers of the person's designed teams still owe (none for a non-designer)."""
    team_ids = sorted({grant.team_id for grant in await uow.roles.of_person(telegram_id)
                       if grant.role == RoleName.DESIGNER.value and grant.team_id is not None})
    found = []
    for pledge_row, need in await uow.needs.pending_deliveries(team_ids, limit=limit):
        who = (await uow.members.by_telegram_id(pledge_row.member_telegram_id)
               if pledge_row.member_telegram_id is not None else None)
        found.append(DeliveryView(pledge_view(pledge_row, need), need_view(need),
                                  who.display_name if who is not None else None))
    return found


async def delivery(uow: UnitOfWork, *, telegram_id: int, pledge_id: int) -> DeliveryView:
    """One pending delivery, for the designer of the need's team only."""
    found, need = await pledge_and_need(uow, pledge_id)
    await require_designer_of(uow, telegram_id, need)
    if found.status != PledgeStatus.ACTIVE.value:
        raise NeedProblem("not_active", found.status)
    who = (await uow.members.by_telegram_id(found.member_telegram_id)
           if found.member_telegram_id is not None else None)
    return DeliveryView(pledge_view(found, need), need_view(need),
                        who.display_name if who is not None else None)


async def need_for_designer(uow: UnitOfWork, *, telegram_id: int, need_id: int) -> NeedView:
    """The need, if the person is a designer of its team (``NotAllowed`` otherwise): what a
    button carrying only a need id is checked with before anything is asked."""
    need = await need_of(uow, need_id)
    await require_designer_of(uow, telegram_id, need)
    return need_view(need)


async def proposals_for(uow: UnitOfWork, *, telegram_id: int) -> list[NeedView]:
    """The pending proposals of every team the person designs, oldest first."""
    found: list[NeedView] = []
    for team in await uow.teams.designed_by(telegram_id):
        assert team.id is not None
        found += [need_view(n) for n in await uow.needs.of_team(
            team.id, statuses=(NeedStatus.PROPOSED.value,))]
    return sorted(found, key=lambda n: n.id)


async def managed_by(uow: UnitOfWork, *, telegram_id: int, limit: int = 5,
                     offset: int = 0) -> tuple[list[NeedView], int]:
    """One page of the needs of the person's teams (live, closed, expired, fulfilled), newest
    first, and the total."""
    team_ids = [t.id for t in await uow.teams.designed_by(telegram_id) if t.id is not None]
    page, total = await uow.needs.of_teams_page(team_ids, statuses=MANAGED, limit=limit,
                                                offset=offset)
    return [need_view(n) for n in page], total


async def teams_for_proposing(uow: UnitOfWork, *, telegram_id: int) -> list[Team]:
    """The teams a registered member has joined (where they may /propose)."""
    member = await uow.members.by_telegram_id(telegram_id)
    if member is None or member.id is None or not member.is_onboarded:
        return []
    return list(await uow.teams.of_member(member.id))


async def team_of(uow: UnitOfWork, team_id: int) -> Team | None:
    """The team a need is written for (its place bounds the need's territory)."""
    return await uow.teams.get(team_id)


# --- a need's history -----------------------------------------------------------------------------


async def history(uow: UnitOfWork, *, need_id: int) -> list[tuple[datetime, int | None, str]]:
    """When, by whom and what happened to a need, in order."""
    return [(e.at, e.by, e.kind) for e in await uow.needs.events(need_id)]
