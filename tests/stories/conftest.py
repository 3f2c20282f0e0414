"""The stories' world: the demo (Marco designs Milano, Sara Bergamo and Brescia, Luca is a
Milano member speaking English), on SQLite and PostgreSQL, with Giulia, an Italian member of
Milano, a need of Milano to name as a story's origin, and Milano's group."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import delete

from bot.config import Settings
from playground.api import Output
from storage.models.story import Story
from storage.uow import UnitOfWork
from tests.conftest import Clock
from tests.helpers.rows import add_member, add_need, team_id
from tests.world import World, open_world

MARCO, SARA, LUCA, PAOLA, GIULIA, NEWCOMER = 2001, 2002, 2003, 2101, 3001, 3002
MILANO_GROUP = -1001000000001


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(_env_file=None, bot_token=None, database_url=db_url,  # type: ignore[call-arg]
                    redis_url=None)


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    async with open_world(settings, clock, (MARCO, "Marco", "it"), (SARA, "Sara", "it"),
                          (LUCA, "Luca", "en"), (PAOLA, "Paola", "it"),
                          (GIULIA, "Giulia", "it"), (NEWCOMER, "Nuovo", "it")) as world:
        world.api.add_group(MILANO_GROUP, "Cohesion Makers Milano", admins=(MARCO,),
                            members=(LUCA,))
        world.api.statuses[(MILANO_GROUP, world.api.bot_user["id"])] = "member"
        async with world.uow() as uow:
            milano = await team_id(uow, "Cohesion Makers Milano")
            await forget_demo_stories(uow)
            giulia = await add_member(uow, GIULIA, "Giulia", now=clock())
            assert giulia.id is not None
            await uow.memberships.join(member_id=giulia.id, team_id=milano, now=clock())
            await add_need(uow, team=milano, title="Coperte per il dormitorio", target=10,
                           now=clock(), days_ago=2)
        yield world


async def forget_demo_stories(uow: UnitOfWork) -> None:
    """The demo's stories deleted: the tests count their own."""
    await uow.session.exec(delete(Story))  # type: ignore[call-overload]


async def add_story(uow: UnitOfWork, *, team: int, title: str, at: datetime,
                    category: str = "loneliness", language: str = "it", useful: int = 0,
                    status: str = "published") -> int:
    story = Story(team_id=team, author_telegram_id=None, title=title, done="Fatto",
                  worked="Funzionato", category=category, language=language, status=status,
                  created_at=at, published_at=at if status == "published" else None,
                  useful=useful)
    uow.session.add(story)
    await uow.session.flush()
    assert story.id is not None
    return story.id


async def send_photo(world: World, user_id: int, file_id: str = "AgACphoto42") -> list[Output]:
    """The person sends a photo (no text), as Telegram delivers it."""
    update: dict[str, Any] = world.api.message_update(user_id=user_id, chat_id=user_id,
                                                      text="")
    message = update["message"]
    del message["text"]
    message["photo"] = [{"file_id": "small", "file_unique_id": "s1", "width": 90, "height": 60},
                        {"file_id": file_id, "file_unique_id": "b1", "width": 800,
                         "height": 600}]
    return await world.chat._feed(update)
