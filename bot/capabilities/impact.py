"""Impact and governance: the figures of a scope over a period and what is made of them.

- `/report` (designers, observers, admins) and `/overview` (observers, admins): the figures
  compared with the period before, as text, charts and a PDF; the observer's welcome;
- `/export` (the same people): a ZIP of CSV files of a scope and a period, people only as
  pseudonyms (`cohesion export` on the command line);
- the weekly digests: each linked team group gets its team's week and the needs most in want
  of help, each observer their territory's week and the teams that need attention; a group's
  administrators turn it off and on with `/weekly`; a timed job releases them once a week;
- the hourly values of the social value estimate, set from the command line
  (`cohesion impact rate set`).
"""

from datetime import timedelta

from bot.capability import Capability, Job, JobContext
from bot.flows.impact import router as report
from bot.handlers import digests, impact_export
from bot.notify import digests as notify_digests
from bot.notify import impact as notify
from bot.personal import PersonalData
from bot.services import digests as digest_service
from bot.services.roles import RoleGranted


async def release_digests(ctx: JobContext) -> int:
    settings = ctx.settings
    schedule = digest_service.DigestSchedule(
        weekday=settings.digest_weekday, hour=settings.digest_hour,
        unanswered_after_days=settings.unanswered_after_days)
    return await digest_service.release_digests(ctx.uow, now=ctx.now, schedule=schedule,
                                                bot_username=settings.bot_username)


CAPABILITY = Capability(
    name="impact",
    commands=(*report.COMMANDS, *impact_export.COMMANDS, *digests.COMMANDS),
    routers=lambda commands: [report.create_router(), impact_export.create_router(),
                              digests.create_router()],
    # Every quarter of an hour: the first run on or after the weekly moment, in daytime,
    # releases the week's digests and records the week; the others stop at that record.
    jobs=(Job("digests", timedelta(minutes=15), release_digests),),
    notifier={RoleGranted: notify.on_role_granted,
              digest_service.DigestsReleased: notify_digests.on_digests_released},
    personal=PersonalData(
        impersonal={"impact_rate.category": "a need category code, or 'default' / 'skills'",
                    "impact_rate.source": "where an hourly value comes from, as an admin "
                                          "typed it (a publication, not a person)",
                    "digest_sweep.week": "an ISO week (\"2026-W50\"), not a person"},
    ),
)
