"""/training: the member's path from their weakest competences; the next module pushed on
their rhythm and the week's pill to each linked group (a timed job), answered there with
buttons."""

from datetime import timedelta

from bot.capability import Capability, Job, JobContext
from bot.flows.training import router as training
from bot.handlers import training as pill
from bot.notify import training as notify
from bot.personal import PersonalData
from bot.services import training as service


async def push(ctx: JobContext) -> int:
    """The next module to every member due, and the week's pill to every linked group."""
    pushed = await service.push_due_modules(ctx.uow, now=ctx.now)
    return pushed + await service.push_week_pills(ctx.uow, now=ctx.now)


CAPABILITY = Capability(
    name="training",
    commands=training.COMMANDS,
    routers=lambda commands: [training.create_router(), pill.create_router()],
    jobs=(Job("training", timedelta(minutes=15), push),),
    notifier={service.ModulesDue: notify.on_modules_due, service.PillsDue: notify.on_pills_due},
    personal=PersonalData(
        show=service.show_person,
        erase=service.erase_person,
        columns={
            "training_enrolment.member_telegram_id": "the enrolment is deleted",
            "training_enrolment.path": "the enrolment is deleted",
            "training_progress.member_telegram_id": "the progress is deleted",
            "training_push.member_telegram_id": "the push log is deleted",
            "training_push.key": "the push log is deleted",
        },
        impersonal={
            "training_push.group_chat_id": "a team group the week's pill went to",
            "training_progress.module_id": "a module id of the training catalogue",
            "training_push.module_id": "a module id of the training catalogue",
        },
    ),
)
