"""Team group chats: the bot greets a group it is added to, a designer links it with
/linkgroup, a group's language; the bot leaves groups nobody linked (a timed job)."""

from datetime import timedelta

from bot.capability import Capability, Job, JobContext
from bot.commands import private_only
from bot.handlers import groups
from bot.notify import groups as notify
from bot.personal import PersonalData
from bot.services import groups as service


async def leave_unlinked(ctx: JobContext) -> int:
    return await service.abandon_unlinked(ctx.uow, now=ctx.now,
                                          grace=timedelta(hours=ctx.settings.group_grace_hours))


CAPABILITY = Capability(
    name="groups",
    commands=groups.COMMANDS,
    routers=lambda commands: [groups.create_router(private_only=private_only(commands))],
    routing=-1,  # a private command sent in a group is redirected before anyone reads it
    jobs=(Job("groups", timedelta(minutes=15), leave_unlinked),),
    notifier={service.GroupAbandoned: notify.on_group_abandoned},
    personal=PersonalData(impersonal={
        "groupchat.chat_id": "a group chat's id, not a person's",
        "groupchat.title": "the group's title, set by its administrators",
        "groupchat.invite_link": "the link the bot created into a team's group",
    }),
)
