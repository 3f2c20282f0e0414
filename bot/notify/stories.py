"""Stories, worded: the review card to the team's designers (with ✅ / ✏️ / ✖️), the story in
the team's group (the frame in the group's language, the story in its own, marked when they
differ), the author told, and each group's weekly regional digest — one outbox row each,
keyed so a repeat sends nothing twice."""

from __future__ import annotations

from bot.i18n import DEFAULT_LANGUAGE, speak
from bot.services.stories import StoryDeclined, StoryDigestsReleased, StoryPublished, StoryShared
from bot.ui.keyboards import stories as keyboards
from bot.ui.texts import stories as texts
from storage.models.story import Story
from storage.repositories import OutboxItem
from storage.repositories.story import StoryRepository
from storage.uow import UnitOfWork


def _card(story: Story, team: str, *, photo_note: bool = True) -> str:
    return texts.card(title=story.title, done=story.done, worked=story.worked,
                      category=story.category, team=team, language=story.language,
                      link=story.link, photo=photo_note and story.photo_file_id is not None)


async def on_story_shared(uow: UnitOfWork, event: StoryShared) -> None:
    story = await uow.repository(StoryRepository).get(event.story_id)
    if story is None or not event.designers:
        return
    languages = await uow.members.languages(event.designers)
    # The author's id in the key: their erasure takes these notices (their words) away.
    author = story.author_telegram_id or 0
    items = []
    for designer in event.designers:
        with speak(languages.get(designer) or DEFAULT_LANGUAGE):
            items.append(OutboxItem(
                key=f"story:{event.story_id}:shared:{author}:{designer}", chat_id=designer,
                text=texts.shared_notice(title=event.title, team=event.team_name,
                                         author=event.author_name,
                                         story=_card(story, event.team_name)),
                payload={"reply_markup": keyboards.as_json(keyboards.review(event.story_id))}))
    await uow.outbox.enqueue_many(items, now=event.now)


async def on_story_published(uow: UnitOfWork, event: StoryPublished) -> None:
    story = await uow.repository(StoryRepository).get(event.story_id)
    if story is None:
        return
    items = []
    if event.group is not None:
        if story.photo_file_id:  # the photo first, then the story under it
            items.append(OutboxItem(
                key=f"story:{event.story_id}:photo:{event.group.chat_id}",
                chat_id=event.group.chat_id, method="sendPhoto",
                payload={"photo": story.photo_file_id}))
        with speak(event.group.language):
            items.append(OutboxItem(
                key=f"story:{event.story_id}:group:{event.group.chat_id}",
                chat_id=event.group.chat_id,
                text=texts.group_post(_card(story, event.group.team_name, photo_note=False))))
    if event.author is not None:
        language = (await uow.members.languages([event.author])).get(event.author)
        with speak(language or DEFAULT_LANGUAGE):
            items.append(OutboxItem(key=f"story:{event.story_id}:published:{event.author}",
                                    chat_id=event.author,
                                    text=texts.author_published(story.title)))
    await uow.outbox.enqueue_many(items, now=event.now)


async def on_story_declined(uow: UnitOfWork, event: StoryDeclined) -> None:
    if event.author is None:
        return
    language = (await uow.members.languages([event.author])).get(event.author)
    with speak(language or DEFAULT_LANGUAGE):
        item = OutboxItem(key=f"story:{event.story_id}:declined:{event.author}",
                          chat_id=event.author,
                          text=texts.author_declined(event.title, event.reason))
    await uow.outbox.enqueue_many([item], now=event.now)


async def on_digests_released(uow: UnitOfWork, event: StoryDigestsReleased) -> None:
    items = []
    for digest in event.digests:
        with speak(digest.language):
            items.append(OutboxItem(key=digest.key, chat_id=digest.chat_id, text=texts.digest(
                week=digest.week,
                stories=[(s.title, s.team_name, s.language, s.worked, s.link)
                         for s in digest.stories])))
    await uow.outbox.enqueue_many(items, now=event.now)
