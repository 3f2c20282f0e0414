"""Needs and pledges: designers post needs (/newneed, /myneeds), members propose them
(/propose, reviewed with /proposals), browse and pledge (/needs, /pledges); needs past their
deadline expire (a timed job). What happens to a need the services say as events; the
notifier tells those it concerns (the team's group, its designers, the proposer, the
pledgers), each in their language."""

from datetime import timedelta

from bot.capability import Capability, Job, JobContext
from bot.flows.needs.newneed import router as newneed
from bot.flows.needs.pledging import router as pledging
from bot.flows.needs.proposals import router as proposals
from bot.notify import needs as notify
from bot.personal import PersonalData
from bot.services import needs as service


async def expire(ctx: JobContext) -> int:
    """Needs whose deadline day is over expire; the notifier tells their pledgers."""
    return len(await service.expire_due(ctx.uow, now=ctx.now))


CAPABILITY = Capability(
    name="needs",
    commands=(*pledging.COMMANDS, *newneed.COMMANDS, *proposals.COMMANDS),
    routers=lambda commands: [pledging.create_router(), newneed.create_router(),
                              proposals.create_router()],
    jobs=(Job("needs", timedelta(minutes=15), expire),),
    notifier={
        service.NeedPublished: notify.on_need_published,
        service.NeedProposed: notify.on_need_proposed,
        service.ProposalApproved: notify.on_proposal_approved,
        service.ProposalDeclined: notify.on_proposal_declined,
        service.NeedCovered: notify.on_need_covered,
        service.NeedChanged: notify.on_need_changed,
        service.NeedClosed: notify.on_need_closed,
        service.NeedExpired: notify.on_need_expired,
        service.DeliveryConfirmed: notify.on_delivery_confirmed,
        service.PledgeReduced: notify.on_pledge_reduced,
    },
    personal=PersonalData(
        show=service.show_person,
        erase=service.erase_person,
        columns={
            "pledge.member_telegram_id": "set to NULL: the pledge stays, as a deleted member",
            "need.posted_by": "set to NULL: the need is the team's",
            "need.proposed_by": "set to NULL: the need is the team's",
            "need_event.by": "set to NULL: the history keeps what happened, not who",
            # A proposal is its author's words until a designer adopts it as the team's need.
            "need.title": "an unadopted proposal's: replaced by a neutral mark; an adopted "
                          "need's stays (the team's text)",
            "need.description": "an unadopted proposal's: cleared; an adopted need's stays",
            "need.skill": "an unadopted proposal's: cleared; an adopted need's stays",
            "need.beneficiary": "an unadopted proposal's: cleared; an adopted need's stays",
        },
        impersonal={
            "need.unit": "the team's need: its unit",
            "need.category": "a category code of the catalogue",
            "need_event.details": "what changed on the team's need (fields, a designer's reason)",
        },
    ),
)
