"""/newneed, /myneeds and the steps they share with /propose and /proposals.

What other flows may use is here (`start_from_title`); the rest is this flow's own."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.clock import Clock
from bot.config import Settings
from domain.needs import MAX_TITLE_LENGTH
from domain.territory import Gazetteer
from storage.models import Team
from storage.uow import UnitOfWork


async def start_from_title(message: Message, state: FSMContext, uow: UnitOfWork, clock: Clock,
                           settings: Settings, gazetteer: Gazetteer, *, designer_id: int,
                           team: Team, title: str) -> None:
    """Open /newneed for `team` with its title already written (a table's decision)."""
    from bot.flows.newneed import logic, steps

    draft = {**logic.empty_draft(), "title": title[:MAX_TITLE_LENGTH]}
    ctx = steps.ctx_of(message, state, uow, clock, settings, gazetteer, designer_id)
    await steps.start(ctx, steps.flow_data("new", team, draft=draft,
                                           queue=list(logic.NEW_STEPS[1:])))
