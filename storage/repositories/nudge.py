"""Nudge queries: when members were last nudged, what they were already offered, who may be
nudged in some regions, and recording a sweep's nudges. Set-based: one query each, whatever
the number of members or needs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, exists, func, insert, or_
from sqlalchemy import select as select_columns
from sqlmodel import select

from domain.matching import MemberFacts
from storage.models.member import Member
from storage.models.need import PLEDGEABLE, Need
from storage.models.nudge import Nudge, NudgeMute
from storage.models.territory import Territory
from storage.repositories.base import _Repository, _table

NUDGE = _table(Nudge)
MUTE = _table(NudgeMute)
MEMBER = _table(Member)
PLACE = _table(Territory)
NEED = _table(Need)
#: Telegram ids per IN list (well under SQLite's and asyncpg's bound parameters).
IDS_CHUNK = 1000


@dataclass(frozen=True, slots=True)
class NudgeCandidate:
    """A member who may be nudged (consented, registered, reachable, nudges on), as matching
    reads them, and the language to write to them in."""

    facts: MemberFacts
    language: str

    @property
    def telegram_id(self) -> int:
        return self.facts.id

    @property
    def territory_chain(self) -> tuple[str, ...]:
        return self.facts.territory_chain


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

    def _candidates(self, not_nudged_since: datetime | None) -> Select[Any]:
        query = (select_columns(MEMBER.c.telegram_id, MEMBER.c.language, MEMBER.c.skills,
                                MEMBER.c.availability, PLACE.c.code, PLACE.c.parent_code,
                                PLACE.c.region_code)
                 .join(PLACE, PLACE.c.code == MEMBER.c.territory_code)
                 .where(MEMBER.c.consent_at.is_not(None), MEMBER.c.onboarded_at.is_not(None),
                        MEMBER.c.unreachable_at.is_(None), MEMBER.c.nudges_off.is_(False)))
        if not_nudged_since is not None:
            # The cap in the query: members nudged since then are not even read (uq_nudge
            # leads with the member, so this is an index probe per member).
            query = query.where(~exists().where(
                NUDGE.c.member_telegram_id == MEMBER.c.telegram_id,
                NUDGE.c.at >= not_nudged_since))
        return query

    async def _read(self, query: Select[Any]) -> list[NudgeCandidate]:
        chains: dict[str, tuple[str, ...]] = {}  # members share places: one chain per place
        found = []
        for tid, language, skills, availability, code, parent, region in (
                await self.session.exec(query)).all():  # type: ignore[call-overload]
            chain = chains.get(code)
            if chain is None:
                chain = chains[code] = tuple(dict.fromkeys(c for c in (code, parent, region)
                                                           if c))
            found.append(NudgeCandidate(MemberFacts(tid, chain, skills, availability),
                                        language))
        return found

    async def matchable_in(self, region_codes: Sequence[str], *,
                           not_nudged_since: datetime | None = None,
                           province: str | None = None,
                           in_province: bool = True) -> list[NudgeCandidate]:
        """Members of these regions who may be nudged and could match a need: skills and
        availability set (``match_members`` skips the others anyway); with
        ``not_nudged_since``, none nudged since then. With ``province``, only those living in
        it (``in_province``) or only those of the regions living outside it."""
        if not region_codes:
            return []
        query = self._candidates(not_nudged_since).where(
            PLACE.c.region_code.in_(region_codes), MEMBER.c.skills.is_not(None),
            MEMBER.c.skills != "", MEMBER.c.availability.is_not(None))
        if province is not None:
            inside = or_(PLACE.c.code == province,
                         func.coalesce(PLACE.c.parent_code, "") == province)
            query = query.where(inside if in_province else ~inside)
        return await self._read(query)

    async def reachable(self, telegram_ids: Iterable[int], *,
                        not_nudged_since: datetime | None = None) -> list[NudgeCandidate]:
        """These members, those of them who may be nudged (the pledgers a surplus redirect
        would write to); with ``not_nudged_since``, none nudged since then."""
        ids = sorted(set(telegram_ids))
        found: list[NudgeCandidate] = []
        for start in range(0, len(ids), IDS_CHUNK):
            query = self._candidates(not_nudged_since).where(
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

    async def mute(self, telegram_id: int, category: str, *, until: datetime) -> None:
        """No suggestions of ``category`` to this member until ``until`` (a later press of
        "not for me" on the same category moves it)."""
        found = (await self.session.exec(select(NudgeMute).where(
            NudgeMute.member_telegram_id == telegram_id, NudgeMute.category == category))).first()
        if found is None:
            self.session.add(NudgeMute(member_telegram_id=telegram_id, category=category,
                                       until=until))
        else:
            found.until = max(found.until, until)
            self.session.add(found)
        await self.session.flush()

    async def muted(self, *, now: datetime) -> set[tuple[int, str]]:
        """(member, category) of the mutes still running at ``now``."""
        query = select(MUTE.c.member_telegram_id, MUTE.c.category).where(MUTE.c.until > now)
        return {(int(m), str(c)) for m, c in (await self.session.exec(query)).all()}

    async def mutes_of(self, telegram_id: int) -> Sequence[NudgeMute]:
        query = (select(NudgeMute).where(NudgeMute.member_telegram_id == telegram_id)
                 .order_by(MUTE.c.until, MUTE.c.id))
        return (await self.session.exec(query)).all()

    async def forget_person(self, telegram_id: int) -> None:
        """Erasure: the suggestions this person received, and their "not for me"s."""
        table = _table(Nudge)
        await self.session.exec(delete(table).where(
            table.c.member_telegram_id == telegram_id))
        await self.session.exec(delete(MUTE).where(MUTE.c.member_telegram_id == telegram_id))


# The filters and orders its queries lean on — (table, leading columns, predicate of a partial
# index or None) — each led by an index (tests/schema/test_indexes.py checks, from every
# repository module's FILTERED).
FILTERED: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("nudge_mute", ("member_telegram_id",), None),  # mute, mutes_of, forget_person
    ("nudge_mute", ("until",), None),  # muted
)
