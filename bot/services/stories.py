"""Stories: a member shares a practice (/share), a designer of the story's team (or an admin)
publishes it — editing its title or texts if needed — or declines it with a reason; the author
is told either way. A published story goes to the team's linked group, shows in /stories, takes
one "useful" tap per person, and once a week goes in a digest to the linked groups of the
region's other teams.

The weekly sweep (a job, every quarter of an hour) releases the digests once per ISO week, at
the weekly digests' moment (Monday 09:00 Rome by default) and in daytime only
(``domain.digests.release_due``), with two grouped reads for every group at once; the notifier
words each group's digest in the group's language and keys it per chat and week
(``stories-digest:<chat>:<week>``), so nothing goes twice. A group whose administrators turned
the weekly digest off (``/weekly off``) gets neither digest.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from bot.personal import Person, Shown
from bot.services.digests import DigestSchedule
from bot.services.roles import NotAllowed, holds
from domain import stories as rules
from domain.digests import iso_week, past_week, release_due
from domain.needs import load_categories
from storage.models import RoleName
from storage.models.story import Story, StoryStatus
from storage.models.team import Team
from storage.repositories.story import StoryRepository, StoryRow
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

EDITABLE = ("title", "done", "worked")
LIMITS = {"title": rules.MAX_TITLE, "done": rules.MAX_TEXT, "worked": rules.MAX_TEXT}
MODES = ("place", "region", "cat", "new", "top")


class StoryProblem(ValueError):
    """A use case refused for a reason the person can fix or should know (``code``)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class GroupTarget:
    """A team's linked group, reachable, in the group's language."""

    chat_id: int
    language: str
    team_name: str


async def group_of(uow: UnitOfWork, team_id: int) -> GroupTarget | None:
    found = (await uow.teams.with_groups([team_id])).get(team_id)
    if found is None:
        return None
    team, group = found
    if team.group_chat_id is None or (group is not None and (
            group.unreachable_at is not None or group.left_at is not None)):
        return None
    return GroupTarget(team.group_chat_id, group.language if group else team.language, team.name)


# --- events ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoryShared:
    """A member shared a story: the team's designers (but the author) are to review it."""

    story_id: int
    title: str
    team_name: str
    author_name: str
    designers: tuple[int, ...]
    now: datetime


@dataclass(frozen=True, slots=True)
class StoryPublished:
    """A designer published a story: to the team's group (None: no reachable group), and its
    author (None: erased, or the designer is the author) is told."""

    story_id: int
    group: GroupTarget | None
    author: int | None
    now: datetime
    by: int | None = None
    team_id: int | None = None
    role: str = "designer"
    """The reviewer's role (designer of the team, or admin), for the audit trail."""


@dataclass(frozen=True, slots=True)
class StoryDeclined:
    """A designer declined a story: its author hears it, with the reason."""

    story_id: int
    title: str
    author: int | None
    reason: str
    now: datetime
    by: int | None = None
    team_id: int | None = None
    role: str = "designer"


@dataclass(frozen=True, slots=True)
class DigestStory(rules.Placed):
    """A story as a digest lists it."""

    story_id: int
    title: str
    team_name: str
    language: str
    worked: str
    link: str | None


@dataclass(frozen=True, slots=True)
class GroupStories:
    """One group's digest: the week's stories of its region's other teams."""

    chat_id: int
    language: str
    week: str
    stories: tuple[DigestStory, ...]

    @property
    def key(self) -> str:
        return f"stories-digest:{self.chat_id}:{self.week}"


@dataclass(frozen=True, slots=True)
class StoryDigestsReleased:
    digests: tuple[GroupStories, ...]
    now: datetime


# --- sharing --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Draft:
    """What the author wrote, as the flow collected it (checked again here)."""

    title: str
    done: str
    worked: str
    category: str
    photo_file_id: str | None = None
    link: str | None = None
    origin_need_id: int | None = None
    origin_table_id: int | None = None


async def teams_for_sharing(uow: UnitOfWork, *, telegram_id: int) -> list[Team]:
    """The teams a registered member has joined (where they may /share)."""
    member = await uow.members.by_telegram_id(telegram_id)
    if member is None or member.id is None or not member.is_onboarded:
        return []
    return list(await uow.teams.of_member(member.id))


async def _team_for(uow: UnitOfWork, telegram_id: int, team_id: int) -> Team:
    for team in await teams_for_sharing(uow, telegram_id=telegram_id):
        if team.id == team_id:
            return team
    raise NotAllowed(f"{telegram_id} is not a member of team {team_id}")


async def origins(uow: UnitOfWork, *, telegram_id: int, team_id: int
                  ) -> tuple[list[tuple[int, str]], list[tuple[int, datetime]]]:
    """The team's recent needs and tables a story may come from (a member of it asks)."""
    await _team_for(uow, telegram_id, team_id)
    return await uow.repository(StoryRepository).recent_origins(team_id)


