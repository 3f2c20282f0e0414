"""Nudge queries: when members were last nudged, what they were already offered, who may be
nudged in some regions, and recording a sweep's nudges. Set-based: one query each, whatever
the number of members or needs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, insert
from sqlalchemy import select as select_columns
from sqlmodel import select

from storage.models.member import Member
from storage.models.need import PLEDGEABLE, Need
from storage.models.nudge import Nudge
from storage.models.territory import Territory
from storage.repositories.base import _Repository, _table

NUDGE = _table(Nudge)
MEMBER = _table(Member)
PLACE = _table(Territory)
NEED = _table(Need)
#: Telegram ids per IN list (well under SQLite's and asyncpg's bound parameters).
IDS_CHUNK = 1000


@dataclass(frozen=True, slots=True)
class NudgeCandidate:
    """A member who may be nudged: consented, registered, reachable, nudges on."""

    telegram_id: int
    language: str
    skills: str | None
    availability: str | None
    territory_chain: tuple[str, ...]


def _chain(code: str, parent: str | None, region: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c for c in (code, parent, region) if c))


class NudgeRepository(_Repository):
    async def last_nudged(self, *, since: datetime) -> dict[int, datetime]:
        """Members nudged at or after ``since``, with their latest nudge."""
        query = (select(NUDGE.c.member_telegram_id, func.max(NUDGE.c.at))
                 .where(NUDGE.c.at >= since).group_by(NUDGE.c.member_telegram_id))
        return {int(member): at for member, at in (await self.session.exec(query)).all()}

    async def offered(self, *, need_id: int | None = None) -> set[tuple[int, int, str]]:
        """(member, need, kind) already sent, for the live needs (or one need)."""
        query = (select(NUDGE.c.member_telegram_id, NUDGE.c.need_id, NUDGE.c.kind)
                 .join(NEED, NEED.c.id == NUDGE.c.need_id).where(NEED.c.status.in_(PLEDGEABLE)))
        if need_id is not None:
            query = query.where(NUDGE.c.need_id == need_id)
        return {(int(m), int(n), str(k)) for m, n, k in (await self.session.exec(query)).all()}

    def _candidates(self) -> Select[Any]:
        return (select_columns(MEMBER.c.telegram_id, MEMBER.c.language, MEMBER.c.skills,
                       MEMBER.c.availability, PLACE.c.code, PLACE.c.parent_code,
                       PLACE.c.region_code)
                .join(PLACE, PLACE.c.code == MEMBER.c.territory_code)
                .where(MEMBER.c.consent_at.is_not(None), MEMBER.c.onboarded_at.is_not(None),
                       MEMBER.c.unreachable_at.is_(None), MEMBER.c.nudges_off.is_(False)))

    async def _read(self, query: Select[Any]) -> list[NudgeCandidate]:
        return [NudgeCandidate(int(tid), str(language), skills, availability,
                               _chain(code, parent, region))
                for tid, language, skills, availability, code, parent, region
                in (await self.session.exec(query)).all()]  # type: ignore[call-overload]

    async def matchable_in(self, region_codes: Sequence[str]) -> list[NudgeCandidate]:
        """Members of these regions who may be nudged and could match a need: skills and
        availability set (``match_members`` skips the others anyway)."""
        if not region_codes:
            return []
        query = self._candidates().where(
            PLACE.c.region_code.in_(region_codes), MEMBER.c.skills.is_not(None),
            MEMBER.c.skills != "", MEMBER.c.availability.is_not(None))
        return await self._read(query)

    async def reachable(self, telegram_ids: Iterable[int]) -> list[NudgeCandidate]:
        """These members, those of them who may be nudged (the pledgers a surplus redirect
        would write to)."""
        ids = sorted(set(telegram_ids))
        found: list[NudgeCandidate] = []
        for start in range(0, len(ids), IDS_CHUNK):
            query = self._candidates().where(
                MEMBER.c.telegram_id.in_(ids[start:start + IDS_CHUNK]))
            found += await self._read(query)
        return found

    async def record_many(self, nudges: Sequence[tuple[int, int, str]], *, now: datetime) -> int:
        """(member, need, kind) sent now, in one executemany."""
        if not nudges:
            return 0
        await self.session.exec(insert(NUDGE), params=[
            {"member_telegram_id": m, "need_id": n, "kind": k, "at": now} for m, n, k in nudges])
        return len(nudges)

    async def of_member(self, telegram_id: int) -> Sequence[Nudge]:
        query = (select(Nudge).where(Nudge.member_telegram_id == telegram_id)
                 .order_by(NUDGE.c.at, NUDGE.c.id))
        return (await self.session.exec(query)).all()
