"""Stories' queries: a story and its review, the pages of /stories, the one tap per person,
and the regional digest's two grouped reads (the week's stories of every region, every linked
group with its team's region) — whatever the number of groups, two queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, func, or_, update
from sqlalchemy import select as select_columns
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select

from storage.models.group import GroupChat
from storage.models.need import Need, NeedStatus
from storage.models.story import Story, StoryStatus, StorySweep, StoryUseful
from storage.models.table import TerritorialTable
from storage.models.team import Team
from storage.models.territory import Territory
from storage.repositories.base import _insert_ignoring_duplicates, _Repository, _rowcount, _table

STORY = _table(Story)
USEFUL = _table(StoryUseful)
SWEEP = _table(StorySweep)
TEAM = _table(Team)
PLACE = _table(Territory)
GROUP = _table(GroupChat)
NEED = _table(Need)
TABLE = _table(TerritorialTable)


@dataclass(frozen=True, slots=True)
class StoryRow:
    """A story with its team's name and region, as /stories and the digest show it."""

    story: Story
    team_name: str
    region_code: str


@dataclass(frozen=True, slots=True)
class RegionGroup:
    """A linked group that takes digests, with its team and the team's region."""

    chat_id: int
    language: str
    team_id: int
    region_code: str


class StoryRepository(_Repository):
    async def _rows(self, query: Select[Any]) -> Sequence[Any]:
        return (await self.session.exec(query)).all()  # type: ignore[call-overload,no-any-return]

    async def add(self, story: Story) -> Story:
        self.session.add(story)
        await self.session.flush()
        return story

    async def get(self, story_id: int) -> Story | None:
        return await self.session.get(Story, story_id)

    async def pending_of_teams(self, team_ids: Sequence[int]) -> Sequence[Story]:
        if not team_ids:
            return []
        return (await self.session.exec(
            select(Story).where(col(Story.team_id).in_(team_ids),
                                Story.status == StoryStatus.PENDING.value)
            .order_by(col(Story.id)))).all()

    async def recent_origins(self, team_id: int, *, limit: int = 4
                             ) -> tuple[list[tuple[int, str]], list[tuple[int, datetime]]]:
        """The team's newest public needs (id, title) and tables (id, start), to name where a
        story came from."""
        needs = await self._rows(
            select_columns(NEED.c.id, NEED.c.title)
            .where(NEED.c.team_id == team_id,
                   NEED.c.status.not_in((NeedStatus.PROPOSED.value, NeedStatus.DECLINED.value)))
            .order_by(NEED.c.created_at.desc(), NEED.c.id.desc()).limit(limit))
        tables = await self._rows(
            select_columns(TABLE.c.id, TABLE.c.starts_at)
            .where(TABLE.c.team_id == team_id)
            .order_by(TABLE.c.starts_at.desc()).limit(limit))
        return ([(int(i), str(t)) for i, t in needs], [(int(i), at) for i, at in tables])

    async def origin_belongs(self, team_id: int, *, need_id: int | None,
                             table_id: int | None) -> bool:
        if need_id is not None:
            need = await self.session.get(Need, need_id)
            return need is not None and need.team_id == team_id
        if table_id is not None:
            table = await self.session.get(TerritorialTable, table_id)
            return table is not None and table.team_id == team_id
        return True

    # --- /stories -------------------------------------------------------------------------------

    async def published_page(self, *, places: Sequence[str] = (), region: str | None = None,
                             category: str | None = None, by_useful: bool = False,
                             limit: int = 5, offset: int = 0) -> tuple[list[StoryRow], int]:
        """One page of published stories (newest first, or most useful first) and the total:
        of teams whose territory is one of `places`, or lies in `region`, or of a category."""
        where = [STORY.c.status == StoryStatus.PUBLISHED.value]
        if places:
            where.append(TEAM.c.territory_code.in_(list(places)))
        if region is not None:
            where.append(or_(PLACE.c.region_code == region, PLACE.c.code == region))
        if category is not None:
            where.append(STORY.c.category == category)
        base = (select_columns(STORY.c.id).join(TEAM, TEAM.c.id == STORY.c.team_id)
                .join(PLACE, PLACE.c.code == TEAM.c.territory_code).where(*where))
        total = int((await self._rows(select_columns(func.count()).select_from(
            base.subquery())))[0][0])
        order = ([STORY.c.useful.desc()] if by_useful else []) + [
            STORY.c.published_at.desc(), STORY.c.id.desc()]
        query = (select(Story, col(Team.name), col(Territory.region_code))
                 .join(Team, col(Team.id) == col(Story.team_id))
                 .join(Territory, col(Territory.code) == col(Team.territory_code))
                 .where(*where).order_by(*order).limit(limit).offset(offset))
        rows = (await self.session.exec(query)).all()
        return [StoryRow(story, name, region_code) for story, name, region_code in rows], total

    async def mark_useful(self, story_id: int, telegram_id: int, now: datetime) -> bool:
        """One tap per person: True if counted now, False if it was already."""
        values = {"story_id": story_id, "member_telegram_id": telegram_id, "at": now}
        keys = ["story_id", "member_telegram_id"]
        if self.session.get_bind().dialect.name == "postgresql":
            statement: Any = pg_insert(USEFUL).values(**values).on_conflict_do_nothing(
                index_elements=keys)
        else:
            statement = sqlite_insert(USEFUL).values(**values).on_conflict_do_nothing(
                index_elements=keys)
        if not _rowcount(await self.session.exec(statement)):
            return False
        await self.session.exec(update(STORY).where(STORY.c.id == story_id)
                                .values(useful=STORY.c.useful + 1))
        return True

    # --- the weekly regional digest -----------------------------------------------------------

    async def swept(self, week: str) -> bool:
        return await self.session.get(StorySweep, week) is not None

    async def mark_swept(self, week: str, *, groups: int, now: datetime) -> None:
        await self.session.exec(_insert_ignoring_duplicates(
            self.session, SWEEP, {"week": week, "done_at": now, "groups": groups}, "week"))

    async def published_between(self, start: datetime, end: datetime) -> list[StoryRow]:
        """The stories published in the window, oldest first, with team and region."""
        query = (select(Story, col(Team.name), col(Territory.region_code))
                 .join(Team, col(Team.id) == col(Story.team_id))
                 .join(Territory, col(Territory.code) == col(Team.territory_code))
                 .where(Story.status == StoryStatus.PUBLISHED.value,
                        col(Story.published_at) >= start, col(Story.published_at) < end)
                 .order_by(col(Story.published_at), col(Story.id)))
        return [StoryRow(story, name, region)
                for story, name, region in (await self.session.exec(query)).all()]

    async def region_groups(self, regions: Sequence[str]) -> list[RegionGroup]:
        """The linked groups (still there, reachable, digest on) of teams in `regions`."""
        if not regions:
            return []
        query = (select_columns(GROUP.c.chat_id, GROUP.c.language, TEAM.c.id,
                                PLACE.c.region_code)
                 .join(TEAM, TEAM.c.group_chat_id == GROUP.c.chat_id)
                 .join(PLACE, PLACE.c.code == TEAM.c.territory_code)
                 .where(GROUP.c.left_at.is_(None), GROUP.c.unreachable_at.is_(None),
                        GROUP.c.digest_off.is_(False), PLACE.c.region_code.in_(list(regions)))
                 .order_by(GROUP.c.chat_id))
        return [RegionGroup(int(chat), language, int(team), region)
                for chat, language, team, region in await self._rows(query)]

    # --- a person's --------------------------------------------------------------------------

    async def of_author(self, telegram_id: int) -> Sequence[Story]:
        return (await self.session.exec(select(Story).where(
            Story.author_telegram_id == telegram_id).order_by(col(Story.id)))).all()

    async def useful_of(self, telegram_id: int) -> list[int]:
        return [int(i) for (i,) in await self._rows(select_columns(USEFUL.c.story_id).where(
            USEFUL.c.member_telegram_id == telegram_id).order_by(USEFUL.c.story_id))]

    async def forget_author(self, telegram_id: int) -> None:
        """Unpublished stories go (their words are the author's); published ones stay, the
        team's, without the author."""
        await self.session.exec(delete(STORY).where(
            STORY.c.author_telegram_id == telegram_id,
            STORY.c.status != StoryStatus.PUBLISHED.value))
        await self.session.exec(update(STORY).where(
            STORY.c.author_telegram_id == telegram_id).values(author_telegram_id=None))
        await self.session.exec(delete(USEFUL).where(
            USEFUL.c.member_telegram_id == telegram_id))


FILTERED: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("story", ("status", "published_at"), None),  # published_between, published_page
    ("story", ("team_id", "status"), None),  # pending_of_teams
    ("story", ("author_telegram_id",), None),  # of_author, forget_author
    ("story_useful", ("member_telegram_id",), None),  # useful_of, forget
)

__all__ = ["RegionGroup", "StoryRepository", "StoryRow"]
