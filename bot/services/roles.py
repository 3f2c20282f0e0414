"""Roles: who holds which, checked on the server for every command and button.

A role is held by a Telegram id (see storage RoleGrant), so it is known before the person's
member row exists; a designer's role is of one team.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.personal import Person, Shown
from bot.services.menus import LanguageChanged, RolesChanged
from storage.models import RoleName
from storage.uow import UnitOfWork


async def held_by(uow: UnitOfWork, telegram_id: int) -> set[str]:
    """The roles a person holds (any team)."""
    return {grant.role for grant in await uow.roles.of_person(telegram_id)}


async def holds(uow: UnitOfWork, *, telegram_id: int, role: RoleName,
                team_id: int | None = None) -> bool:
    """Whether the person holds `role` — of `team_id`, when one is given."""
    return any(grant.role == role and (team_id is None or grant.team_id == team_id)
               for grant in await uow.roles.of_person(telegram_id))


class NotAllowed(PermissionError):
    """A use case refused: the person does not hold the role it needs."""


async def require(uow: UnitOfWork, *, telegram_id: int, role: RoleName,
                  team_id: int | None = None) -> None:
    """The services' own check (a filter in the bot checks first; buttons can be forged)."""
    if not await holds(uow, telegram_id=telegram_id, role=role, team_id=team_id):
        raise NotAllowed(f"{telegram_id} is not {role}" + (f" of team {team_id}"
                                                            if team_id is not None else ""))


async def set_language(uow: UnitOfWork, *, telegram_id: int, language: str,
                       now: datetime) -> bool:
    """/language for a role holder who is not a member (an observer needs no onboarding): the
    choice goes on their grants, their menu follows. False if they hold no role."""
    before = await uow.roles.language(telegram_id)
    if not await uow.roles.set_language(telegram_id, language):
        return False
    uow.note_language(telegram_id, language)
    if before != language:
        uow.emit(LanguageChanged(telegram_id, language, now))
    return True


async def show(uow: UnitOfWork, person: Person) -> Shown:
    """/mydata: the roles held (an observer or expert may hold one without being a member)."""
    return {"roles": [{"role": r.role, "team_id": r.team_id, "territory": r.territory_code}
                      for r in await uow.roles.of_person(person.telegram_id)]}


async def erase(uow: UnitOfWork, person: Person, now: datetime) -> None:
    """The person's grants are deleted, and they leave the grants they gave (`granted_by`)."""
    await uow.roles.forget_person(person.telegram_id)


@dataclass(frozen=True, slots=True)
class RoleGranted:
    """A role was given to `telegram_id`, by `by` (a Telegram id; None: from the command line
    with no --by). Only the audit trail listens."""

    telegram_id: int
    role: str
    team_id: int | None
    territory_code: str | None
    now: datetime
    by: int | None = None


@dataclass(frozen=True, slots=True)
class RoleRevoked:
    """A role was taken back; the grant row is deleted, so the event carries when it had been
    given (`granted_at`) for the audit trail, which keeps who gave and who took it."""

    telegram_id: int
    role: str
    team_id: int | None
    territory_code: str | None
    granted_at: datetime
    now: datetime
    by: int | None = None


async def grant(uow: UnitOfWork, *, telegram_id: int, role: str, team_id: int | None,
                territory_code: str | None, now: datetime, by: int | None = None,
                menu: bool = True) -> bool:
    """Grant a role (the command line checks the target first); False: it was held already.
    No member row is made: a person who has not consented in the bot is only a Telegram id.
    `by`: who grants it (kept on the grant, and in the audit trail); `menu`: the person's
    menu follows (`RolesChanged`)."""
    _grant, new = await uow.roles.grant(telegram_id=telegram_id, role=role, team_id=team_id,
                                        territory_code=territory_code, now=now, granted_by=by)
    if new:
        uow.emit(RoleGranted(telegram_id, role, team_id, territory_code, now, by=by))
        if menu:
            uow.emit(RolesChanged(telegram_id, now))
    return new


async def revoke(uow: UnitOfWork, *, telegram_id: int, role: str, team_id: int | None,
                 territory_code: str | None, now: datetime, by: int | None = None) -> bool:
    """Revoke a role; False: the person did not hold it. The audit trail records it."""
    revoked = await uow.roles.revoke(telegram_id=telegram_id, role=role, team_id=team_id,
                                     territory_code=territory_code)
    if revoked is None:
        return False
    uow.emit(RoleRevoked(telegram_id, role, team_id, territory_code, revoked.granted_at, now,
                         by=by))
    uow.emit(RolesChanged(telegram_id, now))
    return True
