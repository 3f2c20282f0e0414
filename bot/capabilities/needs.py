"""Needs and pledges: designers post needs (/newneed, /myneeds), members propose them
(/propose, reviewed with /proposals), browse and pledge (/needs, /pledges); needs past their
deadline expire (a timed job) and their pledgers are told."""

from datetime import timedelta

from bot.capability import Capability, Job, JobContext
from bot.flows.needs import router as needs
from bot.flows.newneed import router as newneed
from bot.flows.propose import router as propose
from bot.notify import needs as notify
from bot.personal import PersonalData
from bot.services import needs as service


async def expire(ctx: JobContext) -> int:
    return await notify.expire_needs(ctx.uow, now=ctx.now)


CAPABILITY = Capability(
    name="needs",
    commands=(*needs.COMMANDS, *newneed.COMMANDS, *propose.COMMANDS),
    routers=lambda commands: [needs.create_router(), newneed.create_router(),
                              propose.create_router()],
    jobs=(Job("needs", timedelta(minutes=15), expire),),
    personal=PersonalData(
        show=service.show_person,
        erase=service.erase_person,
        columns={
            "pledge.member_telegram_id": "set to NULL: the pledge stays, as a deleted member",
            "need.posted_by": "set to NULL: the need is the team's",
            "need.proposed_by": "set to NULL: the need is the team's",
            "need_event.by": "set to NULL: the history keeps what happened, not who",
        },
        impersonal={
            "need.title": "the team's need, written or adopted by its designer",
            "need.description": "the team's need, written or adopted by its designer",
            "need.unit": "the team's need: its unit",
            "need.skill": "the team's need: the skill asked for",
            "need.beneficiary": "the team's need: who it serves, as the designer wrote it",
            "need.category": "a category code of the catalogue",
            "need_event.details": "what changed on the team's need (fields, a designer's reason)",
        },
    ),
)
