"""/help: which parts of the list a person sees, from their registration and roles."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services import roles
from storage.models import Member
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class HelpView:
    registered: bool
    roles: frozenset[str]


async def help_view(uow: UnitOfWork, *, telegram_id: int, member: Member | None) -> HelpView:
    return HelpView(registered=member is not None and member.is_onboarded,
                    roles=frozenset(await roles.held_by(uow, telegram_id)))
