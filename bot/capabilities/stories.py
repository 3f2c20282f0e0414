"""Stories: members share a practice or a story (/share); a designer of the team publishes it
(editing it if needed) or declines it with a reason (/reviewstories, or the buttons of the
notice), and the author is told; published stories go to the team's group, to /stories
(browsed by place, region, theme, newest or most useful, one "useful" tap per person), and
once a week in a digest to the linked groups of the region's other teams (a timed job; a
group's /weekly off stops it too)."""

from datetime import timedelta

from bot.capability import Capability, Job, JobContext
from bot.flows.stories import router
from bot.notify import stories as notify
from bot.personal import PersonalData
from bot.services import stories as service
from bot.services.digests import DigestSchedule


async def release_digests(ctx: JobContext) -> int:
    schedule = DigestSchedule(weekday=ctx.settings.digest_weekday, hour=ctx.settings.digest_hour)
    return await service.release_digests(ctx.uow, now=ctx.now, schedule=schedule)


CAPABILITY = Capability(
    name="stories",
    commands=router.COMMANDS,
    routers=lambda commands: [router.create_router()],
    # Every quarter of an hour: the first run on or after the weekly moment, in daytime,
    # releases the week's regional digests and records the week; the others stop there.
    jobs=(Job("stories-digest", timedelta(minutes=15), release_digests),),
    notifier={
        service.StoryShared: notify.on_story_shared,
        service.StoryPublished: notify.on_story_published,
        service.StoryDeclined: notify.on_story_declined,
        service.StoryDigestsReleased: notify.on_digests_released,
    },
    personal=PersonalData(
        show=service.show_person,
        erase=service.erase_person,
        columns={
            "story.author_telegram_id": "a published story's: set to NULL (the story is the "
                                        "team's); an unpublished story is deleted",
            "story.title": "a published story's stays (the team's text); an unpublished "
                           "story is deleted with its words",
            "story.done": "as the title",
            "story.worked": "as the title",
            "story.photo_file_id": "the photo the person sent: deleted with an unpublished "
                                   "story; a published story's stays (the team's)",
            "story.link": "as the title",
            "story.decline_reason": "a designer's words to the author: deleted with the "
                                    "author's declined story",
            "story_useful.member_telegram_id": "deleted (the story's count stays)",
        },
        impersonal={
            "story.category": "a category code of the catalogue",
            "story.language": "a language code",
            "story.status": "pending, published or declined",
            "story_sweep.week": "an ISO week (\"2026-W50\"), not a person",
        },
    ),
)
