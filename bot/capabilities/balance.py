"""/balance: coverage across needs and territories; the nudges that point members at
under-served needs (a timed job, capped per member)."""

from datetime import timedelta

from bot.capability import Capability, Job, JobContext
from bot.handlers import balance
from bot.notify import balance as notify
from bot.personal import PersonalData
from bot.services import balance as service
from bot.services.balance import NudgeRules


async def nudge(ctx: JobContext) -> int:
    settings = ctx.settings
    sweep = service.NudgeSweep(rules=NudgeRules(cap_days=settings.nudge_cap_days,
                                           after_days=settings.nudge_after_days,
                                           per_need=settings.nudges_per_need,
                                           margin=settings.surplus_margin),
                          bot_username=settings.bot_username, from_hour=settings.nudge_from_hour,
                          until_hour=settings.nudge_until_hour)
    return await service.send_nudges(ctx.uow, now=ctx.now, sweep=sweep)


CAPABILITY = Capability(
    name="balance",
    commands=balance.COMMANDS,
    routers=lambda commands: [balance.create_router()],
    # Every 3 hours: the first run within the day's hours does the day's nudges, the others
    # find the members already nudged (the cap) and send nothing new.
    jobs=(Job("nudges", timedelta(hours=3), nudge),),
    notifier={service.NudgesChosen: notify.on_nudges_chosen},
    personal=PersonalData(
        show=service.show_person,
        erase=service.erase_person,
        columns={"nudge.member_telegram_id": "the suggestions received are deleted",
                 "nudge_mute.member_telegram_id": "the \"not for me\" of suggestions are "
                                                  "deleted"},
        impersonal={"nudge_mute.category": "a category code of the catalogue"},
    ),
)
