"""/services, as a table:

    /services ──(not an NPO's or institution's confirmed member)──► refused, and why
        └──► the organisation's services, each with 🗑 Withdraw, and ➕ List a new service
    ➕ ──► name ► category (buttons) ► what ► when ► how to reach it (link or address; a phone
           number is refused) ──► pending; the designers covering its comune get it with
           ✅ Approve / ✖️ Decline
    ✅ Approve ──► approved (/near shows it); the member who listed it is told
    ✖️ Decline ──► reason typed ──► declined; the member is told the reason
"""

from __future__ import annotations

from aiogram import Router

from bot.commands import Audience, CommandSpec, Where
from bot.filters import Command, HasText, InState, OnMessage, PrivateChat
from bot.flows.services import steps
from bot.flows.services.states import ServiceFlow
from bot.middlewares import watch_questions
from bot.ui.callbacks.services import (
    ServiceAddCb,
    ServiceCategoryCb,
    ServiceReviewCb,
    ServiceWithdrawCb,
)
from bot.ui.texts import services as texts

COMMANDS = (
    CommandSpec("services", Audience.MEMBER, Where.PRIVATE, texts.SERVICES_MENU,
                texts.SERVICES_HELP),
)


def create_router() -> Router:
    router = Router(name="services")
    watch_questions(router)
    router.message.filter(PrivateChat())
    router.callback_query.filter(PrivateChat(), OnMessage())
    router.message.register(steps.cmd_services, Command("services"))
    router.message.register(steps.on_name, InState(ServiceFlow.name), HasText())
    router.message.register(steps.on_category_typed, InState(ServiceFlow.category))
    router.message.register(steps.on_what, InState(ServiceFlow.what), HasText())
    router.message.register(steps.on_when, InState(ServiceFlow.when), HasText())
    router.message.register(steps.on_reach, InState(ServiceFlow.reach), HasText())
    router.message.register(steps.on_decline_reason, InState(ServiceFlow.decline_reason),
                            HasText())
    router.callback_query.register(steps.on_add, ServiceAddCb.filter())
    router.callback_query.register(steps.on_category, ServiceCategoryCb.filter())
    router.callback_query.register(steps.on_withdraw, ServiceWithdrawCb.filter())
    router.callback_query.register(steps.on_review, ServiceReviewCb.filter())
    return router
