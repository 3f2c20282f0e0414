"""/report and /overview, as a table:

    /report | /overview ──► refused (no role) | one scope ──► the periods | several ──► scopes
    scope pressed (checked again) ──► this month / last month / last 3 months / this year /
                                      ✏️ type a period
    preset pressed (checked again) ──► the report (+ the rankings for /overview)
    ✏️ type a period ──► typing_period ──► unreadable: asked again, with examples
                                       └─► read back in full ──► ✅ confirm ──► the report
                                                              └─► ✏️ change ──► typing_period
    ℹ️ definitions ──► how each figure is counted
    OverviewCb (under an observer's weekly digest) ──► the overview of that place and period

Every press is checked again on the server (``bot.services.impact.allowed``): a forged or
stale scope is refused with a clear answer. The state holds JSON only (the scope and command
of the period being typed).
"""

from __future__ import annotations

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.commands import Audience, CommandSpec, Where
from bot.filters import Command, HasText, InState, OnMessage, PrivateChat
from bot.flows.impact import steps
from bot.flows.impact.states import ImpactFlow
from bot.ui.callbacks.impact import (
    ImpactDefinitionsCb,
    ImpactPeriodCb,
    ImpactScopeCb,
    OverviewCb,
)
from bot.ui.texts import impact as texts
from domain.territory import Gazetteer
from storage.uow import UnitOfWork

COMMANDS = (
    CommandSpec("report", Audience.DESIGNER, Where.PRIVATE, texts.REPORT_MENU,
                texts.REPORT_HELP),
    CommandSpec("overview", Audience.OBSERVER, Where.PRIVATE, texts.OVERVIEW_MENU,
                texts.OVERVIEW_HELP),
    CommandSpec("report", Audience.OBSERVER, Where.PRIVATE, texts.REPORT_MENU,
                texts.REPORT_HELP_OBSERVER),
    CommandSpec("overview", Audience.ADMIN, Where.PRIVATE, texts.OVERVIEW_MENU,
                texts.OVERVIEW_HELP),
    CommandSpec("report", Audience.ADMIN, Where.PRIVATE, texts.REPORT_MENU,
                texts.REPORT_HELP_OBSERVER),
)


async def cmd_report(message: Message, state: FSMContext, uow: UnitOfWork,
                     gazetteer: Gazetteer) -> None:
    await steps.start(message, state, uow, gazetteer, "report")


async def cmd_overview(message: Message, state: FSMContext, uow: UnitOfWork,
                       gazetteer: Gazetteer) -> None:
    await steps.start(message, state, uow, gazetteer, "overview")


def create_router() -> Router:
    router = Router(name="impact")
    router.message.filter(PrivateChat())
    router.callback_query.filter(PrivateChat(), OnMessage())
    router.message.register(cmd_report, Command("report"))
    router.message.register(cmd_overview, Command("overview"))
    router.callback_query.register(steps.on_scope, ImpactScopeCb.filter())
    router.callback_query.register(steps.on_period, ImpactPeriodCb.filter())
    router.callback_query.register(steps.on_definitions, ImpactDefinitionsCb.filter())
    router.callback_query.register(steps.on_overview_button, OverviewCb.filter())
    router.message.register(steps.on_period_typed, InState(ImpactFlow.typing_period), HasText())
    return router
