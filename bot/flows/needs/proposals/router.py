"""/propose and /proposals, as a table:

    /propose ──(several teams)──► team ──► title ► description ► category ► unit ► quantity
                                            (skip)              (skip: no quantity) │
                                                                                    ▼
                                        propose_need ──► the team's designers get it with
                                                         ✅ Approve / ✖️ Decline (outbox)
    /propose by a confirmed member of a non-profit ──► ordinary / fundraising / capacity
        (a non-profit's: title ► description ► link or profession ► quantity; the designer
         completes the campaign end when approving; a forged choice is refused)
    /proposals ──► each pending proposal with ✅ Approve / ✖️ Decline
    ✅ Approve ──► summary of the proposal (what it lacks asked first) ──► Publish ──► approve()
                   ──► announced in the group like a posted need; the proposer is told
    ✖️ Decline ──► reason typed ──► decline(); the proposer is told, with the reason

The questions are the need's (``newneed.steps``, modes "propose" and "approve"), registered in
the newneed table, with the team's choice and the summary. A proposal another designer
handled, or a repeated press, is answered and changes nothing; the service checks the role
again for every press. The steps are in ``review``.
"""

from __future__ import annotations

from aiogram import Router

from bot.commands import Audience, CommandSpec, Where
from bot.filters import Command, HasText, InState, OnMessage, PrivateChat, RequireRole
from bot.flows.needs.newneed.manage import cmd_designers_only, on_designers_only_button
from bot.flows.needs.proposals import review
from bot.flows.needs.states import Manage
from bot.middlewares import KeyboardOffWhenAnswered, watch_questions
from bot.ui.callbacks.proposals import ProposalCb
from bot.ui.texts import proposals as texts
from storage.models import RoleName

COMMANDS = (
    CommandSpec("propose", Audience.MEMBER, Where.PRIVATE, texts.PROPOSE_MENU,
                texts.PROPOSE_HELP),
    CommandSpec("proposals", Audience.DESIGNER, Where.PRIVATE, texts.PROPOSALS_MENU,
                texts.PROPOSALS_HELP),
)


def create_router() -> Router:
    """The /propose table (its questions are in the newneed table)."""
    router = Router(name="propose")
    watch_questions(router)
    router.callback_query.middleware(KeyboardOffWhenAnswered())
    router.message.filter(PrivateChat())
    router.callback_query.filter(PrivateChat(), OnMessage())
    router.message.register(review.cmd_propose, Command("propose"))
    router.message.register(review.cmd_proposals, Command("proposals"),
                            RequireRole(RoleName.DESIGNER))
    router.message.register(cmd_designers_only, Command("proposals"))
    router.message.register(review.on_decline_reason, InState(Manage.decline_reason), HasText())
    router.callback_query.register(review.on_proposal, ProposalCb.filter(),
                                   RequireRole(RoleName.DESIGNER))
    router.callback_query.register(on_designers_only_button, ProposalCb.filter())
    return router
