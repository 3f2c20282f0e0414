"""Role grant queries: grant, revoke and list roles by Telegram id; erasure of a person's grants."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import col, select

from storage.models.member import Member
from storage.models.role import RoleGrant, RoleName
from storage.repositories.base import _Repository, _rowcount


class RoleRepository(_Repository):
    """Role grants, by Telegram id (see RoleGrant)."""

    async def of_person(self, telegram_id: int) -> Sequence[RoleGrant]:
        query = (select(RoleGrant).where(RoleGrant.telegram_id == telegram_id)
                 .order_by(col(RoleGrant.id)))
        return (await self.session.exec(query)).all()

    async def find(
        self, *, telegram_id: int, role: str, team_id: int | None = None,
        territory_code: str | None = None,
    ) -> RoleGrant | None:
        query = select(RoleGrant).where(
            RoleGrant.telegram_id == telegram_id,
            RoleGrant.role == role,
            col(RoleGrant.team_id) == team_id if team_id is not None
            else col(RoleGrant.team_id).is_(None),
            RoleGrant.territory_code == territory_code
            if territory_code is not None
            else col(RoleGrant.territory_code).is_(None),
        )
        return (await self.session.exec(query)).one_or_none()

    async def grant(
        self, *, telegram_id: int, role: str, now: datetime, team_id: int | None = None,
        territory_code: str | None = None, granted_by: int | None = None,
    ) -> tuple[RoleGrant, bool]:
        """Idempotent (NULLs defeat a unique index, so uniqueness is checked here)."""
        existing = await self.find(
            telegram_id=telegram_id, role=role, team_id=team_id, territory_code=territory_code
        )
        if existing is not None:
            return existing, False
        grant = RoleGrant(telegram_id=telegram_id, role=role, team_id=team_id,
                          territory_code=territory_code, granted_at=now, granted_by=granted_by)
        self.session.add(grant)
        await self.session.flush()
        return grant, True

    async def revoke(
        self, *, telegram_id: int, role: str, team_id: int | None = None,
        territory_code: str | None = None,
    ) -> RoleGrant | None:
        """The grant deleted (None: there was none)."""
        grant = await self.find(
            telegram_id=telegram_id, role=role, team_id=team_id, territory_code=territory_code
        )
        if grant is None:
            return None
        await self.session.delete(grant)
        await self.session.flush()
        return grant

    async def forget_person(self, telegram_id: int) -> int:
        """Erasure: every grant of this person, and their id on the grants they gave."""
        statement = delete(RoleGrant).where(col(RoleGrant.telegram_id) == telegram_id)
        deleted = _rowcount(await self.session.exec(statement))
        await self.session.exec(update(RoleGrant)
                                .where(col(RoleGrant.granted_by) == telegram_id)
                                .values(granted_by=None))
        return deleted

    async def all(self) -> Sequence[tuple[RoleGrant, Member | None]]:
        """Every grant, with the person's member row where they have one."""
        query = (
            select(RoleGrant, Member)
            .outerjoin(Member, col(Member.telegram_id) == col(RoleGrant.telegram_id))
            .order_by(col(RoleGrant.id))
        )
        return [(grant, member) for grant, member in (await self.session.exec(query)).all()]

    # --- how designers hear of pledges ------------------------------------------------------

    async def pledge_digests(self, team_id: int) -> dict[int, str]:
        """Each designer of the team, with how they hear of pledges ("hourly", "daily")."""
        query = select(RoleGrant.telegram_id, RoleGrant.pledge_digest).where(
            RoleGrant.team_id == team_id, RoleGrant.role == RoleName.DESIGNER.value)
        return {int(telegram_id): digest
                for telegram_id, digest in (await self.session.exec(query)).all()}

    async def language(self, telegram_id: int) -> str | None:
        """The language a role holder without a member row chose (any of their grants)."""
        query = select(RoleGrant.language).where(col(RoleGrant.telegram_id) == telegram_id,
                                                 col(RoleGrant.language).is_not(None)).limit(1)
        return (await self.session.exec(query)).first()

    async def set_language(self, telegram_id: int, language: str) -> int:
        """The language on every grant of the person; how many they hold."""
        statement = (update(RoleGrant).where(col(RoleGrant.telegram_id) == telegram_id)
                     .values(language=language))
        return _rowcount(await self.session.exec(statement))

    async def set_pledge_digest(self, telegram_id: int, digest: str) -> int:
        """The choice, on every designer grant of the person; how many they hold."""
        statement = (update(RoleGrant)
                     .where(col(RoleGrant.telegram_id) == telegram_id,
                            col(RoleGrant.role) == RoleName.DESIGNER.value)
                     .values(pledge_digest=digest))
        return _rowcount(await self.session.exec(statement))


# The filters and orders its queries lean on — (table, leading columns, predicate of a partial
# index or None) — each led by an index (tests/schema/test_indexes.py checks, from every
# repository module's FILTERED).
FILTERED: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("rolegrant", ("telegram_id",), None),  # of_person, find, forget_person, designed_by,
    # set_pledge_digest, language, set_language
    ("rolegrant", ("team_id",), None),  # designers, designer_names, pledge_digests
    ("rolegrant", ("granted_by",), None),  # forget_person
)