def check_draft(draft: Draft) -> None:
    for value, limit in ((draft.title, rules.MAX_TITLE), (draft.done, rules.MAX_TEXT),
                         (draft.worked, rules.MAX_TEXT)):
        if rules.clean_text(value, limit) != value:
            raise StoryProblem("bad_text")
    if draft.link is not None and rules.clean_link(draft.link) != draft.link:
        raise StoryProblem("bad_link")
    if load_categories().get(draft.category) is None:
        raise StoryProblem("bad_category")


async def share(uow: UnitOfWork, *, now: datetime, telegram_id: int, team_id: int,
                draft: Draft) -> Story:
    """A member's story, pending; the team's designers are told (``StoryShared``)."""
    team = await _team_for(uow, telegram_id, team_id)
    check_draft(draft)
    repo = uow.repository(StoryRepository)
    if not await repo.origin_belongs(team_id, need_id=draft.origin_need_id,
                                     table_id=draft.origin_table_id):
        raise StoryProblem("bad_origin")
    member = await uow.members.by_telegram_id(telegram_id)
    assert member is not None
    story = await repo.add(Story(
        team_id=team_id, author_telegram_id=telegram_id, title=draft.title, done=draft.done,
        worked=draft.worked, photo_file_id=draft.photo_file_id, link=draft.link,
        category=draft.category, origin_need_id=draft.origin_need_id,
        origin_table_id=draft.origin_table_id, language=member.language,
        status=StoryStatus.PENDING.value, created_at=now))
    assert story.id is not None
    designers = tuple(d for d in await uow.roles.pledge_digests(team_id) if d != telegram_id)
    uow.emit(StoryShared(story.id, story.title, team.name, member.display_name or "",
                         designers, now))
    return story


# --- the designer's review ------------------------------------------------------------------


async def may_review(uow: UnitOfWork, *, telegram_id: int, team_id: int) -> bool:
    return await reviewer_role(uow, telegram_id=telegram_id, team_id=team_id) is not None


async def reviewer_role(uow: UnitOfWork, *, telegram_id: int, team_id: int) -> str | None:
    """The role a person reviews the team's stories in: designer of it, else admin, else None."""
    if await holds(uow, telegram_id=telegram_id, role=RoleName.DESIGNER, team_id=team_id):
        return RoleName.DESIGNER.value
    if await holds(uow, telegram_id=telegram_id, role=RoleName.ADMIN):
        return RoleName.ADMIN.value
    return None


async def for_reviewer(uow: UnitOfWork, *, telegram_id: int, story_id: int) -> Story:
    """The pending story, if the person may review it: ``NotAllowed`` for anyone but a
    designer of its team or an admin, ``StoryProblem`` if it is gone or already reviewed."""
    story = await uow.repository(StoryRepository).get(story_id)
    if story is None:
        raise StoryProblem("gone")
    if not await may_review(uow, telegram_id=telegram_id, team_id=story.team_id):
        raise NotAllowed(f"{telegram_id} may not review story {story_id}")
    if story.status != StoryStatus.PENDING.value:
        raise StoryProblem("reviewed")
    return story


async def pending_for(uow: UnitOfWork, *, telegram_id: int) -> list[Story]:
    """The pending stories of the teams the person designs, oldest first."""
    ids = [t.id for t in await uow.teams.designed_by(telegram_id) if t.id is not None]
    return list(await uow.repository(StoryRepository).pending_of_teams(ids))


async def approve(uow: UnitOfWork, *, now: datetime, telegram_id: int, story_id: int) -> Story:
    story = await for_reviewer(uow, telegram_id=telegram_id, story_id=story_id)
    story.status, story.reviewed_at, story.published_at = (StoryStatus.PUBLISHED.value, now,
                                                           now)
    await uow.session.flush()
    assert story.id is not None
    group = await group_of(uow, story.team_id)
    author = story.author_telegram_id if story.author_telegram_id != telegram_id else None
    role = await reviewer_role(uow, telegram_id=telegram_id, team_id=story.team_id)
    uow.emit(StoryPublished(story.id, group, author, now, by=telegram_id,
                            team_id=story.team_id, role=role or RoleName.DESIGNER.value))
    return story


async def edit(uow: UnitOfWork, *, telegram_id: int, story_id: int, field: str,
               value: str) -> Story:
    """A reviewer changes the title or a text before publishing."""
    if field not in EDITABLE:
        raise StoryProblem("bad_field")
    story = await for_reviewer(uow, telegram_id=telegram_id, story_id=story_id)
    cleaned = rules.clean_text(value, LIMITS[field])
    if cleaned is None:
        raise StoryProblem("bad_text")
    setattr(story, field, cleaned)
    await uow.session.flush()
    return story


async def decline(uow: UnitOfWork, *, now: datetime, telegram_id: int, story_id: int,
                  reason: str) -> Story:
    cleaned = rules.clean_text(reason, rules.MAX_REASON)
    if cleaned is None:
        raise StoryProblem("bad_reason")
    story = await for_reviewer(uow, telegram_id=telegram_id, story_id=story_id)
    story.status, story.reviewed_at, story.decline_reason = (StoryStatus.DECLINED.value, now,
                                                             cleaned)
    await uow.session.flush()
    assert story.id is not None
    author = story.author_telegram_id if story.author_telegram_id != telegram_id else None
    role = await reviewer_role(uow, telegram_id=telegram_id, team_id=story.team_id)
    uow.emit(StoryDeclined(story.id, story.title, author, cleaned, now, by=telegram_id,
                           team_id=story.team_id, role=role or RoleName.DESIGNER.value))
    return story


