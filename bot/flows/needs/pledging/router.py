"""/needs and /pledges, as a table of states and transitions.

    /needs ──► page of needs ──┬─ ◀ ▶ / filter (the message is edited) ──► page of needs
      │                        └─ 🤝 a need ──► pledge screen ─┬─ 1 / 2 / 5 / all ──► pledged
      │   (designers also get)                      ▲          └─ another quantity, or any
      │                                             │             typed number ──► pledged
      └─► deliveries to confirm ─┬─ all ──► recorded, member thanked
                                 └─ part ──► typed quantity ──► recorded, member thanked

    /start need_<id> (the group announcement's button) ──► pledge screen (registered), or
    onboarding first, then the pledge screen (bot.flows.onboarding keeps ``target_need_id``).

    a nudge's 🤝 I can help ──► pledged at once (money: the pledge screen) ──► ➕ / ✂️
    a nudge's 🙅 Not for me ──► its category muted for 30 days (``nudge``)

    /pledges ──► my pledges ─┬─ ↩️ withdraw ──► confirm ──► withdrawn (or kept)
                             └─ ✂️ reduce ──► typed smaller quantity ──► reduced
                                              (not smaller, not whole, ≤ delivered: asked again)

A typed quantity belongs to the pledge screen shown last (``need_id`` in the state data), to
the delivery being confirmed or to the pledge being reduced (``pledge_id``). Every button
carries ids only and is checked again by the services (the need still takes pledges, the
pledge is the presser's, the designer is of the need's team); a stale or forged press is
answered and changes nothing.
Whom a pledge, a withdrawal or a delivery concerns (the covered need's pledgers, the thanked
member) the services say as events, and the notifier (``notify.needs``) tells them.

The steps: ``browse`` (/needs), ``pledge`` (the pledge screen, /pledges, withdrawing),
``reduce`` (lowering a pledge), ``deliveries`` (the designer's).
"""

from __future__ import annotations

from aiogram import Router

from bot.commands import Audience, CommandSpec, Where
from bot.filters import Command, HasText, InState, NoText, OnMessage, PrivateChat
from bot.flows.needs.pledging import browse, deliveries, nudge, pledge, reduce
from bot.flows.needs.states import NeedsFlow
from bot.middlewares import watch_questions
from bot.ui.callbacks.balance import NudgeCb
from bot.ui.callbacks.needs import (
    DeliverCb,
    NeedsListCb,
    PledgeOpenCb,
    PledgeQtyCb,
    ReduceCb,
    WithdrawCb,
)
from bot.ui.texts import needs as needs_texts

COMMANDS = (
    CommandSpec("needs", Audience.MEMBER, Where.PRIVATE, needs_texts.NEEDS_MENU,
                needs_texts.NEEDS_HELP),
    CommandSpec("pledges", Audience.MEMBER, Where.PRIVATE, needs_texts.PLEDGES_MENU,
                needs_texts.PLEDGES_HELP),
)


def create_router() -> Router:
    """The needs table: which update, in which state, goes to which step."""
    router = Router(name="needs")
    watch_questions(router)
    router.message.filter(PrivateChat())
    router.callback_query.filter(PrivateChat(), OnMessage())
    router.message.register(browse.cmd_needs, Command("needs"))
    router.message.register(pledge.cmd_pledges, Command("pledges"))
    router.callback_query.register(browse.on_list, NeedsListCb.filter())
    router.callback_query.register(pledge.on_pledge_open, PledgeOpenCb.filter())
    router.callback_query.register(pledge.on_pledge_quantity, PledgeQtyCb.filter())
    router.callback_query.register(pledge.on_withdraw, WithdrawCb.filter())
    router.callback_query.register(reduce.on_reduce, ReduceCb.filter())
    router.callback_query.register(nudge.on_nudge, NudgeCb.filter())
    router.callback_query.register(deliveries.on_deliver, DeliverCb.filter())
    router.message.register(pledge.on_typed_pledge, InState(NeedsFlow.pledge_quantity),
                            HasText())
    router.message.register(deliveries.on_typed_delivery, InState(NeedsFlow.delivery_quantity),
                            HasText())
    router.message.register(reduce.on_typed_reduce, InState(NeedsFlow.reduce_quantity),
                            HasText())
    router.message.register(pledge.on_non_text_quantity,
                            InState(NeedsFlow.pledge_quantity, NeedsFlow.delivery_quantity,
                                    NeedsFlow.reduce_quantity),
                            NoText())
    return router
