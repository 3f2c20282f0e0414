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
from bot.handlers import digest
from bot.notify import needs as notify
from bot.notify.posted import refresh_kind
from bot.personal import PersonalData
from bot.services import needs as service


async def expire(ctx: JobContext) -> int:
    """Needs whose deadline day is over expire; the notifier tells their pledgers."""
    return len(await service.expire_due(ctx.uow, now=ctx.now))


CAPABILITY = Capability(
    name="needs",
    commands=(*pledging.COMMANDS, *newneed.COMMANDS, *proposals.COMMANDS),
    routers=lambda commands: [pledging.create_router(), newneed.create_router(),
                              proposals.create_router(), digest.create_router()],
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
        service.NeedFulfilled: notify.on_need_fulfilled,
        service.NeedReopened: notify.on_need_reopened,
        service.PledgeMade: notify.on_pledge_changed,
        service.PledgeWithdrawn: notify.on_pledge_changed,
        service.PledgeReduced: notify.on_pledge_reduced,
    },
    notices={
        # the announcement kept up to date (bot.notify.posted.refresh), once a minute at most
        refresh_kind("need"): notify.need_refresh,
        # pledges and withdrawals told to the team's designers, grouped
        "need-pledges": notify.need_pledges,
        "need-pledges-daily": notify.need_pledges_daily,
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
            # A fundraising need's address to give at: the proposer typed it.
            "need.link": "an unadopted proposal's: cleared; an adopted need's stays",
            "need_event.details": "what changed on the need; a designer's reason quoting the "
                                  "person has their name replaced by \"a deleted member\" "
                                  "(delivery's sweep, which knows every name they go by)",
            "posted_message.chat_id": "deleted: the invitations sent to the person are no "
                                      "longer kept up to date",
        },
        impersonal={
            "need.unit": "the team's need: its unit",
            "need.category": "a category code of the catalogue",
            "need.organisation_id": "the non-profit a need is for (an organisation, not a "
                                    "person)",
            "posted_message.subject": "which need or table a posted message is about",
            "posted_message.message_id": "a message id in a chat",
            "posted_message.shown": "a fingerprint of the message's text and buttons",
            "posted_message.markup": "the buttons of an announcement (links and callbacks to "
                                     "a need or table)",
        },
    ),
)
