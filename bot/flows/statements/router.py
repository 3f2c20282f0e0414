"""/statement, as a table:

    /statement ──► refused, with the reason (a citizen, a non-profit's member, a member not
                   confirmed yet, a designer or observer no company helped)
               └─► one company ──► the periods | several ──► the companies (at most 20)
    company pressed (checked again) ──► this month / last month / last 3 months / this year /
                                         ✏️ type a period
    preset pressed (checked again) ──► the statement: text, image, PDF (+ the other language)
    ✏️ type a period ──► typing_period ──► unreadable: asked again, with examples
                                       └─► read back ──► ✅ make it ──► the statement
                                                     └─► ✏️ change ──► typing_period
    🇮🇹/🇬🇧 under the PDF (checked again) ──► the same statement's PDF in that language

Every press is checked again on the server (``bot.services.statements.allowed``): a forged
company or period is refused with a clear answer. The state holds JSON only.
"""

from __future__ import annotations

from aiogram import Router

from bot.commands import Audience, CommandSpec, Where
from bot.filters import Command, HasText, InState, OnMessage, PrivateChat
from bot.flows.statements import steps
from bot.flows.statements.states import StatementFlow
from bot.middlewares import watch_questions
from bot.ui.callbacks.statements import (
    StatementCompanyCb,
    StatementLanguageCb,
    StatementPeriodCb,
)
from bot.ui.texts import statements as texts

COMMANDS = (
    CommandSpec("statement", Audience.MEMBER, Where.PRIVATE, texts.STATEMENT_MENU,
                texts.STATEMENT_HELP),
    CommandSpec("statement", Audience.DESIGNER, Where.PRIVATE, texts.STATEMENT_MENU,
                texts.STATEMENT_HELP_ROLE),
    CommandSpec("statement", Audience.OBSERVER, Where.PRIVATE, texts.STATEMENT_MENU,
                texts.STATEMENT_HELP_ROLE),
    CommandSpec("statement", Audience.ADMIN, Where.PRIVATE, texts.STATEMENT_MENU,
                texts.STATEMENT_HELP_ROLE),
)


def create_router() -> Router:
    router = Router(name="statements")
    router.message.filter(PrivateChat())
    router.callback_query.filter(PrivateChat(), OnMessage())
    watch_questions(router)
    router.message.register(steps.cmd_statement, Command("statement"))
    router.callback_query.register(steps.on_company, StatementCompanyCb.filter())
    router.callback_query.register(steps.on_period, StatementPeriodCb.filter())
    router.callback_query.register(steps.on_language, StatementLanguageCb.filter())
    router.message.register(steps.on_period_typed, InState(StatementFlow.typing_period),
                            HasText())
    return router
