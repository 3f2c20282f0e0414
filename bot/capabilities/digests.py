"""The weekly digests: each linked team group gets its team's week and the needs most in want
of help, each observer their territory's week and the teams that need attention; a group's
administrators turn it off and on with /weekly. A timed job releases them once a week."""

from datetime import timedelta

from bot.capability import Capability, Job, JobContext
from bot.handlers import digests
from bot.notify import digests as notify
from bot.personal import PersonalData
from bot.services import digests as service


async def release(ctx: JobContext) -> int:
    settings = ctx.settings
    schedule = service.DigestSchedule(weekday=settings.digest_weekday, hour=settings.digest_hour,
                                      unanswered_after_days=settings.unanswered_after_days)
    return await service.release_digests(ctx.uow, now=ctx.now, schedule=schedule,
                                         bot_username=settings.bot_username)


CAPABILITY = Capability(
    name="digests",
    commands=digests.COMMANDS,
    routers=lambda commands: [digests.create_router()],
    # Every quarter of an hour: the first run on or after the weekly moment, in daytime,
    # releases the week's digests and records the week; the others stop at that record.
    jobs=(Job("digests", timedelta(minutes=15), release),),
    notifier={service.DigestsReleased: notify.on_digests_released},
    personal=PersonalData(impersonal={
        "digest_sweep.week": "an ISO week (\"2026-W50\"), not a person",
    }),
)
