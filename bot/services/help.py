"""/help: which parts of the list a person sees, from their registration and roles."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services import teams
from storage.models import Member, RoleName
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class HelpView:
    registered: bool
    designer: bool
    observer: bool
    expert: bool
    admin: bool


async def help_view(uow: UnitOfWork, member: Member | None) -> HelpView:
    roles = await teams.role_names(uow, member)
    return HelpView(registered=member is not None and member.is_onboarded,
                    designer=RoleName.DESIGNER in roles, observer=RoleName.OBSERVER in roles,
                    expert=RoleName.EXPERT in roles, admin=RoleName.ADMIN in roles)