# --- /stories -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoryPage:
    rows: tuple[StoryRow, ...]
    total: int
    page: int

    @property
    def more(self) -> bool:
        return (self.page + 1) * rules.PAGE < self.total


async def browse(uow: UnitOfWork, *, telegram_id: int, mode: str, page: int = 0,
                 category: str | None = None) -> StoryPage:
    """One page of published stories: of the member's comune and province (``place``), of
    their region, of a category, the newest, or the most useful. ``StoryProblem`` for a
    person with no home territory asking for theirs."""
    if mode not in MODES:
        raise StoryProblem("bad_mode")
    repo = uow.repository(StoryRepository)
    kwargs: dict[str, object] = {}
    if mode in ("place", "region"):
        member = await uow.members.by_telegram_id(telegram_id)
        place = (await uow.territories.get(member.territory_code)
                 if member is not None and member.territory_code else None)
        if place is None:
            raise StoryProblem("no_place")
        if mode == "place":
            kwargs["places"] = tuple(c for c in (place.code, place.parent_code) if c)
        else:
            kwargs["region"] = place.region_code or place.code
    elif mode == "cat":
        if category is None or load_categories().get(category) is None:
            raise StoryProblem("bad_category")
        kwargs["category"] = category
    rows, total = await repo.published_page(
        limit=rules.PAGE, offset=page * rules.PAGE, by_useful=mode == "top",
        **kwargs)  # type: ignore[arg-type]
    return StoryPage(tuple(rows), total, page)


async def mark_useful(uow: UnitOfWork, *, now: datetime, telegram_id: int,
                      story_id: int) -> tuple[bool, int]:
    """One tap per person on a published story: (counted now, the count)."""
    repo = uow.repository(StoryRepository)
    story = await repo.get(story_id)
    if story is None or story.status != StoryStatus.PUBLISHED.value:
        raise StoryProblem("gone")
    counted = await repo.mark_useful(story_id, telegram_id, now)
    await uow.session.refresh(story)
    return counted, story.useful


# --- the weekly regional digest -------------------------------------------------------------


async def compose_digests(uow: UnitOfWork, *, now: datetime, schedule: DigestSchedule
                          ) -> list[GroupStories]:
    """Each linked group's digest with something in it: the stories published in the past
    week by the other teams of its team's region."""
    repo = uow.repository(StoryRepository)
    start, end = past_week(now, weekday=schedule.weekday, hour=schedule.hour).utc_bounds()
    published = [DigestStory(team_id=r.story.team_id, region_code=r.region_code,
                             story_id=r.story.id or 0, title=r.story.title,
                             team_name=r.team_name, language=r.story.language,
                             worked=r.story.worked, link=r.story.link)
                 for r in await repo.published_between(start, end)]
    if not published:
        return []
    regions = rules.by_region(published)
    week = iso_week(now)
    digests = []
    for group in await repo.region_groups(sorted(regions)):
        found = rules.for_group(rules.Placed(group.team_id, group.region_code), regions)
        if found:
            digests.append(GroupStories(group.chat_id, group.language, week, tuple(found)))
    return digests


async def release_digests(uow: UnitOfWork, *, now: datetime, schedule: DigestSchedule) -> int:
    """The sweep: this week's regional digests, once, when due. Returns how many."""
    if not release_due(now, weekday=schedule.weekday, hour=schedule.hour):
        return 0
    week = iso_week(now)
    repo = uow.repository(StoryRepository)
    if await repo.swept(week):
        return 0
    digests = await compose_digests(uow, now=now, schedule=schedule)
    await repo.mark_swept(week, groups=len(digests), now=now)
    if digests:
        uow.emit(StoryDigestsReleased(tuple(digests), now))
    log.info("stories digests of %s: %d groups", week, len(digests))
    return len(digests)


# --- a person's data ------------------------------------------------------------------------


async def show_person(uow: UnitOfWork, person: Person) -> Shown:
    repo = uow.repository(StoryRepository)
    stories = [{"title": s.title, "what_was_done": s.done, "what_worked": s.worked,
                "link": s.link, "photo": s.photo_file_id, "category": s.category,
                "status": s.status, "decline_reason": s.decline_reason,
                "shared_at": s.created_at.isoformat()}
               for s in await repo.of_author(person.telegram_id)]
    useful = await repo.useful_of(person.telegram_id)
    shown: dict[str, object] = {}
    if stories:
        shown["stories"] = stories
    if useful:
        shown["stories_found_useful"] = useful
    return shown


async def erase_person(uow: UnitOfWork, person: Person, now: datetime) -> None:
    await uow.repository(StoryRepository).forget_author(person.telegram_id)
