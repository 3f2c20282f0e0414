"""What a team's designers hear of pledges: who pledged or withdrew how much, grouped by need
over a window (an hour, or a day for a designer who chose one summary a day), read back from
the need's history; and the designer's choice between the two.

The notifier (``notify.needs``) schedules the grouped notices and words them; this reads
what they say, and whom to tell.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from bot.services.needs.values import NeedView, need_view
from bot.services.roles import NotAllowed
from storage.models import NeedEventKind, NeedStatus
from storage.models.role import PledgeDigest
from storage.uow import UnitOfWork

TOLD = (NeedEventKind.PLEDGED.value, NeedEventKind.WITHDRAWN.value,
        NeedEventKind.REDUCED.value)
"""The history rows a designer hears of, grouped."""

PUBLISHED = tuple(status.value for status in NeedStatus
                  if status not in (NeedStatus.PROPOSED, NeedStatus.DECLINED))


@dataclass(frozen=True, slots=True)
class PledgeLine:
    """One pledge or withdrawal: by whom (``None``: a deleted member), what, how much."""

    by: int | None
    name: str | None
    kind: str
    quantity: Decimal


@dataclass(frozen=True, slots=True)
class PledgeDigestView:
    need: NeedView
    lines: tuple[PledgeLine, ...]

    def but(self, telegram_id: int) -> tuple[PledgeLine, ...]:
        """The lines to tell a designer: not their own pledges."""
        return tuple(line for line in self.lines if line.by != telegram_id)


async def designers_of_need(uow: UnitOfWork, *, need_id: int) -> dict[int, str]:
    """The designers of the need's team, each with their choice ("hourly", "daily")."""
    need = await uow.needs.get(need_id)
    if need is None:
        return {}
    return await uow.roles.pledge_digests(need.team_id)


def _quantity(details: str | None) -> Decimal:
    """How much a history row moved: pledged or withdrawn, or given back by a reduction."""
    told = json.loads(details or "{}")
    if "from" in told and "to" in told:
        return Decimal(str(told["from"])) - Decimal(str(told["to"]))
    return Decimal(str(told.get("quantity", "0")))


async def digest_for_need(uow: UnitOfWork, *, need_id: int, since: datetime,
                          until: datetime) -> PledgeDigestView | None:
    """The need's pledges and withdrawals in [since, until), oldest first; None if none."""
    need = await uow.needs.get(need_id)
    if need is None:
        return None
    events = [event for event in await uow.needs.events(need_id)
              if event.kind in TOLD and since <= event.at < until]
    if not events:
        return None
    names = {}
    for who in {event.by for event in events if event.by is not None}:
        member = await uow.members.by_telegram_id(who)
        names[who] = member.display_name if member is not None else None
    lines = tuple(PledgeLine(event.by, names.get(event.by) if event.by is not None else None,
                             event.kind, _quantity(event.details))
                  for event in events)
    return PledgeDigestView(need_view(need), lines)


async def daily_for(uow: UnitOfWork, *, telegram_id: int, since: datetime,
                    until: datetime) -> list[PledgeDigestView]:
    """A daily summary: the pledges of the day on the needs of every team the person designs
    (empty if they no longer design one, or went back to hourly notices)."""
    found: list[PledgeDigestView] = []
    for team in await uow.teams.designed_by(telegram_id):
        assert team.id is not None
        if (await uow.roles.pledge_digests(team.id)).get(telegram_id) != PledgeDigest.DAILY:
            continue
        for need in await uow.needs.of_team(team.id, statuses=PUBLISHED):
            assert need.id is not None
            view = await digest_for_need(uow, need_id=need.id, since=since, until=until)
            if view is not None and view.but(telegram_id):
                found.append(view)
    return found


async def set_pledge_digest(uow: UnitOfWork, *, telegram_id: int, digest: str) -> str:
    """A designer chooses how they hear of pledges (``NotAllowed`` for anyone else)."""
    choice = PledgeDigest(digest)
    if await uow.roles.set_pledge_digest(telegram_id, choice.value) == 0:
        raise NotAllowed(f"{telegram_id} designs no team")
    return choice.value
